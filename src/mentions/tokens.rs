//! White-space tokens of a paragraph, with the punctuation around each word set apart.

use crate::ascii;
use crate::span::Span;

/// One white-space-separated token.
#[derive(Clone, Copy, Debug)]
pub(super) struct Token {
    /// The whole token, punctuation included.
    pub raw_span: Span,
    /// The word inside: no opening marks, no closing punctuation, no possessive `’s`.
    pub core_span: Span,
    /// Punctuation or a possessive follows the word, so a name cannot go on past it.
    pub ends_phrase: bool,
    /// The word starts with an uppercase letter: noted while tokenizing, where the first byte
    /// is at hand, as most steps rule out lowercase words first.
    pub capitalised: bool,
}

impl Token {
    pub fn raw<'t>(&self, text: &'t str) -> &'t str {
        self.raw_span.text(text)
    }

    pub fn core<'t>(&self, text: &'t str) -> &'t str {
        self.core_span.text(text)
    }
}

/// The tokens of `text[paragraph]`, spans relative to `text`, into `tokens` (cleared first):
/// one buffer serves every paragraph of an article.
pub(super) fn tokenize_into(text: &str, paragraph: Span, tokens: &mut Vec<Token>) {
    tokens.clear();
    let body = paragraph.text(text);
    let bytes = body.as_bytes();
    // About one token per six bytes of news text.
    tokens.reserve(body.len() / 6 + 1);
    let base = paragraph.start;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        // Between tokens: mostly one ASCII space.
        if b.is_ascii() && is_white(char::from(b)) {
            at += 1;
            continue;
        }
        if !b.is_ascii() {
            let next = skip_white(body, at);
            if next != at {
                at = next;
                continue;
            }
        }
        let (end, ascii) = token_end(body, at);
        let last = end.checked_sub(1).and_then(|e| bytes.get(e)).copied();
        // Most tokens are plain ASCII words: the word is the whole token, less a possessive
        // `'s`. The spans are built in place: `at < end`.
        if ascii && b.is_ascii_alphanumeric() && last.is_some_and(|l| l.is_ascii_alphanumeric()) {
            let possessive =
                last == Some(b's') && end - at > 2 && bytes.get(end - 2) == Some(&b'\'');
            let core_end = if possessive { end - 2 } else { end };
            tokens.push(Token {
                raw_span: Span {
                    start: base + at,
                    end: base + end,
                },
                core_span: Span {
                    start: base + at,
                    end: base + core_end,
                },
                ends_phrase: possessive,
                capitalised: b.is_ascii_uppercase(),
            });
            at = end;
            continue;
        }
        let token = if ascii {
            ascii_token(bytes, at, end)
        } else {
            token(body, at, end)
        };
        if let Some(token) = token {
            tokens.push(Token {
                raw_span: shift(token.raw_span, base),
                core_span: shift(token.core_span, base),
                ends_phrase: token.ends_phrase,
                capitalised: token.capitalised,
            });
        }
        at = end;
    }
}

/// White space as the tokenizer sees it: Unicode white space and the vertical tab.
fn is_white(c: char) -> bool {
    c.is_whitespace() || c == '\u{0b}'
}

/// The first byte at or after `at` (a char boundary) that is not white space.
fn skip_white(body: &str, mut at: usize) -> usize {
    while let Some(&b) = body.as_bytes().get(at) {
        if b.is_ascii() {
            if !is_white(char::from(b)) {
                break;
            }
            at += 1;
        } else {
            match body.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_white(c) => at += c.len_utf8(),
                _ => break,
            }
        }
    }
    at
}

/// The high bit of each byte of `word` (read little-endian) that may be white space: below
/// `0x21` or not ASCII. A borrow can flag a byte above a flagged one, never below, so the
/// lowest flag is exact.
fn white_candidates(word: u64) -> u64 {
    ((word.wrapping_sub(ascii::ONES * 0x21) & !word) | word) & ascii::HIGH_BITS
}

/// The end of the token starting at `start` (the next white space, or the end of `body`), and
/// whether the token is all ASCII. Jumps eight bytes at a time over bytes that cannot be white
/// space: this runs over every article's text.
fn token_end(body: &str, start: usize) -> (usize, bool) {
    let bytes = body.as_bytes();
    let mut ascii = true;
    let mut at = start;
    loop {
        at = ascii::skip_to(bytes, at, white_candidates).unwrap_or_else(|tail| tail);
        let Some(&b) = bytes.get(at) else {
            return (bytes.len(), ascii);
        };
        if b.is_ascii() {
            if is_white(char::from(b)) {
                return (at, ascii);
            }
            at += 1;
        } else {
            ascii = false;
            match body.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_white(c) => return (at, ascii),
                Some(c) => at += c.len_utf8(),
                None => return (at, ascii),
            }
        }
    }
}

fn shift(span: Span, by: usize) -> Span {
    Span::new(span.start + by, span.end + by)
}

/// [`token`] for an all-ASCII token, on bytes: most tokens are, and most of those are a plain
/// word.
fn ascii_token(bytes: &[u8], start: usize, end: usize) -> Option<Token> {
    let piece = bytes.get(start..end)?;
    let lead = piece.iter().position(u8::is_ascii_alphanumeric)?;
    let word_end = piece.iter().rposition(u8::is_ascii_alphanumeric)? + 1;
    let rest = piece.get(lead..)?;
    let word = piece.get(lead..word_end)?;
    let mut ends_phrase = word.len() < rest.len();
    let mut word_len = word.len();
    // An initial's full stop (`F.`) and that of `Jr.` and `Sr.` stay in the word.
    if word.len() == 1 && rest.get(1..) == Some(b".") {
        word_len += 1;
        ends_phrase = false;
    } else if matches!(word, b"Jr" | b"Sr") && rest.get(2) == Some(&b'.') {
        word_len += 1;
        ends_phrase = rest.len() > word_len;
    }
    let mut core = rest.get(..word_len)?;
    if let Some(stripped) = core.strip_suffix(b"'s") {
        core = stripped;
        ends_phrase = true;
    }
    let capitalised = core.first().is_some_and(u8::is_ascii_uppercase);
    token_at(start, end, lead, core.len(), ends_phrase, capitalised)
}

/// The token `start..end` whose core is `core_len` bytes from `start + lead`, or `None` when
/// the core is empty.
fn token_at(
    start: usize,
    end: usize,
    lead: usize,
    core_len: usize,
    ends_phrase: bool,
    capitalised: bool,
) -> Option<Token> {
    if core_len == 0 {
        return None;
    }
    let core_start = start + lead;
    Some(Token {
        raw_span: Span::new(start, end),
        core_span: Span::new(core_start, core_start + core_len),
        ends_phrase,
        capitalised,
    })
}

/// The token `body[start..end]` (no white space inside), or `None` if it has no word. All-ASCII
/// tokens take [`ascii_token`]; this one serves the others, and the tests as the reference.
fn token(body: &str, start: usize, end: usize) -> Option<Token> {
    let piece = &body[start..end];
    let rest = piece.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lead = piece.len() - rest.len();
    let word = rest.trim_end_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return None;
    }
    let mut ends_phrase = word.len() < rest.len();
    let mut word_len = word.len();
    // Keep the full stop of an initial (`F.`) inside the word; it does not end the name.
    if word.chars().nth(1).is_none() && &rest[word.len()..] == "." {
        word_len += 1;
        ends_phrase = false;
    }
    // `Jr.` and `Sr.` keep their full stop: it is part of the name.
    if matches!(word, "Jr" | "Sr") && rest[word.len()..].starts_with('.') {
        word_len += 1;
        ends_phrase = rest.len() > word_len;
    }
    let mut core = &rest[..word_len];
    for possessive in ["’s", "'s"] {
        if let Some(stripped) = core.strip_suffix(possessive) {
            core = stripped;
            ends_phrase = true;
            break;
        }
    }
    let capitalised = core.starts_with(char::is_uppercase);
    token_at(start, end, lead, core.len(), ends_phrase, capitalised)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain char-by-char tokenizer `tokenize_into` must agree with: every token through
    /// the general `token`, no fast path.
    fn tokenize_reference(text: &str, paragraph: Span) -> Vec<(Span, Span, bool)> {
        let body = paragraph.text(text);
        let mut tokens = Vec::new();
        let mut start: Option<usize> = None;
        let ends = body
            .char_indices()
            .map(|(i, c)| (i, is_white(c)))
            .chain(std::iter::once((body.len(), true)));
        for (i, white) in ends {
            match (white, start) {
                (true, Some(s)) => {
                    if let Some(t) = token(body, s, i) {
                        tokens.push((
                            shift(t.raw_span, paragraph.start),
                            shift(t.core_span, paragraph.start),
                            t.ends_phrase,
                        ));
                    }
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        tokens
    }

    fn fast(text: &str, paragraph: Span) -> Vec<(Span, Span, bool)> {
        let mut tokens = vec![Token {
            raw_span: Span::new(0, 0),
            core_span: Span::new(0, 0),
            ends_phrase: true,
            capitalised: true,
        }];
        tokenize_into(text, paragraph, &mut tokens);
        tokens
            .iter()
            .map(|t| (t.raw_span, t.core_span, t.ends_phrase))
            .collect()
    }

    #[test]
    fn tokens_agree_with_a_plain_scan() {
        for text in [
            "Defense Minister Sergei Shoigu’s deputy, (F. Smith) said: \"Trump's Jr. Sr 's x\"",
            "long-words-without-any-space-at-all\u{a0}then\u{2003}unicode\u{85}spaces é",
            "\t\n\u{0b}\u{0c}\r  a\u{1f}b \u{7f}c 'Zarif' ÖBerg éric’s 12345678 123456789",
            "",
            " ",
            "x",
        ] {
            let whole = Span::new(0, text.len());
            assert_eq!(
                fast(text, whole),
                tokenize_reference(text, whole),
                "{text:?}"
            );
        }
        let text = "Preamble. The paragraph starts here, Mr. Trump's aide said.";
        let paragraph = Span::new(10, text.len());
        assert_eq!(fast(text, paragraph), tokenize_reference(text, paragraph));
    }

    #[test]
    fn white_candidates_flag_the_first_possible_white_byte() {
        for (chunk, first) in [
            (*b"abcdefgh", None),
            (*b"abc defg", Some(3)),
            (*b"\x00bcdefgh", Some(0)),
            (*b"abcdefg\xff", Some(7)),
            (*b"a!b\x20\x21\x7f\x80z", Some(3)),
        ] {
            let found = white_candidates(u64::from_le_bytes(chunk));
            let at = (found != 0).then(|| (found.trailing_zeros() / 8) as usize);
            assert_eq!(at, first, "{chunk:?}");
        }
    }

    proptest! {
        #[test]
        fn tokens_agree_on_any_text(
            text in "[a-zA-Z0-9 '’\\-éÖ,.«»\"()\t\n\u{0b}\u{a0}\u{2003}\u{1}\u{21}]{0,60}",
            from in 0usize..8,
        ) {
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let paragraph = Span::new(from, text.len());
            prop_assert_eq!(fast(&text, paragraph), tokenize_reference(&text, paragraph));
        }

        #[test]
        fn tokens_agree_on_arbitrary_strings(text in any::<String>()) {
            let whole = Span::new(0, text.len());
            prop_assert_eq!(fast(&text, whole), tokenize_reference(&text, whole));
        }
    }

    proptest! {
        #[test]
        fn capitalised_flags_agree_with_the_char_test(
            text in "[aZ0 ÉéÖ.’'\u{a0}(\"-]{0,24}",
        ) {
            let mut tokens = Vec::new();
            tokenize_into(&text, Span::new(0, text.len()), &mut tokens);
            for token in &tokens {
                prop_assert_eq!(
                    token.capitalised,
                    token.core(&text).starts_with(char::is_uppercase)
                );
            }
        }
    }
}
