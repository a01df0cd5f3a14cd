//! Gazetteer matching: the third stage. Finds the people, countries and weapons systems of the
//! gazetteers in an article's text and hands [`GazetteerMatch`]es to [`crate::mentions`].
//!
//! # Data
//! Gazetteers are UTF-8 TSV files (format in `gazetteers/README.md`): a header naming the
//! columns `id`, `type`, `canonical` and optionally `aliases`, `demonyms`, `capitals`, `roles`,
//! `subtype`, `origin`; `|` between the values of a cell; `#` comment lines. Lines with the same
//! `id` (in one file or several) are one entity: their surface forms and roles are united. The
//! default gazetteers are embedded in the binary; [`GazetteerBuilder`] adds a user's files and
//! can leave the defaults out.
//!
//! # Matching
//! One leftmost-longest Aho-Corasick pass over the text finds where surface forms may start
//! (the automaton holds only each form's first bytes, see `forms.rs`: one over all ~100,000
//! forms took over 100 ms to build), and the longest form starting there is looked up in the
//! sorted forms, so `United States Army` beats `United States` and `Iranian` beats `Iran`.
//! A match counts when
//! - it is a whole word (`Oman` is not found in `Roman`; `Iran’s` is `Iran`);
//! - its case is the form's (a form that starts lowercase also matches capitalised, `The
//!   Kremlin`); words in capitals (`TEHRAN –` datelines, headlines) are looked up again in title
//!   case;
//! - the form's context rules, kept in `context_rules.tsv`, allow it (`Jordan` in `Michael
//!   Jordan`, `Patriot` without `missile` after it, `Georgia` near `Atlanta`).
//!
//! Forms with a hyphen, or a space next to a digit, also match with a hyphen, a space or an en
//! dash there (`Shahed-136`, `Shahed 136`, `Shahed–136`), and without it between a letter and a
//! digit (`S400`).
//!
//! Matching is case-sensitive on purpose: a case-insensitive automaton takes more than twice as
//! long to build and to search, for the few words in capitals that the title-case lookup
//! covers.

mod data;
mod forms;
mod rules;

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

use crate::error::{Error, Location, Result};
use crate::span::Span;

pub use data::{Entity, EntityType, Role};
use forms::Forms;
use rules::ContextRules;

/// The embedded country gazetteer.
pub const DEFAULT_COUNTRIES: &str = include_str!("../../gazetteers/countries.tsv");
/// The embedded people gazetteer.
pub const DEFAULT_PEOPLE: &str = include_str!("../../gazetteers/people.tsv");
/// The embedded weapons gazetteer.
pub const DEFAULT_WEAPONS: &str = include_str!("../../gazetteers/weapons.tsv");
/// The embedded hand-kept additions (merged into the entries above by id).
pub const DEFAULT_ADDITIONS: &str = include_str!("../../gazetteers/additions.tsv");
/// The embedded context rules for ambiguous forms.
pub const DEFAULT_CONTEXT_RULES: &str = include_str!("context_rules.tsv");

/// How a surface form names its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FormKind {
    /// The canonical name.
    Canonical,
    /// Another name or short form.
    Alias,
    /// A capital or seat of government standing for the state (`Tehran`, `the Kremlin`).
    Capital,
    /// A demonym or adjective (`Iranian`, `Azeris`).
    Demonym,
}

/// One gazetteer match in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GazetteerMatch {
    /// Byte span of the surface form in the text.
    pub span: Span,
    /// Index of the entity ([`Gazetteer::entity`]).
    pub entity: usize,
    /// How the form names the entity.
    pub kind: FormKind,
}

/// The compiled gazetteers: entities and all their surface forms, ready to be found.
#[derive(Debug)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    /// Entity indices in id order, made on first use ([`Gazetteer::find_id`]).
    by_id: OnceLock<Vec<u32>>,
    forms: Forms,
    /// The forms as strings, made on first use ([`Gazetteer::patterns`]).
    patterns: OnceLock<Vec<String>>,
    rules: ContextRules,
    /// The people with a role of each country, in load order, made on first use
    /// ([`Gazetteer::role_holders`]).
    roles_by_country: OnceLock<HashMap<String, Vec<u32>>>,
    /// For [`Gazetteer::role_holders_of_kind`]: the (person, role) pairs of a country whose
    /// title fits a kind of role, worked out once per (country, kind).
    roles_of_kind: Mutex<HashMap<(String, String), RolePairs>>,
}

/// (person, role) index pairs, shared between threads.
type RolePairs = Arc<Vec<(u32, u32)>>;

/// Builds a [`Gazetteer`] from the embedded defaults and a user's files.
#[derive(Clone, Debug)]
pub struct GazetteerBuilder {
    defaults: bool,
    sources: Vec<(String, String)>,
    context_rules: Option<(String, String)>,
}

impl Default for GazetteerBuilder {
    fn default() -> GazetteerBuilder {
        GazetteerBuilder::new()
    }
}

impl GazetteerBuilder {
    /// A builder that starts from the embedded gazetteers.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder {
            defaults: true,
            sources: Vec::new(),
            context_rules: None,
        }
    }

    /// Whether to load the embedded gazetteers (default: yes).
    pub fn defaults(mut self, yes: bool) -> GazetteerBuilder {
        self.defaults = yes;
        self
    }

    /// Adds a gazetteer given as text; `name` is used in error messages.
    pub fn add_source(
        mut self,
        name: impl Into<String>,
        content: impl Into<String>,
    ) -> GazetteerBuilder {
        self.sources.push((name.into(), content.into()));
        self
    }

    /// Adds a gazetteer file.
    pub fn add_file(self, path: &Path) -> Result<GazetteerBuilder> {
        let content =
            std::fs::read_to_string(path).map_err(|e| Error::io(Location::file(path), e))?;
        Ok(self.add_source(path.display().to_string(), content))
    }

    /// Replaces the embedded context rules with `content` (same format).
    pub fn context_rules(
        mut self,
        name: impl Into<String>,
        content: impl Into<String>,
    ) -> GazetteerBuilder {
        self.context_rules = Some((name.into(), content.into()));
        self
    }

    /// Parses everything and compiles the automaton.
    pub fn build(self) -> Result<Gazetteer> {
        let mut entries = data::Entries::default();
        if self.defaults {
            for (name, content) in [
                ("gazetteers/countries.tsv", DEFAULT_COUNTRIES),
                ("gazetteers/people.tsv", DEFAULT_PEOPLE),
                ("gazetteers/weapons.tsv", DEFAULT_WEAPONS),
                ("gazetteers/additions.tsv", DEFAULT_ADDITIONS),
            ] {
                entries.parse(name, content, Cow::Borrowed)?;
            }
        }
        for (name, content) in &self.sources {
            entries.parse(name, content, |cell| Cow::Owned(cell.to_string()))?;
        }
        let rules = match &self.context_rules {
            Some((name, content)) => ContextRules::parse(name, content)?,
            None => ContextRules::parse("context_rules.tsv", DEFAULT_CONTEXT_RULES)?,
        };
        Gazetteer::compile(entries.into_entities(), rules)
    }
}

impl Gazetteer {
    /// The embedded default gazetteers.
    pub fn embedded() -> Result<Gazetteer> {
        GazetteerBuilder::new().build()
    }

    fn compile(entities: Vec<Entity>, rules: ContextRules) -> Result<Gazetteer> {
        let mut candidates = forms::Candidates::default();
        for (index, entity) in entities.iter().enumerate() {
            for (form, kind) in entity.surface_forms() {
                candidates
                    .add(form, kind, entity.entity_type, index)
                    .map_err(|m| Error::invalid(Location::file("gazetteers"), m))?;
            }
        }
        // One owner per surface form: the strongest kind of naming wins (a canonical name over
        // an alias over a capital over a demonym), then countries over people over weapons,
        // then the entity loaded first (`Forms::build`).
        let forms = Forms::build(candidates)?;
        Ok(Gazetteer {
            entities,
            by_id: OnceLock::new(),
            forms,
            patterns: OnceLock::new(),
            rules,
            roles_by_country: OnceLock::new(),
            roles_of_kind: Mutex::default(),
        })
    }

    /// All entities, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity at `index` (as in [`GazetteerMatch::entity`]).
    pub fn entity(&self, index: usize) -> &Entity {
        &self.entities[index]
    }

    /// The index of the entity with this id.
    pub fn find_id(&self, id: &str) -> Option<usize> {
        let by_id = self.by_id.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.entities.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| {
                self.entities[a as usize]
                    .id
                    .cmp(&self.entities[b as usize].id)
            });
            order
        });
        by_id
            .binary_search_by(|&i| self.entities[i as usize].id.as_str().cmp(id))
            .ok()
            .map(|at| by_id[at] as usize)
    }

    /// The people who held, on `date` (`YYYY-MM-DD`; `None`: at any time the gazetteer
    /// knows), a role of `country` (ISO alpha-3) whose title `fits`, each once, in load order.
    pub fn role_holders(
        &self,
        country: &str,
        date: Option<&str>,
        fits: impl Fn(&str) -> bool,
    ) -> Vec<usize> {
        self.people_with_roles_in(country)
            .iter()
            .map(|&e| e as usize)
            .filter(|&e| {
                self.entities[e].roles().iter().any(|role| {
                    role.country.as_deref() == Some(country)
                        && date.is_none_or(|date| role.held_on(date))
                        && fits(&role.title)
                })
            })
            .collect()
    }

    /// The people with a role of `country`, in load order (indexed on first use).
    fn people_with_roles_in(&self, country: &str) -> &[u32] {
        let roles_by_country = self.roles_by_country.get_or_init(|| {
            let mut by_country: HashMap<String, Vec<u32>> = HashMap::default();
            for (e, entity) in self.entities.iter().enumerate() {
                for country in entity.role_countries() {
                    // A key string only for a country not seen before, not for each role.
                    let holders = match by_country.get_mut(country) {
                        Some(holders) => holders,
                        None => by_country.entry(country.to_string()).or_default(),
                    };
                    if holders.last() != Some(&(e as u32)) {
                        holders.push(e as u32);
                    }
                }
            }
            by_country
        });
        roles_by_country.get(country).map_or(&[], Vec::as_slice)
    }

    /// [`Gazetteer::role_holders`] for a named kind of role: which titles `fits` is worked
    /// out once per country and `kind` and kept, so later calls only check dates. Every call
    /// with the same `kind` must pass the same `fits`.
    pub fn role_holders_of_kind(
        &self,
        country: &str,
        date: Option<&str>,
        kind: &str,
        fits: impl Fn(&str) -> bool,
    ) -> Vec<usize> {
        let key = (country.to_string(), kind.to_string());
        // A poisoned lock only means another thread panicked mid-insert: the map is still
        // whole, as inserts are single calls.
        let cached = self
            .roles_of_kind
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
            .cloned();
        let pairs = cached.unwrap_or_else(|| {
            // Each fitting role tested once (not once to pick the people, again for roles).
            let pairs: Vec<(u32, u32)> = self
                .people_with_roles_in(country)
                .iter()
                .flat_map(|&e| {
                    self.entities[e as usize]
                        .roles()
                        .iter()
                        .enumerate()
                        .filter(|(_, role)| {
                            role.country.as_deref() == Some(country) && fits(&role.title)
                        })
                        .map(move |(r, _)| (e, r as u32))
                })
                .collect();
            let pairs = Arc::new(pairs);
            self.roles_of_kind
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(key, Arc::clone(&pairs));
            pairs
        });
        let mut holders: Vec<usize> = pairs
            .iter()
            .filter(|&&(e, r)| {
                let role = &self.entities[e as usize].roles()[r as usize];
                date.is_none_or(|date| role.held_on(date))
            })
            .map(|&(e, _)| e as usize)
            .collect();
        holders.dedup();
        holders
    }

    /// How many surface forms (variants included) there are.
    pub fn pattern_count(&self) -> usize {
        self.forms.len()
    }

    /// Every surface form, for tools that need the same patterns (the benchmark baseline).
    pub fn patterns(&self) -> &[String] {
        self.patterns.get_or_init(|| {
            (0..self.forms.len())
                .map(|i| self.forms.str(i).to_string())
                .collect()
        })
    }

    /// All accepted matches in `text`, left to right, non-overlapping.
    pub fn find_all(&self, text: &str) -> Vec<GazetteerMatch> {
        let mut matches = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some((start, anchor)) = self.forms.next_anchor(text, at) else {
                break;
            };
            let next = start + text[start..].chars().next().map_or(1, char::len_utf8);
            // Inside a word no form can be whole (`Oman` in `Roman`): go on without looking.
            let before = text[..start].chars().next_back();
            let first = text[start..].chars().next();
            if before.is_some_and(char::is_alphanumeric) && first.is_some_and(char::is_alphanumeric)
            {
                at = next;
                continue;
            }
            let Some(found) = self.forms.longest_at(text, start, anchor) else {
                at = next;
                continue;
            };
            let pattern = self.forms.str(found);
            let span = Span::new(start, start + pattern.len());
            if is_whole_word(text, span) && self.rules.allow(pattern, text, span) {
                let form = self.forms.form(found);
                matches.push(GazetteerMatch {
                    span,
                    entity: form.entity as usize,
                    kind: form.kind,
                });
                at = span.end;
            } else {
                // A shorter form may still start inside a rejected one (`Roman Abramovich`
                // rejected, nothing lost; `Patriot Act` rejected, `Act` looked at): go on one
                // character later.
                at = next;
            }
        }
        self.find_in_capitals(text, &mut matches);
        matches
    }

    /// Runs of words in capitals (`TEHRAN –`, `IRAN, RUSSIA SIGN PACT`) are looked up as the
    /// same words in title case (`Tehran`, `Iran, Russia`), longest run first.
    fn find_in_capitals(&self, text: &str, matches: &mut Vec<GazetteerMatch>) {
        let words = capital_words(text);
        // Matches found so far are in text order; the ones added here never overlap each
        // other, so only the former need checking, by binary search.
        let found_before = matches.len();
        let mut added = false;
        let mut i = 0;
        while i < words.len() {
            let mut found = None;
            // Up to four words joined by single spaces, longest first.
            let mut last = i;
            while last + 1 < words.len()
                && last - i < 3
                && text[words[last].end..words[last + 1].start] == *" "
            {
                last += 1;
            }
            for end in (i..=last).rev() {
                let span = Span::new(words[i].start, words[end].end);
                let sorted = &matches[..found_before];
                let k = sorted.partition_point(|m| m.span.end <= span.start);
                if sorted.get(k).is_some_and(|m| m.span.start < span.end) {
                    continue;
                }
                let titled = title_case(span.text(text));
                if let Some(hit) = self.forms.get(&titled)
                    && self.rules.allow(&titled, text, span)
                {
                    found = Some((span, self.forms.form(hit), end));
                    break;
                }
            }
            match found {
                Some((span, form, end)) => {
                    matches.push(GazetteerMatch {
                        span,
                        entity: form.entity as usize,
                        kind: form.kind,
                    });
                    added = true;
                    i = end + 1;
                }
                None => i += 1,
            }
        }
        if added {
            matches.sort_by_key(|m| (m.span.start, m.span.end));
        }
    }
}

/// Words of three or more letters written in capitals (apostrophe-s and dots inside allowed).
fn capital_words(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Words in capitals start with two capital letters; most text has none, and a byte
        // scan passes over it quickly. (Capitals outside ASCII are not looked for.)
        let starts = bytes[i].is_ascii_uppercase()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase)
            && !text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        let mut letters = 0;
        let mut lowercase = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphabetic() {
                letters += 1;
                lowercase |= b.is_ascii_lowercase();
                i += 1;
            } else if matches!(b, b'\'' | b'-')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
            {
                i += 1;
            } else if text[i..].starts_with('’')
                && bytes.get(i + 3).is_some_and(u8::is_ascii_alphabetic)
            {
                i += 3;
            } else {
                break;
            }
        }
        let joined_to_more = bytes.get(i).is_some_and(|b| {
            b.is_ascii_alphanumeric()
                || *b >= 0x80 && !text[i..].starts_with(['’', '–', '—', '“', '”'])
        });
        if letters >= 3 && !lowercase && !joined_to_more {
            words.push(Span::new(start, i));
        }
        i += 1;
    }
    words
}

/// `UNITED ARAB EMIRATES` → `United Arab Emirates`; `BOSNIA AND HERZEGOVINA` →
/// `Bosnia and Herzegovina`; the byte length is unchanged for ASCII capitals.
fn title_case(caps: &str) -> String {
    let mut out = String::with_capacity(caps.len());
    for (k, word) in caps.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        if k > 0 && matches!(lower.as_str(), "of" | "and" | "the" | "de" | "al") {
            out.push_str(&lower);
            continue;
        }
        let mut chars = lower.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// Calls `f` with each variant of `form` (as parts to concatenate): its separator variants
/// ([`for_each_separator_variant`]), and for those that start lowercase (`the Kremlin`) also
/// the capitalised version, for sentence starts.
fn for_each_variant<E>(
    form: &str,
    mut f: impl FnMut(&[&str]) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    for_each_separator_variant(form, |parts| {
        f(parts)?;
        // Separators are never first: the first part holds the first character.
        let Some((first, rest)) = parts.split_first() else {
            return Ok(());
        };
        let mut chars = first.chars();
        match chars.next() {
            Some(c) if c.is_lowercase() => {
                let capital: String = c.to_uppercase().collect();
                let mut capitalised: Vec<&str> = vec![&capital, chars.as_str()];
                capitalised.extend_from_slice(rest);
                f(&capitalised)
            }
            _ => Ok(()),
        }
    })
}

/// No letter or digit right before or after the span.
fn is_whole_word(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let first = text[span.start..].chars().next();
    let last = text[..span.end].chars().next_back();
    let joins = |outside: Option<char>, inside: Option<char>| matches!((outside, inside), (Some(o), Some(i)) if o.is_alphanumeric() && i.is_alphanumeric());
    !joins(before, first) && !joins(after, last)
}

/// Calls `f` with the form and its separator variants (as parts to concatenate): when the
/// form has hyphens, dashes, or spaces next to a digit between alphanumerics (`Shahed-136`,
/// `S-400 Triumf`, `Su 35`), the same form with every such separator a hyphen, a space, an en
/// dash, and — where each separates a letter from a digit — nothing (`S400`); each different
/// string once. Forms with more than three such separators keep only themselves.
fn for_each_separator_variant<E>(
    form: &str,
    mut f: impl FnMut(&[&str]) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    f(&[form])?;
    // Most forms have no separator a variant could replace.
    if !form
        .bytes()
        .any(|b| b == b'-' || b == 0xE2 || b.is_ascii_digit())
    {
        return Ok(());
    }
    // (byte offset, separator, between a letter and a digit) of each separator; a fourth
    // means too many. On the stack: a fifth of the forms get here.
    let mut slots = [(0, "", false); 4];
    let mut count = 0;
    let mut chars = form.char_indices().peekable();
    let mut before: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if let (Some(before), Some(&(_, after))) = (before, chars.peek()) {
            let is_separator = matches!(c, '-' | '–' | '—' | '‑' | ' ');
            let digit_side = before.is_ascii_digit() || after.is_ascii_digit();
            if is_separator
                && before.is_alphanumeric()
                && after.is_alphanumeric()
                && (c != ' ' || digit_side)
            {
                let letter_digit = before.is_alphabetic() != after.is_alphabetic();
                slots[count] = (i, &form[i..i + c.len_utf8()], letter_digit);
                count += 1;
                if count == slots.len() {
                    return Ok(());
                }
            }
        }
        before = Some(c);
    }
    let slots = &slots[..count];
    let all_letter_digit = slots.iter().all(|&(_, _, ld)| ld);
    for replacement in ["-", " ", "–", ""] {
        let is_form = slots.iter().all(|&(_, s, _)| s == replacement);
        if slots.is_empty() || is_form || replacement.is_empty() && !all_letter_digit {
            continue;
        }
        let mut parts = [""; 7];
        let mut from = 0;
        for (k, &(at, separator, _)) in slots.iter().enumerate() {
            parts[2 * k] = &form[from..at];
            parts[2 * k + 1] = replacement;
            from = at + separator.len();
        }
        parts[2 * slots.len()] = &form[from..];
        f(&parts[..2 * slots.len() + 1])?;
    }
    Ok(())
}

/// The form and its separator variants ([`for_each_separator_variant`]) as strings.
#[cfg(test)]
fn separator_variants(form: &str) -> Vec<String> {
    let mut variants = Vec::new();
    let _ = for_each_separator_variant(form, |parts| {
        variants.push(parts.concat());
        Ok::<(), ()>(())
    });
    variants
}

#[cfg(test)]
mod tests;
