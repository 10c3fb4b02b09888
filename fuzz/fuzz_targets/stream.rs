//! The document read in pieces gives the whole document's report, as JSON and as text, byte
//! for byte, on arbitrary bytes: the first byte chooses the piece size (1 to 256 bytes, so
//! that nearly every form is cut from the next), the thread count and a `.csv` name; the rest
//! is the document (text by its bytes: workbooks, web pages and PDFs are not read in pieces).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Read;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, doc)) = data.split_first() else {
        return;
    };
    let piece = usize::from(choice & 0x3f) * 4 + 1;
    let threads = if choice & 0x40 != 0 { 2 } else { 1 };
    let (name, format) = if choice & 0x80 != 0 {
        ("fuzz.csv", jixiao::Format::Csv)
    } else {
        ("fuzz.txt", jixiao::Format::Text)
    };
    if jixiao::inputs::sniff(name, doc) != format {
        return; // a workbook, web page or PDF by its bytes: not read in pieces
    }
    let opts = jixiao::Options::default();
    let whole = jixiao::check_bytes(name, doc, &opts);
    let open = || Ok(Box::new(doc) as Box<dyn Read + Send>);
    // The report as JSON and as text, each against the whole document's.
    for written in [jixiao::stream::Written::Json, jixiao::stream::Written::Text] {
        let mut out = Vec::new();
        let pieces = jixiao::stream::check_in(
            name,
            &open,
            format,
            &opts,
            &jixiao::decode::native,
            (threads, piece, written),
            &mut out,
        );
        match (&whole, pieces) {
            (Ok(report), Ok(_)) => {
                let w = match written {
                    jixiao::stream::Written::Json => serde_json::to_string(report).unwrap(),
                    jixiao::stream::Written::Text => report.to_text(),
                };
                assert!(w.as_bytes() == out.as_slice(), "pieces differ from the whole");
            }
            (Err(_), Err(_)) => {}
            (w, p) => panic!("whole {:?}, pieces {:?}", w.is_ok(), p.is_ok()),
        }
    }
});
