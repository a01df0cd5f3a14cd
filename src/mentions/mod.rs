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
//!   corpora).
//! - Capitalised words that name institutions, places or dates (`not_names.txt`), function
//!   words, and words the gazetteer knows as a country or weapon never belong to a name.
//!
//! # Linking within the article
//! A name that ends a longer name of the article is the same person (`Salami` and `General
//! Salami` are `Hossein Salami`; `Donald Trump Jr.` is not `Donald Trump`). After that, every
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
use crate::gazetteer::{EntityType, FormKind, Gazetteer};
use crate::span::{Span, floor_char_boundary};
use tokens::{Token, tokenize};

/// The embedded titles that introduce names.
pub const DEFAULT_TITLES: &str = include_str!("titles.txt");
/// The embedded capitalised words that are not names.
pub const DEFAULT_NOT_NAMES: &str = include_str!("not_names.txt");
/// The embedded given names (generated).
pub const DEFAULT_GIVEN_NAMES: &str = include_str!("../../gazetteers/given_names.txt");
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
    /// ASCII bytes that start a title's first word, and that word's longest length.
    title_first_bytes: [bool; 128],
    longest_title_word: usize,
    not_names: HashSet<String>,
    given_names: HashSet<String>,
    function_words: HashSet<String>,
    common_words: HashSet<String>,
    speech_verbs: HashSet<String>,
    roles: Vec<RoleKind>,
}

/// One role of `roles.tsv`.
#[derive(Clone, Debug)]
struct RoleKind {
    /// How news names it, lowercase.
    phrases: Vec<String>,
    /// Phrases a gazetteer role title contains for it, lowercase.
    titles: Vec<String>,
}

impl RoleKind {
    fn fits_title(&self, title: &str) -> bool {
        let title = title.to_lowercase();
        self.titles.iter().any(|t| title.contains(t.as_str()))
    }
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
        let mut title_first_bytes = [false; 128];
        for first in by_first.keys() {
            if let Some(&b) = first.as_bytes().first().filter(|b| b.is_ascii()) {
                title_first_bytes[usize::from(b)] = true;
            }
        }
        let longest_title_word = by_first.keys().map(String::len).max().unwrap_or(0);
        MentionFinder {
            titles: by_first,
            title_first_bytes,
            longest_title_word,
            not_names: lines(not_names).map(str::to_string).collect(),
            given_names: lines(given_names).map(str::to_string).collect(),
            function_words: lines(crate::segment::DEFAULT_SENTENCE_STARTERS)
                .map(str::to_string)
                .collect(),
            common_words: lines(DEFAULT_COMMON_WORDS).map(str::to_string).collect(),
            speech_verbs: lines(crate::segment::DEFAULT_ATTRIBUTION_VERBS)
                .map(str::to_string)
                .collect(),
            roles: lines(DEFAULT_ROLES)
                .filter_map(|line| {
                    let mut cells = line.split('\t').skip(1);
                    let phrases = cells
                        .next()?
                        .split('|')
                        .map(|p| p.trim().to_lowercase())
                        .collect();
                    let titles = cells
                        .next()?
                        .split('|')
                        .map(|t| t.trim().to_lowercase())
                        .collect();
                    Some(RoleKind { phrases, titles })
                })
                .collect(),
        }
    }

    /// The entities of `article`, in order of first mention.
    pub fn find(&self, gazetteer: &Gazetteer, article: &Article) -> Vec<ArticleEntity> {
        let text = article.text.as_str();
        let matches = gazetteer.find_all(text);
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
        for paragraph in &article.paragraphs {
            let tokens = tokenize(text, *paragraph);
            self.names_in(text, &tokens, &claimed, &mut names);
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
                    match suffixed {
                        Some((p, entity)) => {
                            builder.remove_gazetteer_mention(entity, p);
                            builder.add_name(text, span, kind);
                        }
                        None if overlaps_any_pair(&people, span) => {}
                        None => builder.add_name(text, span, kind),
                    }
                }
            }
        }
        builder.claim_surnames(text);
        builder.link_names();
        builder.complete_surnames(text, &self.function_words, &self.titles, &self.common_words);
        builder.add_short_forms(text, &claimed);
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
    ) {
        let mut i = 0;
        while i < tokens.len() {
            if let Some(after_title) = self.title_at(text, tokens, i) {
                let end = self.name_end(text, tokens, after_title, claimed);
                if end > after_title {
                    out.push((span_of(tokens, after_title, end), MentionKind::Titled));
                    i = end;
                    continue;
                }
                i = after_title.max(i + 1);
                continue;
            }
            let word = tokens[i].core(text);
            let capitalised = word.starts_with(char::is_uppercase);
            if capitalised
                && self.given_names.contains(word)
                && !tokens[i].ends_phrase
                && self.is_name_token(text, &tokens[i], claimed)
            {
                let end = self.name_end(text, tokens, i, claimed);
                if end >= i + 2 {
                    out.push((span_of(tokens, i, end), MentionKind::GivenName));
                    i = end;
                    continue;
                }
            }
            if !capitalised {
                i += 1;
                continue;
            }
            if let Some(end) = self.attributed_name(text, tokens, i, claimed) {
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
            self.is_name_token(text, &tokens[k], claimed)
                && !self.common_words.contains(word.to_lowercase().as_str())
                && word.chars().filter(|c| c.is_uppercase()).count() == 1
        };
        if !starts_name(i)
            || (i > 0
                && !tokens[i - 1].ends_phrase
                && tokens[i - 1].core(text).starts_with(char::is_uppercase))
        {
            return None;
        }
        let mut end = i + 1;
        while end < tokens.len() && end - i < 3 && !tokens[end - 1].ends_phrase && starts_name(end)
        {
            end += 1;
        }
        let last = &tokens[end - 1];
        let next = tokens.get(end)?;
        let verb = next.core(text);
        if !last.ends_phrase && self.speech_verbs.contains(verb) {
            return Some(end);
        }
        let appositive = last.raw(text).ends_with(',')
            && end - i >= 2
            && (matches!(verb, "the" | "a" | "an")
                || next.raw(text).contains("’s")
                || next.raw(text).contains("'s"));
        appositive.then_some(end)
    }

    /// Roles that stand for people: right after a country (`the Russian defence minister`,
    /// `Iran's foreign minister`, not followed by a name) or before `of` and a country (`Chief
    /// of Staff of the Iranian Armed Forces`). Each is linked to the person of that country the
    /// article gives the role (by the person's titles), else — for a dated article — to the one
    /// person the gazetteer says held it on that date.
    fn role_mentions(
        &self,
        text: &str,
        gazetteer: &Gazetteer,
        matches: &[crate::gazetteer::GazetteerMatch],
        date: Option<&str>,
        builder: &mut EntitiesBuilder,
    ) {
        for m in matches {
            let country = gazetteer.entity(m.entity);
            if country.entity_type != EntityType::Country {
                continue;
            }
            let Some((span, kind)) = self.role_around(text, m.span) else {
                continue;
            };
            let in_article = builder.entities.iter().position(|e| {
                e.entity_type == EntityType::Person
                    && e.country.as_deref() == Some(country.id.as_str())
                    && e.titles.iter().any(|t| {
                        kind.fits_title(t)
                            || kind
                                .phrases
                                .iter()
                                .any(|p| t.to_lowercase().contains(p.as_str()))
                    })
            });
            match in_article {
                Some(at) => builder.entities[at].mentions.push(Mention {
                    span,
                    kind: MentionKind::Role,
                }),
                None => {
                    let Some(date) = date else { continue };
                    let holders = gazetteer.role_holders(&country.id, date, |t| kind.fits_title(t));
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
        for kind in &self.roles {
            for phrase in &kind.phrases {
                let here = after
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
                let here = stem
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
        let raw = tokens[i].raw(text);
        // Most words are no title's first word: rule them out by their first byte and length.
        let first = *raw.as_bytes().first()?;
        if first < 128 && !self.title_first_bytes[usize::from(first)]
            || raw.len() > self.longest_title_word
        {
            return None;
        }
        let candidates = self.titles.get(raw)?;
        'titles: for words in candidates {
            if i + words.len() > tokens.len() {
                continue;
            }
            for (k, word) in words.iter().enumerate() {
                let token = &tokens[i + k];
                if token.raw(text) != word || (k + 1 < words.len() && token.ends_phrase) {
                    continue 'titles;
                }
            }
            // A title that ends its phrase (`the minister, …`) introduces no name.
            if tokens[i + words.len() - 1].ends_phrase {
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
            && word.len() <= 2
            && token.raw(text).starts_with(word)
            && token.raw(text)[word.len()..].starts_with('.');
        (capitalised || particle_prefixed || initial)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
            && !self.not_names.contains(word)
            && !self.function_words.contains(word)
            && !self.titles.contains_key(word)
            && !overlaps_any(claimed, token.core_span)
    }
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

/// The words of `text` (letters, digits, inner hyphens and apostrophes) with their byte
/// offsets. A possessive stays on its word (`Shoigu’s`), so it is looked up without it too.
fn words_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = loop {
            let (i, c) = rest.next()?;
            if c.is_alphanumeric() {
                break (i, c);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            let inner = matches!(c, '-' | '\'' | '’')
                && text[i + c.len_utf8()..].starts_with(char::is_alphanumeric);
            if c.is_alphanumeric() || inner {
                rest.next();
            } else {
                end = i;
                break;
            }
        }
        Some((start, &text[start..end]))
    })
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
    std::iter::once(&person.canonical)
        .chain(&person.aliases)
        .any(|name| name.split_whitespace().any(|w| w == first))
        // Titles and honorifics before the name say nothing against it.
        || !first.chars().next().is_some_and(char::is_uppercase)
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
        self.by_name.insert(name.to_string(), self.entities.len());
        self.entities.push(ArticleEntity {
            id: person_slug(name),
            entity_type: EntityType::Person,
            canonical: name.to_string(),
            gazetteer: None,
            country: None,
            titles: Vec::new(),
            mentions: vec![Mention { span, kind }],
        });
    }

    /// A person found only by a surname (`Ms Beynon`) whom the text also names with a
    /// capitalised word before it (`Rhian Beynon of the JCWI`) gets that fuller name.
    fn complete_surnames(
        &mut self,
        text: &str,
        function_words: &HashSet<String>,
        titles: &HashMap<String, Vec<Vec<String>>>,
        common_words: &HashSet<String>,
    ) {
        for entity in &mut self.entities {
            if entity.entity_type != EntityType::Person
                || entity.gazetteer.is_some()
                || entity.canonical.contains(' ')
            {
                continue;
            }
            let surname = entity.canonical.clone();
            let mut found: Option<Span> = None;
            for (at, _) in text.match_indices(&format!(" {surname}")).take(64) {
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
                if capitalised
                    && !function_words.contains(first)
                    && !titles.contains_key(first)
                    && !common_words.contains(first.to_lowercase().as_str())
                {
                    found = Some(Span::new(at - first.len(), end));
                    break;
                }
            }
            if let Some(span) = found {
                entity.canonical = span.text(text).to_string();
                entity.id = person_slug(&entity.canonical);
                entity.mentions.push(Mention {
                    span,
                    kind: MentionKind::Attributed,
                });
            }
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
        // Longest names first, so each shorter one finds its fullest form.
        order.sort_by_key(|&i| std::cmp::Reverse(name_words(&self.entities[i].canonical).len()));
        let mut merged_into: HashMap<usize, usize> = HashMap::default();
        for (k, &short) in order.iter().enumerate() {
            if self.entities[short].gazetteer.is_some() {
                continue;
            }
            let short_words = name_words(&self.entities[short].canonical);
            let longer: Vec<usize> = order[..k]
                .iter()
                .copied()
                .filter(|&long| !merged_into.contains_key(&long))
                .filter(|&long| {
                    let long_words = name_words(&self.entities[long].canonical);
                    long_words.len() > short_words.len()
                        && long_words.ends_with(&short_words)
                        && self.entities[long].canonical.split_whitespace().count()
                            >= long_words.len()
                })
                .collect();
            if longer.len() == 1 {
                merged_into.insert(short, longer[0]);
            }
        }
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
                .max_by_key(|n| name_words(n).len())
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
        // One pass over the text's words, looking each up: linear in the text whatever the
        // number of people.
        for (start, word) in words_with_offsets(text) {
            // Surnames are capitalised: no lookup for the other words.
            if !word.starts_with(|c: char| c.is_uppercase()) {
                continue;
            }
            let word = word
                .strip_suffix("’s")
                .or_else(|| word.strip_suffix("'s"))
                .unwrap_or(word);
            let Some(people) = owners.get(word) else {
                continue;
            };
            {
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
        }
        for (entity, span) in additions {
            self.entities[entity].mentions.push(Mention {
                span,
                kind: MentionKind::ShortForm,
            });
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
                        Some(b) if name_words(b).len() >= name_words(name).len() => Some(b),
                        _ => Some(name),
                    });
                if let Some(name) = fullest {
                    if entity.gazetteer.is_none() || name_words(name).len() >= 2 {
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
    // Words with their byte ranges in `before`, last first.
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in before
        .char_indices()
        .chain(std::iter::once((before.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push((s, &before[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    words.reverse();
    let mut role: Vec<&str> = Vec::new();
    let mut appositive: Option<String> = None;
    for (k, &(offset, word)) in words.iter().enumerate() {
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
    let end = rest.find([',', '.', ';', ':', '(', '“', '"', '\n'])?;
    let phrase = &rest[..end];
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let first = *words.first()?;
    let opens =
        matches!(first, "the" | "a" | "an") || first.ends_with("’s") || first.ends_with("'s");
    (opens && (2..=8).contains(&words.len()) && rest[end..].starts_with(','))
        .then(|| phrase.to_string())
}

#[cfg(test)]
mod tests;
