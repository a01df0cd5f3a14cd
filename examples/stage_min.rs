//! Times each stage over a corpus several times (default 5) and prints each stage's fastest
//! pass, in seconds: steadier than one pass on a noisy machine, for comparing changes.
//!
//! ```text
//! cargo run --release --example stage_min -- [--passes N] FILE.jsonl...
//! ```

use std::path::PathBuf;
use std::time::Instant;

use whosaid::quotes::QuoteFinder;
use whosaid::record::RecordView;
use whosaid::{ArticleReader, Extractor, MentionFinder, ReadOptions};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut passes = 5;
    if args.first().is_some_and(|a| a == "--passes") && args.len() > 1 {
        passes = args[1].parse().expect("--passes N");
        args.drain(..2);
    }
    let paths: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
    let extractor = Extractor::embedded().expect("embedded data");
    let articles: Vec<_> = ArticleReader::new(&paths, ReadOptions::default())
        .filter_map(Result::ok)
        .collect();
    let mentions = MentionFinder::new();
    let quotes = QuoteFinder::new();
    let sentences: Vec<_> = articles
        .iter()
        .map(|a| extractor.segmenter().segment(a))
        .collect();
    let entities: Vec<_> = articles
        .iter()
        .map(|a| mentions.find(extractor.gazetteer(), a))
        .collect();
    let found: Vec<_> = articles
        .iter()
        .zip(&sentences)
        .zip(&entities)
        .map(|((a, s), e)| quotes.find(a, s, e))
        .collect();
    let mut best = [f64::MAX; 6];
    for _ in 0..passes {
        let t = Instant::now();
        for a in &articles {
            std::hint::black_box(extractor.segmenter().segment(a));
        }
        best[0] = best[0].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for a in &articles {
            std::hint::black_box(extractor.gazetteer().find_all(&a.text));
        }
        best[5] = best[5].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for a in &articles {
            std::hint::black_box(mentions.find(extractor.gazetteer(), a));
        }
        best[1] = best[1].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for ((a, s), e) in articles.iter().zip(&sentences).zip(&entities) {
            std::hint::black_box(quotes.find(a, s, e));
        }
        best[2] = best[2].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let mut bytes = 0;
        for (((a, s), e), q) in articles.iter().zip(&sentences).zip(&entities).zip(&found) {
            let record = RecordView::new(a, e, s, q);
            let mut line = Vec::new();
            record.write_json(&mut line);
            bytes += line.len();
        }
        std::hint::black_box(bytes);
        best[3] = best[3].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for a in &articles {
            std::hint::black_box(extractor.extract(a));
        }
        best[4] = best[4].min(t.elapsed().as_secs_f64());
    }
    println!(
        "segment {:.3}  gazetteer {:.3}  mentions (incl. gazetteer) {:.3}  quotes {:.3}  \
         record+json {:.3}  extract {:.3}",
        best[0], best[5], best[1], best[2], best[3], best[4]
    );
}
