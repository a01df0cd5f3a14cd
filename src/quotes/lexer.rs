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
    let slice = range.text(text);
    if slice.is_ascii() {
        return lex_ascii(slice.as_bytes(), range.start);
    }
    let mut toks = Vec::with_capacity(slice.len() / 5);
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

/// [`lex`] for ASCII text, byte by byte (most news text is ASCII).
fn lex_ascii(bytes: &[u8], base: usize) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(bytes.len() / 5);
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
                span: Span::new(base + start, base + i),
                word: true,
            });
        } else {
            if !b.is_ascii_whitespace() {
                toks.push(Tok {
                    span: Span::new(base + i, base + i + 1),
                    word: false,
                });
            }
            i += 1;
        }
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_unicode_paths_agree() {
        for text in [
            "U.S. envoy Rob Malley's al-Aqsa remarks, he said: \"no.\" 15-member",
            "a-b c'd e.f -x 'y .z",
        ] {
            let span = Span::new(0, text.len());
            let unicode: Vec<Tok> = {
                // Force the general path with a non-ASCII character appended.
                let with = format!("{text}é");
                lex(&with, span)
            };
            assert_eq!(lex_ascii(text.as_bytes(), 0), unicode, "{text}");
        }
    }
}
