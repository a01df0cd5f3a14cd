//! Prints how many cases of a sentence-segmentation test file whosaid passes, and each failure.
//!
//! ```text
//! cargo run --example segment_score                          # the Golden Rules
//! cargo run --example segment_score tests/data/sentences_news.jsonl
//! ```
//! The file holds JSON Lines `{"name", "text", "sentences": [...]}`.

use serde::Deserialize;
use whosaid::Segmenter;

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    sentences: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/data/golden_rules_en.jsonl".to_string());
    let data = std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    let segmenter = Segmenter::new();
    let (mut total, mut passed) = (0, 0);
    for (number, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Case = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("{path}:{}: {e}", number + 1))?;
        let got: Vec<&str> = segmenter
            .split(&case.text)
            .iter()
            .map(|span| span.text(&case.text))
            .collect();
        total += 1;
        if got == case.sentences {
            passed += 1;
        } else {
            println!(
                "FAIL {}\n  expected: {:?}\n  got:      {got:?}",
                case.name, case.sentences
            );
        }
    }
    println!("{passed}/{total} cases pass ({path})");
    Ok(())
}
