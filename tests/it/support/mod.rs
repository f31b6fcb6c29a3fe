//! What the tests share: worked examples built through the library and a real full disk.

pub mod calc_examples;
pub mod cli;
pub mod plan_examples;
pub mod tmpfs;
