use super::*;
use crate::record::{SpeakerRecord, TextSpan};

fn quote(speaker: &str, content: &str, start: usize) -> QuoteRecord {
    QuoteRecord {
        speaker: SpeakerRecord {
            name: Some(speaker.to_string()),
            entity_id: None,
            speaker_type: "source".to_string(),
            mention: None,
            resolved_by: "description".to_string(),
        },
        cue: Some(TextSpan {
            text: "said".to_string(),
            span: [0, 4],
        }),
        kind: "indirect".to_string(),
        content: TextSpan {
            text: content.to_string(),
            span: [start, start + content.chars().count()],
        },
        sentences: [0, 0],
        paragraphs: [0, 0],
        rule: "indirect:before".to_string(),
    }
}

fn record(quotes: Vec<QuoteRecord>, entities: Vec<EntityRecord>) -> Record {
    Record {
        schema_version: 1,
        id: "a".to_string(),
        date: None,
        title: None,
        byline: None,
        entities,
        quotes,
        extra: Default::default(),
    }
}

fn entity(id: &str, canonical: &str) -> EntityRecord {
    EntityRecord {
        id: id.to_string(),
        entity_type: "person".to_string(),
        canonical: canonical.to_string(),
        mentions: Vec::new(),
    }
}

fn changes(diffs: &[Difference]) -> Vec<String> {
    diffs.iter().map(|d| d.to_string()).collect()
}

#[test]
fn identical_records_match() {
    let r = record(
        vec![quote("A", "the talks went well", 10)],
        vec![entity("Q1", "A")],
    );
    assert!(compare(&r, &r.clone(), &CheckOptions::default()).is_empty());
}

#[test]
fn speaker_change_names_the_quote_and_both_speakers() {
    let old = record(
        vec![quote("Mohammad Hossein Baqeri", "the talks went well", 10)],
        vec![],
    );
    let new = record(
        vec![quote("Sergei Shoigu", "the talks went well", 10)],
        vec![],
    );
    assert_eq!(
        changes(&compare(&old, &new, &CheckOptions::default())),
        ["speaker changed: “the talks went well”\n      Mohammad Hossein Baqeri → Sergei Shoigu"]
    );
}

#[test]
fn added_removed_and_changed_content() {
    let old = record(
        vec![
            quote("A", "one two three", 0),
            quote("B", "four five six", 40),
        ],
        vec![],
    );
    let new = record(
        vec![
            quote("A", "one two three four", 0),
            quote("C", "seven eight", 80),
        ],
        vec![],
    );
    let got = changes(&compare(&old, &new, &CheckOptions::default()));
    assert_eq!(
        got,
        [
            "content changed: “one two three”\n      “one two three” → “one two three four”",
            "spans changed: “one two three”\n      content [0, 13], cue Some([0, 4]) → content [0, 18], cue Some([0, 4])",
            "quote removed: “four five six”\n      was: B (indirect, indirect:before)",
            "quote added: “seven eight”\n      now: C (indirect, indirect:before)",
        ]
    );
}

#[test]
fn ignored_fields_and_scopes() {
    let old = record(
        vec![quote("A", "one two three", 0)],
        vec![entity("Q1", "Ann Lee")],
    );
    let mut new = old.clone();
    new.quotes[0].rule = "indirect:after".to_string();
    new.quotes[0].content.span = [1, 14];
    new.entities[0].canonical = "Ann B. Lee".to_string();
    let options = CheckOptions {
        scope: Scope::Quotes,
        ignore: vec![Field::Rule, Field::Spans],
    };
    assert!(compare(&old, &new, &options).is_empty());
    let options = CheckOptions {
        scope: Scope::Entities,
        ignore: vec![],
    };
    assert_eq!(
        changes(&compare(&old, &new, &options)),
        ["entity renamed: person Ann Lee (Q1)\n      person Ann Lee → person Ann B. Lee"]
    );
}

#[test]
fn entities_added_and_removed() {
    let old = record(vec![], vec![entity("Q1", "A")]);
    let new = record(vec![], vec![entity("Q2", "B")]);
    assert_eq!(
        changes(&compare(&old, &new, &CheckOptions::default())),
        [
            "entity removed: person A (Q1)",
            "entity added: person B (Q2)"
        ]
    );
}

#[test]
fn expected_paths() {
    assert_eq!(
        expected_path(Path::new("k/a.txt")),
        Some(PathBuf::from("k/a.expected.json"))
    );
    assert_eq!(
        expected_path(Path::new("k/b.jsonl")),
        Some(PathBuf::from("k/b.expected.jsonl"))
    );
}
