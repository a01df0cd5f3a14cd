//! Fuzzes the whole pipeline: any bytes, read as a text file would be, through every stage to
//! the JSON record. Checks the record's promises, not just the absence of panics.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use whosaid::{Article, Extractor};

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::embedded().expect("embedded data loads"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let article = Article::from_file_content("fuzz", &text);
    let chars: Vec<char> = article.text.chars().collect();
    let record = EXTRACTOR.extract(&article);
    let slice = |span: [usize; 2]| -> String {
        assert!(span[0] <= span[1] && span[1] <= chars.len(), "span {span:?} out of bounds");
        chars[span[0]..span[1]].iter().collect()
    };
    for entity in &record.entities {
        for mention in &entity.mentions {
            assert_eq!(slice(mention.span), mention.text);
        }
    }
    for quote in &record.quotes {
        assert_eq!(slice(quote.content.span), quote.content.text);
        if let Some(cue) = &quote.cue {
            assert_eq!(slice(cue.span), cue.text);
        }
        if let Some(name) = &quote.speaker.name {
            assert!(!matches!(name.to_lowercase().as_str(), "he" | "she" | "they" | "it"));
        }
    }
    let sentences = EXTRACTOR.segmenter().segment(&article);
    for pair in sentences.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "sentences overlap");
    }
    serde_json::to_string(&record).expect("records serialise");
});
