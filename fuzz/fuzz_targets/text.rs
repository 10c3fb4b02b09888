//! The text reader and every rule, on arbitrary text: no panic, and the report holds together.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = jixiao::check_text("fuzz", &text, &jixiao::Options::default());
    // Lines are counted as the reader counts them: CRLF, LF and a lone CR each end a line.
    let lines = jixiao::decode::normalize(&text).split('\n').count();
    for form in &report.forms {
        assert!(form.form.lines.start <= form.form.lines.end);
        assert!(form.form.lines.end <= lines);
        for f in &form.findings {
            assert!(f.line.is_none_or(|l| l >= 1 && l <= lines));
        }
    }
    for u in &report.unplaced {
        assert!(u.line >= 1 && u.line <= lines);
    }
    serde_json::to_string(&report).unwrap();
    let _ = report.to_text();
});
