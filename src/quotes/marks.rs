//! Quotation marks: pairs them into quoted regions, across paragraphs when a quotation runs on
//! (each paragraph opens with a mark, only the last closes), and recovers from unbalanced and
//! mismatched marks. Apostrophes (`Iran’s`, `’90s`) are never taken for quotation marks:
//! single quotes are not paired at all, only double ones (`“ ”`, `" "`, `« »`, `„ “`, and the
//! doubled `‘‘ ’’` and `` `` '' `` some newspapers use).

use crate::span::Span;

/// A quoted region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Quoted {
    /// From the first opening mark to the last closing mark (or the paragraph end), marks
    /// included.
    pub outer: Span,
    /// The quoted words: from after the opening mark to before the closing mark.
    pub inner: Span,
    /// Whether a closing mark was found (else the quotation ran to its paragraph's end).
    pub closed: bool,
    /// How many paragraphs it runs over.
    pub paragraphs: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Curly,
    Straight,
    Guillemet,
    Low,
    Doubled,
    Backtick,
}

/// An opening mark at the start of `s`: its style and length.
fn opening(s: &str) -> Option<(Style, usize)> {
    for (mark, style) in [
        ("‘‘", Style::Doubled),
        ("``", Style::Backtick),
        ("“", Style::Curly),
        ("«", Style::Guillemet),
        ("„", Style::Low),
        ("\"", Style::Straight),
    ] {
        if s.starts_with(mark) {
            return Some((style, mark.len()));
        }
    }
    None
}

/// A closing mark for `style` at the start of `s`: its length. A straight quote closes any
/// style (mismatched marks are common in scraped text).
fn closing(s: &str, style: Style) -> Option<usize> {
    let marks: &[&str] = match style {
        Style::Curly => &["”", "\""],
        Style::Straight => &["\"", "”"],
        Style::Guillemet => &["»", "\""],
        Style::Low => &["“", "”", "\""],
        Style::Doubled => &["’’", "”", "\""],
        Style::Backtick => &["''", "”", "\""],
    };
    marks.iter().find(|m| s.starts_with(**m)).map(|m| m.len())
}

/// The quoted regions of an article's paragraphs, in order.
pub(super) fn quoted_regions(text: &str, paragraphs: &[Span]) -> Vec<Quoted> {
    let mut regions = Vec::new();
    // An open quotation carried over from the previous paragraph: (outer start, inner start,
    // style, paragraphs so far).
    let mut carried: Option<(usize, usize, Style, usize)> = None;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let body = paragraph.text(text);
        let mut open = carried.take();
        let mut i = 0;
        if let Some((outer, inner, style, count)) = open {
            // Continued: this paragraph's own opening mark is part of the quotation.
            let lead = opening(body).map_or(0, |(_, len)| len);
            open = Some((outer, inner, style, count + 1));
            i = lead;
        }
        let bytes = body.as_bytes();
        // `` ` `` matters only where it may open (`` `` ``), `'` only where it may close (`''`
        // after `` `` ``): each is looked for on its own, and its next place kept until passed.
        let mut backtick = NextByte::new(b'`');
        let mut apostrophe = NextByte::new(b'\'');
        while i < body.len() {
            // Every other mark starts with `"` or the lead byte of `“ ” ‘ ’ „` (0xE2) or `« »`
            // (0xC2): jump to the next such byte, or to a backtick or apostrophe that matters.
            let lead = memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[i..]).map(|p| i + p);
            let other = match open {
                None => backtick.next(bytes, i),
                Some((_, _, Style::Backtick, _)) => apostrophe.next(bytes, i),
                Some(_) => None,
            };
            match (lead, other) {
                (Some(a), Some(b)) => i = a.min(b),
                (Some(at), None) | (None, Some(at)) => i = at,
                (None, None) => break,
            }
            let rest = &body[i..];
            let at = paragraph.start + i;
            match open {
                None => {
                    if let Some((style, len)) = opening(rest) {
                        // A straight quote right after a letter or digit is an inch or a typo.
                        let after_word = body[..i]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphanumeric);
                        if !(style == Style::Straight && after_word) {
                            open = Some((at, at + len, style, 1));
                        }
                        i += len;
                        continue;
                    }
                }
                Some((outer, inner, style, count)) => {
                    // `…the New Year. "In the meantime…`: a straight quote that opens a word
                    // right after a finished sentence continues the quotation (paragraphs
                    // merged into one, as in some corpora) instead of closing it.
                    let reopens = style == Style::Straight
                        && rest.starts_with('"')
                        && rest[1..].starts_with(char::is_alphanumeric)
                        && body[..i].ends_with(char::is_whitespace)
                        && body[..i].trim_end().ends_with(['.', '?', '!']);
                    if reopens {
                        i += 1;
                        continue;
                    }
                    if let Some(len) = closing(rest, style) {
                        regions.push(Quoted {
                            outer: Span::new(outer, at + len),
                            inner: Span::new(inner, at),
                            closed: true,
                            paragraphs: count,
                        });
                        open = None;
                        i += len;
                        continue;
                    }
                }
            }
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
        if let Some((outer, inner, style, count)) = open {
            let next_opens = paragraphs
                .get(index + 1)
                .is_some_and(|next| opening(next.text(text)).is_some());
            if next_opens {
                carried = Some((outer, inner, style, count));
            } else {
                // Unbalanced: the quotation ends with its paragraph.
                regions.push(Quoted {
                    outer: Span::new(outer, paragraph.end),
                    inner: Span::new(inner, paragraph.end),
                    closed: false,
                    paragraphs: count,
                });
            }
        }
    }
    if let Some((outer, inner, _, count)) = carried {
        let end = paragraphs.last().map_or(outer, |p| p.end);
        regions.push(Quoted {
            outer: Span::new(outer, end),
            inner: Span::new(inner, end),
            closed: false,
            paragraphs: count,
        });
    }
    regions
}

/// The next place of one byte in a text, searched for again only once passed, so that all
/// searches together read the text once.
struct NextByte {
    byte: u8,
    /// The place found by the last search (`Some(None)`: none is left).
    found: Option<Option<usize>>,
}

impl NextByte {
    fn new(byte: u8) -> NextByte {
        NextByte { byte, found: None }
    }

    /// The first place of the byte at or after `from`.
    fn next(&mut self, bytes: &[u8], from: usize) -> Option<usize> {
        match self.found {
            Some(Some(at)) if at >= from => Some(at),
            Some(None) => None,
            _ => {
                let at = memchr::memchr(self.byte, bytes.get(from..)?).map(|p| from + p);
                self.found = Some(at);
                at
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::paragraph_spans;
    use proptest::prelude::*;

    /// `quoted_regions` as it was before it skipped bytes with memchr: the same regions.
    fn reference(text: &str, paragraphs: &[Span]) -> Vec<Quoted> {
        let mut regions = Vec::new();
        // An open quotation carried over from the previous paragraph: (outer start, inner start,
        // style, paragraphs so far).
        let mut carried: Option<(usize, usize, Style, usize)> = None;
        for (index, paragraph) in paragraphs.iter().enumerate() {
            let body = paragraph.text(text);
            let mut open = carried.take();
            let mut i = 0;
            if let Some((outer, inner, style, count)) = open {
                // Continued: this paragraph's own opening mark is part of the quotation.
                let lead = opening(body).map_or(0, |(_, len)| len);
                open = Some((outer, inner, style, count + 1));
                i = lead;
            }
            let bytes = body.as_bytes();
            while i < body.len() {
                // Every mark starts with `"`, `` ` ``, `'` or the lead byte of `“ ” ‘ ’ „` (0xE2) or
                // `« »` (0xC2): jump to the next such byte.
                match bytes[i..]
                    .iter()
                    .position(|b| matches!(b, b'"' | b'`' | b'\'' | 0xE2 | 0xC2))
                {
                    Some(skip) => i += skip,
                    None => break,
                }
                let rest = &body[i..];
                let at = paragraph.start + i;
                match open {
                    None => {
                        if let Some((style, len)) = opening(rest) {
                            // A straight quote right after a letter or digit is an inch or a typo.
                            let after_word = body[..i]
                                .chars()
                                .next_back()
                                .is_some_and(char::is_alphanumeric);
                            if !(style == Style::Straight && after_word) {
                                open = Some((at, at + len, style, 1));
                            }
                            i += len;
                            continue;
                        }
                    }
                    Some((outer, inner, style, count)) => {
                        // `…the New Year. "In the meantime…`: a straight quote that opens a word
                        // right after a finished sentence continues the quotation (paragraphs
                        // merged into one, as in some corpora) instead of closing it.
                        let reopens = style == Style::Straight
                            && rest.starts_with('"')
                            && rest[1..].starts_with(char::is_alphanumeric)
                            && body[..i].ends_with(char::is_whitespace)
                            && body[..i].trim_end().ends_with(['.', '?', '!']);
                        if reopens {
                            i += 1;
                            continue;
                        }
                        if let Some(len) = closing(rest, style) {
                            regions.push(Quoted {
                                outer: Span::new(outer, at + len),
                                inner: Span::new(inner, at),
                                closed: true,
                                paragraphs: count,
                            });
                            open = None;
                            i += len;
                            continue;
                        }
                    }
                }
                i += rest.chars().next().map_or(1, char::len_utf8);
            }
            if let Some((outer, inner, style, count)) = open {
                let next_opens = paragraphs
                    .get(index + 1)
                    .is_some_and(|next| opening(next.text(text)).is_some());
                if next_opens {
                    carried = Some((outer, inner, style, count));
                } else {
                    // Unbalanced: the quotation ends with its paragraph.
                    regions.push(Quoted {
                        outer: Span::new(outer, paragraph.end),
                        inner: Span::new(inner, paragraph.end),
                        closed: false,
                        paragraphs: count,
                    });
                }
            }
        }
        if let Some((outer, inner, _, count)) = carried {
            let end = paragraphs.last().map_or(outer, |p| p.end);
            regions.push(Quoted {
                outer: Span::new(outer, end),
                inner: Span::new(inner, end),
                closed: false,
                paragraphs: count,
            });
        }
        regions
    }

    fn quotey() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just(" "),
                Just("."),
                Just("\n\n"),
                Just("\""),
                Just("'"),
                Just("`"),
                Just("“"),
                Just("”"),
                Just("‘"),
                Just("’"),
                Just("«"),
                Just("»"),
                Just("„"),
                Just("é"),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn same_regions_as_before(text in quotey()) {
            let paragraphs = paragraph_spans(&text);
            prop_assert_eq!(quoted_regions(&text, &paragraphs), reference(&text, &paragraphs));
        }
    }

    fn inner(text: &str) -> Vec<(&str, bool, usize)> {
        quoted_regions(text, &paragraph_spans(text))
            .into_iter()
            .map(|q| (q.inner.text(text), q.closed, q.paragraphs))
            .collect()
    }

    #[test]
    fn pairs_curly_straight_and_guillemets() {
        assert_eq!(
            inner("“One,” he said. \"Two\" and «three»."),
            [("One,", true, 1), ("Two", true, 1), ("three", true, 1)]
        );
    }

    #[test]
    fn apostrophes_and_single_quotes_are_left_alone() {
        assert_eq!(
            inner("Iran’s ’90s ‘plan’ was “Tehran’s”."),
            [("Tehran’s", true, 1)]
        );
    }

    #[test]
    fn multi_paragraph_quotation_is_one_region() {
        let text = "“First paragraph.\n\n“Second paragraph,” he added.\n\nNarration.";
        assert_eq!(
            inner(text),
            [("First paragraph.\n\n“Second paragraph,", true, 2)]
        );
    }

    #[test]
    fn unbalanced_marks_end_with_the_paragraph() {
        let text = "He said “we will go.\n\nNext paragraph “quoted” here.";
        assert_eq!(
            inner(text),
            [("we will go.", false, 1), ("quoted", true, 1)]
        );
    }

    #[test]
    fn mismatched_and_doubled_marks() {
        assert_eq!(
            inner("“mixed\" and ‘‘doubled’’ and ``tex''"),
            [("mixed", true, 1), ("doubled", true, 1), ("tex", true, 1)]
        );
    }

    #[test]
    fn merged_paragraphs_with_straight_quotes() {
        let text =
            "He said: \"We will ask Parliament. \"In the meantime, we study it.\" Then he left.";
        assert_eq!(
            inner(text),
            [(
                "We will ask Parliament. \"In the meantime, we study it.",
                true,
                1
            )]
        );
    }

    #[test]
    fn inch_marks_do_not_open() {
        assert_eq!(inner("A 12\" gun and \"real\" quote"), [("real", true, 1)]);
    }
}
