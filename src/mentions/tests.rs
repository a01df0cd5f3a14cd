use super::*;
use crate::gazetteer::GazetteerBuilder;

const GAZETTEER: &str = "\
id\ttype\tcanonical\taliases\tdemonyms\tcapitals\troles
IRN\tcountry\tIran\t\tIranian\tTehran
RUS\tcountry\tRussia\t\tRussian\tMoscow
Q1\tperson\tSergei Shoigu\tShoigu
Q2\tperson\tAli Khamenei\t\t\t\tSupreme Leader@IRN@1989-06-04@
Q6\tperson\tMohammad Golpayegani\t\t\t\tHead of the Office of the Supreme Leader@IRN@1989@
Q3\tperson\tAntoni Kowalczyk\tKowalczyk
Q4\tperson\tIgor Sergeyev\tSergeyev\t\t\tMinister of Defence@RUS@1997-05-22@2001-03-28
Q5\tperson\tSergei Ivanov\tIvanov\t\t\tMinister of Defence@RUS@2001-03-28@2007-02-15|Minister of Civil Defense@RUS@@
";

fn entities(text: &str) -> Vec<(String, Vec<String>)> {
    entities_on(text, None)
}

fn entities_on(text: &str, date: Option<&str>) -> Vec<(String, Vec<String>)> {
    let gazetteer = GazetteerBuilder::new()
        .defaults(false)
        .add_source("g.tsv", GAZETTEER)
        .build()
        .unwrap();
    let mut article = Article::from_text("t", text);
    article.date = date.map(str::to_string);
    let finder = MentionFinder::from_data(
        DEFAULT_TITLES,
        DEFAULT_NOT_NAMES,
        "Laura\nHossein\nDonald\nStephen\n",
    );
    finder
        .find(&gazetteer, &article)
        .into_iter()
        .map(|e| {
            let mentions = e
                .mentions
                .iter()
                .map(|m| m.span.text(text).to_string())
                .collect();
            (e.canonical, mentions)
        })
        .collect()
}

fn names(list: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    list.iter()
        .map(|(c, ms)| (c.to_string(), ms.iter().map(|m| m.to_string()).collect()))
        .collect()
}

#[test]
fn titled_names_and_their_short_forms() {
    let text = "Russian Defense Minister Sergei Shoigu met Major General Mohammad Hossein Baqeri in Tehran.\n\nBaqeri said Gen. Baqeri's staff agreed. Shoigu left.";
    assert_eq!(
        entities(text),
        names(&[
            ("Russia", &["Russian"]),
            ("Sergei Shoigu", &["Sergei Shoigu", "Shoigu"]),
            (
                "Mohammad Hossein Baqeri",
                &["Mohammad Hossein Baqeri", "Baqeri", "Baqeri"]
            ),
            ("Iran", &["Tehran"]),
        ])
    );
}

#[test]
fn single_word_titled_name_joins_the_full_name() {
    let text = "IRGC chief Hossein Salami spoke. General Salami said the drills went well.";
    assert_eq!(
        entities(text),
        names(&[("Hossein Salami", &["Hossein Salami", "Salami"])])
    );
}

#[test]
fn given_names_and_suffixes() {
    let text = "Laura Loomer wrote about Stephen Paddock. Donald Trump Jr. replied to Loomer.";
    assert_eq!(
        entities(text),
        names(&[
            ("Laura Loomer", &["Laura Loomer", "Loomer"]),
            ("Stephen Paddock", &["Stephen Paddock"]),
            ("Donald Trump Jr.", &["Donald Trump Jr."]),
        ])
    );
}

#[test]
fn honorifics_around_a_gazetteer_person() {
    let text = "The Leader [His Eminence Imam Sayyed Ali Khamenei] believes it.";
    assert_eq!(
        entities(text),
        names(&[("Ali Khamenei", &["Ali Khamenei"])])
    );
}

#[test]
fn institutions_are_not_people() {
    let text = "Chief of Staff of the Iranian Armed Forces says the Ministry agreed. Director General of the Agency spoke.";
    assert_eq!(entities(text), names(&[("Iran", &["Iranian"])]));
}

#[test]
fn slugs() {
    assert_eq!(
        person_slug("Mohammad Hossein Baqeri"),
        "person:mohammad-hossein-baqeri"
    );
    assert_eq!(person_slug("Ali Saleh-Abadi"), "person:ali-saleh-abadi");
}

#[test]
fn an_article_person_beats_a_gazetteer_surname() {
    let text = "Laura Kowalczyk, a local activist, spoke first. Kowalczyk said the plan was dead.";
    assert_eq!(
        entities(text),
        names(&[("Laura Kowalczyk", &["Laura Kowalczyk", "Kowalczyk"])])
    );
}

#[test]
fn surnames_get_the_first_name_the_text_gives() {
    let text = "Ms Beynon spoke first. Rhian Beynon of the JCWI said the rules were unfair. Donald Trump Jr. replied.";
    assert_eq!(
        entities(text),
        names(&[
            ("Rhian Beynon", &["Beynon", "Rhian Beynon"]),
            ("Donald Trump Jr.", &["Donald Trump Jr."]),
        ])
    );
}

#[test]
fn roles_link_to_the_article_person_or_the_holder_on_the_date() {
    let text = "The Russian defence minister arrived in Tehran.";
    // Dated: the gazetteer's holder on that day (not the civil-defence minister).
    assert_eq!(
        entities_on(text, Some("2005-06-01")),
        names(&[
            ("Russia", &["Russian"]),
            ("Sergei Ivanov", &["Russian defence minister"]),
            ("Iran", &["Tehran"]),
        ])
    );
    // Undated: no holder can be chosen.
    assert_eq!(
        entities_on(text, None),
        names(&[("Russia", &["Russian"]), ("Iran", &["Tehran"])])
    );
    // Named in the article with that role: that person.
    let text = "Defence Minister Igor Sergeyev spoke. Later the Russian defence minister left.";
    assert_eq!(
        entities_on(text, Some("2005-06-01"))[0],
        (
            "Igor Sergeyev".to_string(),
            vec![
                "Igor Sergeyev".to_string(),
                "Russian defence minister".to_string()
            ]
        )
    );
}

#[test]
fn abbreviated_titles_and_middle_initials() {
    let text = "We await the results of Mr. Grossi's talks. Stephen J. Hadley said so.";
    assert_eq!(
        entities(text),
        names(&[
            ("Grossi", &["Grossi"]),
            ("Stephen J. Hadley", &["Stephen J. Hadley"]),
        ])
    );
}

#[test]
fn a_given_name_that_is_a_common_word_needs_a_name_after_it() {
    let text = "The spokesman, Mark Rimmer, said it worked. Will Iran agree?";
    assert_eq!(
        entities(text),
        names(&[("Mark Rimmer", &["Mark Rimmer"]), ("Iran", &["Iran"])])
    );
    // Completed from a surname the text establishes (`Mr Rimmer`).
    let text = "“Fine,” Mr Rimmer said. Mark Rimmer runs the office.";
    assert_eq!(
        entities(text),
        names(&[("Mark Rimmer", &["Rimmer", "Mark Rimmer"])])
    );
}

#[test]
fn a_lone_first_name_joins_the_one_full_name_it_starts() {
    let text = "Sir Digby Jones warned the chancellor. Sir Digby added more.";
    assert_eq!(
        entities(text),
        names(&[("Digby Jones", &["Digby Jones", "Digby"])])
    );
    // Two people it could be: neither.
    let text = "Sir Digby Jones and Sir Digby Smith spoke. Sir Digby added more.";
    assert_eq!(entities(text).len(), 3);
}

#[test]
fn a_role_that_names_its_country_stands_alone() {
    let text = "The Leader of the Islamic Revolution urged the forces to stay ready.";
    // Not the head of his office: a role *of* the Supreme Leader is another role.
    let expected = names(&[("Ali Khamenei", &["Leader of the Islamic Revolution"])]);
    assert_eq!(entities_on(text, Some("2022-04-17")), expected);
    // Undated: the gazetteer knows one holder, ever.
    assert_eq!(entities_on(text, None), expected);
    assert!(entities_on(text, Some("1985-01-01")).is_empty());
}

#[test]
fn person_appositives_make_one_word_a_name() {
    let text = "In May, Malek, a Syrian refugee, stabbed three people. The suspect, Traore Kobili, is held. His wife, Candace, left.";
    assert_eq!(
        entities(text),
        names(&[
            ("Malek", &["Malek"]),
            ("Traore Kobili", &["Traore Kobili"]),
            ("Candace", &["Candace"]),
        ])
    );
    // At the start of a sentence one capitalised word and a comma is an adverb.
    let text = "Moreover, the analyst believes it. “Unfortunately, the reporter lied,” he said.";
    assert!(entities(text).is_empty());
}

#[test]
fn places_and_organisations_are_not_people() {
    let finder = MentionFinder::from_data(DEFAULT_TITLES, DEFAULT_NOT_NAMES, "Pedro\nBandar\n");
    let gazetteer = GazetteerBuilder::new()
        .defaults(false)
        .add_source("g.tsv", GAZETTEER)
        .build()
        .unwrap();
    let found = |text: &str| -> Vec<String> {
        finder
            .find(&gazetteer, &Article::from_text("t", text))
            .into_iter()
            .map(|e| e.canonical)
            .collect()
    };
    assert!(found("They were evicted in the Sheikh Jarrah district.").is_empty());
    assert!(
        found("A corridor to Bandar Abbas in the south of Iran.")
            .iter()
            .all(|c| c == "Iran")
    );
    assert!(found("It left the city of San Pedro Sula on Saturday.").is_empty());
    assert_eq!(found("Bandar Abbas met the envoy."), ["Bandar Abbas"]);
    // One word an organisation word follows once is that organisation everywhere.
    assert!(found("Genex Corp sold the unit. Genex said the price was fair.").is_empty());
    assert!(found("Hanson Industries grew. Net assets rose, Hanson said.").is_empty());
}

#[test]
fn a_relative_named_by_a_given_name_takes_the_surname() {
    let text = "Stephen Paddock checked in. Paddock’s brother Eric gave interviews.";
    assert_eq!(
        entities(text),
        names(&[
            ("Stephen Paddock", &["Stephen Paddock", "Paddock"]),
            ("Eric Paddock", &["Eric"]),
        ])
    );
}

#[test]
fn a_surname_ending_makes_two_unknown_words_a_name() {
    let text = "And in Russia. Gyulchekhra Bobokulova beheaded a girl. Novaya Gazeta reported it.";
    assert_eq!(
        entities(text),
        names(&[
            ("Russia", &["Russia"]),
            ("Gyulchekhra Bobokulova", &["Gyulchekhra Bobokulova"]),
        ])
    );
}

#[test]
fn one_word_before_a_speech_verb_needs_a_sign_of_a_person() {
    assert!(entities("Treasury said it would sell bonds. Reuters said so too.").is_empty());
    assert_eq!(
        entities("Malek said he was sorry."),
        names(&[("Malek", &["Malek"])])
    );
    // A title elsewhere in the article makes the word a person.
    assert_eq!(
        entities("Prince Farhan arrived. Farhan said talks went well."),
        names(&[("Farhan", &["Farhan", "Farhan"])])
    );
}

#[test]
fn a_bare_surname_with_another_first_name_is_someone_else() {
    // `Kowalczyk` is the gazetteer's Antoni Kowalczyk by surname, but not here.
    assert!(
        entities("Zbigniew Kowalczyk spoke.")
            .iter()
            .all(|(c, _)| c != "Antoni Kowalczyk")
    );
    assert!(
        entities("Kowalczyk Mrozek said it.")
            .iter()
            .all(|(c, _)| c != "Antoni Kowalczyk")
    );
    assert!(entities("G Kowalczyk (Legia) scored.").is_empty());
    // His own surname alone, or after his own first name or initial, still links.
    assert_eq!(
        entities("Kowalczyk said the plan was dead."),
        names(&[("Antoni Kowalczyk", &["Kowalczyk"])])
    );
    let gazetteer = GazetteerBuilder::new()
        .defaults(false)
        .add_source("g.tsv", GAZETTEER)
        .build()
        .unwrap();
    let text = "A. Kowalczyk said the plan was dead.";
    let found = MentionFinder::new().find(&gazetteer, &Article::from_text("t", text));
    assert_eq!(found[0].id, "Q3", "{found:?}");
    // All his roles began more than ten years after the article: another Sergeyev.
    assert!(entities_on("Sergeyev said prices rose.", Some("1980-03-01")).is_empty());
    assert_eq!(
        entities_on("Sergeyev said prices rose.", Some("1995-03-01")),
        names(&[("Igor Sergeyev", &["Sergeyev"])])
    );
}

#[test]
fn firms_joined_by_an_ampersand_are_not_people() {
    assert!(entities("Laura Smith & Partners said it agreed.").is_empty());
}

#[test]
fn names_inside_place_and_firm_names_are_not_people() {
    // `Laura` is a given name here, but these are a place, a society and web-page debris.
    assert!(entities("He spoke at Lake Laura Smith yesterday.").is_empty());
    assert!(entities("The Laura Smith Society said it agreed.").is_empty());
    assert!(entities("Laura SmithFlagShareLike posted it.").is_empty());
    // A gazetteer surname before a company word is the company's.
    assert!(entities("Kowalczyk Inc said profits rose.").is_empty());
}

/// The plain char-by-char word scan `capitalised_words` must agree with.
fn capitalised_words_reference(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut words = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if !chars[k].1.is_alphanumeric() {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() {
            let c = chars[k].1;
            let inner = matches!(c, '-' | '\'' | '’')
                && chars.get(k + 1).is_some_and(|n| n.1.is_alphanumeric());
            if c.is_alphanumeric() || inner {
                k += 1;
            } else {
                break;
            }
        }
        let end = chars.get(k).map_or(text.len(), |c| c.0);
        let word = &text[chars[start].0..end];
        if word.starts_with(char::is_uppercase) {
            words.push((chars[start].0, word.to_string()));
        }
    }
    words
}

#[test]
fn capitalised_words_agree_with_a_plain_scan() {
    for text in [
        "Bashar al-Assad met Shoigu’s deputy O'Brien in Tel Aviv.",
        "x-'Abc 3-Day McDonald ÖBerg Éric «Zarif» —Trump's, ab’Cd a--Bc",
        "Ünal-Öz, 'Quote' ’Twas ÀÉÎ éÉ 42Z Z42 - ’ '",
        "",
        "A",
        "ends with a capital Z",
    ] {
        let fast: Vec<(usize, String)> = capitalised_words(text, &[true; 256])
            .map(|(i, w)| (i, w.to_string()))
            .collect();
        assert_eq!(fast, capitalised_words_reference(text), "{text}");
        for wanted in [b'A', b'Z', b'O', 0xC3, 0xC5] {
            let mut first = [false; 256];
            first[usize::from(wanted)] = true;
            let fast: Vec<(usize, String)> = capitalised_words(text, &first)
                .map(|(i, w)| (i, w.to_string()))
                .collect();
            let mut plain = capitalised_words_reference(text);
            plain.retain(|(_, w)| w.as_bytes().first() == Some(&wanted));
            assert_eq!(fast, plain, "{text} {wanted}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn capitalised_words_agree_on_any_text(
        text in "[a-zA-Z0-9 '’\\-ÖéÉ,.«»@\\[]{0,40}",
        wanted in proptest::collection::vec(proptest::bool::ANY, 256),
    ) {
        let fast: Vec<(usize, String)> = capitalised_words(&text, &[true; 256])
            .map(|(i, w)| (i, w.to_string()))
            .collect();
        proptest::prop_assert_eq!(fast, capitalised_words_reference(&text));
        let mut first = [false; 256];
        first.copy_from_slice(&wanted);
        first[usize::from(b'A')] = true;
        first[0xC3] = true;
        let fast: Vec<(usize, String)> = capitalised_words(&text, &first)
            .map(|(i, w)| (i, w.to_string()))
            .collect();
        let mut plain = capitalised_words_reference(&text);
        plain.retain(|(_, w)| w.as_bytes().first().is_some_and(|&b| first[usize::from(b)]));
        proptest::prop_assert_eq!(fast, plain);
    }

    #[test]
    fn capital_candidates_flag_exactly_the_capitals_and_non_ascii(chunk in proptest::array::uniform8(proptest::num::u8::ANY)) {
        let flags = capital_candidates(u64::from_le_bytes(chunk));
        for (k, b) in chunk.iter().enumerate() {
            let flagged = flags >> (8 * k + 7) & 1 == 1;
            proptest::prop_assert_eq!(flagged, b.is_ascii_uppercase() || !b.is_ascii(), "{:?}", chunk);
        }
    }
}

proptest::proptest! {
    #[test]
    fn ascii_name_shape_agrees_with_the_plain_test(
        word in "[a-zA-Z.'\\-]{0,2}[a-zA-Z.'\\- 0-9,]{0,10}",
        dot_after in proptest::bool::ANY,
    ) {
        proptest::prop_assert_eq!(
            ascii_name_shape(word.as_bytes(), || dot_after),
            name_shape(&word, || dot_after)
        );
    }
}

#[test]
fn ascii_name_shape_agrees_on_tricky_words() {
    for word in [
        "",
        "A",
        "A.",
        "Ab",
        "AB",
        "al-Assad",
        "al-assad",
        "El-Baradei",
        "McDonald",
        "MacArthur",
        "CruzRep",
        "DeSantis",
        "LeBron",
        "ElBaradei",
        "AbuBakr",
        "O'Brien",
        "Smith-Jones",
        "a",
        "ab",
        "Ab1",
        "Ab,",
        "VanDyke",
        "DiCaprio",
        "XxYy",
        "AbcDe",
        "al-",
        "Al-b",
    ] {
        for dot_after in [false, true] {
            assert_eq!(
                ascii_name_shape(word.as_bytes(), || dot_after),
                name_shape(word, || dot_after),
                "{word} {dot_after}"
            );
        }
    }
}

proptest::proptest! {
    #[test]
    fn ascii_person_slugs_agree_with_the_char_by_char_slug(name in "[ -~]{0,24}") {
        proptest::prop_assert_eq!(person_slug(&name), person_slug_of_chars(&name));
    }
}

#[test]
fn person_slugs_of_tricky_names() {
    for name in [
        "",
        " ",
        "-",
        "Donald Trump Jr.",
        " al-Assad ",
        "O'Brien",
        "A.B. C",
        "Éric Zemmour",
    ] {
        assert_eq!(person_slug(name), person_slug_of_chars(name), "{name}");
    }
    assert_eq!(
        person_slug(" Donald  J. Trump Jr."),
        "person:donald-j-trump-jr"
    );
}

/// The plain appositive reader `appositive_after` must agree with.
fn appositive_after_reference(text: &str, at: usize) -> Option<String> {
    let rest = text[at..].strip_prefix(", ")?;
    let rest = &rest[..floor_char_boundary(rest, 160)];
    let end = rest.find([',', '.', ';', ':', '(', '“', '"', '\n'])?;
    let phrase = &rest[..end];
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let first = *words.first()?;
    let opens =
        matches!(first, "the" | "a" | "an") || first.ends_with("’s") || first.ends_with("'s");
    (opens && (2..=8).contains(&words.len()) && rest[end..].starts_with(','))
        .then(|| phrase.to_string())
}

proptest::proptest! {
    #[test]
    fn appositives_agree_with_the_plain_reader(
        text in "X(, (the|a|an|Iran's|Iran’s|UN|envoy|of|b|c|“|”|\"|\\(|\\.|;|:|,|\n| |é){0,14})?",
    ) {
        proptest::prop_assert_eq!(appositive_after(&text, 1), appositive_after_reference(&text, 1));
    }
}

#[test]
fn name_word_counts_agree_with_name_words() {
    for name in [
        "",
        "Trump",
        "Donald Trump Jr.",
        "Jr.",
        "II",
        "Pope Leo XIV",
        " a  b III ",
    ] {
        assert_eq!(name_word_count(name), name_words(name).len(), "{name}");
    }
}

#[test]
fn letters_said_to_fold_to_ascii_only_do_so_in_regex() {
    // Every char outside ASCII, in one string, against each letter's case-insensitive class.
    let others: String = (0x80..=0x10_FFFF).filter_map(char::from_u32).collect();
    for b in b'a'..=b'z' {
        let class = regex::Regex::new(&format!("(?i){}", char::from(b))).unwrap();
        let folds_outside = class.is_match(&others);
        assert_eq!(folds_to_ascii_only(b), !folds_outside, "{}", char::from(b));
        assert_eq!(folds_to_ascii_only(b.to_ascii_uppercase()), !folds_outside);
    }
    assert!(!folds_to_ascii_only(b'-') && !folds_to_ascii_only(0xC5));
}

#[test]
fn standalone_gates_need_plain_last_words() {
    let phrases = |ps: &[&str]| ps.iter().map(|p| p.to_string()).collect::<Vec<String>>();
    let gate = standalone_gate(&phrases(&["leader of the revolution", "the revolution"])).unwrap();
    assert_eq!(gate, [("revolution".to_string(), 2)]);
    assert!(gate_passes(&gate, "The REVOLUTION's leader"));
    assert!(gate_passes(&gate, "revolution"));
    assert!(!gate_passes(
        &gate,
        "the revolt, evolution, volution, revolutio"
    ));
    // `s` and `k` fold to non-ASCII letters (`ſ`, the Kelvin sign): no gate.
    assert!(standalone_gate(&phrases(&["supreme leaders"])).is_none());
    assert!(standalone_gate(&phrases(&["the think"])).is_none());
    assert!(standalone_gate(&phrases(&["leader-in-chief"])).is_none());
}

/// The gate's test the plain way: some word at some position, ASCII case ignored.
fn gate_passes_reference(gate: &[(String, usize)], text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    gate.iter().any(|(word, _)| lower.contains(word.as_str()))
}

proptest::proptest! {
    #[test]
    fn gated_standalone_roles_match_as_the_pattern_alone(
        text in "[a-zA-Z ’'.,ſK]{0,12}(leader of the islamic revolution|Supreme LEADER of the Islamic Revolution|ſupreme leader of the iſlamic revolution|revolutio|evolution)?[a-zA-Z ’'.,ſK]{0,12}",
    ) {
        let finder = MentionFinder::new();
        for kind in &finder.roles {
            if let Some((_, pattern)) = &kind.standalone {
                let gate = kind.standalone_gate.as_ref().unwrap();
                let passes = gate_passes(gate, &text);
                proptest::prop_assert_eq!(passes, gate_passes_reference(gate, &text));
                if !passes {
                    proptest::prop_assert!(!pattern.is_match(&text));
                }
            }
        }
    }

    #[test]
    fn gates_agree_with_the_plain_search(
        text in "[vVrReEoOlLuUtTiInN ſ]{0,30}",
        words in proptest::collection::vec("[vreolutin]{1,3}", 1..3),
    ) {
        let gate = standalone_gate(&words).unwrap_or_default();
        proptest::prop_assert_eq!(gate_passes(&gate, &text), gate_passes_reference(&gate, &text));
    }
}

proptest::proptest! {
    #[test]
    fn words_at_are_the_capitalised_words(text in "[a-zA-Z0-9 '’\\-ÖéÉ,.«»@\\[]{0,40}") {
        let at: Vec<(usize, String)> = (0..=text.len())
            .filter_map(|k| capitalised_word_at(&text, k).map(|w| (k, w.to_string())))
            .collect();
        proptest::prop_assert_eq!(at, capitalised_words_reference(&text));
    }

    #[test]
    fn searched_surnames_are_the_scanned_ones(
        text in "(Ab|Abc|Bca|ab|Öb|Öbc|’s|'s|-|’| |,|x|É){0,24}",
        surnames in proptest::collection::vec("(Ab|Abc|Bca|Öb|Öbc|Ab’s|Ab-Bc|É)", 0..4),
    ) {
        let mut unique: Vec<&str> = surnames.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        proptest::prop_assert_eq!(
            surname_words_searched(&text, &unique),
            surname_words_scanned(&text, &unique)
        );
    }
}
