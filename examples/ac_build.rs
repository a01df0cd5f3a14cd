use aho_corasick::{AhoCorasick, MatchKind};
use std::time::Instant;
fn main() {
    let g = whosaid::GazetteerBuilder::new().build().unwrap();
    let mut by_type = std::collections::BTreeMap::new();
    for e in g.entities() {
        *by_type.entry(e.entity_type.as_str()).or_insert(0usize) += e.surface_forms().count();
    }
    println!("{by_type:?}");
    let pats: Vec<String> = g.patterns().to_vec();
    for n in [10_000usize, 30_000, 60_000, 128_000] {
        let sub: Vec<&String> = pats.iter().step_by((pats.len() / n).max(1)).collect();
        let t = Instant::now();
        let _ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&sub)
            .unwrap();
        println!("{} patterns: build {:?}", sub.len(), t.elapsed());
    }
    let t = Instant::now();
    let text = whosaid::gazetteer::DEFAULT_PEOPLE;
    let n = text.lines().map(|l| l.split('\t').count()).sum::<usize>();
    println!("split people.tsv {:?} ({n} cells)", t.elapsed());
}
