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
        let sentence_of = |at: usize| {
            sentences
                .partition_point(|s| s.span.end <= at)
                .min(sentences.len().saturating_sub(1))
        };
        let quotes = quotes
            .iter()
            .map(|q| {
                let first = sentence_of(q.content.start);
                let last = sentence_of(q.content.end.saturating_sub(1).max(q.content.start));
                let paragraph = |i: usize| sentences.get(i).map_or(0, |s| s.paragraph);
                let entity = q.speaker.entity.and_then(|e| entities.get(e));
                QuoteRecord {
                    speaker: SpeakerRecord {
                        name: q.speaker.name.clone(),
                        entity_id: entity.map(|e| e.id.clone()),
                        speaker_type: match (entity, q.speaker.resolved_by) {
                            (Some(e), _) => e.entity_type.as_str().to_string(),
                            (None, ResolvedBy::Unresolved) => "unknown".to_string(),
                            (None, _) => "source".to_string(),
                        },
                        mention: q.speaker.mention.map(text_span),
                        resolved_by: q.speaker.resolved_by.as_str().to_string(),
                    },
                    cue: q.cue.map(text_span),
                    kind: q.kind.as_str().to_string(),
                    content: text_span(q.content),
                    sentences: [first, last],
                    paragraphs: [paragraph(first), paragraph(last)],
                    rule: q.rule.to_string(),
                }
            })
            .collect();
        let mut extra = article.extra.clone();
        for reserved in [
            "schema_version",
            "id",
            "date",
            "title",
            "byline",
            "entities",
            "quotes",
        ] {
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
