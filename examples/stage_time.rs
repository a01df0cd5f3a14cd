//! Times each pipeline stage over a JSON Lines corpus, single-threaded (whole seconds per stage).
//!
//! ```text
//! cargo run --release --example stage_time -- FILE.jsonl...
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use whosaid::quotes::QuoteFinder;
use whosaid::record::RecordView;
use whosaid::{ArticleReader, Extractor, MentionFinder, ReadOptions};

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let start = Instant::now();
    let extractor = Extractor::embedded().expect("embedded data");
    let load = start.elapsed();
    let start = Instant::now();
    let articles: Vec<_> = ArticleReader::new(&paths, ReadOptions::default())
        .filter_map(Result::ok)
        .collect();
    let read = start.elapsed();
    let mentions = MentionFinder::new();
    let quotes = QuoteFinder::new();
    let mut times = [Duration::ZERO; 6];
    let mut bytes = 0usize;
    for article in &articles {
        let t = Instant::now();
        let sentences = extractor.segmenter().segment(article);
        times[0] += t.elapsed();
        let t = Instant::now();
        let matches = extractor.gazetteer().find_all(&article.text);
        times[1] += t.elapsed();
        drop(matches);
        let t = Instant::now();
        let entities = mentions.find(extractor.gazetteer(), article);
        times[2] += t.elapsed();
        let t = Instant::now();
        let found = quotes.find(article, &sentences, &entities);
        times[3] += t.elapsed();
        let t = Instant::now();
        // As `whosaid extract` writes it: a view of the findings, serialised.
        let record = RecordView::new(article, &entities, &sentences, &found);
        times[4] += t.elapsed();
        let t = Instant::now();
        let mut line = Vec::new();
        record.write_json(&mut line);
        bytes += line.len();
        times[5] += t.elapsed();
    }
    println!(
        "load {load:?}, read+parse {read:?} ({} articles)",
        articles.len()
    );
    for (name, t) in [
        "segment",
        "gazetteer",
        "mentions (incl. gazetteer)",
        "quotes",
        "record",
        "serialise",
    ]
    .iter()
    .zip(times)
    {
        println!("{name:28} {:>8.3} s", t.as_secs_f64());
    }
    println!("{bytes} bytes of JSON");
}
