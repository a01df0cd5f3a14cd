//! Writing and reading co-occurrence tables: CSV, TSV, lossless JSON Lines (the format
//! `whosaid cooc merge` reads), and the graph formats GraphML, GEXF (Gephi) and DOT.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::{Node, NodeCount, PairRow, Relation, Table, Unit};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values, one pair per row, with a header.
    Csv,
    /// Tab-separated values, one pair per row, with a header.
    Tsv,
    /// JSON Lines: a `meta` line, one `node` line per node and relation (its totals), one
    /// `pair` line per pair. Lossless: `merge` reads it back.
    Jsonl,
    /// GraphML (yEd, Gephi, NetworkX).
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// Graphviz DOT.
    Dot,
}

/// The tabular columns, in order.
pub const COLUMNS: [&str; 14] = [
    "relation", "a_id", "a_name", "a_type", "b_id", "b_name", "b_type", "count", "articles",
    "a_count", "b_count", "units", "pmi", "npmi",
];

/// Writes `table` (pairs seen at least `min_count` times) in `format`.
pub fn write(
    out: &mut impl Write,
    table: &Table,
    format: Format,
    min_count: u64,
) -> io::Result<()> {
    let rows = table.rows(min_count);
    match format {
        Format::Csv | Format::Tsv => {
            let sep = if format == Format::Csv { "," } else { "\t" };
            writeln!(out, "{}", COLUMNS.join(sep))?;
            for row in &rows {
                let cells = [
                    row.relation.as_str().to_string(),
                    row.a.id.clone(),
                    row.a.name.clone(),
                    row.a.node_type.clone(),
                    row.b.id.clone(),
                    row.b.name.clone(),
                    row.b.node_type.clone(),
                    row.count.to_string(),
                    row.articles.to_string(),
                    row.a_count.to_string(),
                    row.b_count.to_string(),
                    row.units.to_string(),
                    row.pmi.to_string(),
                    row.npmi.to_string(),
                ];
                let line: Vec<String> = cells
                    .iter()
                    .map(|c| {
                        if format == Format::Csv {
                            csv_cell(c)
                        } else {
                            c.replace(['\t', '\n', '\r'], " ")
                        }
                    })
                    .collect();
                writeln!(out, "{}", line.join(sep))?;
            }
            Ok(())
        }
        Format::Jsonl => write_jsonl(out, table, &rows, min_count),
        Format::Graphml => write_graphml(out, &rows),
        Format::Gexf => write_gexf(out, &rows),
        Format::Dot => write_dot(out, &rows),
    }
}

fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "row", rename_all = "lowercase")]
enum Line {
    Meta {
        format: String,
        version: u32,
        unit: Unit,
        articles: u64,
        min_count: u64,
        units: std::collections::BTreeMap<Relation, u64>,
    },
    Node {
        relation: Relation,
        #[serde(flatten)]
        node: Node,
        #[serde(flatten)]
        count: NodeCount,
    },
    Pair {
        relation: Relation,
        a_id: String,
        a_name: String,
        a_type: String,
        b_id: String,
        b_name: String,
        b_type: String,
        count: u64,
        articles: u64,
        a_count: u64,
        b_count: u64,
        units: u64,
        pmi: f64,
        npmi: f64,
    },
}

fn write_jsonl(
    out: &mut impl Write,
    table: &Table,
    rows: &[PairRow],
    min_count: u64,
) -> io::Result<()> {
    let units = [
        Relation::Entities,
        Relation::SpeakerEntity,
        Relation::SpeakerSpeaker,
    ]
    .into_iter()
    .filter(|r| table.relations.contains_key(r))
    .map(|r| (r, table.units(r)))
    .collect();
    let mut line = |value: &Line| -> io::Result<()> {
        serde_json::to_writer(&mut *out, value)?;
        writeln!(out)
    };
    line(&Line::Meta {
        format: "whosaid-cooc".to_string(),
        version: 1,
        unit: table.unit,
        articles: table.articles,
        min_count,
        units,
    })?;
    for (relation, node, count) in table.node_rows() {
        line(&Line::Node {
            relation,
            node: node.clone(),
            count: count.clone(),
        })?;
    }
    for row in rows {
        line(&Line::Pair {
            relation: row.relation,
            a_id: row.a.id.clone(),
            a_name: row.a.name.clone(),
            a_type: row.a.node_type.clone(),
            b_id: row.b.id.clone(),
            b_name: row.b.name.clone(),
            b_type: row.b.node_type.clone(),
            count: row.count,
            articles: row.articles,
            a_count: row.a_count,
            b_count: row.b_count,
            units: row.units,
            pmi: row.pmi,
            npmi: row.npmi,
        })?;
    }
    Ok(())
}

/// Reads the lossless JSON Lines back into a table.
pub(super) fn read_jsonl(name: &str, data: &str) -> Result<Table, String> {
    let mut table: Option<Table> = None;
    for (number, text) in data.lines().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let at = || format!("{name}:{}", number + 1);
        let line: Line = serde_json::from_str(text)
            .map_err(|e| format!("{}: not a whosaid cooc line: {e}", at()))?;
        match (line, table.as_mut()) {
            (
                Line::Meta {
                    unit,
                    articles,
                    min_count,
                    units,
                    format,
                    ..
                },
                None,
            ) => {
                if format != "whosaid-cooc" {
                    return Err(format!("{}: not a whosaid cooc table", at()));
                }
                if min_count > 1 {
                    return Err(format!(
                        "{}: this table was written with --min-count {min_count}; only complete tables \
                         (--min-count 1) merge exactly",
                        at()
                    ));
                }
                let mut t = Table::new(unit);
                t.articles = articles;
                for (relation, n) in units {
                    t.set_units(relation, n);
                }
                table = Some(t);
            }
            (Line::Meta { .. }, Some(_)) => return Err(format!("{}: a second meta line", at())),
            (_, None) => return Err(format!("{}: the first line must be the meta line", at())),
            (
                Line::Node {
                    relation,
                    node,
                    count,
                },
                Some(t),
            ) => t.set_node_count(relation, &node, count),
            (
                Line::Pair {
                    relation,
                    a_id,
                    a_name,
                    a_type,
                    b_id,
                    b_name,
                    b_type,
                    count,
                    articles,
                    ..
                },
                Some(t),
            ) => {
                let a = Node {
                    id: a_id,
                    name: a_name,
                    node_type: a_type,
                };
                let b = Node {
                    id: b_id,
                    name: b_name,
                    node_type: b_type,
                };
                t.set_pair(relation, &a, &b, count, articles);
            }
        }
    }
    table.ok_or_else(|| format!("{name}: empty: no meta line"))
}

/// The nodes of `rows`, each once, in order of first appearance, with their largest count.
fn graph_nodes(rows: &[PairRow]) -> Vec<(&Node, u64)> {
    let mut nodes: Vec<(&Node, u64)> = Vec::new();
    let mut seen = rustc_hash::FxHashMap::default();
    for row in rows {
        for (node, count) in [(&row.a, row.a_count), (&row.b, row.b_count)] {
            match seen.get(&node.id) {
                Some(&i) => {
                    let entry: &mut (&Node, u64) = &mut nodes[i];
                    entry.1 = entry.1.max(count);
                }
                None => {
                    seen.insert(node.id.clone(), nodes.len());
                    nodes.push((node, count));
                }
            }
        }
    }
    nodes
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn write_graphml(out: &mut impl Write, rows: &[PairRow]) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#
    )?;
    for (id, target, name, kind) in [
        ("label", "node", "label", "string"),
        ("type", "node", "type", "string"),
        ("count", "node", "count", "long"),
        ("relation", "edge", "relation", "string"),
        ("weight", "edge", "weight", "long"),
        ("articles", "edge", "articles", "long"),
        ("pmi", "edge", "pmi", "double"),
        ("npmi", "edge", "npmi", "double"),
    ] {
        writeln!(
            out,
            r#"  <key id="{id}" for="{target}" attr.name="{name}" attr.type="{kind}"/>"#
        )?;
    }
    writeln!(out, r#"  <graph id="cooc" edgedefault="undirected">"#)?;
    for (node, count) in graph_nodes(rows) {
        writeln!(
            out,
            r#"    <node id="{}"><data key="label">{}</data><data key="type">{}</data><data key="count">{count}</data></node>"#,
            xml(&node.id),
            xml(&node.name),
            xml(&node.node_type)
        )?;
    }
    for (i, row) in rows.iter().enumerate() {
        writeln!(
            out,
            r#"    <edge id="e{i}" source="{}" target="{}"><data key="relation">{}</data><data key="weight">{}</data><data key="articles">{}</data><data key="pmi">{}</data><data key="npmi">{}</data></edge>"#,
            xml(&row.a.id),
            xml(&row.b.id),
            row.relation.as_str(),
            row.count,
            row.articles,
            row.pmi,
            row.npmi
        )?;
    }
    writeln!(out, "  </graph>\n</graphml>")
}

fn write_gexf(out: &mut impl Write, rows: &[PairRow]) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
    writeln!(out, r#"  <graph defaultedgetype="undirected">"#)?;
    writeln!(
        out,
        r#"    <attributes class="node"><attribute id="0" title="type" type="string"/><attribute id="1" title="count" type="long"/></attributes>"#
    )?;
    writeln!(
        out,
        r#"    <attributes class="edge"><attribute id="0" title="relation" type="string"/><attribute id="1" title="articles" type="long"/><attribute id="2" title="pmi" type="double"/><attribute id="3" title="npmi" type="double"/></attributes>"#
    )?;
    writeln!(out, "    <nodes>")?;
    for (node, count) in graph_nodes(rows) {
        writeln!(
            out,
            r#"      <node id="{}" label="{}"><attvalues><attvalue for="0" value="{}"/><attvalue for="1" value="{count}"/></attvalues></node>"#,
            xml(&node.id),
            xml(&node.name),
            xml(&node.node_type)
        )?;
    }
    writeln!(out, "    </nodes>\n    <edges>")?;
    for (i, row) in rows.iter().enumerate() {
        writeln!(
            out,
            r#"      <edge id="{i}" source="{}" target="{}" weight="{}"><attvalues><attvalue for="0" value="{}"/><attvalue for="1" value="{}"/><attvalue for="2" value="{}"/><attvalue for="3" value="{}"/></attvalues></edge>"#,
            xml(&row.a.id),
            xml(&row.b.id),
            row.count,
            row.relation.as_str(),
            row.articles,
            row.pmi,
            row.npmi
        )?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")
}

fn dot_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_dot(out: &mut impl Write, rows: &[PairRow]) -> io::Result<()> {
    writeln!(out, "graph cooc {{")?;
    for (node, count) in graph_nodes(rows) {
        writeln!(
            out,
            "  {} [label={}, type={}, count={count}];",
            dot_string(&node.id),
            dot_string(&node.name),
            dot_string(&node.node_type)
        )?;
    }
    for row in rows {
        writeln!(
            out,
            "  {} -- {} [relation={}, weight={}, articles={}, pmi={}, npmi={}];",
            dot_string(&row.a.id),
            dot_string(&row.b.id),
            dot_string(row.relation.as_str()),
            row.count,
            row.articles,
            row.pmi,
            row.npmi
        )?;
    }
    writeln!(out, "}}")
}
