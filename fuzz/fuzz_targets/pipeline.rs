#![no_main]
//! The whole `nianbao check` (format detection, reading, binding, checks, rendering) on an
//! arbitrary file (see `nianbao_tests::harness::pipeline`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| nianbao_tests::harness::pipeline(bytes));
