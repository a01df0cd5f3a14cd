//! Words and punctuation of a stretch of text, for the attribution patterns.

use crate::ascii;
use crate::span::Span;

/// A word (letters and digits, with inner `.`, `'`, `’`, `-`: `U.S`, `Iran’s`, `al-Aqsa`) or
/// one punctuation character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Tok {
    pub span: Span,
    pub word: bool,
    /// All ASCII: a word that can be compared byte by byte.
    pub ascii: bool,
    /// For an ASCII word, its bit in the cue filter ([`super::filter_bit`]), found here while
    /// the word's bytes are at hand, since every word is tested against the filter, some
    /// more than once; 0 for other tokens.
    pub cue_bit: u16,
}

/// [`Tok::cue_bit`] of an ASCII word.
#[cfg(test)]
fn cue_bit(word: &[u8]) -> u16 {
    // The filter has fewer than 2^16 bits.
    super::filter_bit(word) as u16
}

impl Tok {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.text(text)
    }

    /// The punctuation character, for punctuation tokens.
    pub fn punct(&self, text: &str) -> Option<char> {
        if self.word {
            None
        } else {
            self.text(text).chars().next()
        }
    }
}

/// A letter or digit. Quotation marks and dashes (General Punctuation) are answered without
/// the slow Unicode table lookup: a text of curly quotes is common and must stay cheap.
pub(super) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{2000}'..='\u{206F}').contains(&c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// The tokens of `text[range]`, spans relative to `text`.
pub(super) fn lex(text: &str, range: Span) -> Vec<Tok> {
    let mut toks = Vec::new();
    lex_append(text, range, &mut toks);
    toks
}

/// [`lex`] appended to `toks`. Returns whether a vertical tab was taken as white space: the
/// tokens of a part of the stretch may then differ from those of the stretch (see
/// [`VTAB`]: an all-ASCII part would make it a punctuation token).
pub(super) fn lex_append(text: &str, range: Span, toks: &mut Vec<Tok>) -> bool {
    let mut skipped_vtab = false;
    let slice = range.text(text);
    // Whether the stretch is all ASCII, found out at its first vertical tab.
    let mut all_ascii = None;
    let bytes = slice.as_bytes();
    let base = range.start;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let class = CLASS[usize::from(b)];
        // Classes tested bit by bit rather than by a `match`, so that the common cases (an
        // ASCII word, a space, a punctuation byte) take few branches and no jump table.
        let (word, ascii) = if class & ALNUM != 0 {
            i = alnum_run_end(bytes, i + 1);
            if bytes
                .get(i)
                .is_some_and(|&b| CLASS[usize::from(b)] & (JOINER | HIGH) != 0)
            {
                let (end, ascii) = word_end(slice, i);
                i = end;
                (true, ascii)
            } else {
                (true, true)
            }
        } else if class & SPACE != 0 {
            i += 1;
            continue;
        } else if class & (VTAB | HIGH) == 0 {
            i += 1;
            (false, true)
        } else {
            match lex_rare(slice, i, &mut all_ascii) {
                Rare::Skip { end, vtab } => {
                    skipped_vtab |= vtab;
                    i = end;
                    continue;
                }
                Rare::Token { end, word, ascii } => {
                    i = end;
                    (word, ascii)
                }
            }
        };
        // `i > start` here: no clamping needed.
        toks.push(Tok {
            span: Span {
                start: base + start,
                end: base + i,
            },
            word,
            ascii,
            cue_bit: if word && ascii {
                // The filter has fewer than 2^16 bits.
                super::filter_bit_at(bytes, b, start, i) as u16
            } else {
                0
            },
        });
        // Most tokens are followed by one space: step over it here rather than in a round of
        // the loop of its own.
        if bytes.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    skipped_vtab
}

/// What [`lex_rare`] found.
enum Rare {
    /// White space up to `end`; `vtab` if it was a vertical tab.
    Skip { end: usize, vtab: bool },
    /// A token up to `end`.
    Token { end: usize, word: bool, ascii: bool },
}

/// The token or white space at byte `i` of `slice`, a vertical tab or a multi-byte
/// character: kept out of [`lex_append`]'s loop, which it would only slow down.
/// `all_ascii` caches whether `slice` is all ASCII.
#[inline(never)]
fn lex_rare(slice: &str, i: usize, all_ascii: &mut Option<bool>) -> Rare {
    let bytes = slice.as_bytes();
    let b = bytes.get(i).copied().unwrap_or(0);
    if b == 0x0B {
        // An all-ASCII stretch takes only ASCII white space as white space (a vertical tab
        // is a punctuation token there), as the byte-wise lexer always did; keep that.
        // Vertical tabs are rare: the stretch is checked only at the first.
        return if *all_ascii.get_or_insert_with(|| slice.is_ascii()) {
            Rare::Token {
                end: i + 1,
                word: false,
                ascii: true,
            }
        } else {
            Rare::Skip {
                end: i + 1,
                vtab: true,
            }
        };
    }
    if b == 0xE2 && bytes.get(i + 1) == Some(&0x80) {
        // U+2000 to U+203F (curly quotes and apostrophes, dashes, spaces): never a word
        // character; some are white space. Told apart without decoding.
        let end = i + 3;
        return if is_general_punctuation_space(bytes.get(end - 1).copied().unwrap_or(0)) {
            Rare::Skip { end, vtab: false }
        } else {
            Rare::Token {
                end,
                word: false,
                ascii: false,
            }
        };
    }
    let c = char_at(slice, i);
    let end = i + c.len_utf8();
    if is_word_char(c) {
        Rare::Token {
            end: word_end(slice, end).0,
            word: true,
            ascii: false,
        }
    } else if c.is_whitespace() {
        Rare::Skip { end, vtab: false }
    } else {
        Rare::Token {
            end,
            word: false,
            ascii: false,
        }
    }
}

/// The tokens of an article's sentences, each sentence lexed once: a stretch inside a
/// sentence (the words around a quotation) is a slice of them rather than lexed again.
#[derive(Debug, Default)]
pub(super) struct SentenceTokens {
    toks: Vec<Tok>,
    sentences: Vec<LexedSentence>,
}

/// One sentence of [`SentenceTokens`].
#[derive(Clone, Copy, Debug)]
struct LexedSentence {
    span: Span,
    /// Its tokens: `toks[first..end]`.
    first: usize,
    end: usize,
    /// A vertical tab was white space in it: a stretch of it is lexed on its own.
    skipped_vtab: bool,
}

impl SentenceTokens {
    /// Lexes each of `sentences` (in text order).
    pub fn new(text: &str, sentences: impl Iterator<Item = Span>) -> SentenceTokens {
        // About one token in five bytes of news text: room for most articles at once.
        let mut lexed = SentenceTokens {
            toks: Vec::with_capacity(text.len() / 5),
            sentences: Vec::new(),
        };
        for span in sentences {
            let first = lexed.toks.len();
            let skipped_vtab = lex_append(text, span, &mut lexed.toks);
            lexed.sentences.push(LexedSentence {
                span,
                first,
                end: lexed.toks.len(),
                skipped_vtab,
            });
        }
        lexed
    }

    /// The tokens of sentence `index`.
    pub fn sentence(&self, index: usize) -> &[Tok] {
        self.sentences
            .get(index)
            .and_then(|s| self.toks.get(s.first..s.end))
            .unwrap_or_default()
    }

    /// The tokens of `text[range]`, the same as [`lex`]: a slice of a sentence's tokens when
    /// `range` lies in one sentence and cuts none of its tokens (lexing starts afresh at any
    /// token's start, and a token ending at `range.end` ends there however the text goes
    /// on), else lexed anew.
    pub fn stretch<'s>(&'s self, text: &str, range: Span) -> std::borrow::Cow<'s, [Tok]> {
        if range.is_empty() {
            return std::borrow::Cow::Borrowed(&[]);
        }
        let at = self
            .sentences
            .partition_point(|s| s.span.end <= range.start);
        if let Some(sentence) = self.sentences.get(at) {
            if sentence.span.contains(range) && !sentence.skipped_vtab {
                let toks = self.sentence(at);
                let first = toks.partition_point(|t| t.span.end <= range.start);
                let end = toks.partition_point(|t| t.span.start < range.end);
                let cuts_first = toks.get(first).is_some_and(|t| t.span.start < range.start);
                let cuts_last = end
                    .checked_sub(1)
                    .and_then(|last| toks.get(last))
                    .is_some_and(|t| t.span.end > range.end);
                if !cuts_first && !cuts_last {
                    return std::borrow::Cow::Borrowed(toks.get(first..end).unwrap_or_default());
                }
            }
        }
        std::borrow::Cow::Owned(lex(text, range))
    }
}

/// Byte classes for [`lex_append`], one bit each: [`lex_append`] tests them with masks, which
/// the compiler does not turn into a jump table.
const OTHER: u8 = 0;
const ALNUM: u8 = 1;
const SPACE: u8 = 2;
/// The vertical tab: white space only in a stretch that is not all ASCII.
const VTAB: u8 = 4;
/// `.`, `'`, `-`: inside a word when a word character follows.
const JOINER: u8 = 8;
/// A byte of a multi-byte character.
const HIGH: u8 = 16;

static CLASS: [u8; 256] = {
    let mut table = [HIGH; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            ALNUM
        } else if c.is_ascii_whitespace() {
            SPACE
        } else if c == 0x0B {
            VTAB
        } else if matches!(c, b'.' | b'\'' | b'-') {
            JOINER
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// The character starting at byte `i` of `s` (a char boundary).
fn char_at(s: &str, i: usize) -> char {
    s.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ')
}

/// Whether a word character starts at byte `i` of `s`.
fn word_char_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        None => false,
        Some(&b) if b < 128 => CLASS[usize::from(b)] == ALNUM,
        Some(_) => is_word_char(char_at(s, i)),
    }
}

/// Whether the character U+2000 + `last - 0x80` (`E2 80 last` in UTF-8) is white space:
/// U+2000 to U+200A, U+2028, U+2029 and U+202F.
fn is_general_punctuation_space(last: u8) -> bool {
    matches!(last, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
}

/// The end of the word that goes on at byte `i` of `s` (word characters, and `.`, `'`, `’`,
/// `-`, `‑` followed by one), and whether that part is all ASCII.
#[inline]
fn word_end(s: &str, i: usize) -> (usize, bool) {
    // Most words are a run of ASCII letters and digits, ended by a space or punctuation.
    let bytes = s.as_bytes();
    let i = alnum_run_end(bytes, i);
    match bytes.get(i).map(|&b| CLASS[usize::from(b)]) {
        // A closing quote or a dash (U+2000 to U+203F, but the joiners `’` and `‑`) ends the
        // word without decoding it.
        Some(HIGH)
            if bytes[i] == 0xE2
                && bytes.get(i + 1) == Some(&0x80)
                && !matches!(bytes.get(i + 2), Some(0x99 | 0x91)) =>
        {
            (i, true)
        }
        Some(JOINER | HIGH) => word_end_slow(s, i),
        _ => (i, true),
    }
}

/// The end of the run of ASCII letters and digits from byte `i` of `bytes`.
#[inline]
fn alnum_run_end(bytes: &[u8], i: usize) -> usize {
    // Eight bytes at a time while eight are left, without a branch per byte: a word of news
    // text mostly ends within the first eight, and where it ends is unpredictable (a branch
    // per byte mispredicts once a word; this costs more instructions but less time).
    match ascii::skip_to(bytes, i, not_alnum_lanes) {
        Ok(end) => end,
        Err(tail) => alnum_run_end_plain(bytes, tail),
    }
}

/// [`alnum_run_end`] one byte at a time.
#[inline]
fn alnum_run_end_plain(bytes: &[u8], i: usize) -> usize {
    let rest = bytes.get(i..).unwrap_or_default();
    i + rest
        .iter()
        .position(|&b| CLASS[usize::from(b)] != ALNUM)
        .unwrap_or(rest.len())
}

/// The high bit set in each byte of `lanes` that is not an ASCII letter or digit, the
/// others clear.
#[inline]
fn not_alnum_lanes(lanes: u64) -> u64 {
    let digits = ascii::ascii_in_range(lanes, b'0', b'9');
    // Setting bit 5 folds capitals onto small letters (and nothing else onto them).
    let letters = ascii::ascii_in_range(lanes | (ascii::ONES * 0x20), b'a', b'z');
    !(digits | letters) & ascii::HIGH_BITS
}

/// [`word_end`] past a byte that may join or continue the word.
#[inline(never)]
fn word_end_slow(s: &str, mut i: usize) -> (usize, bool) {
    let bytes = s.as_bytes();
    let mut ascii = true;
    loop {
        i = alnum_run_end(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match CLASS[usize::from(b)] {
            JOINER if word_char_at(s, i + 1) => i += 1,
            HIGH => {
                let c = char_at(s, i);
                let len = c.len_utf8();
                if is_word_char(c) || (matches!(c, '’' | '‑') && word_char_at(s, i + len)) {
                    i += len;
                    ascii = false;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    (i, ascii)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The lexer as it was before the single-pass rewrite: one path for ASCII text, one for
    /// the rest. The rewrite must give the same tokens.
    fn reference(text: &str, range: Span) -> Vec<Tok> {
        let slice = range.text(text);
        let mut toks = Vec::new();
        if slice.is_ascii() {
            let bytes = slice.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                if b.is_ascii_alphanumeric() {
                    let start = i;
                    i += 1;
                    while i < bytes.len() {
                        let c = bytes[i];
                        let joins = matches!(c, b'.' | b'\'' | b'-')
                            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
                        if c.is_ascii_alphanumeric() || joins {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    toks.push(Tok {
                        span: Span::new(range.start + start, range.start + i),
                        word: true,
                        ascii: true,
                        cue_bit: cue_bit(&bytes[start..i]),
                    });
                } else {
                    if !b.is_ascii_whitespace() {
                        toks.push(Tok {
                            span: Span::new(range.start + i, range.start + i + 1),
                            word: false,
                            ascii: true,
                            cue_bit: 0,
                        });
                    }
                    i += 1;
                }
            }
            return toks;
        }
        let mut chars = slice.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let start = range.start + i;
            if is_word_char(c) {
                let mut end = start + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    let joins_next = matches!(d, '.' | '\'' | '’' | '-' | '‑')
                        && slice[j + d.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(is_word_char);
                    if is_word_char(d) || joins_next {
                        end = range.start + j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let ascii = text[start..end].is_ascii();
                toks.push(Tok {
                    span: Span::new(start, end),
                    word: true,
                    ascii,
                    cue_bit: if ascii {
                        cue_bit(&text.as_bytes()[start..end])
                    } else {
                        0
                    },
                });
            } else if !c.is_whitespace() {
                toks.push(Tok {
                    span: Span::new(start, start + c.len_utf8()),
                    word: false,
                    ascii: c.is_ascii(),
                    cue_bit: 0,
                });
            }
        }
        toks
    }

    #[test]
    fn words_and_punctuation() {
        let text = "U.S. envoy Rob Malley's al-Aqsa remarks, he said: \"no.\" 15-member";
        let words: Vec<&str> = lex(text, Span::new(0, text.len()))
            .iter()
            .map(|t| t.text(text))
            .collect();
        assert_eq!(
            words,
            [
                "U.S",
                ".",
                "envoy",
                "Rob",
                "Malley's",
                "al-Aqsa",
                "remarks",
                ",",
                "he",
                "said",
                ":",
                "\"",
                "no",
                ".",
                "\"",
                "15-member"
            ]
        );
    }

    #[test]
    fn same_tokens_as_before() {
        for text in [
            "U.S. envoy Rob Malley's al-Aqsa remarks, he said: \"no.\" 15-member",
            "a-b c'd e.f -x 'y .z",
            "a-b c'd e.f -x 'y .zé",
            "Iran’s al‑Aqsa “quote” \u{b}x\u{a0}y\u{2003}z\u{b}",
            "a\u{b}b. c",
        ] {
            for start in 0..text.len() {
                if text.is_char_boundary(start) {
                    let range = Span::new(start, text.len());
                    assert_eq!(lex(text, range), reference(text, range), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn general_punctuation_as_before() {
        for c in '\u{2000}'..='\u{206F}' {
            for text in [
                format!("a{c}b"),
                format!("{c}"),
                format!("x {c}y"),
                format!("é{c}"),
            ] {
                let range = Span::new(0, text.len());
                assert_eq!(lex(&text, range), reference(&text, range), "{c:?}");
            }
        }
    }

    fn texty() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("Z"),
                Just("7"),
                Just("é"),
                Just("ß"),
                Just("."),
                Just("'"),
                Just("’"),
                Just("-"),
                Just("‑"),
                Just("“"),
                Just(" "),
                Just("\n"),
                Just("\u{b}"),
                Just("\u{a0}"),
                Just("\u{2003}"),
                Just("\u{2028}"),
                Just("\u{202F}"),
                Just("—"),
                Just("\u{200B}"),
                Just("…"),
                Just(","),
            ],
            0..30,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Mostly words and spaces, with some of everything the lexer tells apart.
    fn wordy() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                6 => Just("ab"),
                6 => Just(" "),
                2 => Just("Zé"),
                2 => Just("."),
                2 => Just("'"),
                2 => Just("’"),
                2 => Just("-"),
                1 => Just("‑"),
                2 => Just("“"),
                1 => Just("\u{2003}"),
                1 => Just("\u{b}"),
                1 => Just(","),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    #[test]
    fn alnum_lanes_of_every_byte() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut chunk = [b'a'; 8];
                chunk[lane] = b;
                let ends = not_alnum_lanes(u64::from_le_bytes(chunk));
                let expected = if b.is_ascii_alphanumeric() {
                    0
                } else {
                    0x80 << (8 * lane)
                };
                assert_eq!(ends, expected, "byte {b:#x} in lane {lane}");
            }
        }
    }

    proptest! {
        #[test]
        fn alnum_runs_end_as_byte_by_byte(
            bytes in proptest::collection::vec(
                prop_oneof![any::<u8>(), b'0'..=b'9', b'a'..=b'z', b'A'..=b'Z'],
                0..40,
            ),
            from in 0..45usize,
        ) {
            let plain = alnum_run_end_plain(&bytes, from);
            prop_assert_eq!(alnum_run_end(&bytes, from), plain);
        }

        #[test]
        fn same_tokens_as_before_on_any_text(text in any::<String>()) {
            let range = Span::new(0, text.len());
            prop_assert_eq!(lex(&text, range), reference(&text, range));
        }

        #[test]
        fn stretches_of_sentences_lex_alike(
            text in wordy(),
            cut_fractions in proptest::collection::vec(0..=100usize, 0..6),
            from_fraction in 0..=100usize,
            len_fraction in 0..=100usize,
        ) {
            // Sentences end at the cuts (on char boundaries), gaps between them allowed.
            let boundary = |at: usize| {
                let mut at = at.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            let at_fraction = |fraction: usize| boundary(text.len() * fraction / 100);
            let mut ends: Vec<usize> = cut_fractions.iter().map(|&c| at_fraction(c)).collect();
            ends.push(text.len());
            ends.sort_unstable();
            ends.dedup();
            let mut sentences = Vec::new();
            let mut start = 0;
            for (k, &end) in ends.iter().enumerate() {
                // Every other sentence starts one character late: a gap before it.
                let begin = if k % 2 == 1 {
                    text[start..end].chars().next().map_or(start, |c| start + c.len_utf8())
                } else {
                    start
                };
                sentences.push(Span::new(begin, end));
                start = end;
            }
            let lexed = SentenceTokens::new(&text, sentences.iter().copied());
            for (k, &sentence) in sentences.iter().enumerate() {
                prop_assert_eq!(lexed.sentence(k), &lex(&text, sentence)[..]);
            }
            let start = at_fraction(from_fraction);
            let range = Span::new(start, boundary(start + text.len() * len_fraction / 100));
            prop_assert_eq!(&lexed.stretch(&text, range)[..], &lex(&text, range)[..]);
        }

        #[test]
        fn same_tokens_as_before_on_texty_text(text in texty()) {
            let range = Span::new(0, text.len());
            prop_assert_eq!(lex(&text, range), reference(&text, range));
        }
    }
}
