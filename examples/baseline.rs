//! The throughput ceiling for the corpus benchmark: one leftmost-longest Aho-Corasick pass with
//! whosaid's own gazetteer surface forms over the `text` of every JSON Lines record, JSON
//! parsing included, and nothing else. Prints the number of matches.
//!
//! ```text
//! cargo run --release --example baseline -- FILE.jsonl...
//! ```

use std::io::BufRead;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    text: String,
}

fn main() -> anyhow::Result<()> {
    let gazetteer = whosaid::GazetteerBuilder::new().build()?;
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(gazetteer.patterns())?;
    let mut matches = 0usize;
    let mut line = String::new();
    for path in std::env::args().skip(1) {
        let mut input = std::io::BufReader::new(std::fs::File::open(&path)?);
        loop {
            line.clear();
            if input.read_line(&mut line)? == 0 {
                break;
            }
            if let Ok(record) = serde_json::from_str::<Record>(&line) {
                matches += automaton.find_iter(&record.text).count();
            }
        }
    }
    println!("{matches}");
    Ok(())
}
