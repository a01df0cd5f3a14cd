use super::*;

const SAMPLE: &str = "\
# a small gazetteer in the documented format
id\ttype\tcanonical\taliases\tdemonyms\tcapitals\troles\tsubtype\torigin
IRN\tcountry\tIran\tIslamic Republic of Iran\tIranian|Iranians\tTehran\t\t\t
OMN\tcountry\tOman\t\tOmani|Omanis\tMuscat\t\t\t
USA\tcountry\tUnited States\tU.S.|US|America\tAmerican|Americans\tWashington|the White House\t\t\t
JOR\tcountry\tJordan\t\tJordanian\tAmman\t\t\t
Q1\tperson\tSergei Shoigu\tShoigu|Sergey Shoygu\t\t\tMinister of Defence@RUS@2012-11-06@2024-05-12\t\tRUS
weapon:shahed-136\tweapon\tShahed-136\tGeran-2\t\t\t\tdrone\tIRN
weapon:patriot\tweapon\tMIM-104 Patriot\tPatriot\t\t\t\tair defence\tUSA
weapon:s-400\tweapon\tS-400\tS-400 Triumf|SA-21\t\t\t\tair defence\tRUS
op:coalition\tweapon\tUS-led coalition\t\t\t\t\t\t
";

fn sample() -> Gazetteer {
    GazetteerBuilder::new()
        .defaults(false)
        .add_source("sample.tsv", SAMPLE)
        .build()
        .unwrap()
}

/// (matched text, canonical name) of every match.
fn find<'t>(gazetteer: &Gazetteer, text: &'t str) -> Vec<(&'t str, String)> {
    gazetteer
        .find_all(text)
        .into_iter()
        .map(|m| {
            (
                m.span.text(text),
                gazetteer.entity(m.entity).canonical.clone(),
            )
        })
        .collect()
}

macro_rules! t {
    ($name:ident, $text:expr, [$(($found:expr, $canonical:expr)),* $(,)?]) => {
        #[test]
        fn $name() {
            let expected: Vec<(&str, String)> = vec![$(($found, $canonical.to_string())),*];
            assert_eq!(find(&sample(), $text), expected);
        }
    };
}

t!(
    whole_words_only,
    "The Roman Omani envoy",
    [("Omani", "Oman")]
);
t!(
    demonym_beats_name,
    "Iranian and Iranians in Iran",
    [("Iranian", "Iran"), ("Iranians", "Iran"), ("Iran", "Iran")]
);
t!(
    possessives,
    "Iran's and Iran’s plans",
    [("Iran", "Iran"), ("Iran", "Iran")]
);
t!(
    capitals_stand_for_states,
    "Tehran and Washington talked",
    [("Tehran", "Iran"), ("Washington", "United States")]
);
t!(
    dateline_in_capitals,
    "TEHRAN – IRAN said",
    [("TEHRAN", "Iran"), ("IRAN", "Iran")]
);
t!(
    acronym_case_matters,
    "let us go to the US",
    [("US", "United States")]
);
t!(
    lowercase_form_capitalised_at_sentence_start,
    "The White House said",
    [("The White House", "United States")]
);
t!(
    hyphen_space_dash_variants,
    "Shahed 136, Shahed–136, Shahed-136 and S400",
    [
        ("Shahed 136", "Shahed-136"),
        ("Shahed–136", "Shahed-136"),
        ("Shahed-136", "Shahed-136"),
        ("S400", "S-400"),
    ]
);
t!(
    longest_form_wins,
    "the S-400 Triumf system",
    [("S-400 Triumf", "S-400")]
);
t!(
    patriot_needs_a_weapon_word,
    "Patriot missiles, the Patriot Act, a patriot",
    [("Patriot", "MIM-104 Patriot")]
);
t!(
    jordan_as_a_name_is_not_the_country,
    "Michael Jordan met Jordan Peterson in Jordan. In Jordan, Jordan's king spoke",
    [
        ("Jordan", "Jordan"),
        ("Jordan", "Jordan"),
        ("Jordan", "Jordan"),
    ]
);
t!(
    washington_in_names,
    "George Washington read the Washington Post in Washington",
    [("Washington", "United States")]
);
t!(
    people_by_variant,
    "Sergey Shoygu and Shoigu",
    [
        ("Sergey Shoygu", "Sergei Shoigu"),
        ("Shoigu", "Sergei Shoigu")
    ]
);

#[test]
fn lines_with_one_id_merge() {
    let gazetteer = GazetteerBuilder::new()
        .defaults(false)
        .add_source("a.tsv", SAMPLE)
        .add_source(
            "b.tsv",
            "id\ttype\tcanonical\taliases\nQ1\tperson\t\tShoygu\nweapon:x\tweapon\tGeran-3\t\n",
        )
        .build()
        .unwrap();
    let shoigu = gazetteer.entity(gazetteer.find_id("Q1").unwrap());
    assert_eq!(shoigu.aliases, ["Shoigu", "Sergey Shoygu", "Shoygu"]);
    assert_eq!(shoigu.roles()[0].country.as_deref(), Some("RUS"));
    assert!(shoigu.roles()[0].held_on("2023-09-20"));
    assert!(!shoigu.roles()[0].held_on("2024-06-01"));
    assert!(gazetteer.find_id("weapon:x").is_some());
}

#[test]
fn bad_lines_name_file_and_line() {
    for (content, message) in [
        (
            "id\ttype\tcanonical\nX\tplace\tSomewhere\n",
            "bad.tsv:2: type must be country, person or weapon, not \"place\"",
        ),
        (
            "id\ttype\n",
            "bad.tsv:1: the header lacks the column \"canonical\"",
        ),
        (
            "id\ttype\tcanonical\tcolour\n",
            "bad.tsv:1: unknown column \"colour\"",
        ),
        (
            "# c\nid\ttype\tcanonical\n\tcountry\tNowhere\n",
            "bad.tsv:3: empty id",
        ),
        (
            "id\ttype\tcanonical\nA\tcountry\tA\textra\n",
            "bad.tsv:2: 4 cells, but the header names 3 columns",
        ),
        (
            "id\ttype\tcanonical\troles\nP\tperson\tP\tBoss@X@yesterday\n",
            "bad.tsv:2: role \"Boss@X@yesterday\": date \"yesterday\"",
        ),
        (
            "id\ttype\tcanonical\nP\tperson\tP\nP\tweapon\tP\n",
            "bad.tsv:3: id P is a person elsewhere, not a weapon",
        ),
    ] {
        let err = GazetteerBuilder::new()
            .defaults(false)
            .add_source("bad.tsv", content)
            .build()
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(message), "{err}\n  expected: {message}");
    }
}

#[test]
fn variants() {
    assert_eq!(separator_variants("Iran"), ["Iran"]);
    assert_eq!(separator_variants("Saudi Arabia"), ["Saudi Arabia"]);
    assert_eq!(
        separator_variants("Su-35"),
        ["Su-35", "Su 35", "Su–35", "Su35"]
    );
    assert_eq!(
        separator_variants("Saleh-Abadi"),
        ["Saleh-Abadi", "Saleh Abadi", "Saleh–Abadi"]
    );
}

/// The matches of one leftmost-longest Aho-Corasick automaton over every form, the way
/// `find_all` worked before the anchors: what `find_all` must still return.
fn find_with_full_automaton(gazetteer: &Gazetteer, text: &str) -> Vec<GazetteerMatch> {
    use aho_corasick::{AhoCorasick, Input, MatchKind};
    let patterns = gazetteer.patterns();
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .unwrap();
    let mut matches = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let Some(found) = automaton.find(Input::new(text).range(at..)) else {
            break;
        };
        let span = Span::new(found.start(), found.end());
        let pattern = &patterns[found.pattern().as_usize()];
        if is_whole_word(text, span) && gazetteer.rules.allow(pattern, text, span) {
            let form = gazetteer.forms.form(found.pattern().as_usize());
            matches.push(GazetteerMatch {
                span,
                entity: form.entity as usize,
                kind: form.kind,
            });
            at = span.end;
        } else {
            at = span.start + text[span.start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    gazetteer.find_in_capitals(text, &mut matches);
    matches
}

/// Texts made of forms, cut forms, forms run together and forms in capitals: where anchors,
/// runs and prefixes of forms could go wrong.
fn stress_texts(patterns: &[String], count: usize) -> Vec<String> {
    let mut state = 42u64;
    let mut below = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % n as u64) as usize
    };
    let separators = [
        " ", " ", ", ", "-", "", "'s ", "’s ", ". ", "\n", "–", " the ", " The ", "x", "9 ", "é",
    ];
    (0..count)
        .map(|_| {
            let mut text = String::new();
            for _ in 0..5 + below(30) {
                let i = below(patterns.len());
                let form = &patterns[i];
                match below(8) {
                    0 => {
                        let mut cut = below(form.len() + 1);
                        while !form.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        text.push_str(&form[..cut]);
                    }
                    1 => text.push_str(&form.to_uppercase()),
                    2 => {
                        // A form and the rest of its neighbour in byte order.
                        let next = &patterns[(i + 1) % patterns.len()];
                        let mut cut = next.len().min(form.len());
                        while !next.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        text.push_str(form);
                        text.push_str(&next[cut..]);
                    }
                    3 => {
                        text.push_str(form);
                        text.push_str(["a", "s", "1", "-x", " X"][below(5)]);
                    }
                    _ => text.push_str(form),
                }
                text.push_str(separators[below(separators.len())]);
            }
            text
        })
        .collect()
}

#[test]
fn anchors_find_what_one_automaton_over_all_forms_finds() {
    let gazetteer = sample();
    let mut texts = stress_texts(gazetteer.patterns(), 300);
    texts.push("The Roman Omani envoy met Michael Jordan in Jordan; TEHRAN – IRAN".to_string());
    for text in &texts {
        assert_eq!(
            gazetteer.find_all(text),
            find_with_full_automaton(&gazetteer, text),
            "{text:?}"
        );
    }
}

t!(
    a_short_form_before_longer_ones_it_starts,
    "US-Russia talks, the US Army, the US-led coalition",
    [
        ("US", "United States"),
        ("US", "United States"),
        ("US-led coalition", "US-led coalition")
    ]
);

#[test]
fn anchors_find_what_one_automaton_over_all_embedded_forms_finds() {
    let gazetteer = Gazetteer::embedded().unwrap();
    let texts = stress_texts(gazetteer.patterns(), 400);
    let joined = texts.join(" ");
    assert_eq!(
        gazetteer.find_all(&joined),
        find_with_full_automaton(&gazetteer, &joined)
    );
}

#[test]
fn exact_lookup_finds_every_form_and_only_forms() {
    let gazetteer = sample();
    let patterns = gazetteer.patterns();
    for (i, form) in patterns.iter().enumerate() {
        assert_eq!(gazetteer.forms.get(form), Some(i));
        let shorter = &form[..form.char_indices().last().map_or(0, |(at, _)| at)];
        for other in [format!("{form}x"), shorter.to_string()] {
            let expected = patterns.iter().position(|p| *p == other);
            assert_eq!(gazetteer.forms.get(&other), expected, "{other:?}");
        }
    }
}
