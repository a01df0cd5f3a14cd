//! Entity co-occurrence: counts pairs of entities that occur in the same sentence, paragraph
//! or article across a corpus, and who talks about whom (speaker × entity, speaker × speaker),
//! with PMI — streaming, so memory grows with the number of distinct pairs, not articles.
//!
//! Entities are counted by id (`IRN` for Iran, Iranian and Tehran alike). A [`Table`] is built
//! from articles one at a time ([`Table::add`] takes what [`ArticleUnits::of`] makes of an
//! analysed article, which can run on any thread) and written with [`output`]. Tables from
//! shards of a corpus [`merge`](Table::merge) into exactly the table of the whole corpus: the
//! lossless JSON Lines output keeps every count PMI needs.
//!
//! # PMI
//! For a pair (a, b) seen together in `count` units out of `units`, with a seen in `a_count`
//! units and b in `b_count`: `pmi = ln(count · units / (a_count · b_count))` and
//! `npmi = pmi / −ln(count / units)` (1 when a and b only ever occur together; 0 when
//! independent). A relation's units are: the sentences, paragraphs or articles that mention at
//! least one counted entity, for entity pairs; the quotes with a resolved speaker, for speaker
//! × entity; the articles with a resolved speaker, for speaker × speaker.

pub mod output;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::gazetteer::{EntityType, Gazetteer};
use crate::pipeline::Analysis;
use crate::quotes::ResolvedBy;

/// The unit within which two entities co-occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// The same sentence.
    Sentence,
    /// The same paragraph.
    Paragraph,
    /// The same article.
    Article,
}

/// What a table relates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Entities in the same unit.
    Entities,
    /// A speaker and the entities mentioned in their quotes (unit: a quote).
    SpeakerEntity,
    /// Two speakers quoted in the same article (unit: an article).
    SpeakerSpeaker,
}

impl Relation {
    /// `entities`, `speaker-entity` or `speaker-speaker`.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Entities => "entities",
            Relation::SpeakerEntity => "speaker-entity",
            Relation::SpeakerSpeaker => "speaker-speaker",
        }
    }
}

/// A node: an entity or a speaker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Entity id (`IRN`, `Q123`, `person:slug`, or `source:slug` for an unnamed source).
    pub id: String,
    /// Display name: the gazetteer's canonical name, else the first name seen.
    pub name: String,
    /// `person`, `country`, `weapon` or `source`.
    #[serde(rename = "type")]
    pub node_type: String,
}

/// What to count.
#[derive(Clone, Debug)]
pub struct CoocOptions {
    /// The unit for entity pairs.
    pub unit: Unit,
    /// Entity types to count (empty: all).
    pub types: Vec<EntityType>,
    /// Also count speaker × entity and speaker × speaker.
    pub speakers: bool,
}

impl Default for CoocOptions {
    fn default() -> CoocOptions {
        CoocOptions {
            unit: Unit::Sentence,
            types: Vec::new(),
            speakers: false,
        }
    }
}

/// One article reduced to what co-occurrence needs: its nodes and, per relation, its units as
/// sets of node indices.
#[derive(Clone, Debug, Default)]
pub struct ArticleUnits {
    nodes: Vec<Node>,
    /// (relation, units; each unit a sorted, deduplicated list of indices into `nodes`; for
    /// speaker × entity the first index is the speaker).
    units: Vec<(Relation, Vec<Vec<u32>>)>,
}

impl ArticleUnits {
    /// The units of one analysed article.
    pub fn of(analysis: &Analysis, gazetteer: &Gazetteer, options: &CoocOptions) -> ArticleUnits {
        let mut out = ArticleUnits::default();
        let mut index: FxHashMap<String, u32> = FxHashMap::default();
        let mut node_of = |node: Node, out: &mut ArticleUnits| -> u32 {
            *index.entry(node.id.clone()).or_insert_with(|| {
                out.nodes.push(node);
                (out.nodes.len() - 1) as u32
            })
        };
        let wanted = |t: EntityType| options.types.is_empty() || options.types.contains(&t);
        // Entity nodes, and for each entity its mentions' positions.
        let mut entity_node: Vec<Option<u32>> = Vec::with_capacity(analysis.entities.len());
        for entity in &analysis.entities {
            if !wanted(entity.entity_type) {
                entity_node.push(None);
                continue;
            }
            let name = entity.gazetteer.map_or_else(
                || entity.canonical.clone(),
                |g| gazetteer.entity(g).canonical.clone(),
            );
            let node = Node {
                id: entity.id.clone(),
                name,
                node_type: entity.entity_type.as_str().to_string(),
            };
            entity_node.push(Some(node_of(node, &mut out)));
        }
        let sentence_of = |at: usize| {
            analysis
                .sentences
                .partition_point(|s| s.span.end <= at)
                .min(analysis.sentences.len().saturating_sub(1))
        };
        let mut by_unit: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
        for (entity, node) in analysis.entities.iter().zip(&entity_node) {
            let Some(node) = node else { continue };
            for mention in &entity.mentions {
                let unit = match options.unit {
                    Unit::Article => 0,
                    Unit::Sentence => sentence_of(mention.span.start),
                    Unit::Paragraph => analysis
                        .sentences
                        .get(sentence_of(mention.span.start))
                        .map_or(0, |s| s.paragraph),
                };
                by_unit.entry(unit).or_default().push(*node);
            }
        }
        let units = by_unit
            .into_values()
            .map(|mut nodes| {
                nodes.sort_unstable();
                nodes.dedup();
                nodes
            })
            .collect();
        out.units.push((Relation::Entities, units));
        if options.speakers {
            let mut quote_units = Vec::new();
            let mut speakers = Vec::new();
            for quote in &analysis.quotes {
                let speaker = &quote.speaker;
                let node = match (speaker.entity, &speaker.name) {
                    (Some(e), _) => {
                        let entity = &analysis.entities[e];
                        let name = entity.gazetteer.map_or_else(
                            || entity.canonical.clone(),
                            |g| gazetteer.entity(g).canonical.clone(),
                        );
                        Node {
                            id: entity.id.clone(),
                            name,
                            node_type: entity.entity_type.as_str().to_string(),
                        }
                    }
                    (None, Some(name)) if speaker.resolved_by != ResolvedBy::Unresolved => Node {
                        id: source_slug(name),
                        name: name.clone(),
                        node_type: "source".to_string(),
                    },
                    _ => continue,
                };
                let speaker_node = node_of(node, &mut out);
                speakers.push(speaker_node);
                let mut unit = vec![speaker_node];
                for (entity, node) in analysis.entities.iter().zip(&entity_node) {
                    let Some(node) = node else { continue };
                    let inside = entity
                        .mentions
                        .iter()
                        .any(|m| quote.content.contains(m.span));
                    if inside && *node != speaker_node && !unit[1..].contains(node) {
                        unit.push(*node);
                    }
                }
                unit[1..].sort_unstable();
                quote_units.push(unit);
            }
            out.units.push((Relation::SpeakerEntity, quote_units));
            speakers.sort_unstable();
            speakers.dedup();
            out.units.push((Relation::SpeakerSpeaker, vec![speakers]));
        }
        out
    }
}

/// `source:` and a description in lowercase, words joined by hyphens.
fn source_slug(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    format!("source:{}", words.join("-"))
}

/// Counts for one node in one relation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeCount {
    /// Units the node occurs in.
    pub count: u64,
    /// Articles the node occurs in.
    pub articles: u64,
}

/// Counts for one pair in one relation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct PairCount {
    count: u64,
    articles: u64,
    /// The last article (sequence number) that counted, to count articles once.
    last_article: u64,
}

/// Per-relation counts.
#[derive(Clone, Debug, Default)]
struct RelationCounts {
    units: u64,
    nodes: FxHashMap<u32, NodeCount>,
    node_last_article: FxHashMap<u32, u64>,
    pairs: FxHashMap<(u32, u32), PairCount>,
}

/// A co-occurrence table being built or merged.
#[derive(Clone, Debug)]
pub struct Table {
    /// The unit of entity pairs.
    pub unit: Unit,
    /// Articles counted.
    pub articles: u64,
    nodes: Vec<Node>,
    node_index: FxHashMap<String, u32>,
    relations: BTreeMap<Relation, RelationCounts>,
}

/// One row of output: a pair with its counts and PMI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairRow {
    /// What the pair relates.
    pub relation: Relation,
    /// The first node (for speaker relations, the speaker).
    pub a: Node,
    /// The second node.
    pub b: Node,
    /// Units with both.
    pub count: u64,
    /// Articles with both.
    pub articles: u64,
    /// Units with a.
    pub a_count: u64,
    /// Units with b.
    pub b_count: u64,
    /// Units of this relation in all.
    pub units: u64,
    /// Pointwise mutual information.
    pub pmi: f64,
    /// Normalised PMI, in [-1, 1].
    pub npmi: f64,
}

impl Table {
    /// An empty table for entity pairs within `unit`.
    pub fn new(unit: Unit) -> Table {
        Table {
            unit,
            articles: 0,
            nodes: Vec::new(),
            node_index: FxHashMap::default(),
            relations: BTreeMap::new(),
        }
    }

    fn intern(&mut self, node: &Node) -> u32 {
        if let Some(&i) = self.node_index.get(&node.id) {
            return i;
        }
        self.nodes.push(node.clone());
        let i = (self.nodes.len() - 1) as u32;
        self.node_index.insert(node.id.clone(), i);
        i
    }

    /// Counts one article.
    pub fn add(&mut self, article: &ArticleUnits) {
        self.articles += 1;
        let seq = self.articles;
        let global: Vec<u32> = article.nodes.iter().map(|n| self.intern(n)).collect();
        for (relation, units) in &article.units {
            let counts = self.relations.entry(*relation).or_default();
            for unit in units {
                counts.units += 1;
                let members: Vec<u32> = unit.iter().map(|&i| global[i as usize]).collect();
                for &node in &members {
                    let c = counts.nodes.entry(node).or_default();
                    c.count += 1;
                    let last = counts.node_last_article.entry(node).or_insert(0);
                    if *last != seq {
                        *last = seq;
                        c.articles += 1;
                    }
                }
                let mut count_pair = |a: u32, b: u32| {
                    let p = counts.pairs.entry((a, b)).or_default();
                    p.count += 1;
                    if p.last_article != seq {
                        p.last_article = seq;
                        p.articles += 1;
                    }
                };
                match relation {
                    Relation::SpeakerEntity => {
                        if let Some((&speaker, rest)) = members.split_first() {
                            for &entity in rest {
                                count_pair(speaker, entity);
                            }
                        }
                    }
                    Relation::Entities | Relation::SpeakerSpeaker => {
                        for (k, &a) in members.iter().enumerate() {
                            for &b in &members[k + 1..] {
                                let (a, b) = ordered(&self.nodes, a, b);
                                count_pair(a, b);
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds a partial table (from another shard of the corpus) to this one. Tables of the same
    /// unit merge exactly: counts add, PMI is recomputed from the sums.
    pub fn merge(&mut self, other: &Table) -> Result<(), String> {
        if other.unit != self.unit {
            return Err(format!(
                "tables of different units cannot merge ({:?} and {:?})",
                self.unit, other.unit
            ));
        }
        self.articles += other.articles;
        let global: Vec<u32> = other.nodes.iter().map(|n| self.intern(n)).collect();
        for (relation, theirs) in &other.relations {
            let ours = self.relations.entry(*relation).or_default();
            ours.units += theirs.units;
            for (node, c) in &theirs.nodes {
                let mine = ours.nodes.entry(global[*node as usize]).or_default();
                mine.count += c.count;
                mine.articles += c.articles;
            }
            for ((a, b), p) in &theirs.pairs {
                let (a, b) = (global[*a as usize], global[*b as usize]);
                let key = if *relation == Relation::SpeakerEntity {
                    (a, b)
                } else {
                    ordered(&self.nodes, a, b)
                };
                let mine = ours.pairs.entry(key).or_default();
                mine.count += p.count;
                mine.articles += p.articles;
            }
        }
        Ok(())
    }

    /// The pairs seen at least `min_count` times, most frequent first (then by ids): the
    /// output order is deterministic.
    pub fn rows(&self, min_count: u64) -> Vec<PairRow> {
        let mut rows = Vec::new();
        for (relation, counts) in &self.relations {
            for (&(a, b), p) in &counts.pairs {
                if p.count < min_count {
                    continue;
                }
                let a_count = counts.nodes.get(&a).map_or(0, |c| c.count);
                let b_count = counts.nodes.get(&b).map_or(0, |c| c.count);
                let (pmi, npmi) = pmi(p.count, a_count, b_count, counts.units);
                rows.push(PairRow {
                    relation: *relation,
                    a: self.nodes[a as usize].clone(),
                    b: self.nodes[b as usize].clone(),
                    count: p.count,
                    articles: p.articles,
                    a_count,
                    b_count,
                    units: counts.units,
                    pmi,
                    npmi,
                });
            }
        }
        rows.sort_by(|x, y| {
            x.relation
                .cmp(&y.relation)
                .then(y.count.cmp(&x.count))
                .then_with(|| x.a.id.cmp(&y.a.id))
                .then_with(|| x.b.id.cmp(&y.b.id))
        });
        rows
    }

    /// Every node with its counts per relation, sorted by relation then id.
    pub fn node_rows(&self) -> Vec<(Relation, &Node, &NodeCount)> {
        let mut out = Vec::new();
        for (relation, counts) in &self.relations {
            for (node, c) in &counts.nodes {
                out.push((*relation, &self.nodes[*node as usize], c));
            }
        }
        out.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1.id.cmp(&y.1.id)));
        out
    }

    /// Units counted per relation.
    pub fn units(&self, relation: Relation) -> u64 {
        self.relations.get(&relation).map_or(0, |c| c.units)
    }

    /// Loads a table from the lossless JSON Lines output; errors name `name` and the line.
    pub fn from_jsonl(name: &str, data: &str) -> Result<Table, String> {
        output::read_jsonl(name, data)
    }

    fn set_node_count(&mut self, relation: Relation, node: &Node, count: NodeCount) {
        let i = self.intern(node);
        self.relations
            .entry(relation)
            .or_default()
            .nodes
            .insert(i, count);
    }

    fn set_units(&mut self, relation: Relation, units: u64) {
        self.relations.entry(relation).or_default().units = units;
    }

    fn set_pair(&mut self, relation: Relation, a: &Node, b: &Node, count: u64, articles: u64) {
        let (a, b) = (self.intern(a), self.intern(b));
        let pair = PairCount {
            count,
            articles,
            last_article: 0,
        };
        self.relations
            .entry(relation)
            .or_default()
            .pairs
            .insert((a, b), pair);
    }
}

/// A pair's nodes in a fixed order (by id), so (a, b) and (b, a) are one pair.
fn ordered(nodes: &[Node], a: u32, b: u32) -> (u32, u32) {
    if nodes[a as usize].id <= nodes[b as usize].id {
        (a, b)
    } else {
        (b, a)
    }
}

/// PMI and NPMI from counts (natural logarithms); 0 when undefined.
pub fn pmi(count: u64, a_count: u64, b_count: u64, units: u64) -> (f64, f64) {
    if count == 0 || a_count == 0 || b_count == 0 || units == 0 {
        return (0.0, 0.0);
    }
    let (c, a, b, n) = (count as f64, a_count as f64, b_count as f64, units as f64);
    let pmi = (c * n / (a * b)).ln();
    let p_ab = c / n;
    let npmi = if p_ab >= 1.0 { 1.0 } else { pmi / -p_ab.ln() };
    (round6(pmi), round6(npmi))
}

/// Six decimals: enough for analysis, and the same digits whatever the summation order.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests;
