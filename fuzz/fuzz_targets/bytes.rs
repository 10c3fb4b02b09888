//! Encoding detection and decoding (BOM, UTF-8, UTF-16, GB18030) on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = jixiao::check_bytes("fuzz.txt", data, &jixiao::Options::default()) {
        serde_json::to_string(&report).unwrap();
    }
});
