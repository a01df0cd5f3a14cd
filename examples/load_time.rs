//! Prints how long loading the embedded data takes, stage by stage (median of 5 runs).
//!
//! ```text
//! cargo run --release --example load_time
//! ```

use std::time::{Duration, Instant};

use whosaid::{Extractor, GazetteerBuilder, MentionFinder, Segmenter};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(f: impl Fn()) -> Duration {
    median(
        (0..5)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let gazetteer = GazetteerBuilder::new()
        .build()
        .expect("embedded gazetteers load");
    println!(
        "{} entities, {} surface forms (variants included)",
        gazetteer.entities().len(),
        gazetteer.pattern_count()
    );
    println!(
        "segmenter      {:>8.1} ms",
        time(|| drop(Segmenter::new())).as_secs_f64() * 1e3
    );
    println!(
        "gazetteer      {:>8.1} ms",
        time(|| drop(GazetteerBuilder::new().build())).as_secs_f64() * 1e3
    );
    println!(
        "mention finder {:>8.1} ms",
        time(|| drop(MentionFinder::new())).as_secs_f64() * 1e3
    );
    println!(
        "extractor      {:>8.1} ms",
        time(|| drop(Extractor::embedded())).as_secs_f64() * 1e3
    );
}
