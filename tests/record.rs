//! The record's wire format, read back strictly: a field that is not documented in
//! `src/record.rs` ("# Format") fails here (`deny_unknown_fields`), and so does a missing one.

use serde::Deserialize;

use whosaid::{Article, Extractor};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Record {
    schema_version: u32,
    id: String,
    date: Option<String>,
    title: Option<String>,
    byline: Option<String>,
    entities: Vec<Entity>,
    quotes: Vec<Quote>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Entity {
    id: String,
    #[serde(rename = "type")]
    entity_type: String,
    canonical: String,
    mentions: Vec<Mention>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Mention {
    text: String,
    span: [usize; 2],
    how: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Quote {
    speaker: Speaker,
    cue: Option<TextSpan>,
    kind: String,
    content: TextSpan,
    sentences: [usize; 2],
    paragraphs: [usize; 2],
    rule: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Speaker {
    name: Option<String>,
    entity_id: Option<String>,
    #[serde(rename = "type")]
    speaker_type: String,
    mention: Option<TextSpan>,
    resolved_by: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TextSpan {
    text: String,
    span: [usize; 2],
}

fn seed() -> Article {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/000_7f991ce8c2ac45f0.txt"
    );
    let content = std::fs::read_to_string(path).unwrap();
    Article::from_file_content("000_7f991ce8c2ac45f0", &content)
}

#[test]
fn the_seed_record_reads_back_strictly() {
    let extractor = Extractor::embedded().unwrap();
    let json = serde_json::to_string(&extractor.extract(&seed())).unwrap();
    let record: Record = serde_json::from_str(&json).unwrap();
    assert_eq!(record.schema_version, whosaid::record::SCHEMA_VERSION);
    assert_eq!(record.date.as_deref(), Some("2023-09-20"));
    assert_eq!(record.byline.as_deref(), Some("Staff, Agencies"));
    assert!(!record.quotes.is_empty());
    let kinds = ["direct", "indirect", "mixed"];
    let resolutions = [
        "name",
        "surname",
        "pronoun",
        "role",
        "description",
        "unresolved",
    ];
    for quote in &record.quotes {
        assert!(kinds.contains(&quote.kind.as_str()), "{}", quote.kind);
        assert!(resolutions.contains(&quote.speaker.resolved_by.as_str()));
        assert!(
            ["person", "country", "weapon", "source", "unknown"]
                .contains(&quote.speaker.speaker_type.as_str())
        );
    }
    for entity in &record.entities {
        assert!(["person", "country", "weapon"].contains(&entity.entity_type.as_str()));
    }
}

#[test]
fn input_fields_pass_through_without_replacing_record_fields() {
    let extractor = Extractor::embedded().unwrap();
    let mut article = Article::from_text("x", "Baqeri said the talks went well.");
    article.extra.insert("source".into(), "wire".into());
    article
        .extra
        .insert("quotes".into(), "not the record's".into());
    let json = serde_json::to_value(extractor.extract(&article)).unwrap();
    assert_eq!(json["source"], "wire");
    assert!(json["quotes"].is_array());
}
