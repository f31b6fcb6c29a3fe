//! nyttokalkyl
