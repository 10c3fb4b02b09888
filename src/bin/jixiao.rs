//! The command line: `jixiao check [--format text|json] [--rounding auto|truncate|half-up]
//! [--encoding auto|utf-8|gb18030] FILE...`. A thin shell over the library.

use jixiao::{check_bytes, Encoding, Options, Rounding};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
jixiao — 财政项目支出绩效自评表 检查工具

用法:
  jixiao check [选项] 文件或目录...   检查自评表（`-` 读标准输入；目录递归读取 .txt .tsv .csv）
  jixiao codes                        列出全部检查代码、级别和规则
  jixiao schema                       输出 JSON 报告的 JSON Schema

选项:
  --format text|json                  text：中文报告（默认）；json：每个文档一行 JSON (JSON Lines)
  --rounding auto|truncate|half-up    两位小数口径：auto 按表内数字识别（默认）
  --encoding auto|utf-8|gb18030       输入编码：auto 先看 BOM，再试 UTF-8，否则 GB18030（默认）

退出码: 0 没有错误级问题；1 有错误级问题；2 有输入无法读取";

#[derive(PartialEq)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("codes") => {
            for s in jixiao::findings::REGISTRY {
                println!("{}\t{}\t{}", s.code, s.severity.label_zh(), s.rule);
            }
            ExitCode::SUCCESS
        }
        Some("schema") => {
            println!(
                "{}",
                serde_json::to_string_pretty(&jixiao::report::schema()).unwrap()
            );
            ExitCode::SUCCESS
        }
        Some("--version" | "-V") => {
            println!("jixiao {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("jixiao: {msg}\n\n{USAGE}");
    ExitCode::from(2)
}

fn check(args: &[String]) -> ExitCode {
    let mut format = Format::Text;
    let mut opts = Options::default();
    let mut inputs = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (a.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| it.next().cloned());
        match flag {
            "--format" => match value().as_deref() {
                Some("text") => format = Format::Text,
                Some("json") => format = Format::Json,
                other => return usage_error(&format!("--format 不支持 {other:?}")),
            },
            "--rounding" => match value().as_deref() {
                Some("auto") => opts.rounding = None,
                Some("truncate") => opts.rounding = Some(Rounding::Truncate),
                Some("half-up" | "half_up") => opts.rounding = Some(Rounding::HalfUp),
                other => return usage_error(&format!("--rounding 不支持 {other:?}")),
            },
            "--encoding" => match value().as_deref() {
                Some("auto") => opts.encoding = None,
                Some(label) => match Encoding::from_label(label) {
                    Some(e) => opts.encoding = Some(e),
                    None => return usage_error(&format!("--encoding 不支持 {label:?}")),
                },
                None => return usage_error("--encoding 需要一个值"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            f if f.starts_with("--") => return usage_error(&format!("未知选项 {f}")),
            _ => inputs.push(a.clone()),
        }
    }
    if inputs.is_empty() {
        return usage_error("没有给出要检查的文件");
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut unreadable = false;
    let mut errors = false;
    for input in inputs {
        for (name, bytes) in read_input(&input, &mut unreadable) {
            match check_bytes(&name, &bytes, &opts) {
                Ok(report) => {
                    errors |= report.has_errors();
                    let written = if format == Format::Json {
                        serde_json::to_writer(&mut out, &report)
                            .map_err(io::Error::from)
                            .and_then(|_| out.write_all(b"\n"))
                    } else {
                        out.write_all(report.to_text().as_bytes())
                            .and_then(|_| out.write_all(b"\n"))
                    };
                    if written.is_err() {
                        // A closed pipe (`| head`): stop quietly.
                        return ExitCode::from(if unreadable { 2 } else { u8::from(errors) });
                    }
                }
                Err(e) => {
                    unreadable = true;
                    eprintln!("jixiao: {name}: 无法读取：{e}");
                }
            }
        }
    }
    let _ = out.flush();
    ExitCode::from(if unreadable { 2 } else { u8::from(errors) })
}

/// The documents an argument names: a file, standard input, or every text table in a folder.
fn read_input(input: &str, unreadable: &mut bool) -> Vec<(String, Vec<u8>)> {
    if input == "-" {
        let mut bytes = Vec::new();
        if let Err(e) = io::stdin().read_to_end(&mut bytes) {
            eprintln!("jixiao: 标准输入: 无法读取：{e}");
            *unreadable = true;
            return Vec::new();
        }
        return vec![("-".to_owned(), bytes)];
    }
    let path = Path::new(input);
    let files = if path.is_dir() {
        let mut files = Vec::new();
        walk(path, &mut files);
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut docs = Vec::new();
    for f in files {
        match std::fs::read(&f) {
            Ok(bytes) => docs.push((f.display().to_string(), bytes)),
            Err(e) => {
                eprintln!("jixiao: {}: 无法读取：{e}", f.display());
                *unreadable = true;
            }
        }
    }
    docs
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, files);
        } else if p
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "txt" | "tsv" | "csv"))
        {
            files.push(p);
        }
    }
}
