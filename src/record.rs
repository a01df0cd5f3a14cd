//! The who-said-what record: the last stage, which turns the pipeline's findings for one
//! article into the JSON object whosaid writes.
//!
//! # Format
//! One JSON object per article (JSON Lines for several):
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "id": "000_7f991ce8c2ac45f0",
//!   "date": "2023-09-20",
//!   "title": "Top Gen.: Iran, Russia Working on Long-Term Military Cooperation Pact",
//!   "byline": "Staff, Agencies",
//!   "entities": [
//!     {"id": "IRN", "type": "country", "canonical": "Iran",
//!      "mentions": [{"text": "Iranian", "span": [42, 49], "how": "demonym"}]}
//!   ],
//!   "quotes": [
//!     {"speaker": {"name": "Mohammad Hossein Baqeri", "entity_id": "Q18511806",
//!                  "type": "person", "mention": {"text": "Baqeri", "span": [693, 699]},
//!                  "resolved_by": "surname"},
//!      "cue": {"text": "said", "span": [700, 704]},
//!      "kind": "direct",
//!      "content": {"text": "The Leader of the Islamic Revolution …", "span": [454, 691]},
//!      "sentences": [2, 2], "paragraphs": [2, 2],
//!      "rule": "direct:after"}
//!   ]
//! }
//! ```
//!
//! - `date`, `title` and `byline` are `null` when the article has none.
//! - `entities` are in order of first mention; `type` is `person`, `country` or `weapon`;
//!   `id` is the gazetteer id (ISO alpha-3, Wikidata QID, or a slug) or `person:slug` for a
//!   person found in the text only; `mentions` are in text order.
//! - `how` says how a mention was found: `canonical`, `alias`, `capital`, `demonym` (gazetteer
//!   forms), `titled`, `given_name`, `attributed` (detected names: after a title, from a given
//!   name, before a speech verb or role appositive), `short_form` (a surname used again),
//!   `role` (a role standing for the person: `the Russian defence minister`).
//! - Every `span` is a half-open pair of **character offsets** (Unicode scalar values) into the
//!   article text: in Python, `text[span[0]:span[1]] == mention["text"]`.
//! - `quotes` are in text order. `speaker.name` is the resolved name (a person's canonical
//!   name, or an unnamed source's description as written), `null` when unresolved — never a
//!   pronoun; `entity_id` and `type` point into `entities` when the speaker is one (`type` is
//!   `source` for a description, `unknown` when unresolved); `mention` is the text in the
//!   attribution that stands for the speaker (`he`, `the envoy`), or `null`; `resolved_by` is
//!   `name`, `surname`, `pronoun`, `role`, `description` or `unresolved`.
//! - `cue` is the reporting verb or phrase (`said`, `according to`, `:`), or `null`.
//! - `kind` is `direct`, `indirect` or `mixed`; `content` is the reported words (for a direct
//!   quote, between the quotation marks; a paragraph break or an interrupting attribution in
//!   between stays in, so that `content.text` is always the article text at `content.span`).
//! - `sentences` and `paragraphs` are the first and last index (0-based, inclusive) of the
//!   sentences and paragraphs the content spans. `rule` names the pattern that found the quote.
//! - Fields of a JSONL input other than `id`, `date`, `title`, `text` are copied to the top
//!   level of the record, after the fields above (they never replace them).
//!
//! `schema_version` changes whenever a field is renamed, removed or changes meaning.

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::article::Article;
use crate::gazetteer::FormKind;
use crate::mentions::{ArticleEntity, MentionKind};
use crate::quotes::{Quote, ResolvedBy};
use crate::segment::Sentence;
use crate::span::{CharOffsets, Span};

/// The version of the record format described in this module.
pub const SCHEMA_VERSION: u32 = 1;

/// The record of one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The record format's version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The article's id.
    pub id: String,
    /// Publication date, if known.
    pub date: Option<String>,
    /// Headline, if known.
    pub title: Option<String>,
    /// Byline, if the article has one.
    pub byline: Option<String>,
    /// People, countries and weapons systems, in order of first mention.
    pub entities: Vec<EntityRecord>,
    /// Quotes, in text order.
    pub quotes: Vec<QuoteRecord>,
    /// Input fields passed through.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One entity of the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Gazetteer id, or `person:slug`.
    pub id: String,
    /// `person`, `country` or `weapon`.
    #[serde(rename = "type")]
    pub entity_type: String,
    /// Canonical name.
    pub canonical: String,
    /// Mentions in text order.
    pub mentions: Vec<MentionRecord>,
}

/// One quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRecord {
    /// Who said it.
    pub speaker: SpeakerRecord,
    /// The cue, if any.
    pub cue: Option<TextSpan>,
    /// `direct`, `indirect` or `mixed`.
    pub kind: String,
    /// The reported words.
    pub content: TextSpan,
    /// First and last sentence index (inclusive).
    pub sentences: [usize; 2],
    /// First and last paragraph index (inclusive).
    pub paragraphs: [usize; 2],
    /// The pattern that found it.
    pub rule: String,
}

/// A quote's speaker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerRecord {
    /// Resolved name, or `null` when unresolved.
    pub name: Option<String>,
    /// The entity's id in `entities`, when the speaker is one.
    pub entity_id: Option<String>,
    /// `person`, `country`, `weapon`, `source` (a description) or `unknown`.
    #[serde(rename = "type")]
    pub speaker_type: String,
    /// The words in the attribution that stand for the speaker.
    pub mention: Option<TextSpan>,
    /// `name`, `surname`, `pronoun`, `role`, `description` or `unresolved`.
    pub resolved_by: String,
}

/// A piece of the article text and its character span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    /// The text.
    pub text: String,
    /// Half-open character offsets into the article text.
    pub span: [usize; 2],
}

/// One mention: the text, its character span, and how it was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// The mention's text.
    pub text: String,
    /// Half-open character offsets into the article text.
    pub span: [usize; 2],
    /// How it was found (see the module docs).
    pub how: String,
}

impl Record {
    /// The record of `article` with its entities, sentences and quotes.
    pub fn new(
        article: &Article,
        entities: &[ArticleEntity],
        sentences: &[Sentence],
        quotes: &[Quote],
    ) -> Record {
        let offsets = CharOffsets::new(&article.text);
        let text_span = |span: Span| TextSpan {
            text: span.text(&article.text).to_string(),
            span: offsets.chars(span),
        };
        let quotes = quotes
            .iter()
            .map(|q| {
                let (sentences, paragraphs) = quote_position(q, sentences);
                let entity = q.speaker.entity.and_then(|e| entities.get(e));
                QuoteRecord {
                    speaker: SpeakerRecord {
                        name: q.speaker.name.clone(),
                        entity_id: entity.map(|e| e.id.clone()),
                        speaker_type: speaker_type(q, entity).to_string(),
                        mention: q.speaker.mention.map(text_span),
                        resolved_by: q.speaker.resolved_by.as_str().to_string(),
                    },
                    cue: q.cue.map(text_span),
                    kind: q.kind.as_str().to_string(),
                    content: text_span(q.content),
                    sentences,
                    paragraphs,
                    rule: q.rule.to_string(),
                }
            })
            .collect();
        let mut extra = article.extra.clone();
        for reserved in RESERVED {
            extra.remove(reserved);
        }
        Record {
            schema_version: SCHEMA_VERSION,
            id: article.id.clone(),
            date: article.date.clone(),
            title: article.title.clone(),
            byline: article.byline.clone(),
            entities: entities
                .iter()
                .map(|e| EntityRecord {
                    id: e.id.clone(),
                    entity_type: e.entity_type.as_str().to_string(),
                    canonical: e.canonical.clone(),
                    mentions: e
                        .mentions
                        .iter()
                        .map(|m| MentionRecord {
                            text: m.span.text(&article.text).to_string(),
                            span: offsets.chars(m.span),
                            how: mention_kind_name(m.kind).to_string(),
                        })
                        .collect(),
                })
                .collect(),
            quotes,
            extra,
        }
    }
}

/// Fields of a record that input fields passed through never replace.
const RESERVED: [&str; 7] = [
    "schema_version",
    "id",
    "date",
    "title",
    "byline",
    "entities",
    "quotes",
];

/// The record of one article, borrowed from the pipeline's findings: it serialises to the
/// same JSON as [`Record::new`] with the same arguments, without copying every mention's and
/// quote's text into a [`Record`] first (which took about as long as writing the JSON).
pub struct RecordView<'a> {
    article: &'a Article,
    entities: &'a [ArticleEntity],
    sentences: &'a [Sentence],
    quotes: &'a [Quote],
    offsets: CharOffsets<'a>,
}

impl<'a> RecordView<'a> {
    /// The record of `article` with its entities, sentences and quotes.
    pub fn new(
        article: &'a Article,
        entities: &'a [ArticleEntity],
        sentences: &'a [Sentence],
        quotes: &'a [Quote],
    ) -> RecordView<'a> {
        RecordView {
            article,
            entities,
            sentences,
            quotes,
            offsets: CharOffsets::new(&article.text),
        }
    }

    fn text_span(&self, span: Span) -> TextSpanView<'a> {
        TextSpanView {
            text: span.text(&self.article.text),
            span: self.offsets.chars(span),
        }
    }
}

// The views below mirror the owned record types field by field, in the same order and with
// the same names, so that the JSON is byte for byte the same (the tests compare).

#[derive(Serialize)]
struct TextSpanView<'a> {
    text: &'a str,
    span: [usize; 2],
}

#[derive(Serialize)]
struct MentionView<'a> {
    text: &'a str,
    span: [usize; 2],
    how: &'static str,
}

#[derive(Serialize)]
struct SpeakerView<'a> {
    name: Option<&'a str>,
    entity_id: Option<&'a str>,
    #[serde(rename = "type")]
    speaker_type: &'static str,
    mention: Option<TextSpanView<'a>>,
    resolved_by: &'static str,
}

#[derive(Serialize)]
struct QuoteView<'a> {
    speaker: SpeakerView<'a>,
    cue: Option<TextSpanView<'a>>,
    kind: &'static str,
    content: TextSpanView<'a>,
    sentences: [usize; 2],
    paragraphs: [usize; 2],
    rule: &'static str,
}

/// One entity of a [`RecordView`].
struct EntityView<'v, 'a> {
    record: &'v RecordView<'a>,
    entity: &'a ArticleEntity,
}

impl Serialize for EntityView<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.record.article.text.as_str();
        let e = self.entity;
        let mut out = serializer.serialize_struct("EntityRecord", 4)?;
        out.serialize_field("id", &e.id)?;
        out.serialize_field("type", e.entity_type.as_str())?;
        out.serialize_field("canonical", &e.canonical)?;
        out.serialize_field(
            "mentions",
            &Seq(|| {
                e.mentions.iter().map(|m| MentionView {
                    text: m.span.text(text),
                    span: self.record.offsets.chars(m.span),
                    how: mention_kind_name(m.kind),
                })
            }),
        )?;
        out.end()
    }
}

/// A JSON array of the items a closure iterates over, serialised without collecting them.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

impl<'a> RecordView<'a> {
    /// The view of one quote, with the same fields as [`Record::new`] computes.
    fn quote(&self, q: &'a Quote) -> QuoteView<'a> {
        let entities: &'a [ArticleEntity] = self.entities;
        let (sentences, paragraphs) = quote_position(q, self.sentences);
        let entity = q.speaker.entity.and_then(|e| entities.get(e));
        QuoteView {
            speaker: SpeakerView {
                name: q.speaker.name.as_deref(),
                entity_id: entity.map(|e| e.id.as_str()),
                speaker_type: speaker_type(q, entity),
                mention: q.speaker.mention.map(|span| self.text_span(span)),
                resolved_by: q.speaker.resolved_by.as_str(),
            },
            cue: q.cue.map(|span| self.text_span(span)),
            kind: q.kind.as_str(),
            content: self.text_span(q.content),
            sentences,
            paragraphs,
            rule: q.rule,
        }
    }
}

/// The first and last sentence a quote's content touches, and their paragraphs.
fn quote_position(q: &Quote, sentences: &[Sentence]) -> ([usize; 2], [usize; 2]) {
    let sentence_of = |at: usize| {
        sentences
            .partition_point(|s| s.span.end <= at)
            .min(sentences.len().saturating_sub(1))
    };
    let first = sentence_of(q.content.start);
    let last = sentence_of(q.content.end.saturating_sub(1).max(q.content.start));
    let paragraph = |i: usize| sentences.get(i).map_or(0, |s| s.paragraph);
    ([first, last], [paragraph(first), paragraph(last)])
}

/// The speaker's `type`: its entity's type, else `source` (named but no entity) or `unknown`.
fn speaker_type(q: &Quote, entity: Option<&ArticleEntity>) -> &'static str {
    match (entity, q.speaker.resolved_by) {
        (Some(e), _) => e.entity_type.as_str(),
        (None, ResolvedBy::Unresolved) => "unknown",
        (None, _) => "source",
    }
}

impl Serialize for RecordView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let article = self.article;
        // A map, not a struct, as for `Record`, whose flattened `extra` makes it one.
        let mut out = serializer.serialize_map(None)?;
        out.serialize_entry("schema_version", &SCHEMA_VERSION)?;
        out.serialize_entry("id", &article.id)?;
        out.serialize_entry("date", &article.date)?;
        out.serialize_entry("title", &article.title)?;
        out.serialize_entry("byline", &article.byline)?;
        out.serialize_entry(
            "entities",
            &Seq(|| {
                self.entities.iter().map(|entity| EntityView {
                    record: self,
                    entity,
                })
            }),
        )?;
        out.serialize_entry("quotes", &Seq(|| self.quotes.iter().map(|q| self.quote(q))))?;
        for (key, value) in &article.extra {
            if !RESERVED.contains(&key.as_str()) {
                out.serialize_entry(key, value)?;
            }
        }
        out.end()
    }
}

impl RecordView<'_> {
    /// Appends the record's JSON to `out`: exactly the bytes `serde_json::to_writer` writes
    /// for this view (the tests compare), without serde's per-field dispatch, which cost as
    /// much as the escaping itself.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let article = self.article;
        out.extend_from_slice(b"{\"schema_version\":");
        write_uint(out, SCHEMA_VERSION as usize);
        out.extend_from_slice(b",\"id\":");
        write_str(out, &article.id);
        out.extend_from_slice(b",\"date\":");
        write_opt_str(out, article.date.as_deref());
        out.extend_from_slice(b",\"title\":");
        write_opt_str(out, article.title.as_deref());
        out.extend_from_slice(b",\"byline\":");
        write_opt_str(out, article.byline.as_deref());
        out.extend_from_slice(b",\"entities\":[");
        for (i, entity) in self.entities.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            self.write_entity(out, entity);
        }
        out.extend_from_slice(b"],\"quotes\":[");
        for (i, quote) in self.quotes.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            self.write_quote(out, quote);
        }
        out.push(b']');
        for (key, value) in &article.extra {
            if !RESERVED.contains(&key.as_str()) {
                out.push(b',');
                write_str(out, key);
                out.push(b':');
                // Passed-through values are rare and of any shape: serde_json writes them.
                // Writing into a Vec cannot fail, and a `Value` always serialises.
                let _ = serde_json::to_writer(&mut *out, value);
            }
        }
        out.push(b'}');
    }

    fn write_entity(&self, out: &mut Vec<u8>, entity: &ArticleEntity) {
        let text = self.article.text.as_str();
        out.extend_from_slice(b"{\"id\":");
        write_str(out, &entity.id);
        out.extend_from_slice(b",\"type\":");
        write_name(out, entity.entity_type.as_str());
        out.extend_from_slice(b",\"canonical\":");
        write_str(out, &entity.canonical);
        out.extend_from_slice(b",\"mentions\":[");
        for (i, m) in entity.mentions.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"text\":");
            write_str(out, m.span.text(text));
            out.extend_from_slice(b",\"span\":");
            write_pair(out, self.offsets.chars(m.span));
            out.extend_from_slice(b",\"how\":");
            write_name(out, mention_kind_name(m.kind));
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }

    fn write_quote(&self, out: &mut Vec<u8>, q: &Quote) {
        let (sentences, paragraphs) = quote_position(q, self.sentences);
        let entity = q.speaker.entity.and_then(|e| self.entities.get(e));
        out.extend_from_slice(b"{\"speaker\":{\"name\":");
        write_opt_str(out, q.speaker.name.as_deref());
        out.extend_from_slice(b",\"entity_id\":");
        write_opt_str(out, entity.map(|e| e.id.as_str()));
        out.extend_from_slice(b",\"type\":");
        write_name(out, speaker_type(q, entity));
        out.extend_from_slice(b",\"mention\":");
        self.write_opt_text_span(out, q.speaker.mention);
        out.extend_from_slice(b",\"resolved_by\":");
        write_name(out, q.speaker.resolved_by.as_str());
        out.extend_from_slice(b"},\"cue\":");
        self.write_opt_text_span(out, q.cue);
        out.extend_from_slice(b",\"kind\":");
        write_name(out, q.kind.as_str());
        out.extend_from_slice(b",\"content\":");
        self.write_opt_text_span(out, Some(q.content));
        out.extend_from_slice(b",\"sentences\":");
        write_pair(out, sentences);
        out.extend_from_slice(b",\"paragraphs\":");
        write_pair(out, paragraphs);
        out.extend_from_slice(b",\"rule\":");
        write_name(out, q.rule);
        out.push(b'}');
    }

    /// A [`TextSpanView`]'s JSON, or `null`.
    fn write_opt_text_span(&self, out: &mut Vec<u8>, span: Option<Span>) {
        let Some(span) = span else {
            out.extend_from_slice(b"null");
            return;
        };
        out.extend_from_slice(b"{\"text\":");
        write_str(out, span.text(&self.article.text));
        out.extend_from_slice(b",\"span\":");
        write_pair(out, self.offsets.chars(span));
        out.push(b'}');
    }
}

/// A JSON array of two numbers, as serde_json writes `[usize; 2]`.
fn write_pair(out: &mut Vec<u8>, pair: [usize; 2]) {
    out.push(b'[');
    write_uint(out, pair[0]);
    out.push(b',');
    write_uint(out, pair[1]);
    out.push(b']');
}

/// A number in decimal, as serde_json writes it (with the same crate, itoa).
fn write_uint(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// One of whosaid's own names (`person`, `canonical`, `direct:after`): a JSON string that
/// needs no escaping, written without looking for characters to escape.
fn write_name(out: &mut Vec<u8>, name: &'static str) {
    debug_assert!(
        !name.bytes().any(|b| escape_of(b).is_some()),
        "{name:?} needs escaping"
    );
    out.reserve(name.len() + 2);
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.push(b'"');
}

/// A string or `null`.
fn write_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => write_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string, escaped as serde_json escapes: `"`, `\` and control characters below
/// U+0020, with the short forms `\b \t \n \f \r` and `\u00XX` for the rest.
fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut clean_from = 0;
    let mut at = 0;
    // Words of eight bytes with nothing to escape (the usual case) are skipped at once; a
    // word that has something is looked at byte by byte. The last, short word is padded
    // with spaces, which need no escape.
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        if let Ok(word) = <[u8; 8]>::try_from(chunk) {
            if needs_escape_word(u64::from_le_bytes(word)) {
                escape_bytes(out, bytes, chunk, at, &mut clean_from);
            }
        }
        at += 8;
    }
    let rest = words.remainder();
    let mut word = [b' '; 8];
    if let Some(head) = word.get_mut(..rest.len()) {
        head.copy_from_slice(rest);
    }
    if needs_escape_word(u64::from_le_bytes(word)) {
        escape_bytes(out, bytes, rest, at, &mut clean_from);
    }
    out.extend_from_slice(bytes.get(clean_from..).unwrap_or_default());
    out.push(b'"');
}

/// Writes the clean bytes before each byte of `chunk` (at `at` in `bytes`) that needs
/// escaping, then its escape; `clean_from` is where the bytes not yet written start.
#[cold]
fn escape_bytes(out: &mut Vec<u8>, bytes: &[u8], chunk: &[u8], at: usize, clean_from: &mut usize) {
    for (i, &byte) in chunk.iter().enumerate() {
        if let Some(escape) = escape_of(byte) {
            out.extend_from_slice(bytes.get(*clean_from..at + i).unwrap_or_default());
            write_escape(out, byte, escape);
            *clean_from = at + i + 1;
        }
    }
}

/// True when one of the eight bytes of `word` is below 0x20, `"` or `\` (exact: the
/// zero-byte test is exact about whether any byte matches, not about which).
fn needs_escape_word(word: u64) -> bool {
    use crate::ascii::{HIGH_BITS, ONES};
    let zero_flags = |v: u64| v.wrapping_sub(ONES) & !v;
    // Bytes of 0x80 and above have their high bit set, which `!word` clears: only ASCII
    // bytes below 0x20 flag the first term.
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = zero_flags(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_flags(word ^ (ONES * u64::from(b'\\')));
    (below_space | quote | backslash) & HIGH_BITS != 0
}

/// What serde_json writes for a byte that needs escaping: the letter of a short escape, or
/// `u` for `\u00XX`; `None` for a byte written as it is.
fn escape_of(byte: u8) -> Option<u8> {
    match byte {
        b'"' => Some(b'"'),
        b'\\' => Some(b'\\'),
        0x08 => Some(b'b'),
        b'\t' => Some(b't'),
        b'\n' => Some(b'n'),
        0x0C => Some(b'f'),
        b'\r' => Some(b'r'),
        0x00..=0x1F => Some(b'u'),
        _ => None,
    }
}

fn write_escape(out: &mut Vec<u8>, byte: u8, escape: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    if escape == b'u' {
        out.extend_from_slice(b"\\u00");
        out.push(HEX[usize::from(byte >> 4)]);
        out.push(HEX[usize::from(byte & 0xF)]);
    } else {
        out.push(b'\\');
        out.push(escape);
    }
}

/// The `how` name of a mention kind.
pub fn mention_kind_name(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Gazetteer(FormKind::Canonical) => "canonical",
        MentionKind::Gazetteer(FormKind::Alias) => "alias",
        MentionKind::Gazetteer(FormKind::Capital) => "capital",
        MentionKind::Gazetteer(FormKind::Demonym) => "demonym",
        MentionKind::Titled => "titled",
        MentionKind::GivenName => "given_name",
        MentionKind::Attributed => "attributed",
        MentionKind::ShortForm => "short_form",
        MentionKind::Role => "role",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{ArticleReader, ReadOptions};
    use crate::pipeline::Extractor;

    /// The view's JSON against the owned record's, for one article.
    fn assert_same_json(extractor: &Extractor, article: &Article) {
        let a = extractor.analyse(article);
        let owned = Record::new(article, &a.entities, &a.sentences, &a.quotes);
        let view = RecordView::new(article, &a.entities, &a.sentences, &a.quotes);
        let owned = serde_json::to_string(&owned).unwrap();
        let mut written = Vec::new();
        view.write_json(&mut written);
        let view = serde_json::to_string(&view).unwrap();
        assert_eq!(owned, view, "article {}", article.id);
        assert_eq!(
            String::from_utf8(written).unwrap(),
            view,
            "write_json, article {}",
            article.id
        );
    }

    fn extractor() -> &'static Extractor {
        static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        EXTRACTOR.get_or_init(|| Extractor::embedded().unwrap())
    }

    /// serde_json's string escaping, the reference for [`write_str`].
    fn serde_str(s: &str) -> String {
        serde_json::to_string(s).unwrap()
    }

    fn written_str(s: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        for s in [
            "",
            "plain",
            "exactly8",
            "\"\\\u{0}\u{1f}\u{7f}\u{8}\t\n\u{c}\r",
            "seven b\"ytes and a quote in the second word\\",
            "Iran’s “plan” é\u{1}",
        ] {
            assert_eq!(written_str(s), serde_str(s), "{s:?}");
        }
        // Every byte value that can stand alone, at every position of a word.
        for c in (0u8..0x80).map(char::from) {
            for at in 0..10 {
                let s = format!("{}{c}{}", "a".repeat(at), "b".repeat(9 - at));
                assert_eq!(written_str(&s), serde_str(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn numbers_write_as_serde_json_does() {
        let some = [
            0,
            1,
            9,
            10,
            11,
            99,
            100,
            101,
            999,
            1000,
            12345,
            u32::MAX as usize,
        ];
        for n in some
            .into_iter()
            .chain(0..100_000)
            .chain([usize::MAX, usize::MAX / 10])
        {
            let mut out = Vec::new();
            write_uint(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
    }

    proptest::proptest! {
        #[test]
        fn any_string_escapes_as_serde_json_does(s in "(?s).{0,80}") {
            proptest::prop_assert_eq!(written_str(&s), serde_str(&s));
        }

        #[test]
        fn any_ascii_string_escapes_as_serde_json_does(s in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(written_str(&s), serde_str(&s));
        }

        /// Records made from arbitrary text (quotes, names, control characters, any script)
        /// write the same JSON either way.
        #[test]
        fn any_record_writes_as_serde_json_does(
            words in proptest::collection::vec(
                "(“|”|\"|said|Putin|Iran|Baqeri|he|the minister|\\.|,|\n\n|\t|\\\\|\u{1}|é|[a-zA-Z]{1,8}|(?s).)",
                0..60,
            ),
            title in proptest::option::of("(?s).{0,10}"),
        ) {
            let text = words.join(" ");
            let mut article = Article::from_text("p\u{2}\"", text);
            article.title = title;
            assert_same_json(extractor(), &article);
        }
    }

    #[test]
    fn view_writes_the_same_json_as_the_record() {
        let extractor = extractor();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let paths = [root.join("data"), root.join("known")];
        let mut count = 0;
        for article in ArticleReader::new(&paths, ReadOptions::default()).flatten() {
            assert_same_json(extractor, &article);
            count += 1;
        }
        assert!(count > 100, "{count} articles");
        // Passed-through fields, reserved names among them, and an id that is a number.
        let line = r#"{"id": 7, "text": "“We are ready,” Baqeri said in Tehran’s north.", "url": "u", "quotes": 1, "date": "2024-01-02", "byline": "x", "z": [1, {"a": null}]}"#;
        let path = std::env::temp_dir().join(format!("whosaid-view-{}.jsonl", std::process::id()));
        std::fs::write(&path, line).unwrap();
        let articles: Vec<Article> =
            ArticleReader::new(std::slice::from_ref(&path), ReadOptions::default())
                .flatten()
                .collect();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(articles.len(), 1);
        assert_same_json(extractor, &articles[0]);
    }
}
