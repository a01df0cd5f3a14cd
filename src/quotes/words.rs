//! Small fixed sets of words, looked up by a binary search over integer keys instead of a
//! string comparison with each word in turn.

/// Bytes a word may have to be in a [`WordSet`]: its key holds them and its length.
const MAX_KEY_BYTES: usize = 15;

/// The key of a word of at most [`MAX_KEY_BYTES`] bytes: its bytes and its length in one
/// integer, so that two words have the same key exactly when they are equal.
const fn key(word: &[u8]) -> Option<u128> {
    if word.len() > MAX_KEY_BYTES {
        return None;
    }
    let mut key = (word.len() as u128) << 120;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i] as u128) << (8 * i);
        i += 1;
    }
    Some(key)
}

/// [`key`] of `word` with its ASCII capitals made small (`str::to_ascii_lowercase`).
fn folded_key(word: &[u8]) -> Option<u128> {
    if word.len() > MAX_KEY_BYTES {
        return None;
    }
    let mut key = (word.len() as u128) << 120;
    for (i, b) in word.iter().enumerate() {
        key |= u128::from(b.to_ascii_lowercase()) << (8 * i);
    }
    Some(key)
}

/// The bit of a word's first byte (ASCII case folded) in [`WordSet::first_bytes`]: the
/// same for a word and its ASCII lowercase form.
const fn first_byte_bit(word: &[u8]) -> u32 {
    let first = match word {
        [first, ..] => *first,
        [] => 0,
    };
    1 << (first.to_ascii_lowercase() % 32)
}

/// A set of words, built at compile time.
#[derive(Debug)]
pub(super) struct WordSet<const N: usize> {
    /// The words' keys, sorted.
    keys: [u128; N],
    /// For each length, the [`first_byte_bit`]s of the set's words of that length: most
    /// words are ruled out by these two without a search.
    first_bytes: [u32; MAX_KEY_BYTES + 1],
}

impl<const N: usize> WordSet<N> {
    /// The set of `words` (each at most 15 bytes long: a longer one fails the build).
    pub const fn new(words: &[&str]) -> WordSet<N> {
        assert!(words.len() == N, "one key per word");
        let mut keys = [0u128; N];
        let mut first_bytes = [0u32; MAX_KEY_BYTES + 1];
        let mut i = 0;
        while i < N {
            let word = words[i].as_bytes();
            if word.len() <= MAX_KEY_BYTES {
                first_bytes[word.len()] |= first_byte_bit(word);
            }
            keys[i] = match key(words[i].as_bytes()) {
                Some(key) => key,
                None => panic!("a word of the set is too long for its key"),
            };
            // Insertion sort: the sets are small and sorted once, at compile time.
            let mut k = i;
            while k > 0 && keys[k - 1] > keys[k] {
                let swap = keys[k - 1];
                keys[k - 1] = keys[k];
                keys[k] = swap;
                k -= 1;
            }
            i += 1;
        }
        WordSet { keys, first_bytes }
    }

    /// False when no word of the set has the length and (ASCII case folded) first byte of
    /// `word`: then neither `word` nor its ASCII lowercase form is in the set.
    #[inline]
    fn may_hold(&self, word: &[u8]) -> bool {
        self.first_bytes
            .get(word.len())
            .is_some_and(|&bits| bits & first_byte_bit(word) != 0)
    }

    /// Whether `word` is in the set.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.may_hold(word.as_bytes())
            && key(word.as_bytes()).is_some_and(|key| self.keys.binary_search(&key).is_ok())
    }

    /// Whether `word.to_lowercase()` is in the set, made only for a word that is not ASCII.
    #[inline]
    pub fn contains_lowercase(&self, word: &str) -> bool {
        if word.is_ascii() {
            self.contains_ascii_lowercase(word)
        } else {
            self.contains(&word.to_lowercase())
        }
    }

    /// Whether `word.to_ascii_lowercase()` is in the set, without making it.
    #[inline]
    pub fn contains_ascii_lowercase(&self, word: &str) -> bool {
        self.may_hold(word.as_bytes())
            && folded_key(word.as_bytes()).is_some_and(|key| self.keys.binary_search(&key).is_ok())
    }
}

/// A [`WordSet`] of the words of a `&[&str]` constant.
macro_rules! word_set {
    ($words:expr) => {
        $crate::quotes::words::WordSet::<{ $words.len() }>::new($words)
    };
}
pub(super) use word_set;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &["he", "she", "it’s", "representative", "a", "", "hE", "ab"];
    static SET: WordSet<{ WORDS.len() }> = word_set!(WORDS);

    #[test]
    fn holds_its_words_only() {
        for word in WORDS {
            assert!(SET.contains(word), "{word:?}");
        }
        for word in [
            "h",
            "He",
            "she ",
            "it's",
            "representatives",
            "b",
            "\0",
            "a\0",
            "ab\0",
        ] {
            assert!(!SET.contains(word), "{word:?}");
        }
    }

    proptest! {
        #[test]
        fn same_answer_as_a_linear_search(word in "[a-eh’s\\x00]{0,4}|\\PC{0,20}") {
            prop_assert_eq!(SET.contains(&word), WORDS.contains(&word.as_str()));
        }

        #[test]
        fn lowercase_same_answer_as_a_linear_search(word in "[a-eA-EhHsS’İ\\x00]{0,4}|\\PC{0,20}") {
            prop_assert_eq!(
                SET.contains_lowercase(&word),
                WORDS.contains(&word.to_lowercase().as_str())
            );
        }

        #[test]
        fn folded_same_answer_as_a_linear_search(word in "[a-eA-EhHsS’\\x00]{0,4}|\\PC{0,20}") {
            prop_assert_eq!(
                SET.contains_ascii_lowercase(&word),
                WORDS.contains(&word.to_ascii_lowercase().as_str())
            );
        }
    }
}
