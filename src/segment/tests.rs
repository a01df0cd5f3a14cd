use super::*;

fn split(text: &str) -> Vec<&str> {
    Segmenter::new()
        .split(text)
        .into_iter()
        .map(|span| span.text(text))
        .collect()
}

#[test]
fn embedded_data_loads() {
    let segmenter = Segmenter::from_data(
        DEFAULT_ABBREVIATIONS,
        DEFAULT_SENTENCE_STARTERS,
        DEFAULT_ATTRIBUTION_VERBS,
    )
    .unwrap();
    assert!(segmenter.titles.contains("Gen."));
    assert!(segmenter.abbreviations.contains("Corp."));
    assert!(segmenter.starters.contains("The"));
    assert!(segmenter.attribution_verbs.contains("said"));
}

#[test]
fn bad_abbreviation_lines_name_the_line() {
    let err = Segmenter::from_data("# c\nGen.\ttitle\nMr\ttitle\n", "", "").unwrap_err();
    assert_eq!(
        err.to_string(),
        "abbreviations.tsv:3: abbreviation \"Mr\" must end in '.', '!' or '?'"
    );
    let err = Segmenter::from_data("Gen.\tranks\n", "", "").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("abbreviations.tsv:1: unknown class")
    );
}

#[test]
fn abbreviation_examples_are_one_sentence_or_split_as_documented() {
    // Every example in the data file is a single sentence, except those that show a split
    // (they contain a sentence starter after an `abbrev`).
    for (_, line) in data_lines(DEFAULT_ABBREVIATIONS) {
        let example = line.split('\t').nth(2).unwrap_or("");
        let sentences = split(example);
        assert!(!sentences.is_empty(), "{line}");
        assert!(sentences.len() <= 2, "{example:?} -> {sentences:?}");
    }
}

#[test]
fn seed_headline_is_one_sentence() {
    assert_eq!(
        split("Top Gen.: Iran, Russia Working on Long-Term Military Cooperation Pact"),
        ["Top Gen.: Iran, Russia Working on Long-Term Military Cooperation Pact"]
    );
}

#[test]
fn initials_and_dotted_abbreviations() {
    assert!(is_initials("U.S"));
    assert!(is_initials("Ph.D"));
    assert!(is_initials("a.m"));
    assert!(is_initials("E"));
    assert!(!is_initials("e"));
    assert!(!is_initials("www.mfa.gov"));
    assert!(!is_initials("1.5"));
    assert!(!is_initials("St"));
}

#[test]
fn list_items() {
    assert_eq!(
        split("1) The first item 2) The second item"),
        ["1) The first item", "2) The second item"]
    );
    assert_eq!(
        split("a. The first item b. The second item c. The third list item"),
        [
            "a. The first item",
            "b. The second item",
            "c. The third list item"
        ]
    );
    // Numbers that do not continue the paragraph's numbering are not list items.
    assert_eq!(split("1) Buy 5) apples"), ["1) Buy 5) apples"]);
}

#[test]
fn nothing_and_whitespace() {
    assert!(split("").is_empty());
    assert!(split("  \n ").is_empty());
    assert_eq!(split("..."), ["..."]);
    assert_eq!(split("?!"), ["?!"]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text made of the characters the segmenter looks at, so that rare paths are hit often.
    fn newsy() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just(". "),
                Just("."),
                Just("…"),
                Just("?”"),
                Just("!"),
                Just(". . ."),
                Just("“"),
                Just("’"),
                Just(")"),
                Just("U.S"),
                Just("Gen"),
                Just("Yahoo"),
                Just("1) "),
                Just("a. "),
                Just("• "),
                Just(" "),
                Just("\n"),
                Just("The"),
                Just("he said"),
                Just("é"),
                Just("\u{a0}"),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    fn assert_tiles(text: &str) {
        let spans = Segmenter::new().split(text);
        let mut at = 0;
        for span in &spans {
            assert!(span.start >= at && span.end <= text.len() && span.start < span.end);
            let between = text.get(at..span.start).expect("span on a char boundary");
            assert!(
                between.trim().is_empty(),
                "non-space between sentences: {between:?}"
            );
            let sentence = text.get(span.range()).expect("span on a char boundary");
            assert_eq!(sentence, sentence.trim());
            at = span.end;
        }
        assert!(text[at..].trim().is_empty());
    }

    proptest! {
        #[test]
        fn any_text_tiles(text in any::<String>()) {
            assert_tiles(&text);
        }

        #[test]
        fn newsy_text_tiles(text in newsy()) {
            assert_tiles(&text);
        }
    }
}

#[test]
fn marks_are_found_in_order_once_each() {
    let text = "a… b. c“d” e! f…… g? h";
    let expected: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| matches!(c, '.' | '!' | '?' | '…'))
        .map(|(i, _)| i)
        .collect();
    let mut marks = Marks::new(text.as_bytes());
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = marks.next_from(from) {
        found.push(at);
        from = at + 1;
    }
    assert_eq!(found, expected);
    assert_eq!(Marks::new(b"no marks").next_from(0), None);
}

#[test]
fn next_word_fast_path_agrees_with_word_bounds() {
    for rest in [
        "The end",
        "A",
        "Ab",
        "U.S. x",
        "I'm",
        "don't",
        "“The",
        "3 men",
        "Mr.Smith",
        "Hé y",
        "The\u{301} x",
        "The,",
    ] {
        let next = Next::read(rest);
        let word = rest
            .split_word_bounds()
            .find(|w| w.chars().next().is_some_and(char::is_alphanumeric))
            .unwrap_or("");
        assert_eq!(next.word, word, "{rest:?}");
        assert_eq!(next.letter, word.chars().next().unwrap_or(' '), "{rest:?}");
    }
}
