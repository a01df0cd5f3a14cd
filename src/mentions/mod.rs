//! Entity mentions: the fourth stage. Turns gazetteer matches and the names the gazetteer does
//! not know into the article's [`ArticleEntity`] list, each with all its mentions, which the
//! quote stage uses to name speakers.
//!
//! # People beyond the gazetteer
//! - A **title or role** before capitalised words makes a name: `Defense Minister Sergei
//!   Shoigu`, `Brigadier General Khoshghalb`, `spokesman John Kirby`, `Mr. Trump` (titles in
//!   `titles.txt`).
//! - A **given name** before capitalised words makes a name: `Laura Loomer` (given names in
//!   `gazetteers/given_names.txt`, generated from the people sources).
//! - Capitalised words right **before a speech verb** (`Malek said`) or two or three before a
//!   **role appositive** (`Kazem Gharibabadi, Iran's ambassador, …`) make a name, unless they
//!   are common English words (`Police said`; `gazetteers/common_words.txt`, generated from the
//!   corpora). One word before a speech verb is as often an organisation (`Treasury said it`):
//!   it stays a person only with a sign of one — a given name, `he`/`she` after the verb, a
//!   title or a full name elsewhere in the article.
//! - A given name that is also a common word (`Mark`, `Will`; `given_names_common.txt`)
//!   starts a name only before a name word and a speech verb or appositive (`Mark Rimmer
//!   said`), or before a surname the article already gives a person (`Mr Rimmer`).
//! - Two capitalised words that are no common words, the second with a surname ending no
//!   English word has (`Gyulchekhra Bobokulova`; `surname_endings.txt`), make a name.
//! - An appositive with a person noun makes even one capitalised word a name: `Malek, a
//!   Syrian refugee,`, `The suspect, Traore Kobili,` (`person_nouns.txt`, and lowercase
//!   titles such as `spokesman`). A kinship noun after a surname's possessive names a
//!   relative: `Paddock’s brother Eric` is Eric Paddock.
//! - Capitalised words that name institutions, places or dates (`not_names.txt`), function
//!   words, and words the gazetteer knows as a country or weapon never belong to a name.
//! - Capitalised words next to a place noun (`Sheikh Jarrah district`, `the city of San Pedro
//!   Sula`; `place_nouns.txt`), after a word that begins place names (`New York`, `Lake
//!   Worth`; `place_prefixes.txt`), before `in the south …`, or before an organisation word
//!   (`Hanson Industries`; `org_words.txt`) or beside an ampersand (`Johnson & Johnson`) are
//!   no name; a one-word "name" the article once
//!   shows to be an organisation (`Genex Corp`) is none anywhere in it (`Genex said`).
//!
//! # Doubtful gazetteer surnames
//! A gazetteer person found by a bare surname is somebody else when another first name or
//! initial stands right before it (`Coleen Rowley`, `G Dempsey`), a name word right after it
//! (`Anand Jain`), or — in a dated article — every role of the person began more than ten years
//! after the article. A longer name around it whose first word is the person's own (`Barack
//! Hussein Obama`) keeps the link.
//!
//! # Linking within the article
//! A name that ends a longer name of the article is the same person (`Salami` and `General
//! Salami` are `Hossein Salami`; `Donald Trump Jr.` is not `Donald Trump`), and so is a lone
//! given name that starts exactly one longer name (`Sir Digby` of `Sir Digby Jones`). After that, every
//! other occurrence of a person's surname in the text is a mention of that person (the nearest
//! earlier one when two people share it). A detected name around a gazetteer person's name
//! (`Sayyed Ali Khamenei` around `Ali Khamenei`) is that gazetteer person. A person's
//! canonical name is the most complete name the article gives them (the gazetteer id links
//! the variants: `Mohammad Hossein Baqeri` here, `Mohammad Bagheri` in the gazetteer);
//! countries and weapons take the gazetteer's canonical name.

mod tokens;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Serialize;

use crate::article::Article;
use crate::ascii;
use crate::gazetteer::{EntityType, FormKind, Gazetteer, GazetteerMatch};
use crate::span::{Span, floor_char_boundary};
use tokens::{Token, tokenize_into};

/// The embedded titles that introduce names.
pub const DEFAULT_TITLES: &str = include_str!("titles.txt");
/// The embedded capitalised words that are not names.
pub const DEFAULT_NOT_NAMES: &str = include_str!("not_names.txt");
/// The embedded given names (generated).
pub const DEFAULT_GIVEN_NAMES: &str = include_str!("../../gazetteers/given_names.txt");
/// The embedded given names that are also common words (generated): `Mark`, `Will`.
pub const DEFAULT_GIVEN_NAMES_COMMON: &str =
    include_str!("../../gazetteers/given_names_common.txt");
/// The embedded nouns that make an appositive describe a person (`Malek, a Syrian refugee`).
pub const DEFAULT_PERSON_NOUNS: &str = include_str!("person_nouns.txt");
/// The embedded nouns that make capitalised words beside them a place (`Sheikh Jarrah
/// district`, `the city of San Pedro Sula`).
pub const DEFAULT_PLACE_NOUNS: &str = include_str!("place_nouns.txt");
/// The embedded words that make capitalised words before them an organisation (`Genex Corp`).
pub const DEFAULT_ORG_WORDS: &str = include_str!("org_words.txt");
/// The embedded words that begin place names (`New`, `San`, `Lake`).
pub const DEFAULT_PLACE_PREFIXES: &str = include_str!("place_prefixes.txt");
/// The embedded surname endings no common word has (`Bobokulova`).
pub const DEFAULT_SURNAME_ENDINGS: &str = include_str!("surname_endings.txt");
/// The embedded roles that stand for people (`the Russian defence minister`).
pub const DEFAULT_ROLES: &str = include_str!("roles.tsv");
/// The embedded common English words (generated), which are never names found by context.
pub const DEFAULT_COMMON_WORDS: &str = include_str!("../../gazetteers/common_words.txt");

/// How a mention was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A gazetteer surface form of this kind.
    Gazetteer(FormKind),
    /// A name introduced by a title or role.
    Titled,
    /// A name introduced by a given name.
    GivenName,
    /// A name before a speech verb or a role appositive (`Malek said`, `Kazem Gharibabadi,
    /// Iran's ambassador`).
    Attributed,
    /// A surname or shorter form of a name found elsewhere in the article.
    ShortForm,
    /// A role standing for the person (`the Russian defence minister`), linked to the person
    /// the article gives that role, or who held it on the article's date.
    Role,
}

/// One mention of an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte span into the article text.
    pub span: Span,
    /// How it was found.
    pub kind: MentionKind,
}

/// An entity as it appears in one article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleEntity {
    /// Gazetteer id, or `person:slug-of-the-name` for people the gazetteer does not know.
    pub id: String,
    /// What the entity is.
    pub entity_type: EntityType,
    /// Canonical name.
    pub canonical: String,
    /// Index into the gazetteer's entities, when it came from there.
    pub gazetteer: Option<usize>,
    /// For people: the id of the country they serve, from the gazetteer or from the text
    /// (`Russian Defense Minister Sergei Shoigu` → `RUS`).
    pub country: Option<String>,
    /// For people: the roles the article or the gazetteer gives them (`Russian Defense
    /// Minister`, `Iran's UN envoy`, `Chief of the General Staff`), for resolving role
    /// mentions such as `the minister`.
    pub titles: Vec<String>,
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
}

/// Finds the entities of articles.
#[derive(Clone, Debug)]
pub struct MentionFinder {
    /// Titles by their first word, each as its words.
    titles: HashMap<String, Vec<Vec<String>>>,
    /// For each ASCII byte, the lengths (bit `n`: `n` bytes; bit 31: 31 or more) of the titles'
    /// first words that start with it, and those words' longest length.
    title_first_bytes: [u32; 128],
    /// The same for the titles' first words' last bytes: `said` starts like `Sen.`.
    title_last_bytes: [u32; 128],
    longest_title_word: usize,
    not_names: HashSet<String>,
    /// Words no name has (not-names, function words and titles' first words), for the one
    /// lookup of [`MentionFinder::is_name_token`].
    never_in_names: HashSet<String>,
    given_names: HashSet<String>,
    /// Given names that are common words too: they start a name only with more evidence.
    common_given_names: HashSet<String>,
    function_words: HashSet<String>,
    /// Common words, as bytes: [`contains_lowercase`] looks them up without a UTF-8 check.
    common_words: HashSet<Vec<u8>>,
    speech_verbs: HashSet<String>,
    person_nouns: HashSet<String>,
    place_nouns: HashSet<String>,
    org_words: HashSet<String>,
    /// The first bytes of the organisation words, to rule words out before hashing them.
    org_first_bytes: [bool; 256],
    place_prefixes: HashSet<String>,
    surname_endings: Vec<String>,
    roles: Vec<RoleKind>,
}

/// One role of `roles.tsv`.
#[derive(Clone, Debug)]
struct RoleKind {
    /// Its name in `roles.tsv` (`defence-minister`).
    name: String,
    /// How news names it, lowercase.
    phrases: Vec<String>,
    /// Phrases a gazetteer role title contains for it, lowercase.
    titles: Vec<String>,
    /// For a role whose name implies its country (`Leader of the Islamic Revolution`): that
    /// country's id, and the phrases as one case-insensitive whole-word pattern.
    standalone: Option<(String, regex::Regex)>,
    /// For a standalone role: words every match of its pattern contains (ignoring ASCII case),
    /// so a text without them is not searched. `None`: no such words, always search.
    standalone_gate: Option<Vec<(String, usize)>>,
}

/// ASCII letters whose case-insensitive forms in `regex` (Unicode simple case folding) are
/// ASCII only: not `k` (Kelvin sign) and not `s` (long s). A pattern word of these letters can
/// match only where the word itself is, ignoring ASCII case.
fn folds_to_ascii_only(b: u8) -> bool {
    b.is_ascii_alphabetic() && !matches!(b.to_ascii_lowercase(), b'k' | b's')
}

/// For a standalone role: the last words of its `phrases` (`revolution`), lowercase, each
/// with the offset of its rarest letter (`v`). A text where none occurs, ignoring ASCII case,
/// holds no match of the role's pattern. `None` when some phrase's last word has a letter
/// that folds to non-ASCII, or is not plain letters.
fn standalone_gate(phrases: &[String]) -> Option<Vec<(String, usize)>> {
    // English letters, most frequent first: the later, the fewer false starts.
    const BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    let rank = |b: &u8| BY_FREQUENCY.iter().position(|f| f == b);
    let mut gate: Vec<(String, usize)> = Vec::new();
    for phrase in phrases {
        let last = phrase.rsplit(' ').next()?.to_ascii_lowercase();
        if last.is_empty() || !last.bytes().all(folds_to_ascii_only) {
            return None;
        }
        let rarest = (0..last.len()).max_by_key(|&k| last.as_bytes().get(k).and_then(rank))?;
        if !gate.iter().any(|(word, _)| *word == last) {
            gate.push((last, rarest));
        }
    }
    Some(gate)
}

/// Whether one of the gate's words occurs in `text`, ASCII case ignored: each word found by
/// its rarest letter (both cases at once), then compared there.
fn gate_passes(gate: &[(String, usize)], text: &str) -> bool {
    let bytes = text.as_bytes();
    gate.iter().any(|(word, rarest)| {
        let Some(&letter) = word.as_bytes().get(*rarest) else {
            return false;
        };
        memchr::memchr2_iter(letter, letter.to_ascii_uppercase(), bytes).any(|at| {
            at.checked_sub(*rarest)
                .and_then(|start| bytes.get(start..start + word.len()))
                .is_some_and(|there| there.eq_ignore_ascii_case(word.as_bytes()))
        })
    })
}

impl RoleKind {
    /// Whether a gazetteer role title is this role: it contains one of the role's title
    /// phrases, not as a deputy's role (`Deputy Minister of Defence`) nor as what some other
    /// office belongs to (`Head of the Office of the Supreme Leader`).
    fn fits_title(&self, title: &str) -> bool {
        let title = title.as_bytes();
        let ends_with = |haystack: &[u8], suffix: &[u8]| {
            haystack.len() >= suffix.len()
                && haystack[haystack.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        };
        self.titles.iter().any(|t| {
            positions_ignoring_case(title, t.as_bytes()).any(|at| {
                let before = &title[..at];
                !ends_with(before, b"of the ")
                    && !ends_with(before, b"of ")
                    && ![&b"deputy"[..], b"vice", b"assistant"]
                        .iter()
                        .any(|w| positions_ignoring_case(before, w).next().is_some())
            })
        })
    }
}

/// Where `needle` occurs in `haystack`, ASCII case ignored, without lowercased copies: role
/// titles are matched this way for every official of a country. The needles are ASCII.
fn positions_ignoring_case<'a>(
    haystack: &'a [u8],
    needle: &'a [u8],
) -> impl Iterator<Item = usize> + 'a {
    let first = needle.first().copied();
    (0..(haystack.len() + 1).saturating_sub(needle.len())).filter(move |&at| {
        first.is_some_and(|f| haystack[at].eq_ignore_ascii_case(&f))
            && haystack[at..at + needle.len()].eq_ignore_ascii_case(needle)
    })
}

impl Default for MentionFinder {
    fn default() -> MentionFinder {
        MentionFinder::new()
    }
}

/// Lowercase words allowed inside a name (`Mohammed bin Salman`, `Ursula von der Leyen`).
const PARTICLES: &[&str] = &[
    "bin", "bint", "ibn", "al", "el", "de", "da", "di", "du", "van", "von", "der", "den", "la",
    "le", "ul", "ud",
];
/// Words after `in (the)` that make the capitalised words before a place (`Bandar Abbas in
/// the south of Iran`, `Idlib in northwestern Syria`).
const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
];
/// Kinship nouns between a surname's possessive and a given name (`Paddock's brother Eric`).
const KIN: &[&str] = &[
    "brother", "sister", "son", "daughter", "wife", "husband", "father", "mother", "widow",
    "uncle", "aunt", "cousin", "nephew", "niece",
];
/// Words allowed at the end of a name (`Donald Trump Jr.`).
const SUFFIXES: &[&str] = &["Jr.", "Sr.", "II", "III", "IV"];

impl MentionFinder {
    /// A finder with the embedded data.
    pub fn new() -> MentionFinder {
        MentionFinder::from_data(DEFAULT_TITLES, DEFAULT_NOT_NAMES, DEFAULT_GIVEN_NAMES)
    }

    /// A finder from data in the embedded files' formats (one entry per line, `#` comments).
    pub fn from_data(titles: &str, not_names: &str, given_names: &str) -> MentionFinder {
        let mut by_first: HashMap<String, Vec<Vec<String>>> = HashMap::default();
        for title in lines(titles) {
            let words: Vec<String> = title.split_whitespace().map(str::to_string).collect();
            if let Some(first) = words.first() {
                by_first.entry(first.clone()).or_default().push(words);
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|words| std::cmp::Reverse(words.len()));
        }
        let mut title_first_bytes = [0u32; 128];
        let mut title_last_bytes = [0u32; 128];
        for first in by_first.keys() {
            if let Some(&b) = first.as_bytes().first().filter(|b| b.is_ascii()) {
                title_first_bytes[usize::from(b)] |= 1 << first.len().min(31);
            }
            // A word ending outside ASCII rules out none: its table entry is not read.
            if let Some(&b) = first.as_bytes().last().filter(|b| b.is_ascii()) {
                title_last_bytes[usize::from(b)] |= 1 << first.len().min(31);
            }
        }
        let longest_title_word = by_first.keys().map(String::len).max().unwrap_or(0);
        let not_names: HashSet<String> = lines(not_names).map(str::to_string).collect();
        let function_words: HashSet<String> = lines(crate::segment::DEFAULT_SENTENCE_STARTERS)
            .map(str::to_string)
            .collect();
        let never_in_names = not_names
            .iter()
            .chain(&function_words)
            .chain(by_first.keys())
            .cloned()
            .collect();
        MentionFinder {
            titles: by_first,
            title_first_bytes,
            title_last_bytes,
            longest_title_word,
            not_names,
            never_in_names,
            given_names: lines(given_names).map(str::to_string).collect(),
            common_given_names: lines(DEFAULT_GIVEN_NAMES_COMMON)
                .map(str::to_string)
                .collect(),
            function_words,
            common_words: lines(DEFAULT_COMMON_WORDS)
                .map(|w| w.as_bytes().to_vec())
                .collect(),
            speech_verbs: lines(crate::segment::DEFAULT_ATTRIBUTION_VERBS)
                .map(str::to_string)
                .collect(),
            person_nouns: lines(DEFAULT_PERSON_NOUNS).map(str::to_string).collect(),
            place_nouns: lines(DEFAULT_PLACE_NOUNS).map(str::to_string).collect(),
            org_words: lines(DEFAULT_ORG_WORDS).map(str::to_string).collect(),
            org_first_bytes: first_bytes(lines(DEFAULT_ORG_WORDS)),
            place_prefixes: lines(DEFAULT_PLACE_PREFIXES).map(str::to_string).collect(),
            surname_endings: lines(DEFAULT_SURNAME_ENDINGS).map(str::to_string).collect(),
            roles: lines(DEFAULT_ROLES)
                .filter_map(|line| {
                    let mut cells = line.split('\t');
                    let name = cells.next()?.trim().to_string();
                    let phrases: Vec<String> = cells
                        .next()?
                        .split('|')
                        .map(|p| p.trim().to_lowercase())
                        .collect();
                    let titles = cells
                        .next()?
                        .split('|')
                        .map(|t| t.trim().to_lowercase())
                        .collect();
                    let country = cells.next().map(str::trim);
                    let standalone_gate = match country {
                        Some(country) if !country.is_empty() => standalone_gate(&phrases),
                        _ => None,
                    };
                    let standalone = match country {
                        Some(country) if !country.is_empty() => {
                            let alternatives: Vec<String> =
                                phrases.iter().map(|p: &String| regex::escape(p)).collect();
                            let pattern = format!(r"(?i)\b(?:{})\b", alternatives.join("|"));
                            Some((country.to_string(), regex::Regex::new(&pattern).ok()?))
                        }
                        _ => None,
                    };
                    Some(RoleKind {
                        name,
                        phrases,
                        titles,
                        standalone,
                        standalone_gate,
                    })
                })
                .collect(),
        }
    }

    /// The entities of `article`, in order of first mention.
    pub fn find(&self, gazetteer: &Gazetteer, article: &Article) -> Vec<ArticleEntity> {
        let text = article.text.as_str();
        let all_matches = gazetteer.find_all(text);
        let (matches, doubtful): (Vec<GazetteerMatch>, Vec<GazetteerMatch>) = all_matches
            .iter()
            .partition(|m| !self.doubtful_surname(text, gazetteer, m, &all_matches, article));
        let mut builder = EntitiesBuilder::default();
        // Spans the gazetteer claims for countries and weapons: never part of a person's name.
        let mut claimed: Vec<Span> = Vec::new();
        for m in &matches {
            let entity = gazetteer.entity(m.entity);
            if entity.entity_type != EntityType::Person {
                claimed.push(m.span);
            }
            builder.add_gazetteer(gazetteer, m.entity, m.span, MentionKind::Gazetteer(m.kind));
        }
        let mut names: Vec<(Span, MentionKind)> = Vec::new();
        let mut clues = Clues::default();
        // One-word names whose only evidence is a speech verb after them (`Treasury said`).
        let mut weak: Vec<Span> = Vec::new();
        let mut tokens: Vec<Token> = Vec::new();
        for paragraph in &article.paragraphs {
            tokenize_into(text, *paragraph, &mut tokens);
            self.names_in(text, &tokens, &claimed, &mut names, &mut weak);
            self.clues_in(text, &tokens, &mut clues);
        }
        // A detected name around a gazetteer person is that person; other names are new.
        let people: Vec<(Span, usize)> = matches
            .iter()
            .filter(|m| gazetteer.entity(m.entity).entity_type == EntityType::Person)
            .map(|m| (m.span, m.entity))
            .collect();
        for (span, kind) in names {
            let inner = people[people.partition_point(|(p, _)| p.start < span.start)..]
                .iter()
                .take_while(|(p, _)| p.start < span.end)
                .find(|(p, _)| span.contains(*p) && p.end == span.end);
            match inner {
                // `Anna Kowalczyk` is not the gazetteer's `Antoni Kowalczyk` found by surname.
                Some(&(p, entity))
                    if same_person(gazetteer, entity, p.text(text), span.text(text)) =>
                {
                    builder.extend_gazetteer_mention(entity, span, kind)
                }
                Some(&(p, entity)) => {
                    builder.remove_gazetteer_mention(entity, p);
                    builder.add_name(text, span, kind);
                }
                None => {
                    // `Donald Trump Jr.` around the gazetteer's `Donald Trump`: a suffix makes
                    // another person. Any other overlap leaves the gazetteer's match alone.
                    let suffixed = people[people.partition_point(|(p, _)| p.start < span.start)..]
                        .iter()
                        .take_while(|(p, _)| p.start < span.end)
                        .find(|(p, _)| {
                            span.contains(*p) && SUFFIXES.contains(&text[p.end..span.end].trim())
                        })
                        .copied();
                    // `Barack Hussein Obama` around a doubtful `Obama`: the name's first word
                    // is the person's own, so the link holds after all.
                    let confirmed = doubtful.iter().find(|m| {
                        span.contains(m.span)
                            && m.span.end == span.end
                            && m.span.start > span.start
                            && same_person(gazetteer, m.entity, m.span.text(text), span.text(text))
                    });
                    match (suffixed, confirmed) {
                        (Some((p, entity)), _) => {
                            builder.remove_gazetteer_mention(entity, p);
                            builder.add_name(text, span, kind);
                        }
                        (None, Some(m)) => builder.add_gazetteer(gazetteer, m.entity, span, kind),
                        (None, None) if overlaps_any_pair(&people, span) => {}
                        (None, None) => builder.add_name(text, span, kind),
                    }
                }
            }
        }
        builder.drop_organisations(&clues.org_heads, &self.org_words);
        builder.claim_surnames(text);
        builder.link_names();
        builder.complete_surnames(text, self);
        builder.drop_unsupported(&weak);
        builder.add_short_forms(text, &claimed);
        builder.kin_names(text, &clues.relatives);
        builder.titles_from_text(text);
        builder.countries_from_text(text, gazetteer, &matches);
        self.role_mentions(
            text,
            gazetteer,
            &matches,
            article.date.as_deref(),
            &mut builder,
        );
        builder.finish(text)
    }

    /// Appends the names of one paragraph's tokens to `out`.
    fn names_in(
        &self,
        text: &str,
        tokens: &[Token],
        claimed: &[Span],
        out: &mut Vec<(Span, MentionKind)>,
        weak: &mut Vec<Span>,
    ) {
        let mut i = 0;
        while i < tokens.len() {
            if let Some(after_title) = self.title_at(text, tokens, i) {
                let end = self.name_end(text, tokens, after_title, claimed);
                if end > after_title && !self.names_a_place(text, tokens, after_title, end) {
                    out.push((span_of(tokens, after_title, end), MentionKind::Titled));
                    i = end;
                    continue;
                }
                i = after_title.max(i + 1);
                continue;
            }
            let capitalised = tokens[i].capitalised;
            // The flags before the lookup.
            if capitalised
                && !tokens[i].ends_phrase
                && self.given_names.contains(tokens[i].core(text))
                && self.is_name_token(text, &tokens[i], claimed)
            {
                let end = self.name_end(text, tokens, i, claimed);
                if end >= i + 2 && !self.names_a_place(text, tokens, i, end) {
                    out.push((span_of(tokens, i, end), MentionKind::GivenName));
                    i = end;
                    continue;
                }
            }
            if !capitalised {
                i += 1;
                continue;
            }
            if let Some(end) = self
                .attributed_name(text, tokens, i, claimed)
                .filter(|&end| !self.names_a_place(text, tokens, i, end))
            {
                let by_verb_alone = !tokens[i].ends_phrase
                    && tokens
                        .get(end)
                        .is_some_and(|t| self.speech_verbs.contains(t.core(text)));
                if end == i + 1
                    && by_verb_alone
                    && !self.given_names.contains(tokens[i].core(text))
                    && !self.person_after_verb(text, tokens, end)
                {
                    weak.push(tokens[i].core_span);
                }
                out.push((span_of(tokens, i, end), MentionKind::Attributed));
                i = end;
                continue;
            }
            i += 1;
        }
    }

    /// A name found by what surrounds it: capitalised words that are not common words, right
    /// before a speech verb (`Malek said`, `Khoshghalb told`), or two or three of them before
    /// an appositive (`Kazem Gharibabadi, Iran's ambassador, …`). Returns the end token.
    fn attributed_name(
        &self,
        text: &str,
        tokens: &[Token],
        i: usize,
        claimed: &[Span],
    ) -> Option<usize> {
        let starts_name = |k: usize| {
            let word = tokens[k].core(text);
            let one_capital = || {
                if word.is_ascii() {
                    word.bytes().filter(u8::is_ascii_uppercase).count() == 1
                } else {
                    word.chars().filter(|c| c.is_uppercase()).count() == 1
                }
            };
            // The cheap tests before the lookup of the common words.
            self.is_name_token(text, &tokens[k], claimed)
                && one_capital()
                && !contains_lowercase(&self.common_words, word)
        };
        // The cheap test first: a capitalised word glued before makes this no name's start.
        if i > 0 && !tokens[i - 1].ends_phrase && tokens[i - 1].capitalised {
            return None;
        }
        // `Mark Rimmer said`: a given name that is also a common word starts a name when a
        // name word follows it.
        let common_given = || {
            !tokens[i].ends_phrase
                && self.common_given_names.contains(tokens[i].core(text))
                && self.is_name_token(text, &tokens[i], claimed)
                && tokens.get(i + 1).is_some_and(|_| starts_name(i + 1))
        };
        if !(starts_name(i) || common_given()) {
            return None;
        }
        let mut end = i + 1;
        while end < tokens.len() && end - i < 3 && !tokens[end - 1].ends_phrase && starts_name(end)
        {
            end += 1;
        }
        let last = &tokens[end - 1];
        // `Gyulchekhra Bobokulova`: two such words, the second with a surname ending.
        if end - i == 2 && starts_name(i) && self.has_surname_ending(last.core(text)) {
            return Some(end);
        }
        let next = tokens.get(end)?;
        let verb = next.core(text);
        if !last.ends_phrase && self.speech_verbs.contains(verb) {
            return Some(end);
        }
        let ends_with_comma = last.raw(text).ends_with(',');
        let determiner = matches!(verb, "the" | "a" | "an");
        let appositive = ends_with_comma
            && end - i >= 2
            && (determiner || next.raw(text).contains("’s") || next.raw(text).contains("'s"));
        // One word is enough when the appositive describes a person, after the name (`Malek,
        // a Syrian refugee,`) or before it (`The suspect, Traore Kobili,`). Not at the start of
        // a sentence, where one capitalised word and a comma is an adverb (`Moreover, the
        // analyst …`).
        let mid_sentence = i > 0
            && tokens[i].raw_span.start == tokens[i].core_span.start
            && !tokens[i - 1]
                .raw(text)
                .ends_with(['.', '!', '?', ':', '"', '”', '“']);
        let person_after = (end - i >= 2 || mid_sentence)
            && ends_with_comma
            && determiner
            && tokens[end + 1..]
                .iter()
                .take(4)
                .scan(false, |ended, t| {
                    let before_end = !*ended;
                    *ended = t.ends_phrase;
                    before_end.then_some(t)
                })
                .any(|t| self.is_person_noun(t.core(text)));
        let person_before = ends_with_comma
            && i > 0
            && tokens[i - 1].raw(text).ends_with(',')
            && self.is_person_noun(tokens[i - 1].core(text));
        (appositive || person_after || person_before).then_some(end)
    }

    /// Notes what later steps need from one paragraph's tokens, so no step reads the whole
    /// text again: the words an organisation word follows (`Genex` of `Genex Corp`) and the
    /// given names after a possessive and a kinship noun (`Paddock’s brother Eric`).
    fn clues_in<'t>(&self, text: &'t str, tokens: &[Token], clues: &mut Clues<'t>) {
        for (k, token) in tokens.iter().enumerate() {
            // Both clues start at a capitalised word: most tokens stop here.
            if !token.capitalised || token.ends_phrase && !is_possessive(token, text) {
                continue;
            }
            let word = token.core(text);
            let Some(next) = tokens.get(k + 1) else {
                continue;
            };
            if !token.ends_phrase {
                let next_word = next.core(text);
                if next_word
                    .as_bytes()
                    .first()
                    .is_some_and(|&b| self.org_first_bytes[usize::from(b)])
                    && self.org_words.contains(next_word)
                {
                    clues.org_heads.insert(word);
                }
                continue;
            }
            // `Paddock’s brother Eric`: the possessive, a kinship noun, a given name.
            let Some(given) = tokens.get(k + 2) else {
                continue;
            };
            let name = given.core(text);
            let is_given = next.raw_span == next.core_span
                && KIN.contains(&next.core(text))
                && given.raw_span.start == given.core_span.start
                && self.is_plain_name_word(name);
            if is_given {
                clues.relatives.push((word, given.core_span));
            }
        }
    }

    /// Whether a gazetteer person's bare surname (`Rowley`, `Dempsey`) more likely names
    /// someone else here: another first name or initial is right before it (`Coleen Rowley`,
    /// `G Dempsey`), a name word right after it (`Anand Jain`), or — in a dated article — all
    /// the person's roles began more than ten years after the article (`Morrison` in 1987).
    fn doubtful_surname(
        &self,
        text: &str,
        gazetteer: &Gazetteer,
        m: &crate::gazetteer::GazetteerMatch,
        matches: &[crate::gazetteer::GazetteerMatch],
        article: &Article,
    ) -> bool {
        let entity = gazetteer.entity(m.entity);
        let form = m.span.text(text);
        if entity.entity_type != EntityType::Person
            || m.kind != FormKind::Alias
            || form.contains(' ')
        {
            return false;
        }
        let name_like = |word: &str| {
            self.is_plain_name_word(word)
                && !self.not_names.contains(word)
                && !SUFFIXES.contains(&word)
        };
        // After: `Anand Jain` (not `the Obama White House`, a longer capitalised name).
        let after = &text[m.span.end..];
        if let Some(rest) = after.strip_prefix(' ') {
            let mut words = rest.split(' ');
            let next = words.next().unwrap_or("");
            let longer = words
                .next()
                .is_some_and(|w| w.starts_with(char::is_uppercase));
            let firm = self
                .org_words
                .contains(next.trim_end_matches(|c: char| !c.is_alphanumeric()));
            if name_like(next) && !longer || firm {
                return true;
            }
        }
        // Before: `Coleen Rowley`, `G Dempsey` — unless it is one of this person's own names
        // or initials, or a country word (`Russian Putin`).
        if let Some(head) = text[..m.span.start].strip_suffix(' ') {
            let previous = head.rsplit([' ', '\n']).next().unwrap_or("");
            let previous_start = m.span.start - 1 - previous.len();
            // Any word of any of the person's names (`Hossein` of `Mohammad Hossein Bagheri`).
            let own_words: Vec<&str> = std::iter::once(entity.canonical.as_str())
                .chain(entity.aliases.iter().map(String::as_str))
                .flat_map(|n| n.split(' '))
                .collect();
            let initial = previous.trim_end_matches('.');
            // A middle initial (`Donald J. Trump`) follows a first name; a line-up's initial
            // (`G Dempsey (Leinster)`) does not.
            let after_first_name = text[..previous_start]
                .strip_suffix(' ')
                .and_then(|h| h.rsplit([' ', '\n']).next())
                .is_some_and(|w| w.starts_with(char::is_uppercase));
            let is_initial =
                initial.len() == 1 && initial.starts_with(char::is_uppercase) && !after_first_name;
            let own_initial = own_words.iter().any(|w| w.starts_with(initial));
            // Matches are in text order: find the one starting there by binary search, so a
            // text of nothing but surnames stays linear.
            let at = matches.partition_point(|o| o.span.start < previous_start);
            let country_word = matches
                .get(at)
                .is_some_and(|o| o.span.start == previous_start && o.span.end == m.span.start - 1);
            if !country_word
                && !own_words.contains(&previous)
                && (name_like(previous) || is_initial && !own_initial)
            {
                return true;
            }
        }
        // Roles that all began long after the article was written.
        let year = |date: &str| date.get(..4).and_then(|y| y.parse::<u32>().ok());
        if let Some(written) = article.date.as_deref().and_then(year) {
            let starts: Vec<Option<u32>> = entity
                .roles()
                .iter()
                .map(|r| r.start.as_deref().and_then(year))
                .collect();
            if !starts.is_empty() && starts.iter().all(|s| s.is_some_and(|s| s > written + 10)) {
                return true;
            }
        }
        false
    }

    /// Whether `he`, `she` or the like follows the speech verb at `tokens[verb]` closely
    /// (`Malek said he …`), which makes the one word before the verb a person.
    fn person_after_verb(&self, text: &str, tokens: &[Token], verb: usize) -> bool {
        tokens
            .iter()
            .skip(verb + 1)
            .take(3)
            .any(|t| matches!(t.core(text), "he" | "she" | "his" | "her" | "him"))
    }

    /// Whether `word` ends with a surname ending (`Bobokulova`) and is long enough for it.
    fn has_surname_ending(&self, word: &str) -> bool {
        self.surname_endings
            .iter()
            .any(|e| word.ends_with(e.as_str()) && word.len() >= e.len() + 3)
    }

    /// A word that can only be a name here: capitalised, the rest lowercase, two letters or
    /// more, and no function word, title or common word (`Eric`, `Jain`; not `The`, `Mr`,
    /// `Police`).
    fn is_plain_name_word(&self, word: &str) -> bool {
        word.starts_with(char::is_uppercase)
            && word.chars().skip(1).all(char::is_lowercase)
            && word.chars().count() > 1
            && !self.function_words.contains(word)
            && !self.titles.contains_key(word)
            && !contains_lowercase(&self.common_words, word)
    }

    /// A lowercase noun for a person: `refugee`, or a role that is a title (`spokesman`).
    fn is_person_noun(&self, word: &str) -> bool {
        word.starts_with(char::is_lowercase)
            && (self.person_nouns.contains(word) || self.titles.contains_key(word))
    }

    /// Whether the name `tokens[start..end]` is a place or an organisation by its neighbours:
    /// a place noun or organisation word right after it (`Sheikh Jarrah district`, `Hanson
    /// Industries`), `in the south …` after it (`Bandar Abbas in the
    /// south of Iran`), or a place noun and `of` before it, perhaps with one capitalised word
    /// between (`the city of San Pedro Sula`).
    fn names_a_place(&self, text: &str, tokens: &[Token], start: usize, end: usize) -> bool {
        let word = |k: usize| tokens.get(k).map_or("", |t| t.core(text));
        // `Johnson & Johnson`, `Wilson Sonsini Goodrich & Rosati`: an ampersand joins firms.
        let ampersand = |k: usize| tokens.get(k).is_some_and(|t| t.raw(text) == "&");
        if ampersand(end) || start > 0 && ampersand(start - 1) {
            return true;
        }
        if !tokens[end - 1].ends_phrase {
            if self.place_nouns.contains(word(end)) || self.org_words.contains(word(end)) {
                return true;
            }
            if word(end) == "in" && !tokens[end].ends_phrase {
                let after = if word(end + 1) == "the" {
                    end + 2
                } else {
                    end + 1
                };
                if DIRECTIONS.contains(&word(after)) {
                    return true;
                }
            }
        }
        if start >= 1 && !tokens[start - 1].ends_phrase {
            let previous = tokens[start - 1].raw(text);
            // `New York …`, `Lake Worth`: the name goes on a place's name.
            if self.place_prefixes.contains(previous) {
                return true;
            }
        }
        let mut k = start;
        if k >= 1 && !tokens[k - 1].ends_phrase && tokens[k - 1].capitalised {
            k -= 1;
        }
        k >= 2
            && word(k - 1) == "of"
            && !tokens[k - 1].ends_phrase
            && !tokens[k - 2].ends_phrase
            && self.place_nouns.contains(word(k - 2))
    }

    /// Roles that stand for people: right after a country (`the Russian defence minister`,
    /// `Iran's foreign minister`, not followed by a name) or before `of` and a country (`Chief
    /// of Staff of the Iranian Armed Forces`). Each is linked to the person of that country the
    /// article gives the role (by the person's titles), else to the one person the gazetteer
    /// says held it on the article's date (undated: the one person it knows held it at all).
    /// Roles whose name gives their country (`Leader of the Islamic Revolution`) need none.
    fn role_mentions(
        &self,
        text: &str,
        gazetteer: &Gazetteer,
        matches: &[crate::gazetteer::GazetteerMatch],
        date: Option<&str>,
        builder: &mut EntitiesBuilder,
    ) {
        let mut found: Vec<(Span, &RoleKind, &str)> = Vec::new();
        for m in matches {
            let country = gazetteer.entity(m.entity);
            if country.entity_type != EntityType::Country {
                continue;
            }
            if let Some((span, kind)) = self.role_around(text, m.span) {
                found.push((span, kind, country.id.as_str()));
            }
        }
        for kind in &self.roles {
            if let Some((country, pattern)) = &kind.standalone {
                if kind
                    .standalone_gate
                    .as_ref()
                    .is_some_and(|gate| !gate_passes(gate, text))
                {
                    continue;
                }
                for m in pattern.find_iter(text) {
                    found.push((Span::new(m.start(), m.end()), kind, country.as_str()));
                }
            }
        }
        for (span, kind, country) in found {
            let in_article = builder.entities.iter().position(|e| {
                e.entity_type == EntityType::Person
                    && e.country.as_deref() == Some(country)
                    && e.titles.iter().any(|t| {
                        kind.fits_title(t)
                            || kind.phrases.iter().any(|p| {
                                positions_ignoring_case(t.as_bytes(), p.as_bytes())
                                    .next()
                                    .is_some()
                            })
                    })
            });
            match in_article {
                Some(at) => builder.entities[at].mentions.push(Mention {
                    span,
                    kind: MentionKind::Role,
                }),
                None => {
                    // Undated: only a role one person held in all the gazetteer knows (since
                    // 2000 for most offices) is sure enough.
                    let holders = gazetteer
                        .role_holders_of_kind(country, date, &kind.name, |t| kind.fits_title(t));
                    if let [holder] = holders[..] {
                        builder.add_gazetteer(gazetteer, holder, span, MentionKind::Role);
                    }
                }
            }
        }
    }

    /// The role phrase around a country's mention, and its kind.
    fn role_around(&self, text: &str, country: Span) -> Option<(Span, &RoleKind)> {
        // After: `Russian defence minister`, `Iran’s foreign minister`.
        let mut after = &text[country.end..];
        for possessive in ["’s ", "'s ", " "] {
            if let Some(rest) = after.strip_prefix(possessive) {
                after = rest;
                break;
            }
        }
        let offset = text.len() - after.len();
        // A phrase starts with the next word's first letter: most phrases are out at one byte.
        let next_first = after.as_bytes().first().map(u8::to_ascii_lowercase);
        for kind in &self.roles {
            for phrase in &kind.phrases {
                let here = phrase
                    .as_bytes()
                    .first()
                    .is_none_or(|f| Some(f.to_ascii_lowercase()) == next_first)
                    && after
                        .get(..phrase.len())
                        .is_some_and(|h| h.eq_ignore_ascii_case(phrase));
                if !here {
                    continue;
                }
                let rest = &after[phrase.len()..];
                let ends_word = !rest.starts_with(char::is_alphanumeric);
                // `Russian Defense Minister Sergei Shoigu`: a name follows; the titled-name rule
                // has that.
                let named = rest.trim_start_matches(' ').starts_with(char::is_uppercase);
                if ends_word && !named {
                    return Some((Span::new(country.start, offset + phrase.len()), kind));
                }
            }
        }
        // Before: `Chief of Staff of the Iranian Armed Forces`.
        let before =
            &text[floor_char_boundary(text, country.start.saturating_sub(64))..country.start];
        let stem = before
            .strip_suffix("of the ")
            .or_else(|| before.strip_suffix("of "))?
            .trim_end();
        let stem_start = country.start - before.len();
        for kind in &self.roles {
            for phrase in &kind.phrases {
                let Some(at) = stem.len().checked_sub(phrase.len()) else {
                    continue;
                };
                let stem_first = stem.as_bytes().get(at).map(u8::to_ascii_lowercase);
                let here = phrase
                    .as_bytes()
                    .first()
                    .is_none_or(|f| Some(f.to_ascii_lowercase()) == stem_first)
                    && stem
                        .get(at..)
                        .is_some_and(|t| t.eq_ignore_ascii_case(phrase));
                let start = stem_start + at;
                if here && !text[..start].ends_with(char::is_alphanumeric) {
                    let mut end = country.end;
                    if text[end..].starts_with(" Armed Forces") {
                        end += " Armed Forces".len();
                    }
                    return Some((Span::new(start, end), kind));
                }
            }
        }
        None
    }

    /// If a title starts at token `i`, the index of the token after it.
    fn title_at(&self, text: &str, tokens: &[Token], i: usize) -> Option<usize> {
        // Most words are no title's first word: rule them out by their first byte, last byte
        // and length, read straight from the text's bytes (this runs for every token). A span
        // that is no slice of `text` has no title either.
        let span = tokens[i].raw_span;
        let bytes = text.as_bytes();
        let first = *bytes.get(span.start)?;
        let last = *bytes.get(span.end.checked_sub(1)?)?;
        let length = span.end.checked_sub(span.start)?;
        let length_bit = length.min(31);
        if first < 128 && self.title_first_bytes[usize::from(first)] >> length_bit & 1 == 0
            || last < 128 && self.title_last_bytes[usize::from(last)] >> length_bit & 1 == 0
            || length > self.longest_title_word
        {
            return None;
        }
        let raw = tokens[i].raw(text);
        let candidates = self.titles.get(raw)?;
        'titles: for words in candidates {
            if i + words.len() > tokens.len() {
                continue;
            }
            // The full stop of an abbreviated title (`Mr.`, `Maj. Gen.`) is the title's own,
            // not the end of its phrase.
            let ends_phrase = |token: &Token, word: &str| token.ends_phrase && !word.ends_with('.');
            for (k, word) in words.iter().enumerate() {
                let token = &tokens[i + k];
                if token.raw(text) != word || (k + 1 < words.len() && ends_phrase(token, word)) {
                    continue 'titles;
                }
            }
            // A title that ends its phrase (`the minister, …`) introduces no name.
            let last = words.len() - 1;
            if ends_phrase(&tokens[i + last], &words[last]) {
                return None;
            }
            return Some(i + words.len());
        }
        None
    }

    /// The end (exclusive) of the name starting at token `start`: capitalised name words,
    /// particles between them, a suffix at the end; at most six tokens.
    fn name_end(&self, text: &str, tokens: &[Token], start: usize, claimed: &[Span]) -> usize {
        let mut end = start;
        let mut last_name_word = start;
        while end < tokens.len() && end - start < 6 {
            let token = &tokens[end];
            let word = token.core(text);
            // `Laura Loomer (@LauraLoomer)`: a bracket or quote mark starts something else.
            if end > start && token.raw_span.start < token.core_span.start {
                break;
            }
            if self.is_name_token(text, token, claimed) {
                end += 1;
                last_name_word = end;
                if token.ends_phrase {
                    break;
                }
            } else if end > start && PARTICLES.contains(&word) && !token.ends_phrase {
                end += 1;
            } else if end > start && SUFFIXES.contains(&token.raw(text).trim_end_matches(',')) {
                end += 1;
                last_name_word = end;
                break;
            } else {
                break;
            }
        }
        last_name_word
    }

    fn is_name_token(&self, text: &str, token: &Token, claimed: &[Span]) -> bool {
        let word = token.core(text);
        // The tokenizer keeps an initial's full stop in the word (`E.` of `Michael E. Kurilla`);
        // a bare initial needs one after it.
        let dot_after = || {
            token
                .raw(text)
                .strip_prefix(word)
                .is_some_and(|rest| rest.starts_with('.'))
        };
        let shaped = if word.is_ascii() {
            ascii_name_shape(word.as_bytes(), dot_after)
        } else {
            name_shape(word, dot_after)
        };
        // The shape first: it rules out most words without a lookup.
        shaped && !overlaps_any(claimed, token.core_span) && !self.never_in_names.contains(word)
    }
}

/// Name prefixes a capital may follow inside a name (`McDonald`, `DeSantis`, `LeBron`).
const CAPITAL_INSIDE_AFTER: &[&str] = &[
    "Mc", "Mac", "De", "Di", "Du", "La", "Le", "Van", "Von", "El", "Al", "Abu",
];

/// Whether `word` is shaped like a name word: capitalised with a lowercase letter, a particle
/// before a capital (`al-Assad`), or an initial (`dot_after`: its full stop follows it); only
/// letters, hyphens, apostrophes and full stops; and not words run together (`CruzRep`,
/// `BobicFlagShareLike`, web page debris).
fn name_shape(word: &str, dot_after: impl FnOnce() -> bool) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let particle_prefixed = ["al-", "el-", "Al-", "El-"].iter().any(|p| {
        word.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(char::is_uppercase))
    });
    let capitalised = first.is_uppercase() && word.chars().any(char::is_lowercase);
    let initial = first.is_uppercase()
        && (word.len() == 2 && word.ends_with('.') || word.len() == 1 && dot_after());
    // A capital right after a lowercase letter, unless it follows a name prefix.
    let run_together = word.char_indices().skip(1).any(|(i, c)| {
        c.is_uppercase()
            && word[..i].chars().last().is_some_and(char::is_lowercase)
            && !CAPITAL_INSIDE_AFTER.contains(&&word[..i])
    });
    (capitalised || particle_prefixed || initial)
        && !run_together
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
}

/// [`name_shape`] for an ASCII word, in one pass over its bytes.
fn ascii_name_shape(word: &[u8], dot_after: impl FnOnce() -> bool) -> bool {
    let Some(&first) = word.first() else {
        return false;
    };
    let mut has_lowercase = false;
    let mut after_lowercase = false;
    for (i, &b) in word.iter().enumerate() {
        if !(b.is_ascii_alphabetic() || matches!(b, b'-' | b'\'' | b'.')) {
            return false;
        }
        if b.is_ascii_uppercase()
            && after_lowercase
            && !CAPITAL_INSIDE_AFTER
                .iter()
                .any(|p| word.get(..i) == Some(p.as_bytes()))
        {
            return false;
        }
        after_lowercase = b.is_ascii_lowercase();
        has_lowercase |= after_lowercase;
    }
    let upper = first.is_ascii_uppercase();
    let particle_prefixed = matches!(word.get(..3), Some(b"al-" | b"el-" | b"Al-" | b"El-"))
        && word.get(3).is_some_and(u8::is_ascii_uppercase);
    let initial =
        upper && (word.len() == 2 && word.get(1) == Some(&b'.') || word.len() == 1 && dot_after());
    upper && has_lowercase || particle_prefixed || initial
}

/// Whether `words` holds `word` lowercased, without allocating for short ASCII words (this
/// runs for every capitalised word).
fn contains_lowercase(words: &HashSet<Vec<u8>>, word: &str) -> bool {
    let mut buffer = [0u8; 32];
    if word.is_ascii() && word.len() <= buffer.len() {
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        words.contains(&lower[..])
    } else {
        words.contains(word.to_lowercase().as_bytes())
    }
}

/// What [`MentionFinder::clues_in`] notes from the tokens for later steps.
#[derive(Default)]
struct Clues<'t> {
    /// Words an organisation word follows (`Genex` of `Genex Corp`).
    org_heads: HashSet<&'t str>,
    /// A surname's possessive and the given name of a relative (`Paddock`, `Eric`).
    relatives: Vec<(&'t str, Span)>,
}

/// Whether the token is a word with a possessive and nothing else after it (`Paddock’s`).
fn is_possessive(token: &Token, text: &str) -> bool {
    let after = &text[token.core_span.end..token.raw_span.end];
    after == "’s" || after == "'s"
}

/// Which bytes start one of `words`.
fn first_bytes<'w>(words: impl Iterator<Item = &'w str>) -> [bool; 256] {
    let mut starts = [false; 256];
    for word in words {
        if let Some(&b) = word.as_bytes().first() {
            starts[usize::from(b)] = true;
        }
    }
    starts
}

fn lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Whether `span` overlaps any of `sorted` (sorted by start, not overlapping each other), in
/// logarithmic time: long articles have thousands of matches.
fn overlaps_any(sorted: &[Span], span: Span) -> bool {
    let i = sorted.partition_point(|s| s.end <= span.start);
    sorted.get(i).is_some_and(|s| s.start < span.end)
}

/// Whether `span` overlaps any of `sorted` (sorted by start; they may overlap each other, so
/// the few that start before `span` are checked one by one, nearest first).
fn overlaps_any_unsorted_ends(sorted: &[Span], span: Span) -> bool {
    let i = sorted.partition_point(|s| s.start < span.end);
    sorted[..i].iter().rev().take(8).any(|s| s.end > span.start)
}

/// The words of `text` (letters, digits, inner hyphens and apostrophes) that start with a
/// capital whose first byte `wanted_first` accepts, with their byte offsets. A possessive stays
/// on its word (`Shoigu’s`), so it is looked up without it too. Surnames are capitalised, so
/// the scan jumps from capital to capital, eight bytes at a time, and reads no word that starts
/// with an unwanted byte (any capital inside such a word is inside a word, so no word's start).
fn capitalised_words<'t>(
    text: &'t str,
    wanted_first: &'t [bool; 256],
) -> impl Iterator<Item = (usize, &'t str)> + 't {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            // A capital is an ASCII capital or a character outside ASCII (a lead byte).
            at = next_capital_candidate(bytes, at);
            let start = at;
            let &lead = bytes.get(start)?;
            if !(lead.is_ascii_uppercase() || lead >= 0xC0) || !wanted_first[usize::from(lead)] {
                at += 1;
                continue;
            }
            match capitalised_word_at(text, start) {
                Some(word) => {
                    at = start + word.len();
                    return Some((start, word));
                }
                None => at += text[start..].chars().next().map_or(1, char::len_utf8),
            }
        }
    })
}

/// Up to this many surnames, [`surname_words`] searches the text once for each; more are
/// found in one pass over all its capitalised words, so the cost stays linear in the text.
const SURNAMES_SEARCHED_ONE_BY_ONE: usize = 8;

/// The capitalised words of `text` that are one of `surnames`, perhaps with a possessive
/// (`Trump`, `Trump’s`), in text order: each word's start and the surname (a slice of `text`).
fn surname_words<'t>(text: &'t str, surnames: &[&str]) -> Vec<(usize, &'t str)> {
    if surnames.len() <= SURNAMES_SEARCHED_ONE_BY_ONE {
        surname_words_searched(text, surnames)
    } else {
        surname_words_scanned(text, surnames)
    }
}

/// [`surname_words`] by one SIMD search per surname: each occurrence is kept if a capitalised
/// word starts there that is the surname.
fn surname_words_searched<'t>(text: &'t str, surnames: &[&str]) -> Vec<(usize, &'t str)> {
    let mut found: Vec<(usize, &'t str)> = Vec::new();
    for surname in surnames.iter().filter(|s| !s.is_empty()) {
        // Occurrences overlapping an earlier one lie inside its word, where no word starts:
        // memmem's non-overlapping ones are all that can count.
        for start in memchr::memmem::find_iter(text.as_bytes(), surname.as_bytes()) {
            let Some(word) = capitalised_word_at(text, start) else {
                continue;
            };
            let bare = without_possessive(word);
            if bare == *surname {
                found.push((start, bare));
            }
        }
    }
    found.sort_unstable_by_key(|&(start, _)| start);
    found
}

/// [`surname_words`] by one pass over the text's capitalised words, each looked up.
fn surname_words_scanned<'t>(text: &'t str, surnames: &[&str]) -> Vec<(usize, &'t str)> {
    // Most capitalised words are no surname: rule them out by their first byte and length
    // (bit `n`: `n` bytes; bit 63: 63 or more) before hashing them.
    let mut surname_shapes = [0u64; 256];
    let mut surname_first_bytes = [false; 256];
    for surname in surnames {
        if let Some(&first) = surname.as_bytes().first() {
            surname_shapes[usize::from(first)] |= 1 << surname.len().min(63);
            surname_first_bytes[usize::from(first)] = true;
        }
    }
    let may_be_surname = |word: &str| {
        word.as_bytes()
            .first()
            .is_some_and(|&first| surname_shapes[usize::from(first)] >> word.len().min(63) & 1 == 1)
    };
    let known: HashSet<&str> = surnames.iter().copied().collect();
    // Offsets first: the words borrow `surname_first_bytes` along with `text`.
    let ends: Vec<(usize, usize)> = capitalised_words(text, &surname_first_bytes)
        .map(|(start, word)| (start, without_possessive(word)))
        .filter(|&(_, word)| may_be_surname(word) && known.contains(word))
        .map(|(start, word)| (start, start + word.len()))
        .collect();
    ends.into_iter()
        .filter_map(|(start, end)| Some((start, text.get(start..end)?)))
        .collect()
}

/// `word` without a possessive `’s` or `'s`.
fn without_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

/// The capitalised word that starts at byte `start` of `text`, if one starts there: a word
/// starts after anything but a letter or digit, or an inner hyphen or apostrophe (`al-Assad`
/// is one word, not `Assad`), and runs over letters, digits and inner hyphens and apostrophes.
fn capitalised_word_at(text: &str, start: usize) -> Option<&str> {
    let rest = text.get(start..)?;
    let first = rest.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let char_before = |i: usize| text.get(..i).and_then(|head| head.chars().next_back());
    let inside = match char_before(start) {
        Some(c) if c.is_alphanumeric() => true,
        Some(c @ ('-' | '\'' | '’')) => {
            char_before(start - c.len_utf8()).is_some_and(char::is_alphanumeric)
        }
        _ => false,
    };
    if inside {
        return None;
    }
    let mut end = first.len_utf8();
    while let Some(c) = rest.get(end..).and_then(|r| r.chars().next()) {
        let width = c.len_utf8();
        let inner = matches!(c, '-' | '\'' | '’')
            && rest
                .get(end + width..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || inner {
            end += width;
        } else {
            break;
        }
    }
    rest.get(..end)
}

/// The high bit of each byte of `word` that is an ASCII capital or not ASCII. Each byte is
/// tested on its own seven low bits (no carry or borrow crosses bytes), so every flag is exact.
fn capital_candidates(word: u64) -> u64 {
    ascii::ascii_in_range(word, b'A', b'Z') | word & ascii::HIGH_BITS
}

/// The first byte at or after `at` that is an ASCII capital or not ASCII (or the end), eight
/// bytes at a time.
fn next_capital_candidate(bytes: &[u8], at: usize) -> usize {
    let mut at = match ascii::skip_to(bytes, at, capital_candidates) {
        Ok(found) => return found,
        Err(tail) => tail,
    };
    while bytes
        .get(at)
        .is_some_and(|&b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        at += 1;
    }
    at.min(bytes.len())
}

/// [`overlaps_any`] for spans paired with entities.
fn overlaps_any_pair(sorted: &[(Span, usize)], span: Span) -> bool {
    let i = sorted.partition_point(|(s, _)| s.end <= span.start);
    sorted.get(i).is_some_and(|(s, _)| s.start < span.end)
}

fn span_of(tokens: &[Token], start: usize, end: usize) -> Span {
    Span::new(tokens[start].core_span.start, tokens[end - 1].core_span.end)
}

/// `person:` and the name in lowercase, words joined by hyphens.
fn person_slug(name: &str) -> String {
    if !name.is_ascii() {
        return person_slug_of_chars(name);
    }
    // Byte by byte for ASCII names. Only letters, digits and hyphens follow the `person:`
    // prefix, so a hyphen is due when a word came before.
    let mut slug = String::with_capacity("person:".len() + name.len());
    slug.push_str("person:");
    let mut dash = false;
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() {
            if dash && slug.len() > "person:".len() {
                slug.push('-');
            }
            slug.push(char::from(b.to_ascii_lowercase()));
            dash = false;
        } else {
            dash = true;
        }
    }
    slug
}

/// [`person_slug`] for any name, char by char.
fn person_slug_of_chars(name: &str) -> String {
    let mut slug = String::from("person:");
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.ends_with(':') {
                slug.push('-');
            }
            slug.extend(c.to_lowercase());
            dash = false;
        } else {
            dash = true;
        }
    }
    slug
}

/// Whether the name found in the text (`Sayyed Ali Khamenei`) is the gazetteer person matched
/// inside it (`Ali Khamenei`): yes when the match has two words or more; for a surname-only
/// match, when the text's first name is one of the person's names.
fn same_person(gazetteer: &Gazetteer, entity: usize, matched: &str, found: &str) -> bool {
    if matched.contains(' ') {
        return true;
    }
    let Some(first) = found.split_whitespace().next() else {
        return true;
    };
    if first == matched {
        return true;
    }
    let person = gazetteer.entity(entity);
    // An initial (`A. Kowalczyk`) agrees with a name word it begins.
    let initial = first.strip_suffix('.').filter(|i| i.chars().count() == 1);
    std::iter::once(&person.canonical)
        .chain(&person.aliases)
        .any(|name| {
            name.split_whitespace()
                .any(|w| w == first || initial.is_some_and(|i| w.starts_with(i)))
        })
        // Titles and honorifics before the name say nothing against it.
        || !first.chars().next().is_some_and(char::is_uppercase)
}

/// How many words [`name_words`] finds, without collecting them.
fn name_word_count(name: &str) -> usize {
    let mut count = 0;
    let mut last = "";
    for word in name.split_whitespace() {
        count += 1;
        last = word;
    }
    if count > 1 && SUFFIXES.contains(&last) {
        count -= 1;
    }
    count
}

/// The words of a name, without a trailing suffix (`Jr.`).
fn name_words(name: &str) -> Vec<&str> {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(w)) {
        words.pop();
    }
    words
}

#[derive(Default)]
struct EntitiesBuilder {
    entities: Vec<ArticleEntity>,
    by_gazetteer: HashMap<usize, usize>,
    /// Detected (non-gazetteer) people by name.
    by_name: HashMap<String, usize>,
}

impl EntitiesBuilder {
    fn add_gazetteer(
        &mut self,
        gazetteer: &Gazetteer,
        index: usize,
        span: Span,
        kind: MentionKind,
    ) {
        let at = *self.by_gazetteer.entry(index).or_insert_with(|| {
            let entity = gazetteer.entity(index);
            let country = match entity.entity_type {
                EntityType::Person => entity
                    .origin
                    .clone()
                    .or_else(|| entity.roles().iter().find_map(|r| r.country.clone())),
                _ => None,
            };
            self.entities.push(ArticleEntity {
                id: entity.id.clone(),
                entity_type: entity.entity_type,
                canonical: entity.canonical.clone(),
                gazetteer: Some(index),
                country,
                titles: entity.roles().iter().map(|r| r.title.clone()).collect(),
                mentions: Vec::new(),
            });
            self.entities.len() - 1
        });
        self.entities[at].mentions.push(Mention { span, kind });
    }

    /// A detected name that ends with a gazetteer person's name: widen that mention.
    fn extend_gazetteer_mention(&mut self, gazetteer_index: usize, span: Span, _kind: MentionKind) {
        if let Some(&at) = self.by_gazetteer.get(&gazetteer_index) {
            // Mentions are in text order here (gazetteer matches are).
            let mentions = &mut self.entities[at].mentions;
            let from = mentions.partition_point(|m| m.span.start < span.start);
            for mention in mentions[from..]
                .iter_mut()
                .take_while(|m| m.span.start < span.end)
            {
                if span.contains(mention.span) {
                    mention.span = span;
                }
            }
        }
    }

    fn add_name(&mut self, text: &str, span: Span, kind: MentionKind) {
        let name = span.text(text);
        if let Some(&at) = self.by_name.get(name) {
            self.entities[at].mentions.push(Mention { span, kind });
            return;
        }
        self.push_person(name, Mention { span, kind });
    }

    /// A new detected person called `name`, with one mention.
    fn push_person(&mut self, name: &str, mention: Mention) {
        self.by_name.insert(name.to_string(), self.entities.len());
        self.entities.push(ArticleEntity {
            id: person_slug(name),
            entity_type: EntityType::Person,
            canonical: name.to_string(),
            gazetteer: None,
            country: None,
            titles: Vec::new(),
            mentions: vec![mention],
        });
    }

    /// A person found only by a surname (`Ms Beynon`) whom the text also names with a
    /// capitalised word before it (`Rhian Beynon of the JCWI`) gets that fuller name.
    fn complete_surnames(&mut self, text: &str, finder: &MentionFinder) {
        let mut completions: Vec<(usize, Span)> = Vec::new();
        let mut needle = String::new();
        for (index, entity) in self.entities.iter().enumerate() {
            if entity.entity_type != EntityType::Person
                || entity.gazetteer.is_some()
                || entity.canonical.contains(' ')
            {
                continue;
            }
            let surname = entity.canonical.as_str();
            needle.clear();
            needle.push(' ');
            needle.push_str(surname);
            let mut found: Option<Span> = None;
            // memmem's occurrences are match_indices' ones: leftmost, not overlapping.
            for at in memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes()).take(64) {
                let start = at + 1;
                let end = start + surname.len();
                if text[end..].starts_with(char::is_alphanumeric) {
                    continue;
                }
                let before = &text[..at];
                let first = before.rsplit(char::is_whitespace).next().unwrap_or("");
                let capitalised = first.chars().next().is_some_and(char::is_uppercase)
                    && first.chars().skip(1).all(char::is_lowercase)
                    && first.chars().count() > 1;
                // `Mark Rimmer` once `Mr Rimmer` is known: a given name may be a common word.
                if capitalised
                    && !finder.function_words.contains(first)
                    && !finder.titles.contains_key(first)
                    && (!contains_lowercase(&finder.common_words, first)
                        || finder.common_given_names.contains(first))
                {
                    found = Some(Span::new(at - first.len(), end));
                    break;
                }
            }
            if let Some(span) = found {
                completions.push((index, span));
            }
        }
        let mut merged = false;
        for (index, span) in completions {
            // The fuller name is already another person's (`Hillary Clinton`, found by the
            // gazetteer): the surname is that person's too.
            let owner = self.entities.iter().position(|e| {
                e.entity_type == EntityType::Person
                    && e.mentions.iter().any(|m| m.span.contains(span))
            });
            match owner {
                Some(owner) if owner != index => {
                    let mentions = std::mem::take(&mut self.entities[index].mentions);
                    self.entities[owner].mentions.extend(mentions);
                    merged = true;
                }
                _ => {
                    let entity = &mut self.entities[index];
                    entity.canonical = span.text(text).to_string();
                    entity.id = person_slug(&entity.canonical);
                    entity.mentions.push(Mention {
                        span,
                        kind: MentionKind::Attributed,
                    });
                }
            }
        }
        if merged {
            self.entities.retain(|e| !e.mentions.is_empty());
            self.reindex();
        }
    }

    /// Drops the detected people the article shows to be organisations: their name ends with
    /// an organisation word (`Genex Corp`), or it is one word that one follows somewhere
    /// (`Genex Corp`, then `Genex said`). A longer name before one (`George Washington
    /// University`) is left to the mention's own check, so the person keeps other mentions.
    fn drop_organisations(&mut self, org_heads: &HashSet<&str>, org_words: &HashSet<String>) {
        let is_org = |name: &str| {
            name.rsplit(' ')
                .next()
                .is_some_and(|last| org_words.contains(last))
                || org_heads.contains(name)
        };
        self.retain_entities(|e| {
            e.entity_type != EntityType::Person || e.gazetteer.is_some() || !is_org(&e.canonical)
        });
    }

    /// Drops the detected one-word people whose every mention is `weak`: one word before a
    /// speech verb is as often an organisation (`Treasury said`, `Kelley said it`). A title
    /// (`Prince Farhan`), a full name that ends with the word (`Kazem Gharibabadi`), a given
    /// name or a `he`/`she` after the verb (`Malek said he`) keeps them.
    fn drop_unsupported(&mut self, weak: &[Span]) {
        if weak.is_empty() {
            return;
        }
        let weak: HashSet<Span> = weak.iter().copied().collect();
        self.retain_entities(|e| {
            e.entity_type != EntityType::Person
                || e.gazetteer.is_some()
                || e.canonical.contains(' ')
                || !e.mentions.iter().all(|m| weak.contains(&m.span))
        });
    }

    /// Keeps the entities `keep` accepts and, if any went, re-indexes the rest.
    fn retain_entities(&mut self, keep: impl Fn(&ArticleEntity) -> bool) {
        let before = self.entities.len();
        self.entities.retain(keep);
        if self.entities.len() != before {
            self.by_name = self
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.gazetteer.is_none())
                .map(|(i, e)| (e.canonical.clone(), i))
                .collect();
            self.reindex();
        }
    }

    /// Drops one gazetteer mention (it belongs to a person found in the text).
    fn remove_gazetteer_mention(&mut self, gazetteer_index: usize, span: Span) {
        if let Some(&at) = self.by_gazetteer.get(&gazetteer_index) {
            self.entities[at].mentions.retain(|m| m.span != span);
        }
    }

    /// A gazetteer person the article names only by a surname that a person found in the
    /// article also bears is that person: the article's own `Anna Kowalczyk` beats the
    /// gazetteer's `Antoni Kowalczyk` for every later `Kowalczyk`.
    fn claim_surnames(&mut self, text: &str) {
        let mut surnames: HashMap<String, usize> = HashMap::default();
        for (i, e) in self.entities.iter().enumerate() {
            if e.entity_type == EntityType::Person && e.gazetteer.is_none() {
                let words = name_words(&e.canonical);
                if words.len() >= 2 {
                    surnames.insert(words[words.len() - 1].to_string(), i);
                }
            }
        }
        let mut moves: Vec<(usize, usize)> = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            if e.entity_type != EntityType::Person || e.gazetteer.is_none() || e.mentions.is_empty()
            {
                continue;
            }
            let only_surname = e
                .mentions
                .iter()
                .map(|m| m.span.text(text))
                .all(|t| !t.contains(' '));
            let first = e.mentions[0].span.text(text);
            if let Some(&to) = surnames.get(first).filter(|_| only_surname) {
                if e.mentions.iter().all(|m| m.span.text(text) == first) {
                    moves.push((i, to));
                }
            }
        }
        for (from, to) in moves {
            let mentions = std::mem::take(&mut self.entities[from].mentions);
            self.entities[to]
                .mentions
                .extend(mentions.into_iter().map(|m| Mention {
                    span: m.span,
                    kind: MentionKind::ShortForm,
                }));
        }
        self.entities.retain(|e| !e.mentions.is_empty());
        self.reindex();
    }

    /// Folds each detected person whose name ends a longer person's name into that person.
    fn link_names(&mut self) {
        let mut order: Vec<usize> = (0..self.entities.len())
            .filter(|&i| self.entities[i].entity_type == EntityType::Person)
            .collect();
        // Each name's words, split once: the pairs below compare them many times.
        let words: Vec<Vec<&str>> = self
            .entities
            .iter()
            .map(|e| name_words(&e.canonical))
            .collect();
        // Longest names first, so each shorter one finds its fullest form.
        order.sort_by_key(|&i| std::cmp::Reverse(words[i].len()));
        let mut merged_into: HashMap<usize, usize> = HashMap::default();
        for (k, &short) in order.iter().enumerate() {
            if self.entities[short].gazetteer.is_some() {
                continue;
            }
            let short_words = &words[short];
            let longer: Vec<usize> = order[..k]
                .iter()
                .copied()
                .filter(|&long| !merged_into.contains_key(&long))
                .filter(|&long| {
                    let long_words = &words[long];
                    long_words.len() > short_words.len() && long_words.ends_with(short_words)
                })
                .collect();
            if longer.len() == 1 {
                merged_into.insert(short, longer[0]);
                continue;
            }
            // `Sir Digby` after `Sir Digby Jones`: a lone given name that starts exactly one
            // longer name (and ends none) is that person too.
            if let ([word], []) = (&short_words[..], &longer[..]) {
                let starts: Vec<usize> = order[..k]
                    .iter()
                    .copied()
                    .filter(|long| !merged_into.contains_key(long))
                    .filter(|&long| {
                        let long_words = &words[long];
                        long_words.len() >= 2 && long_words[0] == *word
                    })
                    .collect();
                let ends_one = order.iter().any(|&other| {
                    let words = &words[other];
                    words.len() >= 2 && words.last() == Some(word)
                });
                if let ([long], false) = (&starts[..], ends_one) {
                    merged_into.insert(short, *long);
                }
            }
        }
        drop(words);
        let mut moved: Vec<(usize, Vec<Mention>)> = Vec::new();
        for (&short, &long) in &merged_into {
            moved.push((long, std::mem::take(&mut self.entities[short].mentions)));
        }
        for (long, mentions) in moved {
            self.entities[long].mentions.extend(mentions);
        }
        self.entities.retain(|e| !e.mentions.is_empty());
        self.reindex();
    }

    /// Adds every other occurrence of each person's surname as a mention of that person.
    fn add_short_forms(&mut self, text: &str, claimed: &[Span]) {
        // surname -> [(entity, first full mention start)]
        let mut owners: HashMap<String, Vec<(usize, usize)>> = HashMap::default();
        for (i, entity) in self.entities.iter().enumerate() {
            if entity.entity_type != EntityType::Person {
                continue;
            }
            let full = entity
                .mentions
                .iter()
                .filter(|m| m.kind != MentionKind::Role)
                .map(|m| m.span.text(text))
                .chain(std::iter::once(entity.canonical.as_str()))
                .max_by_key(|n| name_word_count(n))
                .unwrap_or("");
            let words = name_words(full);
            if words.len() < 2 {
                continue;
            }
            let surname = words[words.len() - 1];
            if surname.chars().count() < 3 || !surname.starts_with(char::is_uppercase) {
                continue;
            }
            let first = entity
                .mentions
                .iter()
                .map(|m| m.span.start)
                .min()
                .unwrap_or(0);
            owners
                .entry(surname.to_string())
                .or_default()
                .push((i, first));
        }
        if owners.is_empty() {
            return;
        }
        let mut taken: Vec<Span> = self
            .entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(|m| m.span))
            .chain(claimed.iter().copied())
            .collect();
        taken.sort_by_key(|s| (s.start, s.end));
        let mut additions: Vec<(usize, Span)> = Vec::new();
        let surnames: Vec<&str> = owners.keys().map(String::as_str).collect();
        for (start, word) in surname_words(text, &surnames) {
            let Some(people) = owners.get(word) else {
                continue;
            };
            let span = Span::new(start, start + word.len());
            if overlaps_any_unsorted_ends(&taken, span) {
                continue;
            }
            // The person with this surname named most recently before; else the first.
            let owner = people
                .iter()
                .filter(|(_, first)| *first <= start)
                .max_by_key(|(_, first)| *first)
                .or_else(|| people.iter().min_by_key(|(_, first)| *first))
                .map(|(entity, _)| *entity);
            if let Some(entity) = owner {
                additions.push((entity, span));
            }
        }
        for (entity, span) in additions {
            self.entities[entity].mentions.push(Mention {
                span,
                kind: MentionKind::ShortForm,
            });
        }
    }

    /// `Paddock's brother Eric`: a given name after the possessive of a person's surname and a
    /// kinship noun (found by [`MentionFinder::clues_in`]) is a relative with that surname
    /// (`Eric Paddock`), unless the word is already a mention.
    fn kin_names(&mut self, text: &str, relatives: &[(&str, Span)]) {
        if relatives.is_empty() {
            return;
        }
        let surnames: HashSet<&str> = self
            .entities
            .iter()
            .filter(|e| e.entity_type == EntityType::Person)
            .filter_map(|e| {
                let words = name_words(&e.canonical);
                (words.len() >= 2).then(|| words[words.len() - 1])
            })
            .collect();
        let taken: HashSet<usize> = self
            .entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(|m| m.span.start))
            .collect();
        let found: Vec<(String, Span)> = relatives
            .iter()
            .filter(|(surname, given)| surnames.contains(surname) && !taken.contains(&given.start))
            .map(|(surname, given)| (format!("{} {surname}", given.text(text)), *given))
            .collect();
        for (name, span) in found {
            self.add_relative(&name, span);
        }
    }

    /// Adds `span` as a mention of the person called `name`, new if needed. The mention is a
    /// short form: the name itself is not in the text.
    fn add_relative(&mut self, name: &str, span: Span) {
        let mention = Mention {
            span,
            kind: MentionKind::ShortForm,
        };
        let existing = self
            .entities
            .iter()
            .position(|e| e.entity_type == EntityType::Person && e.canonical == name);
        match existing {
            Some(at) => self.entities[at].mentions.push(mention),
            None => self.push_person(name, mention),
        }
    }

    /// A person without a known country gets the country named right before one of their
    /// titled mentions: `Russian Defense Minister Sergei Shoigu`, `Iran’s UN envoy X`.
    fn countries_from_text(
        &mut self,
        text: &str,
        gazetteer: &Gazetteer,
        matches: &[crate::gazetteer::GazetteerMatch],
    ) {
        for entity in &mut self.entities {
            if entity.entity_type != EntityType::Person || entity.country.is_some() {
                continue;
            }
            // A country in one of the person's titles: `the Russian envoy`, `Iran's UN envoy`.
            let from_title = entity.titles.iter().find_map(|title| {
                gazetteer
                    .find_all(title)
                    .into_iter()
                    .find(|m| gazetteer.entity(m.entity).entity_type == EntityType::Country)
                    .map(|m| gazetteer.entity(m.entity).id.clone())
            });
            if from_title.is_some() {
                entity.country = from_title;
                continue;
            }
            for mention in &entity.mentions {
                let window_start = mention.span.start.saturating_sub(48);
                // Matches are in text order: only the few right before the mention matter.
                let before = matches.partition_point(|m| m.span.end <= mention.span.start);
                let found = matches[..before].iter().rev().take(8).find(|m| {
                    m.span.end <= mention.span.start
                        && m.span.start >= window_start
                        && gazetteer.entity(m.entity).entity_type == EntityType::Country
                        && !text[m.span.end..mention.span.start]
                            .contains([',', '.', ';', ':', '\n'])
                        && text[m.span.end..mention.span.start]
                            .split_whitespace()
                            .all(|w| {
                                w.starts_with(char::is_uppercase)
                                    || w.starts_with('’')
                                    || w.starts_with('\'')
                            })
                });
                if let Some(m) = found {
                    entity.country = Some(gazetteer.entity(m.entity).id.clone());
                    break;
                }
            }
        }
    }

    /// Roles the text gives people: the capitalised words right before a mention (`Russian
    /// Defense Minister Sergei Shoigu`, `IRGC chief Hossein Salami`) and an appositive after
    /// it (`Takht Ravanchi, Iran's UN envoy,`).
    fn titles_from_text(&mut self, text: &str) {
        for entity in &mut self.entities {
            if entity.entity_type != EntityType::Person {
                continue;
            }
            let mut titles: Vec<String> = Vec::new();
            for mention in &entity.mentions {
                if let Some(title) = title_before(text, mention.span.start) {
                    titles.push(title);
                }
                if let Some(title) = appositive_after(text, mention.span.end) {
                    titles.push(title);
                }
            }
            for title in titles {
                if !entity.titles.contains(&title) {
                    entity.titles.push(title);
                }
            }
        }
    }

    fn reindex(&mut self) {
        self.by_gazetteer = self
            .entities
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.gazetteer.map(|g| (g, i)))
            .collect();
    }

    fn finish(mut self, text: &str) -> Vec<ArticleEntity> {
        for entity in &mut self.entities {
            entity.mentions.sort_by_key(|m| (m.span.start, m.span.end));
            entity.mentions.dedup_by_key(|m| m.span);
            // A person is named as the article names them: its most complete name, the first
            // of the longest (`Mohammad Hossein Baqeri`, not the gazetteer's `Mohammad
            // Bagheri`); the id still links to the gazetteer entry. When the article gives only
            // a surname, the gazetteer's full name is the more complete one.
            if entity.entity_type == EntityType::Person {
                let fullest = entity
                    .mentions
                    .iter()
                    .filter(|m| !matches!(m.kind, MentionKind::ShortForm | MentionKind::Role))
                    .map(|m| m.span.text(text))
                    .fold(None::<&str>, |best, name| match best {
                        Some(b) if name_word_count(b) >= name_word_count(name) => Some(b),
                        _ => Some(name),
                    });
                if let Some(name) = fullest {
                    if entity.gazetteer.is_none() || name_word_count(name) >= 2 {
                        entity.canonical = name.to_string();
                    }
                }
            }
        }
        self.entities
            .sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.span.start));
        self.entities
    }
}

/// The words right before a name that give its role: the capitalised words and role words
/// right before it (`Russian Defense Minister`, `IRGC chief`), and an appositive before a
/// comma (`the Russian envoy, Alexey Dedov`; `The IRGC Quds Force Commander, General Esmail
/// Qaani`), within the sentence.
fn title_before(text: &str, at: usize) -> Option<String> {
    let before = &text[floor_char_boundary(text, at.saturating_sub(100))..at];
    // Words with their byte offsets in `before`, last first, read lazily from the end: most
    // mentions stop after a word or two.
    let words = before
        .split_whitespace()
        .rev()
        .map(|w| (w.as_ptr() as usize - before.as_ptr() as usize, w));
    let mut role: Vec<&str> = Vec::new();
    let mut appositive: Option<String> = None;
    for (k, (offset, word)) in words.enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.ends_with(',') {
            if k == role.len() {
                // The role before the comma: back to its `the`.
                let head = &before[..offset + word.len() - 1];
                let from = head
                    .char_indices()
                    .rfind(|(_, c)| matches!(c, ',' | '.' | ';' | ':' | '(' | '“' | '"' | '\n'))
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let phrase: Vec<&str> = head[from..].split_whitespace().collect();
                if let Some(the) = phrase.iter().rposition(|w| matches!(*w, "the" | "The")) {
                    if (2..=7).contains(&(phrase.len() - the)) {
                        appositive = Some(phrase[the..].join(" "));
                    }
                }
            }
            break;
        }
        if bare.is_empty() || word.ends_with(['.', ';', ':', '(', ')', '“', '"']) {
            break;
        }
        let capitalised = bare.chars().next().is_some_and(char::is_uppercase);
        let role_word = matches!(
            bare,
            "chief"
                | "commander"
                | "spokesman"
                | "spokeswoman"
                | "envoy"
                | "minister"
                | "head"
                | "of"
                | "for"
                | "the"
                | "deputy"
                | "special"
                | "foreign"
                | "defense"
                | "defence"
                | "ambassador"
                | "president"
                | "leader"
        );
        if !(capitalised || role_word) || role.len() >= 6 {
            break;
        }
        role.push(word);
    }
    while role
        .last()
        .is_some_and(|w| matches!(*w, "of" | "for" | "the"))
    {
        role.pop();
    }
    role.reverse();
    match (appositive, role.is_empty()) {
        (Some(a), true) => Some(a),
        (Some(a), false) => Some(format!("{a}, {}", role.join(" "))),
        (None, false) => Some(role.join(" ")),
        (None, true) => None,
    }
}

/// `, the Y of Z,` / `, Iran's UN envoy,` right after a name: the appositive, if short.
fn appositive_after(text: &str, at: usize) -> Option<String> {
    let rest = text[at..].strip_prefix(", ")?;
    // An appositive is short: look no further than a window.
    let rest = &rest[..floor_char_boundary(rest, 160)];
    // The first mark that ends it, found on bytes (`“` by its three).
    let bytes = rest.as_bytes();
    let end = bytes.iter().enumerate().find_map(|(i, &b)| {
        let stop = match b {
            b',' | b'.' | b';' | b':' | b'(' | b'"' | b'\n' => true,
            0xE2 => bytes.get(i + 1..i + 3) == Some(&[0x80, 0x9C][..]),
            _ => false,
        };
        stop.then_some(i)
    })?;
    if !rest[end..].starts_with(',') {
        return None;
    }
    let phrase = &rest[..end];
    let mut words = phrase.split_whitespace();
    let first = words.next()?;
    let opens =
        matches!(first, "the" | "a" | "an") || first.ends_with("’s") || first.ends_with("'s");
    // Two to eight words: nine are as many as too many.
    let count = 1 + words.take(8).count();
    (opens && (2..=8).contains(&count)).then(|| phrase.to_string())
}

#[cfg(test)]
mod tests;
