//! em-playground: step through the Expectation–Maximization algorithm.
//!
//! [`em`] is the engine (plain Rust, tested natively); [`datasets`] holds the
//! bundled data sets. The browser layer is compiled only for `wasm32`.

pub mod charts;
pub mod data_file;
pub mod datasets;
pub mod em;
pub mod exercise;
pub mod i18n;
pub mod models;
pub mod playground;
pub mod random;
pub mod session;
pub mod settings;

#[cfg(target_arch = "wasm32")]
pub mod web;
