use super::*;
use crate::gazetteer::GazetteerBuilder;
use crate::mentions::MentionFinder;
use crate::segment::Segmenter;

const GAZETTEER: &str = "\
id\ttype\tcanonical\taliases\tdemonyms\tcapitals\troles\tsubtype\torigin
IRN\tcountry\tIran\t\tIranian\tTehran\t\t\t
RUS\tcountry\tRussia\t\tRussian\tMoscow\t\t\t
Q1\tperson\tSergei Shoigu\tShoigu\t\t\t\t\tRUS
Q2\tperson\tMohammad Hossein Baqeri\tBaqeri\t\t\t\t\tIRN
USA\tcountry\tUnited States\tU.S.\tAmerican\tWashington\t\t\t
";

/// (speaker name, kind, content, rule) of every quote.
fn quotes(text: &str) -> Vec<(String, &'static str, String, &'static str)> {
    let gazetteer = GazetteerBuilder::new()
        .defaults(false)
        .add_source("g.tsv", GAZETTEER)
        .build()
        .unwrap();
    let article = Article::from_text("t", text);
    let sentences = Segmenter::new().segment(&article);
    let entities = MentionFinder::new().find(&gazetteer, &article);
    QuoteFinder::new()
        .find(&article, &sentences, &entities)
        .into_iter()
        .map(|q| {
            (
                q.speaker.name.clone().unwrap_or_else(|| "?".to_string()),
                q.kind.as_str(),
                q.content.text(text).to_string(),
                q.rule,
            )
        })
        .collect()
}

fn q(
    speaker: &str,
    kind: &'static str,
    content: &str,
    rule: &'static str,
) -> (String, &'static str, String, &'static str) {
    (speaker.to_string(), kind, content.to_string(), rule)
}

#[test]
fn cue_words_match_lowercase_or_capitalised_only() {
    let cues = Cues::parse("cues.tsv", DEFAULT_CUES).unwrap();
    let text = "Said SAID said sAid Pointed out pointed Out saidx Śaid é said, according";
    let toks = lexer::lex(text, crate::span::Span::new(0, text.len()));
    let found: Vec<Option<usize>> = (0..toks.len())
        .map(|i| cues.at(text, &toks, i).map(|(len, _)| len))
        .collect();
    assert_eq!(
        found,
        [
            Some(1), // Said
            None,    // SAID
            Some(1), // said
            None,    // sAid
            Some(2), // Pointed out
            None,    // out
            Some(2), // pointed Out (a capitalised word may stand in a cue)
            None,    // Out
            None,    // saidx
            None,    // Śaid
            None,    // é
            Some(1), // said
            None,    // ,
            None,    // according
        ]
    );
    for (i, tok) in toks.iter().enumerate() {
        let word = lower_word(text, tok);
        for lower in ["said", "out", "according", "śaid"] {
            assert_eq!(
                is_word(text, tok, lower),
                word.as_deref() == Some(lower),
                "{i} {lower}"
            );
        }
    }
}

#[test]
fn embedded_cues_parse() {
    let cues = Cues::parse("cues.tsv", DEFAULT_CUES).unwrap();
    assert!(cues.by_first.contains_key("said".as_bytes()));
    assert!(cues.by_first.contains_key("called".as_bytes()));
    let err = Cues::parse("c.tsv", "say|said\tshout\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.tsv:1: frame must be speech or object, not \"shout\""
    );
}

#[test]
fn direct_after_and_pronoun() {
    assert_eq!(
        quotes("Baqeri met reporters. “We are ready to talk,” he said."),
        [q(
            "Mohammad Hossein Baqeri",
            "direct",
            "We are ready to talk,",
            "direct:after"
        )]
    );
}

#[test]
fn direct_before_with_colon() {
    assert_eq!(
        quotes("Shoigu said: “Our cooperation will grow stronger every year.”"),
        [q(
            "Sergei Shoigu",
            "direct",
            "Our cooperation will grow stronger every year.",
            "direct:before"
        )]
    );
}

#[test]
fn interrupted_quote_is_one() {
    assert_eq!(
        quotes("“We are ready,” Shoigu said, “to talk about everything.”"),
        [q(
            "Sergei Shoigu",
            "direct",
            "We are ready,” Shoigu said, “to talk about everything.",
            "direct:after"
        )]
    );
}

#[test]
fn multi_paragraph_quote() {
    let text = "“The document has laid strong emphasis on defense.\n\n“We believe there are untapped potentials,” Baqeri added.";
    assert_eq!(
        quotes(text),
        [q(
            "Mohammad Hossein Baqeri",
            "direct",
            "The document has laid strong emphasis on defense.\n\n“We believe there are untapped potentials,",
            "direct:after"
        )]
    );
}

#[test]
fn indirect_before_after_and_participle() {
    let text = "Baqeri said Iranian and Russian institutions are pioneers, stating that commissions can accelerate the process.\n\nThe level of cooperation is favorable, he said, adding that the drills provide an opportunity.";
    assert_eq!(
        quotes(text),
        [
            q(
                "Mohammad Hossein Baqeri",
                "indirect",
                "Iranian and Russian institutions are pioneers",
                "indirect:before"
            ),
            q(
                "Mohammad Hossein Baqeri",
                "indirect",
                "commissions can accelerate the process",
                "indirect:participle"
            ),
            q(
                "Mohammad Hossein Baqeri",
                "indirect",
                "The level of cooperation is favorable",
                "indirect:after"
            ),
            q(
                "Mohammad Hossein Baqeri",
                "indirect",
                "the drills provide an opportunity",
                "indirect:participle"
            ),
        ]
    );
}

#[test]
fn object_cues_and_according_to() {
    let text = "Shoigu stressed the need for cooperation in training. According to a senior official, the talks will resume.";
    assert_eq!(
        quotes(text),
        [
            q(
                "Sergei Shoigu",
                "indirect",
                "the need for cooperation in training",
                "indirect:before"
            ),
            q(
                "a senior official",
                "indirect",
                "the talks will resume",
                "indirect:according-to"
            ),
        ]
    );
}

#[test]
fn role_before_the_name_resolves_by_country() {
    let text = "Chief of Staff of the Iranian Armed Forces says Tehran and Moscow are drafting a pact.\n\nShoigu met Major General Mohammad Hossein Baqeri.";
    assert_eq!(
        quotes(text),
        [q(
            "Mohammad Hossein Baqeri",
            "indirect",
            "Tehran and Moscow are drafting a pact",
            "indirect:before"
        )]
    );
}

#[test]
fn mixed_and_scare_quotes() {
    let text = "Shoigu said the plan was “dead on arrival”. The so-called “special military operation” goes on.";
    assert_eq!(
        quotes(text),
        [q(
            "Sergei Shoigu",
            "mixed",
            "the plan was “dead on arrival”",
            "indirect:before"
        )]
    );
}

#[test]
fn unresolved_pronoun_is_never_a_name() {
    assert_eq!(
        quotes("“This will not stand, and everyone knows it,” she said."),
        [q(
            "?",
            "direct",
            "This will not stand, and everyone knows it,",
            "direct:after"
        )]
    );
}

#[test]
fn datelines_are_not_content() {
    assert_eq!(
        quotes("WASHINGTON (Reuters) - The talks will resume next week, Shoigu said."),
        [q(
            "Sergei Shoigu",
            "indirect",
            "The talks will resume next week",
            "indirect:after"
        )]
    );
    assert_eq!(
        quotes("TEHRAN – Iran is ready for talks, Baqeri said."),
        [q(
            "Mohammad Hossein Baqeri",
            "indirect",
            "Iran is ready for talks",
            "indirect:after"
        )]
    );
}

#[test]
fn cue_words_inside_names_are_not_cues() {
    assert_eq!(
        quotes("The United States imposed new sanctions on Iran on Monday."),
        []
    );
}

#[test]
fn a_sentence_after_a_quotation_is_not_its_attribution() {
    let text = "“We are ready,” Baqeri said. “People will want to play it.” Shoigu said the challenge was to make it fun.";
    assert_eq!(
        quotes(text),
        [
            q(
                "Mohammad Hossein Baqeri",
                "direct",
                "We are ready,",
                "direct:after"
            ),
            q(
                "Mohammad Hossein Baqeri",
                "direct",
                "People will want to play it.",
                "direct:continued"
            ),
            q(
                "Sergei Shoigu",
                "indirect",
                "the challenge was to make it fun",
                "indirect:before"
            ),
        ]
    );
}

#[test]
fn colon_attributions_across_paragraphs_and_inverted() {
    let text = "Shoigu stated:\n\n“Our cooperation will grow every year and nobody can stop it.”\n\nContinued Baqeri: “We will hold joint drills next February.”";
    assert_eq!(
        quotes(text),
        [
            q(
                "Sergei Shoigu",
                "direct",
                "Our cooperation will grow every year and nobody can stop it.",
                "direct:previous-sentence"
            ),
            q(
                "Mohammad Hossein Baqeri",
                "direct",
                "We will hold joint drills next February.",
                "direct:before"
            ),
        ]
    );
}

#[test]
fn according_to_at_the_end_of_a_paragraph() {
    // See: a proptest case, `According to X` with nothing after it.
    assert_eq!(quotes("Gen. According to TEHRAN –"), []);
}

#[test]
fn a_cue_that_takes_in_that_before_a_quotation() {
    // See: PolNeAR, `X remarked that “…”` ended a window inside the cue.
    assert_eq!(
        quotes("Shoigu remarked that “the drills will go ahead as planned next year.”"),
        [q(
            "Sergei Shoigu",
            "direct",
            "the drills will go ahead as planned next year.",
            "direct:before"
        )]
    );
}

#[test]
fn a_role_goes_to_the_person_whose_title_has_its_country() {
    // Orlov is Russian by his title (`the Russian envoy`), even though `Tehran` also stands
    // right before his name once: the title wins, so the Russian official is him.
    let text = "Iranian official Farid Karimi and the Russian envoy, Pavel Orlov, met on Monday. \
                In Tehran Pavel Orlov toured a factory. \
                The Russian official said trade had doubled.";
    assert_eq!(
        quotes(text),
        [q(
            "Pavel Orlov",
            "indirect",
            "trade had doubled",
            "indirect:before"
        )]
    );
}

#[test]
fn lowercase_on_the_stack_or_not_is_to_lowercase() {
    for word in [
        "",
        "Said",
        "SAID",
        "it’s",
        "İstanbul",
        "ÉTÉ",
        "a-very-long-ascii-word-of-more-than-thirty-two-bytes",
    ] {
        assert_eq!(with_lowercase(word, str::to_string), word.to_lowercase());
    }
}

#[test]
fn words_that_lower_to_ascii_are_never_ruled_out() {
    for word in ["\u{212A}", "\u{212A}eep", "said", "Said"] {
        assert!(may_lower_to_ascii(word), "{word:?}");
    }
    for word in ["Iran’s", "Zürich", "ΣΑΪΔ", "\u{212B}"] {
        assert!(!may_lower_to_ascii(word), "{word:?}");
    }
}

proptest::proptest! {
    #[test]
    fn may_lower_to_ascii_when_it_does(word in "\\PC{0,12}") {
        if word.to_lowercase().is_ascii() {
            proptest::prop_assert!(may_lower_to_ascii(&word));
        }
    }
}

proptest::proptest! {
    #[test]
    fn the_dateline_pretest_passes_every_dateline(
        text in "[A-Z][A-Z.'’-]{0,3}( [A-Z]{1,3})?(, [A-Z][a-z]{1,3})? ?(--|—|–|-) ?x|\\PC{0,12}"
    ) {
        if DATELINE.is_match(&text) {
            proptest::prop_assert!(may_open_with_dateline(&text));
        }
    }
}
