#![no_main]
//! The Markdown reader on arbitrary bytes (see `nianbao_tests::harness::read_as`).

use libfuzzer_sys::fuzz_target;
use nianbao_model::SourceFormat;

fuzz_target!(|bytes: &[u8]| nianbao_tests::harness::read_as(SourceFormat::Markdown, bytes));
