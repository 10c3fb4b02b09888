//! The document read in pieces gives the whole document's report, byte for byte: every text
//! fixture and corpus file, and documents made to put cuts in awkward places, at several piece
//! sizes and thread counts.

use jixiao::stream::{self, StreamError, Written};
use jixiao::{Format, Options};
use std::io::Read;
use std::path::{Path, PathBuf};

fn whole(name: &str, bytes: &[u8], opts: &Options) -> Option<String> {
    whole_as(name, bytes, opts, Written::Json)
}

/// The whole document's report as JSON or as text.
fn whole_as(name: &str, bytes: &[u8], opts: &Options, written: Written) -> Option<String> {
    let report = jixiao::check_bytes(name, bytes, opts).ok()?;
    Some(match written {
        Written::Json => serde_json::to_string(&report).unwrap(),
        Written::Text => report.to_text(),
    })
}

fn pieces(
    name: &str,
    bytes: &[u8],
    opts: &Options,
    (threads, piece): (usize, usize),
    written: Written,
) -> Result<String, StreamError> {
    let format = if name.ends_with(".csv") {
        Format::Csv
    } else {
        Format::Text
    };
    let open = || Ok(Box::new(bytes) as Box<dyn Read + Send>);
    let mut out = Vec::new();
    check_in(
        name,
        &open,
        (format, opts),
        (threads, piece, written),
        &mut out,
    )?;
    Ok(String::from_utf8(out).unwrap())
}

/// `stream::check_in` with the native decoder.
fn check_in(
    name: &str,
    open: stream::Open<'_>,
    (format, opts): (Format, &Options),
    how: (usize, usize, Written),
    out: &mut dyn std::io::Write,
) -> Result<stream::Outcome, StreamError> {
    stream::check_in(name, open, format, opts, &jixiao::decode::native, how, out)
}

/// The report in pieces is the whole document's, as JSON at every split and as text at some.
fn same(name: &str, bytes: &[u8], opts: &Options) {
    for written in [Written::Json, Written::Text] {
        let expected = whole_as(name, bytes, opts, written);
        for (threads, piece) in [
            (1, 1),
            (2, 1),
            (1, 300),
            (2, 2000),
            (1, 9000),
            (2, stream::PIECE),
        ] {
            // Text is written by the same readings as JSON: three splits check its writing.
            if written == Written::Text && ![1, 2000, stream::PIECE].contains(&piece) {
                continue;
            }
            let got = pieces(name, bytes, opts, (threads, piece), written);
            match (&expected, got) {
                (Some(e), Ok(g)) => assert!(
                    *e == g,
                    "{name} as {written:?}: threads {threads}, piece {piece}: differs at byte {}",
                    first_difference(e, &g)
                ),
                (None, Err(_)) => {}
                (e, g) => panic!(
                    "{name} as {written:?}: whole {:?} but pieces {:?}",
                    e.is_some(),
                    g.map(|_| ())
                ),
            }
        }
    }
}

fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(80);
    format!(
        "{at}:\n whole:  {}\n pieces: {}",
        String::from_utf8_lossy(&a.as_bytes()[from..(at + 80).min(a.len())]),
        String::from_utf8_lossy(&b.as_bytes()[from..(at + 80).min(b.len())])
    )
}

fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            text_files(&p, out);
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("txt" | "tsv" | "csv")
        ) {
            out.push(p);
        }
    }
}

#[test]
fn every_text_fixture_reads_the_same_in_pieces() {
    let mut files = Vec::new();
    text_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut files,
    );
    files.sort();
    assert!(files.len() > 40, "{}", files.len());
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy();
        same(&name, &bytes, &Options::default());
    }
}

fn corpus() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// A document's pieces of about `size` bytes, checked on the way: they join up to the whole
/// text, none starts between a CR and its LF, and each one's first line is numbered as the
/// whole document numbers it.
fn cut(text: &str, size: usize) -> Vec<Vec<u8>> {
    let mut pieces =
        stream::Pieces::new(Box::new(text.as_bytes()), jixiao::grid::Layout::Tabs, size).unwrap();
    let (mut out, mut at) = (Vec::new(), 0);
    while let Some(p) = pieces.next_piece().unwrap() {
        let before = &text.as_bytes()[..at];
        let lines = jixiao::decode::normalize(std::str::from_utf8(before).unwrap())
            .matches('\n')
            .count();
        assert_eq!(p.first_line, lines + 1, "piece {}", out.len());
        assert!(!(before.ends_with(b"\r") && p.text.starts_with(b"\n")));
        at += p.text.len();
        out.push(p.text);
    }
    assert_eq!(at, text.len());
    out
}

/// Whether a piece begins with a line that may start a form (a title names 自评; or 项目名称).
fn starts_at_a_form(piece: &[u8]) -> bool {
    let first = piece.split(|&b| b == b'\n' || b == b'\r').next().unwrap();
    let line = std::str::from_utf8(first).unwrap();
    line.contains("自评") || line.contains("项目名称")
}

#[test]
fn pieces_are_cut_at_forms_whatever_their_lines_end_in() {
    // The corpus's 27 forms, 2.5 to 6 KB apart, in pieces of at least 2000 bytes: a piece ends
    // before the first line at least that far in that may start a form, or at any line twice
    // as far in. So about half the pieces begin a form, and as many whatever the lines end in:
    // LF, CRLF (more bytes: a cut may move), a lone CR or all three.
    let forms = whole("c.txt", corpus().as_bytes(), &Options::default())
        .unwrap()
        .matches("\"recomputed\"")
        .count();
    assert_eq!(forms, 27);
    let at_forms = |ends: Ends| {
        let pieces = cut(&ends.apply(&corpus()), 2000);
        pieces[1..].iter().filter(|p| starts_at_a_form(p)).count()
    };
    let lf = at_forms(Ends::Lf);
    assert!(lf >= 10, "{lf}");
    for ends in [Ends::Crlf, Ends::Cr, Ends::Mixed] {
        let n = at_forms(ends);
        assert!(
            n + 2 >= lf && n <= lf + 2,
            "{ends:?}: {n} pieces begin a form, LF {lf}"
        );
        // Pieces of one byte: every line its own piece, numbered as in the whole document.
        assert!(cut(&ends.apply(&corpus()), 1).len() > 800, "{ends:?}");
    }
}

/// The corpus with what makes a cut hard: preambles before titles, unplaced lines, forms
/// without a title, a quoted cell over lines; its lines ended as `ends` says.
fn awkward(ends: Ends) -> String {
    let mut out = String::from("前言：本册汇编各单位自评表\n\n");
    for (i, form) in corpus().split("财政项目支出绩效自评").enumerate() {
        if i == 0 {
            out.push_str(form);
            continue;
        }
        match i % 5 {
            0 => out.push_str("2023年度\n单位：万元\n"),
            1 => out.push_str("说不清的一行\t自评\n"),
            2 => out.push_str("\"跨行的\n单元格\"\t其他\n"),
            3 => out.push_str("项目名称\t\n"),
            _ => {}
        }
        out.push_str("财政项目支出绩效自评");
        out.push_str(form);
    }
    // Forms without titles: 项目名称 starts each.
    out.push_str(
        &corpus()
            .replace("财政项目支出绩效自评价\n", "")
            .replace("财政项目支出绩效自评表\n", ""),
    );
    ends.apply(&out)
}

/// How a document's lines end.
#[derive(Clone, Copy, Debug)]
enum Ends {
    Lf,
    Crlf,
    /// A lone CR (as old Mac files end them).
    Cr,
    /// LF, CRLF and CR in turn.
    Mixed,
}

impl Ends {
    fn apply(self, text: &str) -> String {
        let ends: &[&str] = match self {
            Ends::Lf => return text.to_owned(),
            Ends::Crlf => &["\r\n"],
            Ends::Cr => &["\r"],
            Ends::Mixed => &["\n", "\r\n", "\r"],
        };
        let mut out = String::with_capacity(text.len() * 2);
        for (i, line) in text.split_inclusive('\n').enumerate() {
            match line.strip_suffix('\n') {
                Some(line) => {
                    out.push_str(line);
                    out.push_str(ends[i % ends.len()]);
                }
                None => out.push_str(line),
            }
        }
        out
    }
}

#[test]
fn awkward_documents_read_the_same_in_pieces() {
    for ends in [Ends::Lf, Ends::Crlf, Ends::Cr, Ends::Mixed] {
        same("awkward.txt", awkward(ends).as_bytes(), &Options::default());
    }
    let forced = Options::parse(Some("half-up"), None).unwrap();
    same("awkward.txt", awkward(Ends::Lf).as_bytes(), &forced);
}

/// The corpus with every other form flattened to one line in a tab-separated row's one cell
/// (after an empty cell, or before empty ones): read as flattened forms in pieces and by the
/// census as the whole document reads them.
#[test]
fn flattened_forms_in_one_cell_read_the_same_in_pieces() {
    // The corpus's forms, each from its title line on.
    let mut forms: Vec<Vec<&str>> = vec![Vec::new()];
    let corpus = corpus();
    for line in corpus.lines() {
        if line.contains("财政项目支出绩效自评") {
            forms.push(Vec::new());
        }
        forms.last_mut().unwrap().push(line);
    }
    let mut text = String::new();
    for (i, lines) in forms.iter().enumerate() {
        let flat = lines
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match i % 4 {
            1 => text.push_str(&format!("\t{flat}\n")),
            3 => text.push_str(&format!("{flat}\t\t\n")),
            _ => lines.iter().for_each(|l| text.push_str(&format!("{l}\n"))),
        }
    }
    let whole = whole("lone.txt", text.as_bytes(), &Options::default()).unwrap();
    let original = whole_as(
        "corpus.txt",
        corpus.as_bytes(),
        &Options::default(),
        Written::Json,
    );
    let projects = |json: &str| json.matches("\"project\":\"").count();
    assert_eq!(projects(&whole), projects(&original.unwrap()));
    same("lone.txt", text.as_bytes(), &Options::default());
}

/// The corpus with a year line after each form and another under each title: the census
/// reader cannot tell whose year the first is and says so (the census is then read again in
/// full); the report is still the whole document's.
#[test]
fn a_census_in_doubt_reads_the_same() {
    let mut text = String::new();
    for (i, form) in corpus().split("财政项目支出绩效自评").enumerate() {
        if i > 0 {
            text.push_str("2023年度\n财政项目支出绩效自评");
            text.push_str(&form.replacen('\n', "\n（2024年度）\n", 1));
        } else {
            text.push_str(form);
        }
    }
    let layout = jixiao::grid::Layout::Tabs;
    let mut reader = jixiao::recognize::Reader::census(0);
    reader.rows(&mut jixiao::grid::RowsAt::new(&text, layout, 1));
    assert!(reader.finish().doubtful);
    same("doubt.txt", text.as_bytes(), &Options::default());
}

#[test]
fn the_unplaced_cap_holds_across_pieces() {
    let mut text = String::new();
    for i in 0..6_000 {
        text.push_str(&format!("无关的第{i}行\t\n"));
    }
    text.push_str(&corpus());
    for i in 0..6_000 {
        text.push_str(&format!("又一行{i}\t\n"));
    }
    text.push_str(&corpus());
    same("cap.txt", text.as_bytes(), &Options::default());
}

/// Lines that are no form, with what could trip a cut made anywhere: a quoted cell over lines
/// (one holding a title's words), a title's words in a line that starts no form.
fn stretch(lines: usize) -> String {
    let mut out = String::new();
    for i in 0..lines {
        match i % 97 {
            0 => out.push_str("\"引号里\n财政项目支出绩效自评表\n跨行\"\t尾\n"),
            1 => out.push_str("评语\t自评得分见后\n"),
            _ => out.push_str(&format!("说明第{i}行\t{i}.00\t备注\n")),
        }
    }
    out
}

#[test]
fn a_long_stretch_without_forms_is_cut_and_reads_the_same() {
    // Memory follows the piece: with no line that may start a form, a piece is cut at a line
    // anyway once it holds twice its size.
    let junk = stretch(3_000);
    let longest = junk.lines().map(|l| l.len() + 1).max().unwrap();
    let size = 1000;
    let mut pieces =
        stream::Pieces::new(Box::new(junk.as_bytes()), jixiao::grid::Layout::Tabs, size).unwrap();
    let (mut n, mut bytes) = (0, 0);
    while let Some(p) = pieces.next_piece().unwrap() {
        assert!(p.text.len() <= 2 * size + longest, "{} bytes", p.text.len());
        bytes += p.text.len();
        n += 1;
    }
    assert_eq!(bytes, junk.len());
    assert!(n > junk.len() / (2 * size + longest), "{n} pieces");
    // ... and the cuts made there never stand: the reader goes on through them.
    let text = format!("{}{junk}{}{junk}", corpus(), corpus());
    same("stretch.txt", text.as_bytes(), &Options::default());
    same("stretch.txt", junk.as_bytes(), &Options::default());
}

/// Lines longer than what is read at a time (64 KiB): before the first form, between forms
/// and at the end, with each kind of line end.
#[test]
fn lines_longer_than_a_read_read_the_same() {
    let long: String = (0..40_000).map(|i| format!("词{i}\t")).collect();
    assert!(long.len() > 3 * 64 * 1024);
    let text = format!("{long}\n{}{long}\n{}{long}", corpus(), corpus());
    for ends in [Ends::Lf, Ends::Crlf, Ends::Cr] {
        same(
            "long.txt",
            ends.apply(&text).as_bytes(),
            &Options::default(),
        );
    }
}

#[test]
fn other_encodings_and_layouts_read_the_same() {
    let text = corpus();
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    same("gb.txt", &gb, &Options::default());
    let bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
    same("bom.txt", &bom, &Options::default());
    same(
        "spaces.txt",
        text.replace('\t', "  ").as_bytes(),
        &Options::default(),
    );
    same("empty.txt", b"", &Options::default());
    same("binary.txt", b"\x00\x01\x02abc", &Options::default());
    same("noform.txt", "一行\n两行\n".as_bytes(), &Options::default());
    let csv = text.replace('\t', ",");
    same("c.csv", csv.as_bytes(), &Options::default());
}

#[test]
fn batches_give_the_whole_report() {
    let text = awkward(Ends::Lf);
    for opts in [
        Options::default(),
        Options::parse(Some("truncate"), None).unwrap(),
    ] {
        let expected = whole("b.txt", text.as_bytes(), &opts).unwrap();
        for piece in [1, 5000, stream::PIECE] {
            let mut b = stream::Batches::sized(
                "b.txt",
                text.clone(),
                (jixiao::Encoding::Utf8, Format::Text),
                &opts,
                piece,
            );
            let mut forms = Vec::new();
            let mut batches = 0;
            while let Some(mut batch) = b.next_batch() {
                assert!(!batch.is_empty());
                forms.append(&mut batch);
                batches += 1;
            }
            assert!(piece > 5000 || batches > 10, "{batches} batches");
            let mut report = b.finish();
            report.forms = forms;
            assert!(
                serde_json::to_string(&report).unwrap() == expected,
                "piece {piece}"
            );
        }
    }
}

/// A folder of its own (named by `tag` and the process) holding `large.txt`: the awkward
/// documents repeated past the 1 MiB from which the command line reads a text in pieces.
fn large_file(tag: &str) -> (PathBuf, PathBuf, String) {
    let text = awkward(Ends::Lf).repeat(20);
    assert!(text.len() > 1 << 20);
    let dir = std::env::temp_dir().join(format!("jixiao-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("large.txt");
    std::fs::write(&path, &text).unwrap();
    (dir, path, text)
}

/// The command line checks a large text file in pieces (and standard input too): the same
/// line as the whole document's report (JSON, and the text report), the same exit code and
/// code counts.
#[test]
fn the_command_line_streams_large_documents() {
    let (dir, path, text) = large_file("stream");
    let name = path.to_string_lossy().into_owned();
    let report = jixiao::check_bytes(&name, text.as_bytes(), &Options::default()).unwrap();
    let expected = serde_json::to_string(&report).unwrap() + "\n";
    let run = |args: &[&str], stdin: Option<&[u8]>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"));
        cmd.args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        let bytes = stdin.unwrap_or(b"").to_vec();
        let feeder = std::thread::spawn(move || {
            let _ = std::io::Write::write_all(&mut input, &bytes);
        });
        let out = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        out
    };
    let out = run(&["check", "--format", "json", "--summary", &name], None);
    assert!(
        String::from_utf8_lossy(&out.stdout) == expected,
        "the file's report differs"
    );
    assert_eq!(out.status.code(), Some(i32::from(report.has_errors())));
    let summary = String::from_utf8_lossy(&out.stderr).into_owned();
    let errors = report
        .forms
        .iter()
        .flat_map(|f| &f.findings)
        .chain(&report.findings)
        .filter(|f| f.code.spec().code == "total.mismatch")
        .count();
    assert!(
        errors > 0 && summary.contains(&format!("{errors:>8}  total.mismatch")),
        "{summary}"
    );
    let out = run(&["check", "--format", "json", "-"], Some(text.as_bytes()));
    let expected_stdin = expected.replacen(&serde_json::to_string(&name).unwrap(), "\"-\"", 1);
    assert!(
        String::from_utf8_lossy(&out.stdout) == expected_stdin,
        "standard input's report differs"
    );
    // The text report (the default) too: its head counts the forms that follow it.
    let expected_text = report.to_text() + "\n";
    let out = run(&["check", &name], None);
    assert!(
        String::from_utf8_lossy(&out.stdout) == expected_text,
        "the file's text report differs"
    );
    assert_eq!(out.status.code(), Some(i32::from(report.has_errors())));
    let out = run(&["check", "-"], Some(text.as_bytes()));
    assert!(
        String::from_utf8_lossy(&out.stdout) == expected_text.replacen(&name, "-", 1),
        "standard input's text report differs"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The command line holds a piece of a large document at a time, never the document: its peak
/// memory (VmHWM, read from /proc while it runs), with either report, stays below the size of
/// the 40 MB file it checks, where reading the document whole would hold the file and a model
/// of about twenty times it (2.2 GB for 100 MB before the pieces). So a change that reads a
/// large text whole again fails here, not only in the benchmark.
#[cfg(target_os = "linux")]
#[test]
fn the_command_line_holds_a_piece_not_the_document() {
    use std::process::{Command, Stdio};
    let one = awkward(Ends::Lf);
    let size = 40 << 20;
    let dir = std::env::temp_dir().join(format!("jixiao-held-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("volume.txt");
    std::fs::write(&path, one.repeat(size / one.len() + 1)).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    for format in ["json", "text"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(["check", "--format", format])
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let drain = std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let status_file = format!("/proc/{}/status", child.id());
        // VmHWM only grows: the last reading before the process ends is its peak, give or
        // take what a few milliseconds add at the end, when the last forms are written.
        let mut peak_kib = 0u64;
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            let hwm = std::fs::read_to_string(&status_file).ok().and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            });
            peak_kib = peak_kib.max(hwm.unwrap_or(0));
            std::thread::sleep(std::time::Duration::from_millis(2));
        };
        let written = drain.join().unwrap().unwrap();
        // Exit status 1: the corpus has forms with errors.
        assert_eq!(status.code(), Some(1), "{format}");
        // Every form is reported (the text report is a quarter of the document, the JSON more).
        assert!(written > size / 5, "{format}: {written} bytes written");
        assert!(peak_kib > 0, "{format}: no reading of the peak");
        assert!(
            peak_kib * 1024 < size,
            "{format}: peak {peak_kib} KiB for a {size}-byte document"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A reader that stops early (`jixiao check big.txt | head`): the command line stops quietly,
/// with the exit status 0, as it does for a document read whole, with either report, for a
/// file and for a folder of them.
#[test]
fn a_closed_output_stops_quietly() {
    use std::process::{Command, Stdio};
    let (dir, path, text) = large_file("closed");
    // A second large file: a folder's documents after the first are never read.
    std::fs::write(dir.join("large2.txt"), &text).unwrap();
    for (format, input) in [
        ("json", &path),
        ("text", &path),
        ("json", &dir),
        ("text", &dir),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(["check", "--format", format])
            .arg(input)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The report is far more than a pipe holds: the command is still writing when the
        // reader goes.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format} {input:?}: {stderr}");
        assert!(stderr.is_empty(), "{format} {input:?}: {stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// An output that fails part way is the output's error (`StreamError::Output`), for either
/// report, not the document's.
#[test]
fn a_failing_output_is_its_own_error() {
    struct Fails(usize);
    impl std::io::Write for Fails {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0 < buf.len() {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let text = corpus();
    let open = || Ok(Box::new(text.as_bytes()) as Box<dyn Read + Send>);
    for written in [Written::Json, Written::Text] {
        let opts = Options::default();
        let got = check_in(
            "fails.txt",
            &open,
            (Format::Text, &opts),
            (2, 2000, written),
            &mut Fails(10_000),
        );
        assert!(
            matches!(&got, Err(StreamError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe),
            "{written:?}: {got:?}"
        );
    }
}

/// A reading that fails part way (a disk or network share gone) after part of the report was
/// written: the error is the reading's, and the part written ends its line, so that a folder's
/// next report, written after it, starts a line of its own (JSON Lines stay one report a line).
/// Every reading from the `k`th on fails two thirds of the way through the document, for each
/// `k` up to past the last reading; at least one `k` cuts each report after its start.
#[test]
fn a_report_cut_by_a_reading_error_ends_its_line() {
    struct Failing<'a> {
        data: &'a [u8],
        at: usize,
        fail_at: usize,
    }
    impl Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.at >= self.fail_at {
                return Err(std::io::Error::other("the share went away"));
            }
            let end = self.data.len().min(self.fail_at).min(self.at + buf.len());
            let n = end - self.at;
            buf[..n].copy_from_slice(&self.data[self.at..end]);
            self.at = end;
            Ok(n)
        }
    }
    let text = awkward(Ends::Lf);
    let bytes = text.as_bytes();
    let opts = Options::default();
    for written in [Written::Json, Written::Text] {
        let (mut cut, mut whole) = (0, 0);
        for k in 0..8 {
            let readings = std::sync::atomic::AtomicUsize::new(0);
            let open = || {
                let n = readings.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let fail_at = if n >= k {
                    bytes.len() * 2 / 3
                } else {
                    usize::MAX
                };
                Ok(Box::new(Failing {
                    data: bytes,
                    at: 0,
                    fail_at,
                }) as Box<dyn Read + Send>)
            };
            let mut out = Vec::new();
            let got = check_in(
                "share.txt",
                &open,
                (Format::Text, &opts),
                // Pieces of a line: the text report holds 128 pieces' worth of its forms'
                // text, and beyond that writes them as a further reading gives them.
                (2, 1, written),
                &mut out,
            );
            match got {
                Err(StreamError::Io(e)) => {
                    assert_eq!(e.to_string(), "the share went away", "{written:?} {k}");
                    assert!(
                        out.is_empty() || out.ends_with(b"\n"),
                        "{written:?} {k}: the part written does not end its line"
                    );
                    // A JSON report is one line: its part, cut, is one line too.
                    if written == Written::Json {
                        let ends = out.iter().filter(|&&b| b == b'\n').count();
                        assert!(ends <= 1, "{k}: {ends} line ends");
                    }
                    cut += usize::from(!out.is_empty());
                }
                Ok(_) => {
                    assert_eq!(
                        String::from_utf8(out).unwrap(),
                        whole_as("share.txt", bytes, &opts, written).unwrap(),
                        "{written:?} {k}"
                    );
                    whole += 1;
                }
                Err(e) => panic!("{written:?} {k}: {e}"),
            }
        }
        assert!(
            cut > 0 && whole > 0,
            "{written:?}: {cut} cut, {whole} whole"
        );
    }
}

/// A text report read twice (its forms' text more than it holds) from a file that changed
/// between the readings: an error, not a head that does not fit the forms below it.
#[test]
fn a_document_that_changes_between_readings_is_refused() {
    let first = corpus();
    let second = first.replacen("财政项目支出绩效自评表", "说明", 3);
    // The text report of the document whose `n`th reading gives `text(n)`, in pieces of a byte.
    let text_report = |text: &(dyn Fn(usize) -> &'static str + Sync)| {
        let readings = std::sync::atomic::AtomicUsize::new(0);
        let open = || {
            let n = readings.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            Ok(Box::new(text(n).as_bytes()) as Box<dyn Read + Send>)
        };
        let opts = Options::default();
        let got = check_in(
            "changed.txt",
            &open,
            (Format::Text, &opts),
            (1, 1, Written::Text),
            &mut Vec::new(),
        );
        (got, readings.into_inner())
    };
    let (first, second): (&'static str, &'static str) = (first.leak(), second.leak());
    // The scan, the census and the count read the first text; the writing the second.
    let (got, readings) = text_report(&|n| if n <= 3 { first } else { second });
    assert_eq!(readings, 4);
    let e = got.expect_err("refused");
    assert!(e.to_string().contains("文件在读取时改变了"), "{e}");
    // The same text read four times is no change.
    assert!(text_report(&|_| first).0.is_ok());
}

/// Found by the `stream` fuzz target: with tiny pieces nearly every cut fell inside a form, and
/// each was read again joined to all the pieces held before it (a quadratic hang). Now the text
/// after a cut that does not stand is read once more, by one reader going on.
#[test]
fn cuts_that_do_not_stand_are_read_once_more() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz/stream-cuts-that-do-not-stand.bin");
    let data = std::fs::read(path).unwrap();
    let doc = &data[1..];
    let started = std::time::Instant::now();
    same("fuzz.txt", doc, &Options::default());
    // Every cut fails on this text: 100 copies read in pieces of 21 bytes stay linear.
    let many = doc.repeat(100);
    let expected = whole("many.txt", &many, &Options::default()).unwrap();
    assert!(
        pieces(
            "many.txt",
            &many,
            &Options::default(),
            (1, 21),
            Written::Json
        )
        .unwrap()
            == expected
    );
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
