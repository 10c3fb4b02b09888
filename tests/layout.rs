//! The layout the README's table describes holds: each stage of `src/` names none of the
//! modules it must know nothing of (its code before `#[cfg(test)]`, by `crate::`/`super::`
//! paths, or `jixiao::` in the command line). Keep this table and the README's in step.

use std::path::{Path, PathBuf};

/// A file or folder of `src/`, and the crate modules it must not name.
const KNOWS_NOTHING_OF: &[(&str, &[&str])] = &[
    (
        "decode.rs",
        &[
            "grid",
            "inputs",
            "model",
            "recognize",
            "findings",
            "rules",
            "report",
            "revise",
        ],
    ),
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
    (
        "value.rs",
        &[
            "grid",
            "inputs",
            "model",
            "recognize",
            "findings",
            "rules",
            "report",
            "revise",
        ],
    ),
    (
        "vocab.rs",
        &[
            "grid",
            "inputs",
            "model",
            "recognize",
            "findings",
            "rules",
            "report",
            "revise",
        ],
    ),
    (
        "model.rs",
        &["grid", "recognize", "findings", "rules", "report", "revise"],
    ),
    (
        "findings.rs",
        &["grid", "recognize", "rules", "report", "revise"],
    ),
    (
        "recognize.rs",
        &["decode", "inputs", "rules", "report", "revise"],
    ),
    (
        "rules",
        &["decode", "grid", "inputs", "recognize", "report", "revise"],
    ),
    ("report.rs", &["grid", "recognize", "revise"]),
    ("revise.rs", &["decode", "grid", "inputs", "recognize"]),
    ("page.rs", &["grid", "recognize", "pipeline"]),
    ("pipeline.rs", &["revise", "page"]),
    ("wasm.rs", &["grid", "recognize", "rules", "model"]),
    ("bin", &["grid", "recognize", "rules", "model"]),
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

/// The crate modules a file's code names: the first segment after `crate::`, `jixiao::` or
/// (in a folder's module) `super::`, including each path of a `{…}` group.
fn named_modules(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let code = &text[..text.find("#[cfg(test)]").unwrap_or(text.len())];
    let in_folder = path.parent() != Some(src().as_path())
        && !path.ends_with("mod.rs")
        && !path.starts_with(src().join("bin"));
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = Vec::new();
    for prefix in ["crate::", "jixiao::", "super::"] {
        for (at, _) in code.match_indices(prefix) {
            if code[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let rest = &code[at + prefix.len()..];
            let names: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 0;
                let end = group
                    .char_indices()
                    .find(|(_, c)| {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => return true,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        false
                    })
                    .map_or(group.len(), |(i, _)| i);
                let mut parts = Vec::new();
                let mut depth = 0;
                let mut start = 0;
                for (i, c) in group[..end].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            parts.push(group[start..i].trim().to_owned());
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
                parts.push(group[start..end].trim().to_owned());
                parts
            } else {
                vec![rest.to_owned()]
            };
            for name in names {
                let first: String = name
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if first.is_empty() || first == "self" {
                    continue;
                }
                // `super::x` in a folder's file is a sibling in that folder: the folder's own.
                if prefix == "super::" {
                    if in_folder {
                        out.push(folder.clone());
                    }
                    continue;
                }
                out.push(first);
            }
        }
    }
    out.sort();
    out.dedup();
    out
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
}
