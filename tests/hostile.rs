//! Hostile input: each gives findings or a clear error, in bounded time and memory, and never
//! panics.

mod common;

use common::*;
use jixiao::{check_bytes, check_text, DecodeError, InputError, Options};
use std::time::{Duration, Instant};

fn timed<T>(limit_secs: u64, what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(limit_secs),
        "{what} took {took:?}"
    );
    out
}

/// Deterministic pseudo-random bytes.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn binary_data_is_a_clear_error() {
    let bytes = noise(1 << 20, 7);
    assert_eq!(
        check_bytes("x.bin", &bytes, &Options::default()).unwrap_err(),
        InputError::Decode(DecodeError::Binary)
    );
    assert_eq!(
        check_bytes("x", b"", &Options::default()).unwrap_err(),
        InputError::Decode(DecodeError::Empty)
    );
    // Mostly control characters without a NUL.
    let ctl: Vec<u8> = (0..4096).map(|i| (i % 8 + 1) as u8).collect();
    assert_eq!(
        check_bytes("x", &ctl, &Options::default()).unwrap_err(),
        InputError::Decode(DecodeError::Binary)
    );
}

#[test]
fn nul_bytes_and_invisible_characters_in_text() {
    let text = whole_corpus()
        .replacen("项目名称", "项目\u{0}名称", 3)
        .replace("总分", "\u{200B}总\u{202E}分\u{2066}");
    let r = timed(10, "nul", || check_text("x", &text, &Options::default()));
    assert_eq!(r.forms.len(), 27);
    // Zero-width and bidi controls are removed, so the 总分 rows still read.
    assert!(r.forms.iter().all(|f| f.form.reported.total.is_some()));
}

#[test]
fn a_100_mb_input_is_read_in_bounded_time() {
    let one = whole_corpus();
    let copies = (100 << 20) / one.len() + 1;
    let big = one.repeat(copies);
    assert!(big.len() >= 100 << 20);
    let r = timed(120, "100 MB", || {
        check_text("big", &big, &Options::default())
    });
    assert_eq!(r.forms.len(), 27 * copies);
}

#[test]
fn a_100_mb_input_that_is_no_form_stays_small() {
    let junk = "这不是表格\t123\tabc\n".repeat((100 << 20) / 22);
    let r = timed(60, "100 MB junk", || {
        check_text("junk", &junk, &Options::default())
    });
    assert_eq!(r.unplaced.len(), jixiao::recognize::MAX_UNPLACED);
    let truncated: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code.spec().code == "parse.unplaced_truncated")
        .collect();
    assert_eq!(truncated.len(), 1);
    let unlisted: usize = truncated[0].found.as_deref().unwrap().parse().unwrap();
    assert_eq!(
        unlisted + jixiao::recognize::MAX_UNPLACED,
        junk.lines().count()
    );
}

#[test]
fn one_10_mb_line() {
    let line = "年度资金总额".repeat((10 << 20) / 18);
    let r = timed(20, "10 MB line", || {
        check_text("x", &line, &Options::default())
    });
    assert_eq!(r.unplaced.len(), 1);
    assert_eq!(r.unplaced[0].text.len(), line.len());
    // The finding quotes the line, shortened.
    assert!(r.findings.iter().all(|f| f.message.chars().count() < 400));
    let tabs = "1\t".repeat(5 << 20);
    timed(20, "10 MB of cells", || {
        check_text("x", &tabs, &Options::default())
    });
}

#[test]
fn a_long_indicator_row_without_tabs_is_read_in_linear_time() {
    // Text copied from a PDF viewer has no tabs: cells are split on single spaces, and a result
    // phrase cut by them (`部分达成指 标`) is joined again from the row's last cells. A row of
    // 100,000 cells took time in its square there (a fuzzed form: 3.9 KB in 2 ms, 68 KB in
    // 1.4 s); now in its length.
    let head = "财政项目支出绩效自评表\n项目名称 甲\n一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n";
    let row = format!(
        "产出指标 数量指标 次数{} ≥1次 1次 90 90\n",
        " 甲".repeat(100_000)
    );
    let text = format!("{head}{row}总分 100 90\n");
    let r = timed(20, "a row of 100,000 cells", || {
        check_text("x", &text, &Options::default())
    });
    assert_eq!(r.forms.len(), 1);
}

#[test]
fn a_long_fact_value_without_tabs_is_read_in_linear_time() {
    // A 项目名称 whose value single spaces cut into 100,000 words: the words were joined and
    // cleaned again after each one, a square of the words (a fuzzed form spent half its time
    // there).
    let words = " 甲a".repeat(100_000);
    let text = format!("财政项目支出绩效自评表\n项目名称{words} 主管部门 乙\n");
    let r = timed(20, "a value of 100,000 words", || {
        check_text("x", &text, &Options::default())
    });
    assert_eq!(r.forms.len(), 1);
    let project = r.forms[0].form.project.as_deref().unwrap_or_default();
    assert_eq!(
        project.len(),
        words.len() - 1,
        "every word, one space apart"
    );
    assert_eq!(r.forms[0].form.department.as_deref(), Some("乙"));
}

#[test]
fn one_hundred_thousand_forms() {
    let form = "财政项目支出绩效自评表\n项目名称\t甲\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n产出指标\t数量指标\t次数\t≥1次\t1次\t90\t90\n总分\t\t\t\t\t100\t90\n";
    let text = form.repeat(100_000);
    let r = timed(60, "100k forms", || {
        check_text("x", &text, &Options::default())
    });
    assert_eq!(r.forms.len(), 100_000);
    assert!(r.unplaced.is_empty());
}

#[test]
fn deeply_repeated_headers() {
    for header in [
        "项目名称\t甲\n",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n",
        "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n",
        "财政项目支出绩效自评表\n",
        "满意 度指\t服务 对象\n",
    ] {
        let text = format!(
            "财政项目支出绩效自评表\n项目名称\t乙\n{}",
            header.repeat(50_000)
        );
        timed(30, header, || check_text("x", &text, &Options::default()));
    }
}

#[test]
fn unreadable_figures_are_findings() {
    let form = |total: &str, score: &str| {
        format!(
            "财政项目支出绩效自评表\n项目名称\t甲\n项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
             \t年度资金总额\t10\t{total}\t9\t10\t90.00\t9.00\n\
             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             产出指标\t数量指标\t次数\t≥1次\t1次\t90\t{score}\n总分\t\t\t\t\t100\t99\n"
        )
    };
    for (total, score, code) in [
        (
            "1234567890123456789012345678901234567890",
            "90",
            "parse.bad_number",
        ),
        ("1e309", "90", "parse.bad_number"),
        ("NaN", "90", "parse.bad_number"),
        ("10", "-5", "indicator.score_negative"),
        ("10", "九十", "indicator.missing_score"),
        ("10", "1e309", "parse.bad_number"),
        (
            "10",
            "99999999999999999999999999",
            "indicator.score_exceeds_weight",
        ),
    ] {
        let r = check_text("x", &form(total, score), &Options::default());
        let codes: Vec<&str> = r.forms[0]
            .findings
            .iter()
            .map(|f| f.code.spec().code)
            .collect();
        assert!(codes.contains(&code), "{total} {score}: {codes:?}");
    }
}

#[test]
fn huge_figures_do_not_overflow() {
    let max = "79228162514264337593543950335";
    let text = format!(
        "财政项目支出绩效自评表\n项目名称\t甲\n项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
         \t年度资金总额\t{max}\t0.0000000000000000000000000001\t{max}\t{max}\t{max}\t{max}\n\
         \t其中：当年财政拨款\t{max}\t{max}\t{max}\t-\t-\t-\n\t上年结转资金\t{max}\t{max}\t{max}\t-\t-\t-\n\
         一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
         产出指标\t数量指标\t次数\t≥0.0000000000000000000000000001次\t{max}次\t{max}\t{max}\n\
         \t\t比例\t≤{max}%\t0.0000000000000000000000000001%\t{max}\t1\n总分\t\t\t\t\t{max}\t{max}\n"
    );
    let r = check_text("x", &text, &Options::default());
    assert_eq!(r.forms.len(), 1);
}

#[test]
fn mixed_encodings_give_a_clear_error_or_a_reading() {
    let mut bytes = whole_corpus().into_bytes();
    let (gbk, _, _) = encoding_rs::GB18030.encode("总分\t100\t95.38\n");
    bytes.extend_from_slice(&gbk);
    match check_bytes("mixed.txt", &bytes, &Options::default()) {
        Err(e) => assert_eq!(e, InputError::Decode(DecodeError::Undecodable)),
        Ok(r) => assert!(!r.forms.is_empty() || !r.unplaced.is_empty()),
    }
    // Forced UTF-8 reads the UTF-8 part and replaces the rest.
    let forced = Options {
        encoding: Some(jixiao::Encoding::Utf8),
        ..Options::default()
    };
    assert_eq!(
        check_bytes("mixed.txt", &bytes, &forced)
            .unwrap()
            .forms
            .len(),
        27
    );
}

#[test]
fn right_to_left_text_and_markup_in_cells_stay_text() {
    let text = whole_corpus().replacen(
        "建设交通行业人才系列报告编制经费",
        "<script>alert(1)</script>\u{202E}عربي",
        1,
    );
    let r = check_text("x", &text, &Options::default());
    assert_eq!(
        r.forms[0].form.project.as_deref(),
        Some("<script>alert(1)</script>عربي")
    );
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("<script>alert(1)</script>"));
}

/// A PDF of `objects` (object 1 the catalog), with a right cross-reference table.
fn build_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend(data);
    out.extend(b"\nendstream");
    out
}

/// One page drawing `content` (object 4), with Form XObject `/X` as object 5.
fn one_page(content: Vec<u8>, x_object: Vec<u8>) -> Vec<u8> {
    build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>".to_vec(),
        content,
        x_object,
    ])
}

fn deflate_repeated(chunk: &[u8], times: usize) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    for _ in 0..times {
        z.write_all(chunk).unwrap();
    }
    z.finish().unwrap()
}

fn check_pdf_bytes(bytes: &[u8]) -> Result<jixiao::Report, InputError> {
    check_bytes("hostile.pdf", bytes, &Options::default())
}

/// The error of a file that must be refused (a report read instead is too long to show).
fn refused(read: Result<jixiao::Report, InputError>) -> InputError {
    match read {
        Ok(_) => panic!("read without an error"),
        Err(e) => e,
    }
}

#[test]
fn pdf_stream_bomb_stops_at_the_limit() {
    // 300 MiB of spaces in a few hundred KB: past the 256 MiB of decoded content read.
    let bomb = deflate_repeated(&[b' '; 1 << 20], 300);
    let pdf = one_page(stream("/Filter /FlateDecode", &bomb), b"null".to_vec());
    let err = timed(30, "stream bomb", || check_pdf_bytes(&pdf)).unwrap_err();
    assert!(matches!(err, InputError::TooLarge(_)), "{err:?}");
    assert!(err.to_string().contains("解压"), "{err}");
}

#[test]
fn pdf_xobjects_nested_deeply_stop_at_the_depth_limit() {
    // Form XObject 5 draws 6, which draws 7, … 40 levels down.
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>".to_vec(),
        stream("", b"/X Do"),
    ];
    for next in 6..46 {
        objects.push(stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X {next} 0 R >> >>"),
            b"/X Do",
        ));
    }
    let pdf = build_pdf(&objects);
    let err = timed(10, "deep XObjects", || check_pdf_bytes(&pdf)).unwrap_err();
    assert!(err.to_string().contains("嵌套"), "{err}");
    // One that draws itself is cut by the parser (a reference cycle): no text, no hang.
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>",
        b"/X Do",
    );
    let pdf = one_page(stream("", b"/X Do"), form);
    let err = timed(10, "XObject cycle", || check_pdf_bytes(&pdf)).unwrap_err();
    assert_eq!(err, InputError::PdfNoText);
}

#[test]
fn pdf_operator_flood_stops_at_the_limit() {
    // 60 million operators (more than the 50 million read), compressed to little.
    let flood = deflate_repeated(&b"n\n".repeat(1 << 20), 60);
    let pdf = one_page(stream("/Filter /FlateDecode", &flood), b"null".to_vec());
    let err = timed(60, "operator flood", || check_pdf_bytes(&pdf)).unwrap_err();
    assert!(err.to_string().contains("指令"), "{err}");
}

#[test]
fn pdf_truncated_or_with_a_wrong_xref_is_read_or_refused_plainly() {
    let whole = std::fs::read(fixture("pdf/word-002.pdf")).unwrap();
    // A wrong startxref: the cross-reference table is rebuilt by scanning the objects.
    let at = whole.windows(9).rposition(|w| w == b"startxref").unwrap();
    let mut wrong = whole[..at].to_vec();
    wrong.extend(b"startxref\n123\n%%EOF\n");
    let r = timed(10, "wrong xref", || check_pdf_bytes(&wrong)).unwrap();
    assert_eq!(r.forms.len(), 3);
    // Cut anywhere: read what is there, or a clear error; never a panic.
    for keep in [
        9,
        100,
        1000,
        whole.len() / 3,
        whole.len() / 2,
        whole.len() - 100,
    ] {
        match timed(10, "truncated", || check_pdf_bytes(&whole[..keep])) {
            Ok(r) => serde_json::to_string(&r).map(drop).unwrap(),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    // Random bytes after a PDF header.
    let mut junk = b"%PDF-1.4\n".to_vec();
    junk.extend(noise(100_000, 3));
    let err = check_pdf_bytes(&junk).unwrap_err();
    assert!(!matches!(err, InputError::Decode(_)), "{err:?}");
}

#[test]
fn two_label_rows_before_an_unlabelled_indicator_do_not_panic() {
    // Found by fuzzing the PDF reader (a ruling removed from stsong.pdf): two label-only rows
    // marked the same indicator twice and the centred-label grouping panicked.
    let text = "年度 指标值\t实际 完成值\t得分\n数量指标\n数量指标\n其他资金\t0\t0\n";
    let r = check_text("x", text, &Options::default());
    serde_json::to_string(&r).unwrap();
}

/// A simple font (WinAnsi, so `A` reads as A) whose `A` is `width` thousandths of the size wide.
fn font_a(width: u32) -> Vec<u8> {
    format!("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 65 /LastChar 65 /Widths [{width}] >>").into_bytes()
}

/// `pages` pages that all draw content object 4, with font `/F1` (object 5) and Form XObject
/// `/X` (object 6) in their shared resources (object 3); `more` are objects 7, 8, ….
fn shared_pages(
    pages: usize,
    content: Vec<u8>,
    font: Vec<u8>,
    x_object: Vec<u8>,
    more: Vec<Vec<u8>>,
) -> Vec<u8> {
    let first = 7 + more.len();
    let kids: String = (0..pages).map(|i| format!("{} 0 R ", first + i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {pages} >>").into_bytes(),
        b"<< /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >>".to_vec(),
        content,
        font,
        x_object,
    ];
    objects.extend(more);
    for _ in 0..pages {
        objects.push(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 3 0 R >>".to_vec());
    }
    build_pdf(&objects)
}

fn deflated(data: &[u8]) -> Vec<u8> {
    stream("/Filter /FlateDecode", &deflate_repeated(data, 1))
}

fn form(data: &[u8]) -> Vec<u8> {
    let z = deflate_repeated(data, 1);
    stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Filter /FlateDecode",
        &z,
    )
}

#[test]
fn pdf_one_huge_paragraph_is_read_in_linear_time() {
    // 30,000 lines of one wide glyph each, one under the other: every line reaches the right
    // edge and is long, so they all join into one paragraph (joined line by line).
    let mut content = b"BT /F1 10 Tf\n".to_vec();
    for k in 0..30_000 {
        content.extend(format!("1 0 0 1 0 {} Tm (A) Tj\n", 800 - 12 * k).bytes());
    }
    content.extend(b"ET");
    let pdf = shared_pages(
        1,
        deflated(&content),
        font_a(20_000),
        b"null".to_vec(),
        vec![],
    );
    let r = timed(10, "one huge paragraph", || check_pdf_bytes(&pdf)).expect("read");
    assert_eq!(r.unplaced.len(), 1, "one paragraph");
}

/// A ruled grid of `cols` × `rows` cells, 3 pt apart, with one glyph in a cell.
fn grid_page(cols: usize, rows: usize) -> Vec<u8> {
    let mut content = b"0.5 w\n".to_vec();
    let (w, h) = (cols * 3, rows * 3);
    for k in 0..=rows {
        content.extend(format!("0 {} m {w} {} l\n", k * 3, k * 3).bytes());
    }
    for k in 0..=cols {
        content.extend(format!("{} 0 m {} {h} l\n", k * 3, k * 3).bytes());
    }
    content.extend(b"S\nBT /F1 2 Tf 1 0 0 1 4 4 Tm (A) Tj ET\n");
    shared_pages(1, deflated(&content), font_a(500), b"null".to_vec(), vec![])
}

#[test]
fn pdf_a_huge_ruled_grid_is_read_in_bounded_time() {
    // 200 × 4,800 cells (5,002 rulings): within the limits, read in linear time.
    let pdf = grid_page(200, 4_800);
    let r = timed(5, "huge grid", || check_pdf_bytes(&pdf)).unwrap();
    serde_json::to_string(&r).unwrap();
}

#[test]
fn pdf_grids_past_the_cell_and_ruling_limits_are_refused() {
    // 1,500 × 1,500 cells: past the 2,000,000 grid cells of a document.
    let pdf = grid_page(1_500, 1_500);
    let err = refused(timed(5, "cells", || check_pdf_bytes(&pdf)));
    assert!(err.to_string().contains("单元格"), "{err}");
    // 6,000 × 6,000 rulings: past the 10,000 rulings of a page.
    let pdf = grid_page(6_000, 6_000);
    let err = refused(timed(5, "rulings", || check_pdf_bytes(&pdf)));
    assert!(err.to_string().contains("表格线"), "{err}");
}

#[test]
fn pdf_glyph_floods_stop_at_the_page_limit() {
    // A Form XObject showing a million glyphs, drawn 200 times (about 30 KB of file).
    let mut text = b"BT /F1 1 Tf (".to_vec();
    text.extend(vec![b'A'; 1 << 20]);
    text.extend(b") Tj ET");
    let pdf = shared_pages(
        1,
        deflated(&b"/X Do\n".repeat(200)),
        font_a(500),
        form(&text),
        vec![],
    );
    let err = refused(timed(20, "Tj in a form", || check_pdf_bytes(&pdf)));
    assert!(err.to_string().contains("单页文字"), "{err}");
    // One TJ array of 24 million strings.
    let mut text = b"BT /F1 1 Tf [".to_vec();
    text.extend(b"(A)-1".repeat(24_000_000));
    text.extend(b"] TJ ET");
    let pdf = shared_pages(1, deflated(&text), font_a(500), b"null".to_vec(), vec![]);
    let err = refused(timed(30, "long TJ", || check_pdf_bytes(&pdf)));
    assert!(err.to_string().contains("单页文字"), "{err}");
    // One string of 100 million codes in a font without known text: counted, never held.
    let unknown = b"<< /Type /Font /Subtype /Type1 /BaseFont /NoSuchFont >>".to_vec();
    let mut text = b"BT /F1 1 Tf (".to_vec();
    text.extend(vec![b'A'; 100 << 20]);
    text.extend(b") Tj ET");
    let pdf = shared_pages(1, deflated(&text), unknown, b"null".to_vec(), vec![]);
    let err = refused(timed(30, "long string", || check_pdf_bytes(&pdf)));
    assert_eq!(err, InputError::PdfNoUnicode(100));
}

#[test]
fn pdf_segment_flood_stops_at_the_page_limit() {
    // A Form XObject stroking 100,000 squares (400,000 segments), drawn 190 times.
    let pdf = shared_pages(
        1,
        deflated(&b"/X Do\n".repeat(190)),
        font_a(500),
        form(&b"0 0 9 9 re S\n".repeat(100_000)),
        vec![],
    );
    let err = refused(timed(20, "segments in a form", || check_pdf_bytes(&pdf)));
    assert!(err.to_string().contains("单页线段"), "{err}");
}

#[test]
fn pdf_glyphs_and_segments_past_the_document_limits_are_refused() {
    // 41 pages of 99,999 glyphs each: each page within its limit, the document past 4,000,000.
    let mut text = b"BT /F1 1 Tf (".to_vec();
    text.extend(vec![b'A'; 99_999]);
    text.extend(b") Tj ET");
    let pdf = shared_pages(41, deflated(&text), font_a(500), b"null".to_vec(), vec![]);
    let err = refused(timed(30, "glyphs", || check_pdf_bytes(&pdf)));
    assert!(err.to_string().contains("文字总数"), "{err}");
    // 41 pages of 99,996 segments each, past 4,000,000 in all.
    let mut content = b"BT /F1 1 Tf (A) Tj ET\n".to_vec();
    content.extend(b"0 0 9 9 re S\n".repeat(24_999));
    let pdf = shared_pages(
        41,
        deflated(&content),
        font_a(500),
        b"null".to_vec(),
        vec![],
    );
    let err = refused(timed(30, "segments", || check_pdf_bytes(&pdf)));
    assert!(err.to_string().contains("线段总数"), "{err}");
}

/// A ToUnicode CMap of `entries` one-byte codes, all mapped to `to` (a UTF-16BE hex).
fn to_unicode(entries: usize, to: &str) -> Vec<u8> {
    let mut cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /Test def\n1 begincodespacerange <00> <FF> endcodespacerange\n".to_vec();
    for block in 0..entries.div_ceil(100) {
        let n = (entries - block * 100).min(100);
        cmap.extend(format!("{n} beginbfchar\n").bytes());
        for _ in 0..n {
            cmap.extend(format!("<41> <{to}>\n").bytes());
        }
        cmap.extend(b"endbfchar\n");
    }
    cmap.extend(b"endcmap CMapName currentdict /CMap defineresource pop end end\n");
    stream("", &cmap)
}

#[test]
fn pdf_an_inline_font_is_loaded_once_per_resource_dictionary() {
    // The page's font /F1 is written inline, its ToUnicode (120 KB) a stream; 3,000 `Tf` of it
    // would decode 360 MB if each loaded it again. The Form XObject has its own inline /F1,
    // mapping A to Z: the same name in another resource dictionary is another font.
    let inline = |map: usize| {
        format!("/F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode {map} 0 R >>")
    };
    let mut content = Vec::new();
    for k in 0..3_000 {
        content.extend(
            format!(
                "BT /F1 10 Tf 1 0 0 1 {} {} Tm (A) Tj ET\n",
                20 + (k % 50) * 10,
                800 - (k / 50) * 12
            )
            .bytes(),
        );
    }
    content.extend(b"/X Do\n");
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << {} >> /XObject << /X 5 0 R >> >> >>", inline(6)).into_bytes(),
        deflated(&content),
        stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << {} >> >>", inline(7)),
            b"BT /F1 10 Tf 1 0 0 1 20 20 Tm (A) Tj ET",
        ),
        to_unicode(10_000, "0041"),
        to_unicode(1, "005A"),
    ];
    let pdf = build_pdf(&objects);
    if let Err(e) = timed(10, "inline fonts", || check_pdf_bytes(&pdf)) {
        panic!("{e}");
    }
    let pages = jixiao::inputs::pdf::page_texts(&pdf, &jixiao::decode::native).unwrap();
    assert_eq!(pages[0].matches('A').count(), 3_000);
    assert!(
        pages[0].ends_with('Z'),
        "{}",
        &pages[0][pages[0].len() - 10..]
    );
}

#[test]
fn pdf_huge_cid_width_arrays_stay_small_and_fast() {
    // An Identity-H font whose /W repeats `0 [65,536 widths]` 20,000 times (by reference):
    // 1.3 billion widths if each were kept.
    let identity = |w: &str| {
        format!("<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /W {w} >>] >>").into_bytes()
    };
    let text = b"BT /F1 1 Tf <00410041> Tj ET".to_vec();
    let big = format!("[{}]", "1000 ".repeat(65_536)).into_bytes();
    let pdf = shared_pages(
        1,
        deflated(&text),
        identity(&format!("[{}]", "0 7 0 R ".repeat(20_000))),
        b"null".to_vec(),
        vec![big],
    );
    let err = refused(timed(20, "/W of references", || check_pdf_bytes(&pdf)));
    assert!(matches!(err, InputError::PdfNoUnicode(_)), "{err:?}");
    // A /W of 33,333 ranges that miss every code drawn, and 2,000,000 codes: each width is
    // looked up in a table, not by trying every range.
    let mut text = b"BT /F1 1 Tf <".to_vec();
    text.extend(b"0041".repeat(2_000_000));
    text.extend(b"> Tj ET");
    let pdf = shared_pages(
        1,
        deflated(&text),
        identity(&format!("[{}]", "1 1 500 ".repeat(33_333))),
        b"null".to_vec(),
        vec![],
    );
    let err = refused(timed(20, "/W of ranges", || check_pdf_bytes(&pdf)));
    assert!(matches!(err, InputError::PdfNoUnicode(_)), "{err:?}");
}
