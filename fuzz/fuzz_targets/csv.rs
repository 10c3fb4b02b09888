//! The CSV reader (RFC 4180 quoting over lines) and the rules on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = jixiao::check_text("fuzz.csv", &text, &jixiao::Options::default());
    serde_json::to_string(&report).unwrap();
});
