//! follow-up
