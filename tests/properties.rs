//! Properties of the whole pipeline on arbitrary text: no panic, every span inside the
//! article, every span's text equal to the text the record gives for it.

use std::sync::LazyLock;

use proptest::prelude::*;
use whosaid::{Article, Extractor};

/// Built once: compiling the gazetteers per case would dominate the test's time.
static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::embedded().expect("embedded data loads"));

/// Text made of what the stages react to: quotation marks, cues, names, titles, abbreviations.
fn newsy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("“"),
            Just("”"),
            Just("\""),
            Just("‘"),
            Just("’"),
            Just("«"),
            Just(" said "),
            Just(" he added, "),
            Just("According to "),
            Just(", adding that "),
            Just("Baqeri"),
            Just("Major General Mohammad Hossein Baqeri"),
            Just("Iran’s"),
            Just("Tehran"),
            Just("U.S."),
            Just("Gen. "),
            Just("the minister"),
            Just("Shahed-136"),
            Just(". "),
            Just(", "),
            Just(":"),
            Just("\n\n"),
            Just(" "),
            Just("é"),
            Just("…"),
            Just("TEHRAN – "),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

fn check(extractor: &Extractor, text: &str) {
    let article = Article::from_text("p", text);
    let chars: Vec<char> = article.text.chars().collect();
    let slice = |span: [usize; 2]| -> String {
        assert!(
            span[0] <= span[1] && span[1] <= chars.len(),
            "span {span:?} out of bounds"
        );
        chars[span[0]..span[1]].iter().collect()
    };
    let record = extractor.extract(&article);
    for entity in &record.entities {
        for mention in &entity.mentions {
            assert_eq!(slice(mention.span), mention.text);
        }
    }
    for quote in &record.quotes {
        assert_eq!(slice(quote.content.span), quote.content.text);
        assert!(!quote.content.text.is_empty());
        if let Some(cue) = &quote.cue {
            assert_eq!(slice(cue.span), cue.text);
        }
        if let Some(mention) = &quote.speaker.mention {
            assert_eq!(slice(mention.span), mention.text);
        }
        let name = quote.speaker.name.as_deref().unwrap_or("");
        assert!(
            !matches!(name.to_lowercase().as_str(), "he" | "she" | "they" | "it"),
            "pronoun as a name"
        );
        assert!(quote.sentences[0] <= quote.sentences[1]);
        assert!(quote.paragraphs[0] <= quote.paragraphs[1]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_gives_a_sound_record(text in any::<String>()) {
        check(&EXTRACTOR, &text);
    }

    #[test]
    fn newsy_text_gives_a_sound_record(text in newsy()) {
        check(&EXTRACTOR, &text);
    }
}
