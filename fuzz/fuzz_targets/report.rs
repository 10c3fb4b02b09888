//! Reading a report back (what the page does with a dropped .json) and revising its forms, on
//! arbitrary text: tampered trails, impossible fields and figures must give errors, not panics.
#![no_main]
use jixiao::revise::{resume, revise, Action};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(reports) = resume(&text) else {
        return;
    };
    for report in &reports {
        for form in &report.forms {
            // The last bytes choose an edit: a field the form has and a value.
            let value = text.chars().rev().take(8).collect::<String>();
            for field in ["total", "grade", "funds.total.executed", "indicators[0].score", "year"] {
                let edit = Action::Edit { field: field.parse().unwrap(), value: Some(value.clone()) };
                if let Ok(r) = revise(form, Some(&edit), None) {
                    serde_json::to_string(&r).unwrap();
                }
            }
            if let Some(f) = form.findings.iter().find(|f| !f.dismissed) {
                let dismiss = Action::Dismiss {
                    code: f.code,
                    field: f.field,
                    note: Some(value.clone()),
                };
                let dismissed =
                    revise(form, Some(&dismiss), None).expect("a listed finding can be dismissed");
                let restore = Action::Restore {
                    code: f.code,
                    field: f.field,
                };
                let restored =
                    revise(&dismissed, Some(&restore), None).expect("a dismissal can be taken back");
                assert_eq!(restored.findings, revise(form, None, None).unwrap().findings);
            }
        }
    }
});
