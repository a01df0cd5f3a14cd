//! Criterion benchmarks, one per pipeline stage, on the seed article and on a large article
//! (all the known articles joined), plus loading the embedded data.
//!
//! ```text
//! cargo bench --bench stages
//! ```

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use whosaid::quotes::QuoteFinder;
use whosaid::record::{Record, RecordView};
use whosaid::{Article, Extractor, GazetteerBuilder, MentionFinder};

fn articles() -> Vec<(&'static str, Article)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read_to_string(root.join("seeds/000_7f991ce8c2ac45f0.txt")).expect("seed");
    let mut large = String::new();
    let mut paths: Vec<_> = std::fs::read_dir(root.join("tests/known"))
        .expect("tests/known")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let content = std::fs::read_to_string(&path).expect("known article");
        large.push_str(&Article::from_file_content("k", &content).text);
        large.push_str("\n\n");
    }
    vec![
        ("seed", Article::from_file_content("seed", &seed)),
        ("large", Article::from_text("large", large)),
    ]
}

fn stages(c: &mut Criterion) {
    let extractor = Extractor::embedded().expect("embedded data");
    let mentions = MentionFinder::new();
    let quotes = QuoteFinder::new();
    for (name, article) in articles() {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(article.text.len() as u64));
        let sentences = extractor.segmenter().segment(&article);
        let entities = mentions.find(extractor.gazetteer(), &article);
        let found = quotes.find(&article, &sentences, &entities);
        group.bench_function("segment", |b| {
            b.iter(|| extractor.segmenter().segment(black_box(&article)))
        });
        group.bench_function("gazetteer", |b| {
            b.iter(|| extractor.gazetteer().find_all(black_box(&article.text)))
        });
        group.bench_function("mentions", |b| {
            b.iter(|| mentions.find(extractor.gazetteer(), black_box(&article)))
        });
        group.bench_function("quotes", |b| {
            b.iter(|| quotes.find(black_box(&article), &sentences, &entities))
        });
        group.bench_function("record", |b| {
            b.iter(|| Record::new(black_box(&article), &entities, &sentences, &found))
        });
        // As `whosaid extract` writes a record: from a view of the findings.
        group.bench_function("serialise", |b| {
            b.iter(|| {
                let mut line = Vec::new();
                RecordView::new(black_box(&article), &entities, &sentences, &found)
                    .write_json(&mut line);
                line
            })
        });
        group.bench_function("extract", |b| {
            b.iter(|| extractor.extract(black_box(&article)))
        });
        group.finish();
    }
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("gazetteer", |b| b.iter(|| GazetteerBuilder::new().build()));
    group.bench_function("extractor", |b| b.iter(Extractor::embedded));
    group.finish();
}

criterion_group!(benches, stages, load);
criterion_main!(benches);
