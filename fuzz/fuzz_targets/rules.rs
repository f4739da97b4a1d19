#![no_main]
//! The rule-file compiler and formatter on arbitrary text (see `nianbao_tests::harness::rules`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| nianbao_tests::harness::rules(bytes));
