//! Byte tests eight bytes at a time, for the scans that read every byte of a text: eight bytes
//! read little-endian as one `u64`, each byte a lane, and a test sets bit 7 of the lanes it
//! flags. Shared by the stages that scan (mentions, quotes, record, span).

/// Bit 0 of every lane: `ONES * b` repeats the byte `b` in every lane.
pub(crate) const ONES: u64 = u64::from_ne_bytes([1; 8]);
/// Bit 7 of every lane, where the tests put their flags.
pub(crate) const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Bit 7 set in each lane of `word` whose byte is ASCII and in `first..=last` (ASCII bounds),
/// exactly: every lane is tested on its own seven low bits, and the sums below stay under
/// 0x100, so no carry crosses into the next lane.
#[inline]
pub(crate) fn ascii_in_range(word: u64, first: u8, last: u8) -> u64 {
    let low = word & !HIGH_BITS;
    let from_first = low + ONES * u64::from(0x80 - first);
    let past_last = low + ONES * u64::from(0x7F - last);
    from_first & !past_last & !word & HIGH_BITS
}

/// Where `flags` first flags a lane at or after `at`, skipping eight bytes at a time:
/// `Ok(position)`; or, with none found, `Err(position)` where fewer than eight bytes are left,
/// for the caller to finish byte by byte. `flags` gets eight bytes read little-endian and must
/// flag the lowest lane it means exactly (a flag above it may be a false one).
#[inline]
pub(crate) fn skip_to(
    bytes: &[u8],
    mut at: usize,
    flags: impl Fn(u64) -> u64,
) -> Result<usize, usize> {
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let found = flags(u64::from_le_bytes(*chunk));
        if found != 0 {
            return Ok(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    Err(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_in_range_agrees_with_the_byte_test_for_every_byte_in_every_lane() {
        for (first, last) in [
            (b'A', b'Z'),
            (b'0', b'9'),
            (b'a', b'z'),
            (0, 0x7F),
            (b'!', b'!'),
        ] {
            for byte in 0..=255u8 {
                for lane in 0..8 {
                    let mut bytes = [
                        first.wrapping_sub(1),
                        first,
                        last,
                        last + 1,
                        0x80,
                        0xFF,
                        0,
                        0x7F,
                    ];
                    bytes[lane] = byte;
                    let flags = ascii_in_range(u64::from_le_bytes(bytes), first, last);
                    assert_eq!(flags & !HIGH_BITS, 0);
                    for (k, &b) in bytes.iter().enumerate() {
                        let flagged = flags >> (8 * k + 7) & 1 == 1;
                        assert_eq!(flagged, (first..=last).contains(&b), "{b:#x} in lane {k}");
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn skip_to_skips_no_flagged_byte_and_stops_on_one_or_before_the_last_eight(
            bytes in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'Q'), any::<u8>()], 0..40),
            from in 0usize..45,
        ) {
            let found = skip_to(&bytes, from, |word| ascii_in_range(word, b'A', b'Z'));
            let at = found.unwrap_or_else(|at| at);
            prop_assert!(at >= from);
            let skipped = bytes.get(from..at.min(bytes.len())).unwrap_or_default();
            prop_assert!(!skipped.iter().any(u8::is_ascii_uppercase));
            match found {
                Ok(at) => prop_assert!(bytes[at].is_ascii_uppercase()),
                Err(at) => prop_assert!(bytes.len().saturating_sub(at) < 8),
            }
        }
    }

    #[test]
    fn skip_to_finds_a_byte_at_every_offset_with_eight_bytes_left() {
        for at in 0..24 {
            let mut bytes = vec![b'a'; 32];
            bytes[at] = b'Q';
            for from in 0..=at {
                assert_eq!(
                    skip_to(&bytes, from, |w| ascii_in_range(w, b'A', b'Z')),
                    Ok(at)
                );
            }
        }
    }
}
