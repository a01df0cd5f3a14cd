//! Co-occurrence counts checked by hand, and the exact merge of partial tables.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use whosaid::cooc::output::{self, Format};
use whosaid::cooc::{ArticleUnits, CoocOptions, Table, Unit};
use whosaid::{ArticleReader, Extractor, ReadOptions};

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::embedded().expect("embedded data"));

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn table(paths: &[PathBuf], options: &CoocOptions) -> Table {
    let mut table = Table::new(options.unit);
    for article in ArticleReader::new(paths, ReadOptions::default()) {
        let article = article.unwrap();
        let analysis = EXTRACTOR.analyse(&article);
        table.add(&ArticleUnits::of(&analysis, EXTRACTOR.gazetteer(), options));
    }
    table
}

/// (a name, b name, count, articles, a_count, b_count, units) per pair.
fn rows(table: &Table) -> Vec<(String, String, u64, u64, u64, u64, u64)> {
    table
        .rows(1)
        .into_iter()
        .map(|r| {
            (
                r.a.name, r.b.name, r.count, r.articles, r.a_count, r.b_count, r.units,
            )
        })
        .collect()
}

fn row(a: &str, b: &str, counts: [u64; 5]) -> (String, String, u64, u64, u64, u64, u64) {
    let [count, articles, a_count, b_count, units] = counts;
    (
        a.to_string(),
        b.to_string(),
        count,
        articles,
        a_count,
        b_count,
        units,
    )
}

/// tests/data/cooc_small.jsonl, counted by hand: a1 has two sentences with Iran and Russia;
/// a2 has Tehran (Iran) with Armenia, then Russia alone; a3 has the S-400, Syria and Russia.
/// Units are the sentences that mention an entity: 5.
#[test]
fn small_corpus_by_sentence() {
    let options = CoocOptions::default();
    let table = table(&[data("tests/data/cooc_small.jsonl")], &options);
    assert_eq!(
        rows(&table),
        [
            row("Iran", "Russia", [2, 1, 3, 4, 5]),
            row("Armenia", "Iran", [1, 1, 1, 3, 5]),
            row("Russia", "Syria", [1, 1, 4, 1, 5]),
            row("Russia", "S-400", [1, 1, 4, 1, 5]),
            row("Syria", "S-400", [1, 1, 1, 1, 5]),
        ]
    );
    let pairs = table.rows(1);
    // ln(2·5 / (3·4)) and its normalisation by −ln(2/5).
    assert_eq!(pairs[0].pmi, -0.182322);
    assert_eq!(pairs[0].npmi, -0.198978);
}

/// By paragraph: a1 is one paragraph, a2 two, a3 one: 4 units.
#[test]
fn small_corpus_by_paragraph() {
    let options = CoocOptions {
        unit: Unit::Paragraph,
        ..CoocOptions::default()
    };
    let table = table(&[data("tests/data/cooc_small.jsonl")], &options);
    assert_eq!(
        rows(&table)[..2],
        [
            row("Armenia", "Iran", [1, 1, 1, 2, 4]),
            row("Iran", "Russia", [1, 1, 2, 3, 4])
        ]
    );
}

/// The seed, counted by hand sentence by sentence: Iran is in 9 of the 11 sentences that name
/// an entity, Russia in 8, both in 8; Baqeri is with Iran in 4 (the lede, where `Chief of Staff
/// of the Iranian Armed Forces` is his role, the meeting, his quotation, his first indirect
/// quote), Shoigu in 2; Azerbaijan and Armenia share one.
#[test]
fn the_seed_by_sentence() {
    let table = table(
        &[data("seeds/000_7f991ce8c2ac45f0.txt")],
        &CoocOptions::default(),
    );
    let rows = rows(&table);
    let find = |a: &str, b: &str| rows.iter().find(|r| r.0 == a && r.1 == b).cloned();
    assert_eq!(
        find("Iran", "Russia"),
        Some(row("Iran", "Russia", [8, 1, 9, 8, 11]))
    );
    assert_eq!(find("Iran", "Mohammad Bagheri").map(|r| r.2), Some(4));
    assert_eq!(find("Iran", "Sergei Shoigu").map(|r| r.2), Some(2));
    assert_eq!(
        find("Armenia", "Azerbaijan"),
        Some(row("Armenia", "Azerbaijan", [1, 1, 1, 1, 11]))
    );
}

/// A sample of bbc-news-2225 split in three: merging the three partial tables (written and
/// read back as lossless JSON Lines) gives exactly the table of one run over the whole.
#[test]
fn merge_of_three_shards_equals_one_run() {
    let options = CoocOptions {
        speakers: true,
        ..CoocOptions::default()
    };
    let sample = std::fs::read_to_string(data("tests/data/bbc_sample.jsonl")).unwrap();
    let lines: Vec<&str> = sample.lines().collect();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cooc_shards");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut merged: Option<Table> = None;
    for (k, chunk) in lines.chunks(lines.len().div_ceil(3)).enumerate() {
        let shard = dir.join(format!("shard{k}.jsonl"));
        std::fs::write(&shard, chunk.join("\n")).unwrap();
        let partial = table(&[shard], &options);
        let mut jsonl = Vec::new();
        output::write(&mut jsonl, &partial, Format::Jsonl, 1).unwrap();
        let back = Table::from_jsonl("shard", std::str::from_utf8(&jsonl).unwrap()).unwrap();
        match merged.as_mut() {
            None => merged = Some(back),
            Some(m) => m.merge(&back).unwrap(),
        }
    }
    let merged = merged.unwrap();
    let whole = table(&[data("tests/data/bbc_sample.jsonl")], &options);
    assert_eq!(merged.articles, 90);
    assert!(
        whole.rows(1).len() > 100,
        "the sample should give a real table"
    );
    assert_eq!(merged.rows(1), whole.rows(1));
}
