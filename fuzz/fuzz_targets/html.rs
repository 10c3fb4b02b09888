//! The HTML table reader (tags, spans, character references) on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(tables) = jixiao::inputs::html::read(&text) {
        let report = jixiao::check_tables("fuzz.html", jixiao::Format::Html, &tables, &Default::default());
        serde_json::to_string(&report).unwrap();
    }
});
