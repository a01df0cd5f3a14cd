//! Spans: half-open byte ranges inside one article's text, and their conversion to the
//! character offsets that the JSON output carries.
//!
//! Every stage works on byte spans because slicing a `&str` by bytes is free. The JSON output
//! promises Python users *character* offsets (Unicode scalar values), so [`CharOffsets`] converts
//! once, at serialisation, in constant time per span after a linear pass over the text.

use serde::Serialize;

/// A half-open byte range `start..end` into an article's text.
///
/// Invariant: `start <= end`, and both lie on `char` boundaries of the text the span was made
/// for, so `&text[span.range()]` never panics on that text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes); `end` is clamped up to `start`.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The span as a range, for slicing.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text the span covers in `text`, or `""` if the span does not fit `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.range()).unwrap_or("")
    }

    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// How many bytes each checkpoint of [`CharOffsets`] covers: a conversion counts at most this
/// many bytes, and the table costs four bytes per block (a record converts two offsets per
/// mention and quote part, so counting is what costs; the table is short-lived).
const BLOCK: usize = 64;

/// Converts byte offsets of one text into character offsets (Unicode scalar values).
///
/// ASCII texts convert for free; other texts keep the character count at every 64th byte, so
/// a conversion counts at most 64 bytes whatever the text's size.
#[derive(Debug)]
pub struct CharOffsets<'t> {
    text: &'t str,
    /// Characters before byte `i * BLOCK`; empty for ASCII text.
    checkpoints: Vec<u32>,
}

impl<'t> CharOffsets<'t> {
    /// Prepares conversions for `text`.
    pub fn new(text: &'t str) -> CharOffsets<'t> {
        if text.is_ascii() {
            return CharOffsets {
                text,
                checkpoints: Vec::new(),
            };
        }
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut chars: u32 = 0;
        for block in bytes.chunks(BLOCK) {
            checkpoints.push(chars);
            chars += count_chars(block) as u32;
        }
        // The count at the very end, for a text whose length is a multiple of the block.
        checkpoints.push(chars);
        CharOffsets { text, checkpoints }
    }

    /// The character offset of byte offset `byte` (clamped to the text's length).
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if self.checkpoints.is_empty() {
            return byte;
        }
        let block = byte / BLOCK;
        let base = self.checkpoints.get(block).copied().unwrap_or(0) as usize;
        base + count_chars(&self.text.as_bytes()[block * BLOCK..byte])
    }

    /// The span as `[start, end]` character offsets.
    pub fn chars(&self, span: Span) -> [usize; 2] {
        let start = self.char_offset(span.start);
        let (from, to) = (
            span.start.min(self.text.len()),
            span.end.min(self.text.len()),
        );
        // A span that starts in its end's block (most mentions) is counted from its start:
        // fewer bytes than from the block's checkpoint.
        if !self.checkpoints.is_empty() && from <= to && to - from < to % BLOCK {
            let counted = count_chars(self.text.as_bytes().get(from..to).unwrap_or_default());
            return [start, start + counted];
        }
        [start, self.char_offset(span.end)]
    }
}

/// The largest char boundary of `text` at or before `at` (clamped to the text's length).
pub fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The plain test that [`count_chars`] does eight bytes at a time (the tests compare them).
#[cfg(test)]
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// How many characters start in `bytes`: the bytes that are not UTF-8 continuation bytes,
/// counted eight at a time.
fn count_chars(bytes: &[u8]) -> usize {
    // Groups of at most 31 words, so that no byte lane of the sum passes 255 (below).
    bytes
        .chunks(31 * 8)
        .map(|group| group.len() - continuation_bytes(group))
        .sum()
}

/// The continuation bytes (`0b10xx_xxxx`) of `group` (at most 255 bytes): the shift puts each
/// byte's bit 6 under its bit 7, so a byte counts when bit 7 is set and bit 6 is not. The
/// flags are summed lane by lane and the eight lanes added at the end by one multiplication
/// (a popcount per word costs a dozen instructions on baseline x86-64).
fn continuation_bytes(group: &[u8]) -> usize {
    use crate::ascii::ONES;
    let flags = |word: u64| (word & !(word << 1)) >> 7 & ONES;
    let mut words = group.chunks_exact(8);
    let mut lanes = 0u64;
    for chunk in &mut words {
        if let Ok(word) = <[u8; 8]>::try_from(chunk) {
            lanes += flags(u64::from_le_bytes(word));
        }
    }
    // Zero padding is not continuation bytes: the padded word counts the rest alone.
    let rest = words.remainder();
    let mut word = [0u8; 8];
    if let Some(head) = word.get_mut(..rest.len()) {
        head.copy_from_slice(rest);
    }
    lanes += flags(u64::from_le_bytes(word));
    (lanes.wrapping_mul(ONES) >> 56) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_bytes() {
        let offsets = CharOffsets::new("Hello World.");
        assert_eq!(offsets.chars(Span::new(6, 12)), [6, 12]);
    }

    #[test]
    fn multibyte_offsets_count_scalar_values() {
        let text = "Iran’s “plan” é";
        let offsets = CharOffsets::new(text);
        let start = text.find('“').unwrap();
        let end = text.find('”').unwrap() + '”'.len_utf8();
        assert_eq!(offsets.chars(Span::new(start, end)), [7, 13]);
        assert_eq!(offsets.char_offset(text.len()), text.chars().count());
    }

    #[test]
    fn end_of_a_text_of_whole_blocks() {
        // Two-byte characters filling exactly one block.
        let text = "é".repeat(BLOCK / 2);
        let offsets = CharOffsets::new(&text);
        assert_eq!(offsets.char_offset(text.len()), BLOCK / 2);
        assert_eq!(
            offsets.chars(Span::new(BLOCK - 2, BLOCK)),
            [BLOCK / 2 - 1, BLOCK / 2]
        );
    }

    proptest::proptest! {
        #[test]
        fn chars_counted_by_words_as_byte_by_byte(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let plain = bytes.iter().filter(|&&b| !is_continuation(b)).count();
            proptest::prop_assert_eq!(count_chars(&bytes), plain);
        }

        #[test]
        fn any_span_counts_the_chars_before_its_ends(text in "(?s).{0,200}", a in 0usize..900, b in 0usize..900) {
            let offsets = CharOffsets::new(&text);
            let (a, b) = (floor_char_boundary(&text, a), floor_char_boundary(&text, b));
            let span = Span::new(a.min(b), a.max(b));
            let expected = [text[..span.start].chars().count(), text[..span.end].chars().count()];
            proptest::prop_assert_eq!(offsets.chars(span), expected);
        }

        #[test]
        fn any_offset_counts_the_chars_before_it(text in "(?s).{0,200}", at in 0usize..900) {
            let offsets = CharOffsets::new(&text);
            let byte = floor_char_boundary(&text, at);
            proptest::prop_assert_eq!(offsets.char_offset(byte), text[..byte].chars().count());
        }
    }

    #[test]
    fn long_runs_of_continuation_bytes() {
        // More continuation bytes than one byte lane of the sum holds.
        assert_eq!(count_chars(&[0x80; 600]), 0);
        assert_eq!(count_chars(&[0xBF; 255]), 0);
        let text = "€".repeat(300);
        assert_eq!(count_chars(text.as_bytes()), 300);
    }

    #[test]
    fn offsets_past_a_block_boundary() {
        let text = "é".repeat(1000) + "x";
        let offsets = CharOffsets::new(&text);
        for byte in (0..=text.len()).step_by(2) {
            assert_eq!(offsets.char_offset(byte), text[..byte].chars().count());
        }
    }
}
