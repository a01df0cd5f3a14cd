//! White-space tokens of a paragraph, with the punctuation around each word set apart.

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
}

impl Token {
    pub fn raw<'t>(&self, text: &'t str) -> &'t str {
        self.raw_span.text(text)
    }

    pub fn core<'t>(&self, text: &'t str) -> &'t str {
        self.core_span.text(text)
    }
}

/// The tokens of `text[paragraph]`, spans relative to `text`.
pub(super) fn tokenize(text: &str, paragraph: Span) -> Vec<Token> {
    let body = paragraph.text(text);
    // About one token per six bytes of news text: one allocation for most paragraphs.
    let mut tokens = Vec::with_capacity(body.len() / 6 + 1);
    let bytes = body.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    // Byte by byte, decoding only non-ASCII characters: this runs over every article's text.
    while i <= bytes.len() {
        let (white, width) = match bytes.get(i) {
            None => (true, 1),
            Some(&b) if b.is_ascii() => (b.is_ascii_whitespace() || b == 0x0b, 1),
            Some(_) => body[i..]
                .chars()
                .next()
                .map_or((true, 1), |c| (c.is_whitespace(), c.len_utf8())),
        };
        match (white, start) {
            (true, Some(s)) => {
                if let Some(token) = token(body, s, i) {
                    tokens.push(Token {
                        raw_span: shift(token.raw_span, paragraph.start),
                        core_span: shift(token.core_span, paragraph.start),
                        ends_phrase: token.ends_phrase,
                    });
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += width;
    }
    tokens
}

fn shift(span: Span, by: usize) -> Span {
    Span::new(span.start + by, span.end + by)
}

/// The token `body[start..end]` (no white space inside), or `None` if it has no word.
fn token(body: &str, start: usize, end: usize) -> Option<Token> {
    let piece = &body[start..end];
    // Most tokens are ASCII: trim them byte by byte, the others char by char.
    let (lead, word_end) = if piece.is_ascii() {
        let bytes = piece.as_bytes();
        let lead = bytes
            .iter()
            .position(u8::is_ascii_alphanumeric)
            .unwrap_or(bytes.len());
        let word_end = bytes
            .iter()
            .rposition(u8::is_ascii_alphanumeric)
            .map_or(lead, |last| last + 1);
        (lead, word_end.max(lead))
    } else {
        let lead = piece.len()
            - piece
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let word = piece[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
        (lead, lead + word.len())
    };
    let rest = &piece[lead..];
    let word = &piece[lead..word_end];
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
    if core.is_empty() {
        return None;
    }
    let core_start = start + lead;
    Some(Token {
        raw_span: Span::new(start, end),
        core_span: Span::new(core_start, core_start + core.len()),
        ends_phrase,
    })
}
