//! The committed JSON Schema is the one the types generate, and every report validates
//! against its shape. Regenerate with `JIXIAO_UPDATE_SCHEMA=1 cargo test --test schema`.

mod common;

use common::*;

#[test]
fn committed_schema_is_current() {
    let generated = serde_json::to_string_pretty(&jixiao::report::schema()).unwrap() + "\n";
    assert_current(
        "schema/report.schema.json",
        generated.as_bytes(),
        "JIXIAO_UPDATE_SCHEMA",
        "schema",
    );
}

/// Every property a report carries is declared by the schema (no field escapes the contract),
/// and the contract's required names are there.
#[test]
fn reports_use_only_schema_properties() {
    let schema = jixiao::report::schema();
    let defs = &schema["$defs"];
    let props = |v: &serde_json::Value| -> Vec<String> {
        v["properties"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let top = props(&schema);
    for k in ["schema_version", "source", "forms", "unplaced"] {
        assert!(top.contains(&k.to_owned()), "{k}");
    }
    let form_keys = props(&defs["FormReport"]);
    let mut form_keys_all = form_keys.clone();
    // `#[serde(flatten)]` puts Form's properties into FormReport's.
    form_keys_all.extend(props(&defs["Form"]));
    for k in [
        "title",
        "year",
        "project",
        "department",
        "implementer",
        "unit",
        "lines",
        "funds",
        "goals",
        "indicators",
        "reported",
        "recomputed",
        "findings",
        "corrections",
    ] {
        assert!(form_keys_all.contains(&k.to_owned()), "{k}");
    }
    let report = serde_json::to_value(check_corpus("000_61cdf90257007e71.txt")).unwrap();
    for k in report.as_object().unwrap().keys() {
        assert!(top.contains(k), "report key {k} not in schema");
    }
    for k in report["forms"][0].as_object().unwrap().keys() {
        assert!(form_keys_all.contains(k), "form key {k} not in schema");
    }
    assert_eq!(report["schema_version"], 1);
    // Decimals are plain strings.
    assert_eq!(report["forms"][0]["funds"]["total"]["executed"], "16.89");
    assert_eq!(report["forms"][0]["recomputed"]["rate"], "93.83");
    assert_eq!(report["forms"][0]["recomputed"]["rounding"], "truncate");
}
