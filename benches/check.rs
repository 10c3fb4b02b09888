//! Read + check per corpus file, and the same with the JSON report written (what the CLI does).
//! Run: `cargo bench --bench check`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

/// The command line's allocator (jemalloc, see Cargo.toml), as in `benches/stages.rs`: with
/// glibc's malloc the reading takes about twice as long as the CLI's.
#[cfg(all(feature = "native", not(target_env = "msvc")))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn corpus() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let opts = jixiao::Options::default();
    for (name, text) in corpus() {
        let mut group = c.benchmark_group(&name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("check", |b| {
            b.iter(|| jixiao::check_bytes(&name, black_box(text.as_bytes()), &opts).unwrap())
        });
        group.bench_function("check+json", |b| {
            b.iter(|| {
                let r = jixiao::check_bytes(&name, black_box(text.as_bytes()), &opts).unwrap();
                serde_json::to_string(&r).unwrap()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
