//! Each stage of the pipeline timed on its own, on one ~1.5 MB document (the corpus files of
//! tests/fixtures/corpus concatenated, repeated), every stage's throughput counted in input
//! bytes so that Criterion prints each stage's throughput (in MB/s) and the stages compare
//! directly:
//!
//! - `decode`: bytes → text (`decode::decode`) and the text normalised (`decode::normalize`);
//! - `grid`: normalised text → rows (`grid::rows`);
//! - `recognise`: rows → forms (`recognize::recognize`);
//! - `rules`: each form's rounding decided, then its rules run and its report assembled
//!   (`rules::decide_rounding`, `rules::check`, `FormReport::assemble`, chained as
//!   `pipeline::check_text_as` chains them);
//! - `json`: every form's report written as JSON into one reused buffer;
//! - `whole`: `check_bytes` and the report written as JSON (what the CLI does per document);
//! - `pieces-1`, `pieces-2`: the same in pieces (`stream::check_json`, what the CLI does with a
//!   document from 1 MiB) on one thread and on two.
//!
//! Every stage's input is made before it is timed, and memory is allocated with jemalloc as in
//! the CLI. Run: `cargo bench --bench stages` (about two minutes on 2 cores); one stage:
//! `cargo bench --bench stages -- rules`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use jixiao::{decode, grid, recognize, rules, FormReport, Options};
use std::hint::black_box;
use std::time::Duration;

/// The command line's allocator (jemalloc, see Cargo.toml), so that each stage is timed as the
/// CLI runs it: with glibc's malloc the reading stages take about twice as long.
#[cfg(all(feature = "native", not(target_env = "msvc")))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The document's size: the corpus (about 81 KB) repeated until at least this.
const TARGET_BYTES: usize = 1_500_000;

fn document() -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let corpus: Vec<u8> = files
        .iter()
        .flat_map(|p| std::fs::read(p).unwrap())
        .collect();
    assert!(!corpus.is_empty(), "no corpus files");
    let mut doc = Vec::with_capacity(TARGET_BYTES + corpus.len());
    while doc.len() < TARGET_BYTES {
        doc.extend_from_slice(&corpus);
    }
    doc
}

/// The rules stage: rounding decided over the document's forms, then each form checked and its
/// report assembled with the reader's findings.
fn run_rules(read: recognize::Recognized, forced: Option<rules::Rounding>) -> Vec<FormReport> {
    let read_forms: Vec<&jixiao::model::Form> = read.forms.iter().map(|rf| &rf.form).collect();
    let roundings = rules::decide_rounding(&read_forms, forced);
    read.forms
        .into_iter()
        .zip(roundings)
        .map(|(rf, (rounding, source))| {
            let checked = rules::check(rf.form, rounding, source);
            FormReport::assemble(checked, rf.findings)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let opts = Options::default();
    let bytes = document();
    // Each stage's input, made once, outside any timing.
    let (decoded, _) = decode::decode(&bytes, None).unwrap();
    let text = decode::normalize(&decoded).into_owned();
    let rows = grid::rows(&text);
    let read = recognize::recognize(&rows);
    let reports = run_rules(read.clone(), opts.rounding);
    eprintln!(
        "stages: one document of {:.2} MB, {} rows, {} forms",
        bytes.len() as f64 / 1e6,
        rows.len(),
        reports.len()
    );

    let mut group = c.benchmark_group("stages");
    group
        .throughput(Throughput::BytesDecimal(bytes.len() as u64))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(6));

    group.bench_function("decode", |b| {
        b.iter(|| {
            let (text, encoding) = decode::decode(black_box(&bytes), None).unwrap();
            let normal = decode::normalize(&text);
            black_box((normal.len(), encoding));
        })
    });
    group.bench_function("grid", |b| b.iter(|| grid::rows(black_box(&text))));
    group.bench_function("recognise", |b| {
        b.iter(|| recognize::recognize(black_box(&rows)))
    });
    group.bench_function("rules", |b| {
        b.iter_batched(
            || read.clone(),
            |read| run_rules(read, opts.rounding),
            BatchSize::LargeInput,
        )
    });
    let mut out: Vec<u8> = Vec::new();
    group.bench_function("json", |b| {
        b.iter(|| {
            out.clear();
            for report in black_box(&reports) {
                serde_json::to_writer(&mut out, report).unwrap();
            }
            black_box(out.len())
        })
    });
    group.bench_function("whole", |b| {
        b.iter(|| {
            let report = jixiao::check_bytes("stages.txt", black_box(&bytes), &opts).unwrap();
            let mut json = Vec::new();
            serde_json::to_writer(&mut json, &report).unwrap();
            json
        })
    });
    // The same document in pieces (src/stream.rs), on one thread and on two: the census of
    // every form's rounding is read first, so one thread does the reading twice.
    for threads in [1, 2] {
        group.bench_function(format!("pieces-{threads}"), |b| {
            b.iter(|| {
                let open = || Ok(Box::new(&bytes[..]) as Box<dyn std::io::Read + Send>);
                let mut json = Vec::new();
                jixiao::stream::check_json(
                    "stages.txt",
                    &open,
                    jixiao::Format::Text,
                    &opts,
                    &decode::native,
                    threads,
                    &mut json,
                )
                .unwrap();
                json
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
