//! The command line: formats, exit codes, standard input, GB18030 files, folders.

mod common;

use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

fn jixiao(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn corpus_path(name: &str) -> String {
    fixture(&format!("corpus/{name}")).display().to_string()
}

#[test]
fn json_lines_one_object_per_document() {
    let paths: Vec<String> = CORPUS.iter().map(|(n, _)| corpus_path(n)).collect();
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let (code, out, _) = jixiao(&args, None);
    assert_eq!(code, 1, "000 has error findings");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let counts: Vec<usize> = lines
        .iter()
        .map(|d| d["forms"].as_array().unwrap().len())
        .collect();
    assert_eq!(counts, [6, 11, 3, 7]);
    // The CLI's JSON is the library's report.
    let lib = serde_json::to_value(
        jixiao::check_bytes(
            &paths[1],
            &std::fs::read(&paths[1]).unwrap(),
            &jixiao::Options::default(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(lines[1], lib);
}

#[test]
fn exit_codes() {
    assert_eq!(
        jixiao(&["check", &corpus_path("001_8db70a21b77abcfc.txt")], None).0,
        0
    );
    assert_eq!(
        jixiao(&["check", &corpus_path("000_61cdf90257007e71.txt")], None).0,
        1
    );
    let (code, _, err) = jixiao(&["check", "/nonexistent/form.txt"], None);
    assert_eq!(code, 2);
    assert!(err.contains("无法读取"));
    let (code, _, err) = jixiao(
        &["check", "-"],
        Some(b"\x7fELF\x02\x01\x01\x00\x00\x00binary"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("二进制"));
    assert_eq!(jixiao(&["check", "--format", "xml", "x"], None).0, 2);
    assert_eq!(jixiao(&["check"], None).0, 2);
}

#[test]
fn stdin_gb18030_and_forced_rounding() {
    let text = corpus_text("002_cb685a1f859d7a80.txt");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let (code, out, _) = jixiao(
        &["check", "--format=json", "--rounding", "truncate", "-"],
        Some(&gbk),
    );
    let doc: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(doc["source"]["encoding"], "gb18030");
    assert_eq!(doc["source"]["name"], "-");
    assert_eq!(doc["forms"][2]["recomputed"]["rounding"], "truncate");
    assert_eq!(doc["forms"][2]["recomputed"]["rounding_source"], "user");
    // 99.6266% truncates to 99.62, which the form does not print: an error now.
    assert_eq!(code, 1);
    assert!(out.contains("funds.rate_mismatch"));
}

#[test]
fn text_report_is_chinese_with_lines() {
    let (_, out, _) = jixiao(&["check", &corpus_path("000_61cdf90257007e71.txt")], None);
    assert!(out.contains("6 张表，1 张有错误"), "{out}");
    assert!(
        out.contains("第 160 行 错误 [total.mismatch] 总分填报为 96.00"),
        "{out}"
    );
    assert!(out.contains("已更正 total：96.00 → 91.00"), "{out}");
}

#[test]
fn folders_are_read_recursively() {
    let dir = std::env::temp_dir().join(format!("jixiao-cli-folders-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(
        corpus_path("003_dc4befe519062102.txt"),
        dir.join("sub/a.txt"),
    )
    .unwrap();
    std::fs::copy(corpus_path("002_cb685a1f859d7a80.txt"), dir.join("b.tsv")).unwrap();
    std::fs::write(dir.join("ignored.bin"), b"\x00\x01").unwrap();
    let (code, out, _) = jixiao(&["check", "--format", "json", dir.to_str().unwrap()], None);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn codes_and_schema_commands() {
    let (code, out, _) = jixiao(&["codes"], None);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), jixiao::findings::REGISTRY.len());
    assert!(out.contains("total.weights_not_100\t错误"));
    let (code, out, _) = jixiao(&["schema"], None);
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        jixiao::report::schema()
    );
}

#[test]
fn a_downloaded_report_is_checked_again_with_its_trail() {
    use jixiao::revise::{revise_report, Action};
    let report = check_corpus(CORPUS[0].0);
    let star = report
        .forms
        .iter()
        .position(|f| f.has_errors())
        .expect("城市治理之星 has errors");
    // Dismiss every error of the only form that has them: the document then has none.
    let mut revised = report.clone();
    for f in report.forms[star]
        .findings
        .iter()
        .filter(|f| f.severity == jixiao::findings::Severity::Error)
    {
        let action = Action::Dismiss {
            code: f.code,
            field: f.field,
            note: Some("已与主管部门核实".into()),
        };
        revised = revise_report(&revised, star, Some(&action), None).unwrap();
    }
    let dir = std::env::temp_dir().join(format!("jixiao-cli-reports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("表.jixiao.jsonl");
    let lines = serde_json::to_string(&revised).unwrap()
        + "\n"
        + &serde_json::to_string(&report).unwrap()
        + "\n";
    std::fs::write(&path, &lines).unwrap();
    let (code, out, err) = jixiao(&["check", "--format", "json", path.to_str().unwrap()], None);
    assert_eq!(code, 1, "the second report still has its errors: {err}");
    assert_eq!(out, lines, "checking again changes nothing");
    std::fs::write(&path, serde_json::to_string(&revised).unwrap()).unwrap();
    let (code, out, _) = jixiao(&["check", path.to_str().unwrap()], None);
    assert_eq!(code, 0, "dismissed errors do not fail the check");
    assert!(
        out.contains("已忽略") && out.contains("已与主管部门核实"),
        "{out}"
    );
    std::fs::write(&path, "{\"not\": \"a report\"}").unwrap();
    let (code, _, err) = jixiao(&["check", path.to_str().unwrap()], None);
    assert_eq!(code, 2);
    assert!(err.contains("不是 jixiao 导出的 JSON"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn csv_has_one_bom_and_one_header_across_documents() {
    let paths: Vec<String> = CORPUS[..2].iter().map(|(n, _)| corpus_path(n)).collect();
    let (code, out, _) = jixiao(&["check", "--format", "csv", &paths[0], &paths[1]], None);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("\u{feff}文件,表序号,项目名称,"),
        "{}",
        &out[..60]
    );
    assert_eq!(out.matches('\u{feff}').count(), 1, "one BOM");
    assert_eq!(out.matches("文件,表序号").count(), 1, "one header row");
    let reports: Vec<_> = CORPUS[..2].iter().map(|(n, _)| check_corpus(n)).collect();
    let mut want = jixiao::export::findings_csv(&reports);
    // The CLI names each document by its path.
    for ((name, _), path) in CORPUS[..2].iter().zip(&paths) {
        want = want.replace(&format!("\r\n{name},"), &format!("\r\n{path},"));
    }
    assert_eq!(out, want);
}

#[test]
fn findings_and_corrected_workbooks_are_written() {
    let dir = std::env::temp_dir().join(format!("jixiao-cli-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let findings = dir.join("问题.xlsx").display().to_string();
    let corrected = dir.join("更正.xlsx").display().to_string();
    let path = corpus_path(CORPUS[0].0);
    let args = [
        "check",
        "--format",
        "json",
        "--findings",
        &findings,
        "--corrected",
        &corrected,
        &path,
    ];
    let (code, out, err) = jixiao(&args, None);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.lines().count(), 1, "the JSON as ever");
    let report = check_corpus(CORPUS[0].0);
    let book = std::fs::read(&findings).unwrap();
    assert_eq!(&book[..2], b"PK");
    let back = jixiao::check_bytes(
        "更正.xlsx",
        &std::fs::read(&corrected).unwrap(),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(back.forms.len(), report.forms.len());
    assert!(back.forms.iter().all(|f| f.corrections.is_empty()));
    // Nothing to put in a corrected workbook is an error (exit 2), said plainly.
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "没有表格").unwrap();
    let none = dir.join("none.xlsx").display().to_string();
    let (code, _, err) = jixiao(
        &["check", "--corrected", &none, &empty.display().to_string()],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("没有可导出的自评表"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
