use super::*;

fn node(id: &str) -> Node {
    Node {
        id: id.to_string(),
        name: id.to_lowercase(),
        node_type: "country".to_string(),
    }
}

/// An article whose entity units are the given lists of ids.
fn article(units: &[&[&str]]) -> ArticleUnits {
    let mut out = ArticleUnits::default();
    let mut ids: Vec<&str> = Vec::new();
    let mut unit_indices = Vec::new();
    for unit in units {
        let mut members = Vec::new();
        for id in *unit {
            let i = match ids.iter().position(|x| x == id) {
                Some(i) => i,
                None => {
                    ids.push(id);
                    out.nodes.push(node(id));
                    ids.len() - 1
                }
            };
            members.push(i as u32);
        }
        members.sort_unstable();
        members.dedup();
        unit_indices.push(members);
    }
    out.units.push((Relation::Entities, unit_indices));
    out
}

fn counts(table: &Table) -> Vec<(String, String, u64, u64, u64, u64, u64)> {
    table
        .rows(1)
        .into_iter()
        .map(|r| {
            (
                r.a.id, r.b.id, r.count, r.articles, r.a_count, r.b_count, r.units,
            )
        })
        .collect()
}

#[test]
fn counts_pairs_articles_and_totals() {
    let mut table = Table::new(Unit::Sentence);
    table.add(&article(&[
        &["IRN", "RUS"],
        &["IRN", "RUS", "ARM"],
        &["IRN"],
    ]));
    table.add(&article(&[&["RUS", "IRN"]]));
    assert_eq!(
        counts(&table),
        [
            ("IRN".into(), "RUS".into(), 3, 2, 4, 3, 4),
            ("ARM".into(), "IRN".into(), 1, 1, 1, 4, 4),
            ("ARM".into(), "RUS".into(), 1, 1, 1, 3, 4),
        ]
    );
}

#[test]
fn pmi_values() {
    // Always together: npmi 1.
    assert_eq!(pmi(2, 2, 2, 2), (0.0, 1.0));
    // Independent: pmi 0.
    assert_eq!(pmi(1, 2, 2, 4).0, 0.0);
    let (p, n) = pmi(1, 1, 1, 4);
    assert_eq!(p, (4.0f64).ln().mul_add(1e6, 0.0).round() / 1e6);
    assert_eq!(n, 1.0);
}

#[test]
fn merge_equals_one_run_and_jsonl_round_trips() {
    let articles = [
        article(&[&["IRN", "RUS"], &["USA"]]),
        article(&[&["IRN", "USA"], &["IRN", "RUS"]]),
        article(&[&["ARM", "AZE"]]),
        article(&[&["IRN", "RUS", "AZE"]]),
    ];
    let mut whole = Table::new(Unit::Sentence);
    for a in &articles {
        whole.add(a);
    }
    let mut parts = Vec::new();
    for chunk in articles.chunks(2) {
        let mut t = Table::new(Unit::Sentence);
        for a in chunk {
            t.add(a);
        }
        let mut jsonl = Vec::new();
        output::write(&mut jsonl, &t, output::Format::Jsonl, 1).unwrap();
        parts.push(Table::from_jsonl("part", std::str::from_utf8(&jsonl).unwrap()).unwrap());
    }
    let mut merged = Table::new(Unit::Sentence);
    for p in &parts {
        merged.merge(p).unwrap();
    }
    assert_eq!(whole.rows(1), merged.rows(1));
    assert_eq!(whole.articles, merged.articles);
}

#[test]
fn filtered_tables_do_not_merge() {
    let mut t = Table::new(Unit::Sentence);
    t.add(&article(&[&["IRN", "RUS"]]));
    let mut jsonl = Vec::new();
    output::write(&mut jsonl, &t, output::Format::Jsonl, 2).unwrap();
    let err = Table::from_jsonl("p.jsonl", std::str::from_utf8(&jsonl).unwrap()).unwrap_err();
    assert!(
        err.starts_with("p.jsonl:1: this table was written with --min-count 2"),
        "{err}"
    );
}

#[test]
fn graph_formats_escape() {
    let mut t = Table::new(Unit::Sentence);
    let mut a = article(&[&["A&B", "C\"D"]]);
    a.nodes[0].name = "<A & B>".to_string();
    t.add(&a);
    for (format, needle) in [
        (output::Format::Graphml, "&lt;A &amp; B&gt;"),
        (output::Format::Gexf, "label=\"&lt;A &amp; B&gt;\""),
        (output::Format::Dot, "\"C\\\"D\""),
        (
            output::Format::Csv,
            "entities,A&B,<A & B>,country,\"C\"\"D\"",
        ),
    ] {
        let mut out = Vec::new();
        output::write(&mut out, &t, format, 1).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(needle), "{format:?}: {text}");
    }
}
