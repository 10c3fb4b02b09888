//! The PDF reader (hayro-syntax's parser and filters, the content interpreter, fonts, the grid
//! rebuilt from rulings) on arbitrary bytes: no panic, and its limits hold.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = jixiao::check_bytes("fuzz.pdf", data, &jixiao::Options::default()) {
        serde_json::to_string(&report).unwrap();
    }
});
