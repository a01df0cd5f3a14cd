//! Speakers: the words where a quote's source stands, and their resolution to an entity of the
//! article, a description, or nothing.

use serde::Serialize;

use super::lexer::Tok;
use super::words::{WordSet, word_set};
use crate::gazetteer::EntityType;
use crate::mentions::{ArticleEntity, MentionKind};
use crate::segment::Sentence;
use crate::span::Span;

/// How a speaker was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResolvedBy {
    /// The attribution names the person.
    Name,
    /// The attribution gives a short form (`Baqeri`, `Mr. Trump`) of a name in the article.
    Surname,
    /// A pronoun, resolved to the most recent compatible person or source.
    Pronoun,
    /// A role (`the minister`), resolved to the person the article gives it.
    Role,
    /// An unnamed source, given by its description as written (`a senior US official`).
    Description,
    /// Nobody could be found.
    Unresolved,
}

impl ResolvedBy {
    /// The lowercase name used in the record.
    pub fn as_str(self) -> &'static str {
        match self {
            ResolvedBy::Name => "name",
            ResolvedBy::Surname => "surname",
            ResolvedBy::Pronoun => "pronoun",
            ResolvedBy::Role => "role",
            ResolvedBy::Description => "description",
            ResolvedBy::Unresolved => "unresolved",
        }
    }
}

/// Who said a quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The resolved name: an entity's canonical name, or a description as written; `None`
    /// when unresolved. Never a pronoun.
    pub name: Option<String>,
    /// Index into the article's entities, when the speaker is one.
    pub entity: Option<usize>,
    /// The words in the attribution that stand for the speaker (`he`, `Baqeri`, `the envoy`).
    pub mention: Option<Span>,
    /// How the name was found.
    pub resolved_by: ResolvedBy,
}

/// The words where a speaker stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SpeakerPhrase {
    pub span: Span,
    /// How many words it has.
    word_count: usize,
    text_lower: String,
    /// The first word starts with a capital letter.
    capitalised: bool,
}

/// Lowercase words that show a phrase is a clause, not a source: `This is what he said`.
const NOT_IN_SPEAKER_WORDS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "what", "which", "who", "whom", "whose",
    "not", "will", "would", "can", "could", "should", "may", "might", "must", "do", "does", "did",
    "he", "she", "they", "we", "it", "i", "you", "this", "there", "here", "how", "why", "when",
    "where", "if", "also", "has", "have", "had", "so", "because", "than",
];
static NOT_IN_SPEAKER: WordSet<{ NOT_IN_SPEAKER_WORDS.len() }> = word_set!(NOT_IN_SPEAKER_WORDS);

/// The words before a name that still leave it the subject of its sentence: a dateline,
/// titles and roles (`TEHRAN – Spokesman for the Iranian Armed Forces Brigadier General`).
fn is_subject_prefix(prefix: &str) -> bool {
    // (The ASCII marks byte by byte: a search for a set of characters decodes each one.)
    prefix.len() < 160
        && !prefix
            .bytes()
            .any(|b| matches!(b, b',' | b';' | b':' | b'"' | b'(' | b')'))
        && !prefix.contains('“')
        && prefix.split_whitespace().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphanumeric())
                || matches!(
                    w,
                    "of" | "for"
                        | "the"
                        | "and"
                        | "to"
                        | "in"
                        | "chief"
                        | "commander"
                        | "spokesman"
                        | "minister"
                        | "envoy"
                        | "head"
                )
        })
}

/// Where the head of a phrase ends (byte offset in it): at its first comma or relative word.
fn head_end(phrase: &str) -> Option<usize> {
    // One pass over the short phrase: the first comma, or the first space that opens a
    // relative word.
    phrase.bytes().enumerate().find_map(|(i, b)| {
        let relative = b == b' '
            && [" who ", " which ", " whose ", " that "]
                .iter()
                .any(|w| phrase[i..].starts_with(w));
        (b == b',' || relative).then_some(i)
    })
}

/// One name for roles news uses interchangeably: an ambassador is an envoy is a diplomat.
fn role_synonym(word: &str) -> &str {
    match word {
        "ambassador" | "diplomat" | "emissary" => "envoy",
        "spokesman" | "spokeswoman" | "spokespeople" => "spokesperson",
        "defence" => "defense",
        "chairman" | "chairwoman" | "chair" => "head",
        other => other,
    }
}

/// A lowercase word that is probably a verb: `made`, `met`, `reacted`, `has`.
fn is_verb_like(word: &str) -> bool {
    (word.ends_with("ed") && !PARTICIPLE_ADJECTIVES.contains(word))
        || matches!(
            word,
            "made"
                | "met"
                | "held"
                | "took"
                | "gave"
                | "went"
                | "came"
                | "told"
                | "said"
                | "says"
                | "has"
                | "have"
                | "had"
                | "is"
                | "was"
                | "were"
                | "are"
                | "will"
                | "would"
                | "can"
                | "could"
                | "also"
                | "did"
                | "does"
                | "do"
                | "sent"
                | "wrote"
                | "spoke"
                | "paid"
                | "left"
                | "led"
                | "got"
                | "saw"
                | "put"
                | "set"
                | "won"
                | "lost"
                | "kept"
                | "began"
                | "stood"
                | "brought"
                | "thought"
                | "sought"
                | "urges"
                | "calls"
                | "warns"
                | "says,"
        )
}

/// Words a speaker phrase never opens with.
const NOT_FIRST_WORDS: &[&str] = &[
    "from",
    "as",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "after",
    "before",
    "during",
    "contrary",
    "earlier",
    "later",
    "meanwhile",
    "however",
    "but",
    "and",
    "or",
    "time",
    "it’s",
    "it's",
    "what",
    "when",
    "where",
    "why",
    "how",
    "if",
    "since",
    "because",
    "although",
    "then",
    "now",
    "today",
    "yesterday",
    "thus",
    "therefore",
    "also",
    "instead",
    "still",
    "yet",
    "even",
    "just",
    "only",
    "no",
    "not",
    "more",
    "most",
    "less",
    "such",
    "about",
    "against",
    "over",
    "under",
    "between",
    "into",
    "through",
    "without",
    "within",
    "upon",
    "of",
];
static NOT_FIRST: WordSet<{ NOT_FIRST_WORDS.len() }> = word_set!(NOT_FIRST_WORDS);

/// Words a speaker phrase never ends with.
const NOT_LAST_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "by", "with", "from", "at", "as",
    "his", "her", "their", "its", "our", "my", "your", "this", "that", "these", "those", "but",
    "also", "has", "have", "had", "is", "was", "were", "are", "be", "been", "not", "it", "them",
    "him", "us", "me", "than", "into", "about", "over", "after", "before",
];
static NOT_LAST: WordSet<{ NOT_LAST_WORDS.len() }> = word_set!(NOT_LAST_WORDS);

/// `-ed` words that are adjectives in source descriptions: `an unnamed official`.
const PARTICIPLE_ADJECTIVES_WORDS: &[&str] = &[
    "unnamed",
    "armed",
    "retired",
    "embattled",
    "detained",
    "jailed",
    "exiled",
    "united",
    "advanced",
    "concerned",
    "alleged",
    "elected",
    "appointed",
    "designated",
    "named",
    "informed",
    "unidentified",
    "specialized",
    "specialised",
    "dedicated",
    "accused",
    "interested",
    "affected",
    "involved",
    "qualified",
    "based",
    "respected",
    "renowned",
    "talented",
    "experienced",
];
static PARTICIPLE_ADJECTIVES: WordSet<{ PARTICIPLE_ADJECTIVES_WORDS.len() }> =
    word_set!(PARTICIPLE_ADJECTIVES_WORDS);

/// Words besides the role nouns that make a lowercase phrase a source: `officials said`,
/// `analysts say`, `the ministry said`.
const OTHER_SOURCE_NOUNS_WORDS: &[&str] = &[
    "officials",
    "source",
    "sources",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "diplomats",
    "witness",
    "witnesses",
    "resident",
    "residents",
    "police",
    "critics",
    "observers",
    "reports",
    "report",
    "statement",
    "ministry",
    "lawmakers",
    "activists",
    "activist",
    "agency",
    "media",
    "army",
    "military",
    "government",
    "office",
    "authorities",
    "council",
    "embassy",
    "group",
    "movement",
    "party",
    "company",
    "firm",
    "organisation",
    "organization",
    "doctor",
    "doctors",
    "researchers",
    "scientists",
    "survey",
    "study",
    "poll",
    "newspaper",
    "website",
    "broadcaster",
    "television",
    "tv",
    "radio",
    "daily",
    "channel",
    "paper",
    "people",
    "man",
    "woman",
    "mother",
    "father",
    "spokespeople",
];
static OTHER_SOURCE_NOUNS: WordSet<{ OTHER_SOURCE_NOUNS_WORDS.len() }> =
    word_set!(OTHER_SOURCE_NOUNS_WORDS);

/// Role nouns: a phrase with one of these and no name is a role to resolve to a person.
const ROLE_NOUNS_WORDS: &[&str] = &[
    "minister",
    "envoy",
    "ambassador",
    "general",
    "commander",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "president",
    "chief",
    "head",
    "leader",
    "secretary",
    "premier",
    "director",
    "chairman",
    "chairwoman",
    "deputy",
    "official",
    "diplomat",
    "officer",
    "prosecutor",
    "judge",
    "admiral",
    "colonel",
    "lawmaker",
    "senator",
    "governor",
    "mayor",
    "king",
    "emir",
    "prince",
    "chancellor",
    "speaker",
    "negotiator",
    "representative",
    "cleric",
    "ayatollah",
];
static ROLE_NOUNS: WordSet<{ ROLE_NOUNS_WORDS.len() }> = word_set!(ROLE_NOUNS_WORDS);

const PRONOUNS_PERSON_WORDS: &[&str] = &["he", "she"];
static PRONOUNS_PERSON: WordSet<{ PRONOUNS_PERSON_WORDS.len() }> = word_set!(PRONOUNS_PERSON_WORDS);
const PRONOUNS_GROUP_WORDS: &[&str] = &["they", "we", "it"];
static PRONOUNS_GROUP: WordSet<{ PRONOUNS_GROUP_WORDS.len() }> = word_set!(PRONOUNS_GROUP_WORDS);
const DETERMINERS_WORDS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "some", "many", "several", "two", "three",
    "one", "another", "its", "his", "her", "their", "our",
];
static DETERMINERS: WordSet<{ DETERMINERS_WORDS.len() }> = word_set!(DETERMINERS_WORDS);

impl SpeakerPhrase {
    /// The phrase made of `toks` (leading and trailing punctuation dropped), if it has 1 to 9
    /// words and no quotation mark or sentence punctuation inside.
    pub fn from_toks(text: &str, toks: &[Tok]) -> Option<SpeakerPhrase> {
        let first = toks.iter().position(|t| t.word)?;
        let last = toks.iter().rposition(|t| t.word)?;
        let inner = &toks[first..=last];
        // The words, without collecting them (a phrase is made and dropped at every cue).
        let words = || inner.iter().filter(|t| t.word).map(|t| t.span);
        let word_count = words().take(super::MAX_SPEAKER_WORDS + 1).count();
        if word_count == 0 || word_count > super::MAX_SPEAKER_WORDS {
            return None;
        }
        if inner
            .iter()
            .any(|t| !t.word && !matches!(t.punct(text), Some('\'' | '’' | '.' | '-' | '&')))
        {
            return None;
        }
        let span = Span::new(inner[0].span.start, inner[inner.len() - 1].span.end);
        let first_word = toks[first].text(text);
        let capitalised = first_word.chars().next().is_some_and(char::is_uppercase);
        // Past the first word, clause words (`is`, `what`, `he`) mean this is no speaker.
        let clause = word_count > 1
            && words().skip(1).any(|w| {
                let word = w.text(text);
                word.chars().next().is_some_and(char::is_lowercase) && NOT_IN_SPEAKER.contains(word)
            });
        if clause
            || (word_count > 1 && !capitalised && NOT_IN_SPEAKER.contains_lowercase(first_word))
        {
            return None;
        }
        // A source is a noun phrase: it does not open with a preposition or an adverb, nor end
        // with a determiner or preposition (`Contrary to the`, `In a series of`).
        let last_word = toks[last].text(text);
        if NOT_FIRST.contains_lowercase(first_word) || NOT_LAST.contains_lowercase(last_word) {
            return None;
        }
        // Past the first word, a lowercase verb means a clause: `the Council passed a
        // resolution`, `governor X said in a video`.
        let verb = words().skip(1).any(|w| {
            let word = w.text(text);
            word.len() > 2
                && word.chars().next().is_some_and(char::is_lowercase)
                && is_verb_like(word)
        });
        if verb {
            return None;
        }
        Some(SpeakerPhrase {
            span,
            word_count,
            text_lower: span.text(text).to_lowercase(),
            capitalised,
        })
    }

    /// The words a sentence opens with, up to its first punctuation mark or verb: the subject
    /// of `Takht Ravanchi made the remarks …, saying that …` or `A Russian diplomatic source
    /// has reacted …, saying that …`. A dateline (`TEHRAN –`) is skipped.
    pub fn leading(text: &str, toks: &[Tok]) -> Option<SpeakerPhrase> {
        let mut start = 0;
        // `TEHRAN –` / `TEHRAN-`: a word in capitals and a dash.
        if toks.len() > 2
            && toks[0].word
            && toks[0].text(text).chars().all(|c| !c.is_lowercase())
            && toks[1]
                .punct(text)
                .is_some_and(|c| matches!(c, '-' | '–' | '—'))
        {
            start = 2;
        }
        let mut end = start;
        while end < toks.len() && end - start <= super::MAX_SPEAKER_WORDS {
            let tok = &toks[end];
            if !tok.word && !matches!(tok.punct(text), Some('\'' | '’' | '.')) {
                break;
            }
            if tok.word && end > start {
                let word = tok.text(text);
                let lower = word.chars().next().is_some_and(char::is_lowercase);
                if lower && (is_verb_like(word) || NOT_IN_SPEAKER.contains(word)) {
                    break;
                }
            }
            end += 1;
        }
        SpeakerPhrase::from_toks(text, &toks[start..end])
    }

    /// The subject of a sentence, appositives included: from its start (after a dateline) to
    /// the first verb (`The IRGC Quds Force Commander, General Esmail Qaani, also issued …`).
    pub fn subject(text: &str, toks: &[Tok]) -> Option<SpeakerPhrase> {
        let leading = SpeakerPhrase::leading(text, toks)?;
        let start = toks
            .iter()
            .position(|t| t.span.start == leading.span.start)?;
        let mut end = start;
        while end < toks.len() && end - start < 24 {
            let tok = &toks[end];
            if tok.word {
                let word = tok.text(text);
                let lower = word.chars().next().is_some_and(char::is_lowercase);
                if lower
                    && (is_verb_like(word)
                        || NOT_IN_SPEAKER.contains(word)
                        || super::is_cue_like(word))
                {
                    break;
                }
            } else if !matches!(tok.punct(text), Some(',' | '\'' | '’' | '.' | '(' | ')')) {
                break;
            }
            end += 1;
        }
        let last = toks[start..end].iter().rposition(|t| t.word)? + start;
        let span = Span::new(toks[start].span.start, toks[last].span.end);
        let word_count = toks[start..=last].iter().filter(|t| t.word).count();
        Some(SpeakerPhrase {
            span,
            word_count,
            text_lower: span.text(text).to_lowercase(),
            capitalised: leading.capitalised,
        })
    }

    fn lower_words(&self) -> impl Iterator<Item = &str> {
        self.text_lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
    }

    /// `he`, `she`, `they`, `it`, `we`.
    pub fn is_pronoun(&self) -> bool {
        self.word_count == 1
            && (PRONOUNS_PERSON.contains(&self.text_lower)
                || PRONOUNS_GROUP.contains(&self.text_lower))
    }

    /// Could this phrase be a source at all: a pronoun, a capitalised phrase, or a phrase with
    /// a determiner or a source noun.
    pub fn is_speaker_like(&self) -> bool {
        if self.is_pronoun() {
            return true;
        }
        self.is_named_or_described()
    }

    /// A capitalised phrase (`Baqeri`, `Iran's UN envoy`) or a described source (`the
    /// ministry`, `officials`).
    pub fn is_named_or_described(&self) -> bool {
        let first = self.lower_words().next().unwrap_or("");
        if self.is_pronoun() {
            return false;
        }
        self.capitalised
            || self
                .lower_words()
                .any(|w| ROLE_NOUNS.contains(w) || OTHER_SOURCE_NOUNS.contains(w))
            || DETERMINERS.contains(first) && self.word_count > 1
    }
}

/// Every mention of `entities`: (span, entity index), sorted by start, then end, then entity.
pub(super) fn sorted_mentions(entities: &[ArticleEntity]) -> Vec<(Span, usize)> {
    let mut mentions: Vec<(Span, usize)> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.span, i)))
        .collect();
    // The entity index last: the order a stable sort by span gives, without its buffer.
    mentions.sort_unstable_by_key(|&(span, e)| (span.start, span.end, e));
    mentions
}

/// Resolves speaker phrases against the article's entities, remembering recent speakers.
pub(super) struct Resolver<'a> {
    text: &'a str,
    entities: &'a [ArticleEntity],
    /// Every entity mention: (span, entity index), sorted by start.
    mentions: Vec<(Span, usize)>,
    /// The most recent person speaker: (entity, where).
    last_person: Option<(usize, usize)>,
    /// The most recent speaker that was not a person.
    last_other: Option<Speaker>,
    /// Where the sentences start.
    sentences: &'a [Sentence],
    /// People in subject position (a sentence opening with their name, titles allowed before
    /// it): (where, entity), in text order. Found when a pronoun first needs them.
    subjects: std::cell::OnceCell<Vec<(usize, usize)>>,
    /// Mentions of people only, sorted by start.
    people: Vec<(Span, usize)>,
    /// Each entity's titles in lowercase, made when a role is first resolved.
    titles_lower: std::cell::OnceCell<Vec<Vec<String>>>,
}

impl<'a> Resolver<'a> {
    /// A resolver for an article's `entities`, given their [`sorted_mentions`].
    pub fn new(
        text: &'a str,
        entities: &'a [ArticleEntity],
        sentences: &'a [Sentence],
        mentions: Vec<(Span, usize)>,
    ) -> Resolver<'a> {
        let people: Vec<(Span, usize)> = mentions
            .iter()
            .filter(|(_, e)| entities[*e].entity_type == EntityType::Person)
            .copied()
            .collect();
        Resolver {
            text,
            entities,
            mentions,
            last_person: None,
            last_other: None,
            sentences,
            subjects: std::cell::OnceCell::new(),
            people,
            titles_lower: std::cell::OnceCell::new(),
        }
    }

    /// Remembers the speaker of a quote found at `at`.
    pub fn note_speaker(&mut self, speaker: &Speaker, at: usize) {
        match speaker.entity {
            Some(e) if self.entities[e].entity_type == EntityType::Person => {
                self.last_person = Some((e, at));
            }
            _ if speaker.name.is_some() => self.last_other = Some(speaker.clone()),
            _ => {}
        }
    }

    fn person(&self, entity: usize, mention: Span, resolved_by: ResolvedBy) -> Speaker {
        Speaker {
            name: Some(self.entities[entity].canonical.clone()),
            entity: Some(entity),
            mention: Some(mention),
            resolved_by,
        }
    }

    /// The speaker for `phrase`, for a quote at byte `at`.
    pub fn resolve(&self, phrase: &SpeakerPhrase, at: usize) -> Speaker {
        let text = self.text;
        // The phrase's head: up to a comma or a relative clause (`Parker Eaton, a Republican who
        // voted for Bill Clinton` is not Bill Clinton).
        let head_end =
            head_end(phrase.span.text(text)).map_or(phrase.span.end, |i| phrase.span.start + i);
        let from = self
            .mentions
            .partition_point(|(span, _)| span.start < phrase.span.start);
        // The mentions inside the phrase's head, without collecting them: a phrase holds few.
        let starting_inside = self.mentions[from..]
            .iter()
            .take_while(|(span, _)| span.start < phrase.span.end)
            .count();
        let inside = || {
            self.mentions[from..from + starting_inside]
                .iter()
                .filter(|(span, _)| phrase.span.contains(*span) && span.end <= head_end)
        };
        // 1. A person named in the phrase: its head, the last person named, not a possessive
        // (`Trump attorney Rudy Giuliani`, `Donald Trump’s longtime confidant Roger Stone`).
        let possessive = |span: Span| {
            text[span.end..].starts_with(['’', '\'']) || text[span.end..].starts_with("s ")
        };
        let people_inside =
            || inside().filter(|(_, e)| self.entities[*e].entity_type == EntityType::Person);
        let head = people_inside()
            .rev()
            .find(|(span, _)| !possessive(*span))
            .or_else(|| people_inside().next_back());
        if let Some(&(span, entity)) = head {
            // Mentions are sorted by start: a binary search keeps long articles linear.
            let mentions = &self.entities[entity].mentions;
            let from = mentions.partition_point(|m| m.span.start < span.start);
            let by_role = mentions[from..]
                .iter()
                .take_while(|m| m.span.start == span.start)
                .any(|m| m.span == span && m.kind == MentionKind::Role);
            let words = span.text(text).split_whitespace().count();
            let full = words >= 2 || span.text(text) == self.entities[entity].canonical;
            let resolved_by = match (by_role, full) {
                (true, _) => ResolvedBy::Role,
                (false, true) => ResolvedBy::Name,
                (false, false) => ResolvedBy::Surname,
            };
            return self.person(entity, span, resolved_by);
        }
        // 2. A pronoun.
        if phrase.is_pronoun() {
            let word = phrase.text_lower.as_str();
            if PRONOUNS_PERSON.contains(word) {
                if let Some(entity) = self.recent_person(at) {
                    return self.person(entity, phrase.span, ResolvedBy::Pronoun);
                }
            } else if let Some(other) = &self.last_other {
                let mut speaker = other.clone();
                speaker.mention = Some(phrase.span);
                speaker.resolved_by = ResolvedBy::Pronoun;
                return speaker;
            }
            return Speaker {
                name: None,
                entity: None,
                mention: Some(phrase.span),
                resolved_by: ResolvedBy::Unresolved,
            };
        }
        let first = phrase.lower_words().next().unwrap_or("");
        let indefinite = matches!(
            first,
            "a" | "an" | "some" | "several" | "two" | "three" | "many" | "one" | "another"
        );
        // The phrase's head noun decides: `the spokesman for the Foreign Ministry` is a person's
        // role, `the ministry` or `a diplomatic source` are not.
        let head = phrase.lower_words().find(|w| {
            ROLE_NOUNS.contains(w) || matches!(*w, "source" | "sources") || w.ends_with("ministry")
        });
        let has_role = head.is_some_and(|w| ROLE_NOUNS.contains(w));
        // 3. A role: the person the article gives it.
        if has_role && !indefinite {
            let country = inside()
                .find(|(_, e)| self.entities[*e].entity_type == EntityType::Country)
                .map(|(_, e)| self.entities[*e].id.as_str());
            if let Some(entity) = self.person_for_role(phrase, country) {
                return self.person(entity, phrase.span, ResolvedBy::Role);
            }
        }
        // A definite description that repeats an earlier one (`the source` after `a Russian
        // diplomatic source`) is that source.
        if first == "the" {
            if let Some(other) = &self.last_other {
                let head = phrase.lower_words().last().unwrap_or("");
                if other
                    .name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().split_whitespace().last() == Some(head))
                {
                    let mut speaker = other.clone();
                    speaker.mention = Some(phrase.span);
                    return speaker;
                }
            }
        }
        // 4. A description as written, or a country's name.
        let entity = inside().next().map(|(_, e)| *e);
        if phrase.is_named_or_described() {
            let head =
                phrase.span.text(text)[..head_end - phrase.span.start].trim_end_matches([',', ' ']);
            return Speaker {
                name: Some(head.to_string()),
                entity,
                mention: Some(phrase.span),
                resolved_by: ResolvedBy::Description,
            };
        }
        Speaker {
            name: None,
            entity: None,
            mention: Some(phrase.span),
            resolved_by: ResolvedBy::Unresolved,
        }
    }

    /// [`Resolver::subjects`].
    fn find_subjects(&self) -> Vec<(usize, usize)> {
        let mut subjects = Vec::new();
        // Sentences and people are both in text order: one walk through each.
        let mut person = 0;
        for start in self.sentences.iter().map(|s| s.span.start) {
            let people = &self.people;
            while people
                .get(person)
                .is_some_and(|(span, _)| span.start < start)
            {
                person += 1;
            }
            if let Some(&(span, e)) = people.get(person) {
                if span.start - start < 160 && is_subject_prefix(&self.text[start..span.start]) {
                    subjects.push((span.start, e));
                }
            }
        }
        subjects
    }

    /// The most recent of the last person speaker and the last person in subject position;
    /// else the person mentioned last before `at`.
    fn recent_person(&self, at: usize) -> Option<usize> {
        let subjects = self.subjects.get_or_init(|| self.find_subjects());
        let subject = subjects
            .partition_point(|(pos, _)| *pos < at)
            .checked_sub(1)
            .map(|i| subjects[i]);
        match (self.last_person, subject) {
            (Some((speaker, said)), Some((pos, e))) => Some(if pos > said { e } else { speaker }),
            (Some((speaker, _)), None) => Some(speaker),
            (None, Some((_, e))) => Some(e),
            (None, None) => self
                .people
                .partition_point(|(span, _)| span.end <= at)
                .checked_sub(1)
                .map(|i| self.people[i].1),
        }
    }

    /// The person a role phrase stands for. People whose roles (from the text or the
    /// gazetteer) share the phrase's words come first, the one mentioned last before the
    /// phrase, else first after it; then the last person speaker; then the nearest person
    /// mentioned before, else after — always of the phrase's country when it names one.
    fn person_for_role(&self, phrase: &SpeakerPhrase, country: Option<&str>) -> Option<usize> {
        let fits = |e: usize| -> bool {
            let entity = &self.entities[e];
            entity.entity_type == EntityType::Person
                && match (country, entity.country.as_deref()) {
                    (Some(wanted), Some(has)) => wanted == has,
                    _ => true,
                }
        };
        let role_words: Vec<&str> = phrase
            .lower_words()
            .filter(|w| {
                ROLE_NOUNS.contains(w)
                    || (w.len() > 3
                        && !DETERMINERS.contains(w)
                        && !matches!(*w, "with" | "from" | "iranian" | "russian" | "american"))
            })
            .map(role_synonym)
            .collect();
        let titles = self.titles_lower.get_or_init(|| {
            self.entities
                .iter()
                .map(|e| e.titles.iter().map(|t| t.to_lowercase()).collect())
                .collect()
        });
        let shares_role = |e: usize| -> usize {
            titles[e]
                .iter()
                .map(|title| {
                    let title_words = title
                        .split(|c: char| !c.is_alphanumeric())
                        .map(role_synonym);
                    role_words
                        .iter()
                        .filter(|w| title_words.clone().any(|t| t == **w))
                        .count()
                })
                .max()
                .unwrap_or(0)
        };
        // People sharing the most role words; among them the one named last before the
        // phrase, else the one named first after it.
        let mut best: Option<(usize, bool, usize, usize)> = None; // (score, before, nearness, entity)
        for (e, entity) in self.entities.iter().enumerate() {
            if !fits(e) {
                continue;
            }
            let score = shares_role(e);
            if score == 0 {
                continue;
            }
            let split = entity
                .mentions
                .partition_point(|m| m.span.end <= phrase.span.start);
            let (before, nearness) = match split.checked_sub(1) {
                Some(k) => (true, entity.mentions[k].span.end),
                None => match entity.mentions.get(split) {
                    Some(m) => (false, usize::MAX - m.span.start),
                    None => continue,
                },
            };
            let candidate = (score, before, nearness, e);
            if best.is_none_or(|b| (candidate.0, candidate.1, candidate.2) > (b.0, b.1, b.2)) {
                best = Some(candidate);
            }
        }
        if let Some((_, _, _, e)) = best {
            return Some(e);
        }
        if let Some((speaker, _)) = self.last_person {
            if fits(speaker) {
                return Some(speaker);
            }
        }
        let split = self
            .people
            .partition_point(|(span, _)| span.end <= phrase.span.start);
        self.people[..split]
            .iter()
            .rev()
            .take(64)
            .find(|(_, e)| fits(*e))
            .or_else(|| {
                self.people[split..]
                    .iter()
                    .take(64)
                    .find(|(span, e)| span.start >= phrase.span.end && fits(*e))
            })
            .map(|(_, e)| *e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_ends_at_the_first_comma_or_relative_word() {
        for (phrase, end) in [
            ("Parker Eaton, a Republican who voted", Some(12)),
            ("the man who said, then", Some(7)),
            ("the envoy whose office", Some(9)),
            ("a source that asked", Some(8)),
            ("officials", None),
            ("whoever said", None),
            ("the who", None),
            ("Iran’s envoy, who", Some(14)),
        ] {
            assert_eq!(head_end(phrase), end, "{phrase}");
        }
    }
}
