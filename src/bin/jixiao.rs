//! The command line: `jixiao check [--format text|json|csv] [--rounding auto|truncate|half-up]
//! [--encoding auto|utf-8|gb18030] [--findings FILE.xlsx] [--corrected FILE.xlsx] FILE...`.
//! A thin shell over the library.

use jixiao::revise::resume;
use jixiao::{check_bytes, decode, Options, Report};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// jemalloc: see Cargo.toml (the reader's many small strings and vectors).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const USAGE: &str = "\
jixiao — 财政项目支出绩效自评表 检查工具

用法:
  jixiao check [选项] 文件或目录...   检查自评表（`-` 读标准输入；目录递归读取 .txt .tsv .csv
                                      .html .xlsx .docx .pdf）；.json/.jsonl 是本工具下载的报告：
                                      按其中的表和修改记录重新检查
  jixiao tables 文件                  输出从 .xlsx .docx .html .pdf 读出的表格（制表符分隔，
                                      即检查所读的文字），用于核对读取结果
  jixiao pdf-text 文件.pdf            逐页输出 PDF 的文字层（按绘制顺序，去掉空白），用于核对字体映射
  jixiao codes                        列出全部检查代码、级别和规则
  jixiao schema [page]                输出 JSON 报告的 JSON Schema（page：网页接口的词表、检查代码和操作）

选项:
  --format text|json|csv              text：中文报告（默认）；json：每个文档一行 JSON (JSON Lines)；
                                      csv：问题清单（UTF-8 带 BOM，每个问题一行，表头只出现一次）
  --findings 文件.xlsx                另把全部问题写成 Excel 工作簿（问题清单、自评表一览）
  --corrected 文件.xlsx               另把更正后的自评表写成 Excel 工作簿（每张表一页，改动的单元格
                                      标黄并附批注，末页为修改记录）
  --rounding auto|truncate|half-up    两位小数口径：auto 按表内数字识别（默认）
  --encoding auto|utf-8|gb18030       输入编码：auto 先看 BOM，再试 UTF-8，否则 GB18030（默认）
  --summary                           最后列出各检查代码的出现次数（json、csv 格式时写到标准错误）

退出码: 0 没有错误级问题；1 有错误级问题；2 有输入无法读取";

#[derive(PartialEq)]
enum Format {
    Text,
    Json,
    Csv,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("codes") => {
            for s in jixiao::findings::REGISTRY {
                println!(
                    "{}\t{}\t{}\t{}",
                    s.code,
                    s.severity.label_zh(),
                    s.stage.label_zh(),
                    s.rule
                );
            }
            ExitCode::SUCCESS
        }
        Some("tables") => tables(&args[1..]),
        Some("pdf-text") => pdf_text(&args[1..]),
        Some("schema") => {
            let schema = match args.get(1).map(String::as_str) {
                None => jixiao::report::schema(),
                Some("page") => jixiao::page::page_schema(),
                Some(other) => return usage_error(&format!("没有 {other} 的 schema")),
            };
            println!("{}", serde_json::to_string_pretty(&schema).unwrap());
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

fn one_file(args: &[String]) -> Result<(String, Vec<u8>), ExitCode> {
    let [path] = args else {
        return Err(usage_error("需要一个文件"));
    };
    std::fs::read(path)
        .map(|bytes| (path.clone(), bytes))
        .map_err(|e| {
            eprintln!("jixiao: {path}: 无法读取：{e}");
            ExitCode::from(2)
        })
}

/// `jixiao tables FILE`: the tables read from a file, as the text the recogniser reads.
fn tables(args: &[String]) -> ExitCode {
    let (path, bytes) = match one_file(args) {
        Ok(f) => f,
        Err(code) => return code,
    };
    match jixiao::inputs::read_tables(&path, &bytes, &decode::native) {
        Ok(tables) => {
            print!("{}", jixiao::inputs::to_text(&tables).text);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("jixiao: {path}: {e}");
            ExitCode::from(2)
        }
    }
}

/// `jixiao pdf-text FILE`: each page's glyphs in drawing order, whitespace dropped.
fn pdf_text(args: &[String]) -> ExitCode {
    let (path, bytes) = match one_file(args) {
        Ok(f) => f,
        Err(code) => return code,
    };
    match jixiao::inputs::pdf::page_texts(&bytes, &decode::native) {
        Ok(pages) => {
            for (i, text) in pages.iter().enumerate() {
                println!("第 {} 页\t{text}", i + 1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("jixiao: {path}: {e}");
            ExitCode::from(2)
        }
    }
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("jixiao: {msg}\n\n{USAGE}");
    ExitCode::from(2)
}

/// What `jixiao check` was asked for.
struct CheckArgs {
    format: Format,
    summary: bool,
    findings_path: Option<String>,
    corrected_path: Option<String>,
    opts: Options,
    inputs: Vec<String>,
}

/// Reads `check`'s options and inputs; `Err` is the exit code (a usage error, or `--help`).
fn check_args(args: &[String]) -> Result<CheckArgs, ExitCode> {
    let mut c = CheckArgs {
        format: Format::Text,
        summary: false,
        findings_path: None,
        corrected_path: None,
        opts: Options::default(),
        inputs: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (a.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| it.next().cloned());
        match flag {
            "--format" => match value().as_deref() {
                Some("text") => c.format = Format::Text,
                Some("json") => c.format = Format::Json,
                Some("csv") => c.format = Format::Csv,
                other => return Err(usage_error(&format!("--format 不支持 {other:?}"))),
            },
            "--rounding" => match value() {
                Some(v) => match Options::parse(Some(&v), None) {
                    Ok(o) => c.opts.rounding = o.rounding,
                    Err(e) => return Err(usage_error(&format!("--rounding：{e}"))),
                },
                None => return Err(usage_error("--rounding 需要一个值")),
            },
            "--encoding" => match value() {
                Some(v) => match Options::parse(None, Some(&v)) {
                    Ok(o) => c.opts.encoding = o.encoding,
                    Err(e) => return Err(usage_error(&format!("--encoding：{e}"))),
                },
                None => return Err(usage_error("--encoding 需要一个值")),
            },
            "--summary" => c.summary = true,
            "--findings" | "--corrected" => {
                let Some(path) = value() else {
                    return Err(usage_error(&format!("{flag} 需要一个 .xlsx 文件名")));
                };
                if flag == "--findings" {
                    c.findings_path = Some(path);
                } else {
                    c.corrected_path = Some(path);
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Err(ExitCode::SUCCESS);
            }
            f if f.starts_with("--") => return Err(usage_error(&format!("未知选项 {f}"))),
            _ => c.inputs.push(a.clone()),
        }
    }
    Ok(c)
}

fn check(args: &[String]) -> ExitCode {
    let CheckArgs {
        format,
        summary,
        findings_path,
        corrected_path,
        opts,
        inputs,
    } = match check_args(args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if inputs.is_empty() {
        return usage_error("没有给出要检查的文件");
    }
    let mut unreadable = false;
    let mut docs = Vec::new();
    for input in &inputs {
        docs.extend(expand(input, &mut unreadable));
    }
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let keep = findings_path.is_some() || corrected_path.is_some();
    let mut kept = Vec::new();
    let outcome = run(&docs, &opts, &format, keep, |doc| {
        for (code, n) in doc.codes.iter() {
            *counts.entry(code).or_default() += n;
        }
        kept.append(&mut doc.reports);
    });
    let errors = match outcome {
        Ok(o) => {
            unreadable |= o.unreadable;
            o.errors
        }
        // A closed pipe (`| head`): stop quietly.
        Err(_) => return ExitCode::from(if unreadable { 2 } else { 0 }),
    };
    if summary {
        let mut text = format!("共 {} 份输入；各检查代码出现次数：\n", docs.len());
        for (code, n) in &counts {
            text.push_str(&format!("{n:>8}  {code}\n"));
        }
        if format != Format::Text {
            eprint!("{text}");
        } else {
            print!("{text}");
        }
    }
    if let Some(path) = &findings_path {
        unreadable |= !write_workbook(path, jixiao::export::findings_xlsx(&kept));
    }
    if let Some(path) = &corrected_path {
        unreadable |= !write_workbook(path, jixiao::export::forms_xlsx(&kept));
    }
    ExitCode::from(if unreadable { 2 } else { u8::from(errors) })
}

/// Writes an exported workbook; `false` (with the reason on stderr) when it could not be.
fn write_workbook(path: &str, bytes: Result<Vec<u8>, jixiao::export::ExportError>) -> bool {
    let written = bytes
        .map_err(|e| e.to_string())
        .and_then(|b| std::fs::write(path, b).map_err(|e| format!("无法写入：{e}")));
    if let Err(e) = &written {
        eprintln!("jixiao: {path}: {e}");
    }
    written.is_ok()
}

/// One input document: a file, or standard input.
enum Doc {
    File(PathBuf),
    Stdin,
}

impl Doc {
    fn name(&self) -> String {
        match self {
            Doc::File(p) => p.display().to_string(),
            Doc::Stdin => "-".to_owned(),
        }
    }

    fn read(&self) -> io::Result<Vec<u8>> {
        match self {
            Doc::File(p) => std::fs::read(p),
            Doc::Stdin => {
                let mut bytes = Vec::new();
                io::stdin().read_to_end(&mut bytes)?;
                Ok(bytes)
            }
        }
    }
}

/// What checking one document gives back to the writer.
struct Done {
    output: Option<String>,
    error: Option<String>,
    has_errors: bool,
    /// How often each code was found.
    codes: Vec<(&'static str, usize)>,
    /// The reports themselves, when an export needs them after the run.
    reports: Vec<Report>,
    /// A large text document, checked in pieces by the writer when its turn comes, and what
    /// its report is written as.
    deferred: Option<(Deferred, jixiao::stream::Written)>,
}

/// A large text document's bytes: read again from its file, or held (standard input).
enum Deferred {
    File(PathBuf),
    Bytes(Vec<u8>),
}

/// Text documents from this size on are checked in pieces ([`jixiao::stream`]): memory then
/// follows the piece, not the document, and one document uses every core.
const STREAM_FROM: u64 = 1 << 20;

struct Outcome {
    errors: bool,
    unreadable: bool,
}

fn check_one(doc: &Doc, opts: &Options, format: &Format, keep: bool) -> Done {
    let name = doc.name();
    // What a large text document's report is written as, read in pieces; CSV rows, kept
    // reports and reports read back are made whole.
    let streams = match format {
        Format::Json => Some(jixiao::stream::Written::Json),
        Format::Text => Some(jixiao::stream::Written::Text),
        Format::Csv => None,
    }
    .filter(|_| !keep && !is_report(&name));
    if let (Some(written), Doc::File(path)) = (streams, doc) {
        if is_large_text(&name, path) {
            return Done::deferred(Deferred::File(path.clone()), written);
        }
    }
    let bytes = match doc.read() {
        Ok(b) => b,
        Err(e) => return Done::failed(&name, &e.to_string()),
    };
    if let Some(written) = streams.filter(|_| bytes.len() as u64 >= STREAM_FROM) {
        if is_text(&name, &bytes) {
            return Done::deferred(Deferred::Bytes(bytes), written);
        }
    }
    let reports = if is_report(&name) {
        // A downloaded report (or JSON Lines of them): its forms checked again, trail kept.
        decode::decode(&bytes, None)
            .map_err(|e| e.to_string())
            .and_then(|(text, _)| resume(&text).map_err(|e| e.to_string()))
    } else {
        check_bytes(&name, &bytes, opts)
            .map(|r| vec![r])
            .map_err(|e| e.to_string())
    };
    let reports = match reports {
        Ok(r) => r,
        Err(e) => return Done::failed(&name, &e),
    };
    let mut output = String::new();
    for report in &reports {
        match format {
            Format::Json => {
                jixiao::json::write(&mut output, report).expect("reports serialize");
                output.push('\n');
            }
            Format::Text => {
                output.push_str(&report.to_text());
                output.push('\n');
            }
            // The head (BOM and headings) is written once, before every document.
            Format::Csv => {
                output.push_str(&jixiao::export::csv::body(std::slice::from_ref(report)))
            }
        }
    }
    Done {
        output: Some(output),
        error: None,
        has_errors: reports.iter().any(|r| r.has_errors()),
        codes: reports
            .iter()
            .flat_map(|r| r.forms.iter().flat_map(|f| &f.findings).chain(&r.findings))
            .filter(|f| !f.dismissed)
            .map(|f| (f.code.spec().code, 1))
            .collect(),
        reports: if keep { reports } else { Vec::new() },
        deferred: None,
    }
}

impl Done {
    fn failed(name: &str, e: &str) -> Done {
        Done {
            output: None,
            error: Some(format!("jixiao: {name}: 无法读取：{e}")),
            has_errors: false,
            codes: Vec::new(),
            reports: Vec::new(),
            deferred: None,
        }
    }

    fn deferred(d: Deferred, written: jixiao::stream::Written) -> Done {
        Done {
            deferred: Some((d, written)),
            // No error until it is read: a run that stops writing (`| head`) never reads it.
            error: None,
            ..Done::failed("", "")
        }
    }

    /// Checks a deferred document in pieces on `threads` threads, writing its report to `out`
    /// as JSON or text. A document that cannot be read is this document's error; writing that
    /// fails (a closed pipe: `| head`) is the run's, as for any other output.
    fn stream(
        &mut self,
        name: &str,
        opts: &Options,
        threads: usize,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.error = None;
        let Some((deferred, written)) = self.deferred.take() else {
            return Ok(());
        };
        let open = || -> io::Result<Box<dyn Read + Send + '_>> {
            Ok(match &deferred {
                Deferred::File(p) => Box::new(std::fs::File::open(p)?),
                Deferred::Bytes(b) => Box::new(&b[..]),
            })
        };
        let format = jixiao::inputs::sniff(name, &head(&open));
        let checked = jixiao::stream::check(
            name,
            &open,
            format,
            opts,
            &decode::native,
            (threads, written),
            out,
        );
        match checked {
            Ok(o) => {
                self.has_errors = o.has_errors;
                self.codes = o.codes.into_iter().collect();
                out.write_all(b"\n")
            }
            Err(jixiao::stream::StreamError::Output(e)) => Err(e),
            Err(e) => {
                self.error = Some(format!("jixiao: {name}: 无法读取：{e}"));
                Ok(())
            }
        }
    }
}

/// The first 64 KiB of a document (what tells its format).
fn head<'a>(open: &dyn Fn() -> io::Result<Box<dyn Read + Send + 'a>>) -> Vec<u8> {
    let mut head = Vec::new();
    if let Ok(r) = open() {
        let _ = r.take(64 * 1024).read_to_end(&mut head);
    }
    head
}

/// Text or CSV (not a workbook, document, web page or PDF), by its name and first bytes.
fn is_text(name: &str, bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    matches!(
        jixiao::inputs::sniff(name, head),
        jixiao::Format::Text | jixiao::Format::Csv
    )
}

/// A text file of at least [`STREAM_FROM`] bytes.
fn is_large_text(name: &str, path: &Path) -> bool {
    let large = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() >= STREAM_FROM);
    large && is_text(name, &head(&|| Ok(Box::new(std::fs::File::open(path)?))))
}

/// A report this tool wrote, by its name: `.json` or `.jsonl`.
fn is_report(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".json") || lower.ends_with(".jsonl")
}

/// Where the reports go: standard output's descriptor itself (a duplicate, same file and
/// offset), not std's `Stdout`, which is line-buffered and searches every write for its last
/// line break (about 1% of a check, on a JSON report that has none). Elsewhere, or if the
/// descriptor cannot be duplicated, `Stdout`.
fn report_out() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(io::stdout().lock())
}

/// Checks the documents on every core, writing each one's output as soon as it and all before
/// it are done. At most a few documents are held at once, so memory follows the largest
/// document, not the total.
fn run(
    docs: &[Doc],
    opts: &Options,
    format: &Format,
    keep: bool,
    mut tally: impl FnMut(&mut Done),
) -> io::Result<Outcome> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(docs.len().max(1));
    let window = threads * 2;
    let mut out = BufWriter::with_capacity(1 << 16, report_out());
    if *format == Format::Csv {
        out.write_all(jixiao::export::csv::head().as_bytes())?;
    }
    let progress = io::stderr().is_terminal() && docs.len() > 1;
    let mut outcome = Outcome {
        errors: false,
        unreadable: false,
    };
    let next_job = AtomicUsize::new(0);
    let (tx, rx) = mpsc::sync_channel::<(usize, Done)>(window);
    let gate = jixiao::stream::Gate::new(window);
    std::thread::scope(|scope| -> io::Result<()> {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next_job, gate) = (&next_job, &gate);
            scope.spawn(move || loop {
                let i = next_job.fetch_add(1, Ordering::SeqCst);
                if i >= docs.len() {
                    break;
                }
                // Wait until the writer is at most `window` documents behind.
                gate.wait(i);
                if tx
                    .send((i, check_one(&docs[i], opts, format, keep)))
                    .is_err()
                {
                    break;
                }
            });
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
        let mut written = 0;
        let mut result = Ok(());
        for (i, done) in rx {
            waiting.insert(i, done);
            while let Some(mut done) = waiting.remove(&written) {
                if done.deferred.is_some() && result.is_ok() {
                    result = done.stream(&docs[written].name(), opts, cores, &mut out);
                }
                tally(&mut done);
                outcome.errors |= done.has_errors;
                if let Some(e) = &done.error {
                    outcome.unreadable = true;
                    eprintln!("{e}");
                }
                if let (Some(text), true) = (&done.output, result.is_ok()) {
                    result = out.write_all(text.as_bytes());
                }
                written += 1;
                gate.open_to(written + window);
                if progress {
                    eprint!("\r已检查 {written}/{}", docs.len());
                }
            }
            if result.is_err() {
                // Let the workers finish: they stop at the window.
                next_job.store(docs.len(), Ordering::SeqCst);
                gate.open_to(usize::MAX);
            }
        }
        if progress {
            eprintln!();
        }
        result.and_then(|_| out.flush())
    })?;
    Ok(outcome)
}

/// The documents an argument names: a file, standard input, or every text table in a folder.
fn expand(input: &str, unreadable: &mut bool) -> Vec<Doc> {
    if input == "-" {
        return vec![Doc::Stdin];
    }
    let path = Path::new(input);
    if path.is_dir() {
        let mut files = Vec::new();
        walk(path, &mut files);
        files.sort();
        return files.into_iter().map(Doc::File).collect();
    }
    if !path.exists() {
        eprintln!("jixiao: {input}: 无法读取：文件不存在");
        *unreadable = true;
        return Vec::new();
    }
    vec![Doc::File(path.to_path_buf())]
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, files);
        } else if p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
            matches!(
                x.to_ascii_lowercase().as_str(),
                "txt" | "tsv" | "csv" | "html" | "htm" | "xlsx" | "docx" | "pdf"
            )
        }) {
            files.push(p);
        }
    }
}
