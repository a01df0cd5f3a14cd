//! The surface forms, sorted, and the small automaton that finds where one may start.
//!
//! An Aho-Corasick automaton over all ~100,000 forms takes over 100 ms to build. Instead, the
//! automaton holds only *anchors*: each form's first three bytes (six for forms that start
//! lowercase, `the Kremlin`, so that every `the` is not a hit), about 6,000 short strings that
//! build in a few milliseconds. Where an anchor starts, the longest form starting there is
//! found in the sorted forms by one binary search: the forms that start with the anchor are
//! one run of the sorted list, and a form's shorter prefixes among the forms are linked from
//! it. So `find_all` still makes one automaton pass over the text and sees, at each position,
//! exactly the form a leftmost-longest automaton over all the forms would report there. (The
//! small automaton is also faster to search.)

use std::cmp::Ordering;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

use super::{EntityType, FormKind};
use crate::error::{Error, Location, Result};

/// What one surface form stands for.
#[derive(Clone, Copy, Debug)]
pub(super) struct Form {
    pub(super) entity: u32,
    pub(super) kind: FormKind,
}

/// Anchor length in bytes for forms that start with anything but a lowercase letter.
const ANCHOR: usize = 3;
/// Anchor length for forms that start lowercase (`the Kremlin`, `van Rompuy`): their first
/// word is common, and as a short anchor it would be a hit all over the text. (Longer
/// anchors hardly cut the hits further but make the automaton slower to build.) At most 8,
/// the bytes of an [`AnchorKey`].
const LOWERCASE_ANCHOR: usize = 6;
/// Above this many states (distinct anchor prefixes) the automaton is an NFA: a DFA searches
/// about twice as fast but takes up to 1 KB per state; the embedded gazetteers make about
/// 8,000, a huge user gazetteer could make many more.
const MAX_DFA_STATES: usize = 40_000;
/// No parent form.
const NONE: u32 = u32::MAX;

/// An anchor as its bytes, big-endian and zero-padded, and its length: sorting these sorts the
/// anchors by their bytes.
type AnchorKey = (u64, u8);

/// One candidate form before owners are resolved: a range of `Candidates::text` and who
/// claims it.
#[derive(Clone, Copy)]
struct Candidate {
    /// The first eight bytes, big-endian: most comparisons while sorting end here.
    prefix: u64,
    start: u32,
    end: u32,
    /// (kind, entity type, entity index) packed so that the smallest is the strongest claim.
    owner: u64,
}

/// Every (form, entity) pair, forms copied into one buffer.
#[derive(Default)]
pub(super) struct Candidates {
    text: String,
    list: Vec<Candidate>,
}

impl Candidates {
    /// Adds `form` and its variants ([`super::for_each_variant`]) as forms of `entity`.
    pub(super) fn add(
        &mut self,
        form: &str,
        kind: FormKind,
        entity_type: EntityType,
        entity: usize,
    ) -> std::result::Result<(), String> {
        let kind = match kind {
            FormKind::Canonical => 0u64,
            FormKind::Alias => 1,
            FormKind::Capital => 2,
            FormKind::Demonym => 3,
        };
        let entity_type = match entity_type {
            EntityType::Country => 0u64,
            EntityType::Person => 1,
            EntityType::Weapon => 2,
        };
        let entity = u32::try_from(entity).map_err(|_| TOO_LARGE.to_string())?;
        let owner = kind << 34 | entity_type << 32 | u64::from(entity);
        super::for_each_variant(form, |parts| {
            let start = self.text.len();
            for part in parts {
                self.text.push_str(part);
            }
            let (Ok(start_u32), Ok(end)) = (u32::try_from(start), u32::try_from(self.text.len()))
            else {
                return Err(TOO_LARGE.to_string());
            };
            self.list.push(Candidate {
                prefix: prefix_key(&self.text.as_bytes()[start..]),
                start: start_u32,
                end,
                owner,
            });
            Ok(())
        })
    }
}

const TOO_LARGE: &str = "the gazetteers are too large (over 4 GB of surface forms)";

fn too_large() -> Error {
    Error::invalid(Location::file("gazetteers"), TOO_LARGE)
}

fn automaton_error(e: aho_corasick::BuildError) -> Error {
    Error::invalid(Location::file("gazetteers"), e.to_string())
}

/// The first eight bytes as a big-endian number, zero-padded: ordering by it and then by the
/// whole bytes is ordering by the bytes.
fn prefix_key(bytes: &[u8]) -> u64 {
    let mut key = [0u8; 8];
    let n = bytes.len().min(8);
    key[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(key)
}

/// How many bytes of `form` its anchor takes: [`ANCHOR`] or [`LOWERCASE_ANCHOR`], or the
/// whole form when shorter, but at least its first character, and never beyond it into a
/// character outside ASCII (`Öcalan` has `Öc`, `Ağrı` has `A` and the first byte of `ğ`):
/// fewer distinct bytes make the automaton half the size. An anchor may so end inside a
/// character; the automaton works on bytes, and a match still starts where a character does.
fn anchor_len(form: &[u8]) -> usize {
    let Some(&lead) = form.first() else {
        return 0;
    };
    // The first byte decides, for ASCII; other lowercase first letters are rare enough to
    // get the short anchor.
    let wanted = if lead.is_ascii_lowercase() {
        LOWERCASE_ANCHOR
    } else {
        ANCHOR
    };
    let first = match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        _ => 1,
    };
    let len = wanted.max(first).min(form.len());
    let first = first.min(len);
    form[first..len]
        .iter()
        .position(|b| (0x80..0xC0).contains(b))
        .map_or(len, |at| first + at)
}

/// The anchor of a form whose first eight bytes are `prefix` (as [`prefix_key`]).
fn anchor_key(prefix: u64, form: &[u8]) -> AnchorKey {
    let len = anchor_len(form);
    // Keep the first `len` bytes of the big-endian prefix, zero the rest.
    let mask = if len >= 8 {
        u64::MAX
    } else {
        !(u64::MAX >> (8 * len))
    };
    (prefix & mask, len as u8)
}

/// The bytes of an anchor key.
fn anchor_bytes(key: &AnchorKey) -> ([u8; 8], usize) {
    (key.0.to_be_bytes(), usize::from(key.1))
}

/// Builds the automaton over `anchors` (in byte order: pattern ids are their indices).
fn automaton(anchors: &[AnchorKey]) -> Result<AhoCorasick> {
    // In byte order, each anchor adds the states past what it shares with the one before.
    let states = 1 + anchors
        .iter()
        .zip(std::iter::once(&(0, 0)).chain(anchors))
        .map(|(&(key, len), &(before, before_len))| {
            let shared = ((key ^ before).leading_zeros() / 8) as u8;
            usize::from(len - shared.min(len).min(before_len))
        })
        .sum::<usize>();
    let kind = if states <= MAX_DFA_STATES {
        AhoCorasickKind::DFA
    } else {
        AhoCorasickKind::ContiguousNFA
    };
    let bytes: Vec<([u8; 8], usize)> = anchors.iter().map(anchor_bytes).collect();
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(kind))
        .build(bytes.iter().map(|(b, len)| &b[..*len]))
        .map_err(automaton_error)
}

/// The surface forms in byte order, each once, with the anchor automaton.
#[derive(Debug)]
pub(super) struct Forms {
    /// All forms, concatenated in order.
    text: String,
    /// Where each form ends in `text` (it starts where the one before ends).
    ends: Vec<u32>,
    /// Each form's first eight bytes ([`prefix_key`]): most comparisons with the text end
    /// there, without reading the form.
    keys: Vec<u64>,
    forms: Vec<Form>,
    /// The longest other form that is a prefix of each form, or `NONE`.
    parent: Vec<u32>,
    anchors: AhoCorasick,
    /// For each anchor, the run of forms that start with it.
    runs: Vec<(u32, u32)>,
}

impl Forms {
    /// Resolves owners (one per form: the smallest claim) and builds the automaton.
    pub(super) fn build(candidates: Candidates) -> Result<Forms> {
        let Candidates {
            text: all,
            mut list,
        } = candidates;
        let bytes = all.as_bytes();
        let of = |c: &Candidate| &bytes[c.start as usize..c.end as usize];
        // The anchors depend only on the set of forms: the automaton, the slowest part, is
        // built on another core while this one sorts the forms.
        let mut keys: Vec<AnchorKey> = list.iter().map(|c| anchor_key(c.prefix, of(c))).collect();
        std::thread::scope(|scope| {
            let build_automaton = move || {
                keys.sort_unstable();
                keys.dedup();
                let automaton = automaton(&keys);
                (keys, automaton)
            };
            let (built, ours) = match std::thread::Builder::new()
                .name("whosaid-anchors".to_string())
                .spawn_scoped(scope, build_automaton)
            {
                // Joined whatever happens here: a thread left unjoined would make a panic of
                // its own the scope's.
                Ok(thread) => (Forms::sorted(&all, &mut list), thread.join().ok()),
                // No thread to be had: one after the other.
                Err(_) => (Forms::sorted(&all, &mut list), None),
            };
            let mut built = built?;
            let anchors = built.anchor_runs();
            built.anchors = match ours {
                // The same anchors, so the same pattern ids.
                Some((keys, automaton)) if keys == anchors => automaton?,
                _ => automaton(&anchors)?,
            };
            Ok(built)
        })
    }

    /// The forms of `list`, each once with its smallest claim, in byte order; no automaton
    /// yet.
    fn sorted(all: &str, list: &mut [Candidate]) -> Result<Forms> {
        let bytes = all.as_bytes();
        let of = |c: &Candidate| &bytes[c.start as usize..c.end as usize];
        list.sort_unstable_by(|a, b| {
            a.prefix
                .cmp(&b.prefix)
                .then_with(|| of(a).cmp(of(b)))
                .then(a.owner.cmp(&b.owner))
        });
        let mut text = String::with_capacity(all.len());
        let mut ends = Vec::with_capacity(list.len());
        let mut keys = Vec::with_capacity(list.len());
        let mut forms = Vec::with_capacity(list.len());
        let mut last: Option<&[u8]> = None;
        for candidate in list.iter() {
            let form = of(candidate);
            if last == Some(form) {
                continue;
            }
            last = Some(form);
            text.push_str(&all[candidate.start as usize..candidate.end as usize]);
            ends.push(u32::try_from(text.len()).map_err(|_| too_large())?);
            keys.push(candidate.prefix);
            let kind = match candidate.owner >> 34 {
                0 => FormKind::Canonical,
                1 => FormKind::Alias,
                2 => FormKind::Capital,
                _ => FormKind::Demonym,
            };
            forms.push(Form {
                entity: candidate.owner as u32,
                kind,
            });
        }
        let mut sorted = Forms {
            text,
            ends,
            keys,
            forms,
            parent: Vec::new(),
            anchors: AhoCorasick::new(std::iter::empty::<&[u8]>()).map_err(automaton_error)?,
            runs: Vec::new(),
        };
        sorted.parent = sorted.parents();
        Ok(sorted)
    }

    /// Each form's longest proper prefix among the forms: in byte order, the forms that are
    /// prefixes of the current one are a stack.
    fn parents(&self) -> Vec<u32> {
        let mut parent = Vec::with_capacity(self.len());
        let mut stack: Vec<usize> = Vec::new();
        for i in 0..self.len() {
            let form = self.bytes(i);
            while let Some(&top) = stack.last() {
                if form.starts_with(self.bytes(top)) {
                    break;
                }
                stack.pop();
            }
            parent.push(stack.last().map_or(NONE, |&top| top as u32));
            stack.push(i);
        }
        parent
    }

    /// Sets the run of forms that start with each anchor, and returns the anchors, in byte
    /// order.
    fn anchor_runs(&mut self) -> Vec<AnchorKey> {
        let mut anchors = Vec::new();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < self.len() {
            let form = self.bytes(i);
            let key = anchor_key(prefix_key(form), form);
            let anchor = &form[..usize::from(key.1)];
            let starts = |j: usize| self.bytes(j).starts_with(anchor);
            // In byte order, the forms that start with `anchor` follow the first one: gallop,
            // then bisect, to the end of the run.
            let (mut low, mut step) = (i + 1, 1);
            let mut high = loop {
                let probe = i + step;
                if probe >= self.len() {
                    break self.len();
                }
                if !starts(probe) {
                    break probe;
                }
                low = probe + 1;
                step *= 2;
            };
            while low < high {
                let mid = low + (high - low) / 2;
                if starts(mid) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            anchors.push(key);
            runs.push((i as u32, low as u32));
            // The next anchor: after the run, unless this anchor is a whole short form and the
            // longer forms of the run have longer anchors of their own.
            i += 1;
            while i < low && anchor_len(self.bytes(i)) == anchor.len() {
                i += 1;
            }
        }
        self.runs = runs;
        anchors
    }

    /// How many forms there are.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.ends[i - 1] as usize }
    }

    fn bytes(&self, i: usize) -> &[u8] {
        &self.text.as_bytes()[self.start(i)..self.ends[i] as usize]
    }

    /// The form at index `i`.
    pub(super) fn str(&self, i: usize) -> &str {
        self.text
            .get(self.start(i)..self.ends[i] as usize)
            .unwrap_or("")
    }

    /// What the form at index `i` stands for.
    pub(super) fn form(&self, i: usize) -> Form {
        self.forms[i]
    }

    /// The index of exactly this form.
    pub(super) fn get(&self, form: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.bytes(mid).cmp(form.as_bytes()) {
                Ordering::Less => low = mid + 1,
                Ordering::Greater => high = mid,
                Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The first position at or after `at` where an anchor starts, and which anchor (the
    /// longest there). Every position where a form starts is such a position.
    pub(super) fn next_anchor(&self, text: &str, at: usize) -> Option<(usize, usize)> {
        let found = self.anchors.find(Input::new(text).range(at..))?;
        Some((found.start(), found.pattern().as_usize()))
    }

    /// The longest form that starts at `start` in `text`, where `anchor` (from
    /// [`Forms::next_anchor`]) starts.
    pub(super) fn longest_at(&self, text: &str, start: usize, anchor: usize) -> Option<usize> {
        let rest = text.as_bytes().get(start..)?;
        let key = prefix_key(rest);
        let &(first, end) = self.runs.get(anchor)?;
        // The last form of the run that sorts at or before the rest of the text: every form
        // that is a prefix of the text does, so the longest is that form or one of its
        // prefixes.
        let (mut low, mut high) = (first as usize, end as usize);
        while low < high {
            let mid = low + (high - low) / 2;
            let before = match self.keys[mid].cmp(&key) {
                Ordering::Less => true,
                Ordering::Greater => false,
                Ordering::Equal => self.bytes(mid) <= rest,
            };
            if before {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        let at = if low == first as usize {
            // None of the run: only a form shorter than the anchor can start here, and the
            // longest is the first form's parent.
            self.parent[low]
        } else {
            let last = low - 1;
            let form = self.bytes(last);
            let differ = self.keys[last] ^ key;
            let common = if differ == 0 {
                if rest.starts_with(form) {
                    return Some(last);
                }
                form.iter().zip(rest).take_while(|(a, b)| a == b).count()
            } else {
                // Within the first eight bytes: the zero padding of a short form or text may
                // look shared, their lengths bound it.
                let common = (differ.leading_zeros() / 8) as usize;
                if common >= form.len() && rest.len() >= form.len() {
                    return Some(last);
                }
                common.min(form.len()).min(rest.len())
            };
            let mut at = self.parent[last];
            while at != NONE && self.bytes(at as usize).len() > common {
                at = self.parent[at as usize];
            }
            at
        };
        (at != NONE).then_some(at as usize)
    }
}
