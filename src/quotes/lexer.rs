//! Words and punctuation of a stretch of text, for the attribution patterns.

use crate::span::Span;

/// A word (letters and digits, with inner `.`, `'`, `’`, `-`: `U.S`, `Iran’s`, `al-Aqsa`) or
/// one punctuation character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Tok {
    pub span: Span,
    pub word: bool,
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

/// The tokens of `text[range]`, spans relative to `text`.
pub(super) fn lex(text: &str, range: Span) -> Vec<Tok> {
    let mut toks = Vec::new();
    let slice = range.text(text);
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let start = range.start + i;
        if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                let joins_next = matches!(d, '.' | '\'' | '’' | '-' | '‑')
                    && slice[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if d.is_alphanumeric() || joins_next {
                    end = range.start + j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            toks.push(Tok {
                span: Span::new(start, end),
                word: true,
            });
        } else if !c.is_whitespace() {
            toks.push(Tok {
                span: Span::new(start, start + c.len_utf8()),
                word: false,
            });
        }
    }
    toks
}
