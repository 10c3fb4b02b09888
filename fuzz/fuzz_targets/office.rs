//! The .xlsx and .docx readers (zip, XML, number formats, merges) on arbitrary archives: no
//! panic, and limits hold.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.xlsx", "fuzz.docx"] {
        if let Ok(report) = jixiao::check_bytes(name, data, &jixiao::Options::default()) {
            serde_json::to_string(&report).unwrap();
        }
    }
});
