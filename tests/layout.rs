//! The layout the README's table describes holds: each stage of `src/` names none of the
//! modules it must know nothing of (its code before `#[cfg(test)]`, by `crate::`/`super::`
//! paths, or `jixiao::` in the command line). Keep this table and the README's in step.

use std::path::{Path, PathBuf};

/// What the lowest stages (bytes, decimals, the forms' words) must not name: anything about
/// cells, forms, findings or reports.
const LOWEST: &[&str] = &[
    "grid",
    "inputs",
    "model",
    "recognize",
    "findings",
    "rules",
    "report",
    "revise",
];

/// A file or folder of `src/`, and the crate modules it must not name.
const KNOWS_NOTHING_OF: &[(&str, &[&str])] = &[
    ("decode.rs", LOWEST),
    (
        "inputs",
        &["grid", "recognize", "findings", "rules", "report", "revise"],
    ),
    (
        "grid.rs",
        &[
            "model",
            "recognize",
            "findings",
            "rules",
            "report",
            "revise",
        ],
    ),
    ("value.rs", LOWEST),
    ("vocab.rs", LOWEST),
    (
        "model.rs",
        &["grid", "recognize", "findings", "rules", "report", "revise"],
    ),
    (
        "findings.rs",
        &["grid", "recognize", "rules", "report", "revise"],
    ),
    (
        "recognize",
        &["decode", "inputs", "rules", "report", "revise"],
    ),
    (
        "rules",
        &["decode", "grid", "inputs", "recognize", "report", "revise"],
    ),
    ("report.rs", &["grid", "recognize", "revise"]),
    ("json.rs", LOWEST),
    ("revise.rs", &["decode", "grid", "inputs", "recognize"]),
    ("page.rs", &["grid", "recognize", "pipeline"]),
    (
        "export",
        &["decode", "grid", "inputs", "recognize", "revise"],
    ),
    ("pipeline.rs", &["revise", "page"]),
    ("stream.rs", &["revise", "page", "pipeline"]),
    ("wasm.rs", &["grid", "recognize", "rules", "model"]),
    ("bin", &["grid", "recognize", "rules", "model"]),
];

/// What the crate root re-exports, by the module it comes from (`crate::check_text` names the
/// pipeline).
const RE_EXPORTS: &[(&str, &str)] = &[
    ("check_bytes", "pipeline"),
    ("check_bytes_with", "pipeline"),
    ("check_decoded", "pipeline"),
    ("check_tables", "pipeline"),
    ("check_text", "pipeline"),
    ("Options", "pipeline"),
    ("DecodeError", "decode"),
    ("Encoding", "decode"),
    ("Format", "inputs"),
    ("InputError", "inputs"),
    ("FormReport", "report"),
    ("Report", "report"),
    ("Rounding", "rules"),
];

/// Every stage of the pipeline depends only on those before it: nothing below names what
/// comes after, and nothing names the pipeline, the page's module or the bindings.
const LATER_STAGES_ARE_NEVER_NAMED: &[&str] = &["pipeline", "page", "wasm"];

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut out = Vec::new();
    for e in std::fs::read_dir(path).unwrap() {
        out.extend(rust_files(&e.unwrap().path()));
    }
    out.retain(|p| p.extension().is_some_and(|e| e == "rs"));
    out.sort();
    out
}

/// The crate modules a file's code (not its comments or tests) names: the first segment of each `crate::`, `jixiao::` and
/// `super::` path (a `{…}` group's paths each), a root re-export counted as its module. In a
/// file of a folder, `super::x` is the folder's own module and `super::super::x` is `x`.
fn named_modules(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let code = &text[..text.find("\n#[cfg(test)]\nmod tests").unwrap_or(text.len())];
    // Comments (doc examples included) are not the code's dependencies.
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let code = code.as_str();
    let nested = path.parent() != Some(src().as_path()) && !path.ends_with("mod.rs");
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = Vec::new();
    for prefix in ["crate::", "jixiao::", "super::"] {
        for (at, _) in code.match_indices(prefix) {
            let before = code[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue; // part of a longer path (`super::super::` is read from its start)
            }
            let mut rest = &code[at + prefix.len()..];
            if prefix == "super::" {
                match rest.strip_prefix("super::") {
                    Some(up) => rest = up,
                    None if nested => {
                        out.push(folder.clone());
                        continue;
                    }
                    None => {}
                }
            }
            for first in first_segments(rest) {
                let module = RE_EXPORTS
                    .iter()
                    .find(|(name, _)| *name == first)
                    .map_or(first.as_str(), |(_, m)| m);
                out.push(module.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The first segment of a path, or of each path of a `{…}` group (`self` left out).
fn first_segments(rest: &str) -> Vec<String> {
    let parts: Vec<&str> = match rest.strip_prefix('{') {
        Some(group) => {
            let mut parts = Vec::new();
            let (mut depth, mut start) = (0, 0);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        parts.push(&group[start..i]);
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        parts.push(&group[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            parts
        }
        None => vec![rest],
    };
    parts
        .into_iter()
        .map(|p| {
            p.trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|f| !f.is_empty() && f != "self")
        .collect()
}

#[test]
fn each_stage_knows_nothing_of_what_the_readme_says() {
    let mut broken = Vec::new();
    for (place, forbidden) in KNOWS_NOTHING_OF {
        let files = rust_files(&src().join(place));
        assert!(!files.is_empty(), "src/{place} has no Rust file");
        broken.extend(naming(&files, forbidden));
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// Where `files` name one of `modules`.
fn naming(files: &[PathBuf], modules: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        for name in named_modules(file) {
            if modules.contains(&name.as_str()) {
                out.push(format!("{} names {name}", file.display()));
            }
        }
    }
    out
}

#[test]
fn no_stage_names_the_pipeline_or_the_bindings() {
    let mut stages = rust_files(&src());
    stages.retain(|file| {
        let own = file.file_stem().unwrap().to_string_lossy().into_owned();
        !(file.ends_with("lib.rs")
            || file.starts_with(src().join("bin"))
            || LATER_STAGES_ARE_NEVER_NAMED.contains(&own.as_str()))
    });
    let broken = naming(&stages, LATER_STAGES_ARE_NEVER_NAMED);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// The checker itself: it sees the paths that matter, so the tests above can fail.
#[test]
fn the_checker_sees_paths_and_groups() {
    let names = named_modules(&src().join("pipeline.rs"));
    for m in ["decode", "findings", "inputs", "recognize", "rules", "grid"] {
        assert!(names.contains(&m.to_owned()), "{m} in {names:?}");
    }
    let names = named_modules(&src().join("rules/funds.rs"));
    assert!(names.contains(&"rules".to_owned()), "{names:?}");
    let names = named_modules(&src().join("bin/jixiao.rs"));
    assert!(names.contains(&"revise".to_owned()), "{names:?}");
    // `jixiao::check_bytes` is the pipeline, through the root's re-export.
    assert!(names.contains(&"pipeline".to_owned()), "{names:?}");
    // In a folder's mod.rs, `super::` is the crate root.
    let names = named_modules(&src().join("inputs/html.rs"));
    assert!(names.contains(&"inputs".to_owned()), "{names:?}");
    assert!(names.contains(&"decode".to_owned()), "{names:?}");
}

/// Every decimal field of the report's types is written by `value::write_decimal` (or its
/// `Option` form): the same text as rust_decimal's own, made faster. A field left without it
/// would still be right, only slower; this keeps them all on the fast path.
#[test]
fn every_decimal_field_is_written_by_write_decimal() {
    let mut missing = Vec::new();
    let mut seen = 0;
    for file in rust_files(&src()) {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = &text[..text.find("\n#[cfg(test)]\nmod tests").unwrap_or(text.len())];
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let field = line.trim_start();
            let decimal = field.starts_with("pub ")
                && (field.ends_with(": Option<Decimal>,") || field.ends_with(": Decimal,"));
            if !decimal {
                continue;
            }
            seen += 1;
            // Its attributes and doc: the lines back to the field or the brace before it.
            let mut attrs = lines[..i].iter().rev().take_while(|l| {
                let l = l.trim_start();
                !(l.starts_with("pub ") || l.ends_with('{'))
            });
            if !attrs.any(|l| l.contains("crate::value::write_")) {
                missing.push(format!("{}:{}: {}", file.display(), i + 1, field));
            }
        }
    }
    assert!(
        seen >= 20,
        "only {seen} decimal fields found: the search is broken"
    );
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
