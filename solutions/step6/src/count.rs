//! Counting words fast: look only where the needle could be a word.
//!
//! Step 1 walked through every character and compared every word. Here one
//! pass over the bytes, 64 positions at a time, keeps only the positions where
//! the needle's first and last bytes sit between bytes that could belong to
//! whitespace; only there are the needle's bytes compared, and the characters
//! around them decoded. Long texts are cut at whitespace into pieces that
//! threads count in parallel.

/// Whether Python's `str.isspace()` is true for `c` (see step 1).
pub fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

// ANCHOR: count_words
// ANCHOR: count_words_start
/// The number of words of `text` equal to `needle`, as Python's
/// `sum(w == needle for w in text.split())` counts them.
pub fn count_words(text: &str, needle: &str) -> usize {
    // EXERCISE count_words
    // TODO: make this fast. This is step 1's way, which looks at every
    // character: search for the needle's bytes with `memchr::memmem` instead,
    // and check the characters just before and after each occurrence. (The
    // solution goes one step further, for needles that often sit inside
    // longer words: read "Step 6" once yours works.)
    //> text.split(is_python_whitespace)
    //>     .filter(|word| !word.is_empty() && *word == needle)
    //>     .count()
    // SOLUTION
    // A word never contains whitespace and is never empty: such a needle
    // never matches, and the pass below would find false matches for it.
    if needle.is_empty() || needle.contains(is_python_whitespace) {
        return 0;
    }
    let (bytes, n) = (text.as_bytes(), needle.len());
    if bytes.len() < n {
        return 0;
    }
    let (first, last) = (needle.as_bytes()[0], needle.as_bytes()[n - 1]);
    let mut count = usize::from(is_word_at(text, 0, needle));
    // ANCHOR_END: count_words_start
    // ANCHOR: count_words_blocks
    // Whole blocks: the positions start..start + 64, each with the byte
    // before it and the byte after a needle-long word starting there.
    let mut start = 1;
    while start + BLOCK + n <= bytes.len() {
        let window = &bytes[start - 1..start + BLOCK + n];
        let mut candidates = block_candidates(window, n, first, last);
        while candidates != 0 {
            let offset = candidates.trailing_zeros() as usize;
            count += usize::from(is_word_at(text, start + offset, needle));
            candidates &= candidates - 1; // clear the lowest set bit
        }
        start += BLOCK;
    }
    // The last few positions, one by one.
    for (offset, &byte) in bytes[start..=bytes.len() - n].iter().enumerate() {
        if byte == first {
            count += usize::from(is_word_at(text, start + offset, needle));
        }
    }
    count
    // END EXERCISE
}
// ANCHOR_END: count_words_blocks
// ANCHOR_END: count_words

// ANCHOR: block_candidates
// EXERCISE count_helpers remove
// SOLUTION
/// Positions looked at in one go: one bit each of a `u64`.
const BLOCK: usize = 64;

/// Bit `i` is set when a word of `n` bytes could start at position `i + 1`
/// of `window`: the needle's first and last bytes are there, and the bytes
/// on either side could be whitespace. This loop has no branches and works
/// on fixed-size arrays, so the compiler turns it into SIMD instructions
/// that do 16 or 32 positions at once.
fn block_candidates(window: &[u8], n: usize, first: u8, last: u8) -> u64 {
    let before: &[u8; BLOCK] = window[..BLOCK].try_into().unwrap();
    let starts: &[u8; BLOCK] = window[1..=BLOCK].try_into().unwrap();
    let ends: &[u8; BLOCK] = window[n..n + BLOCK].try_into().unwrap();
    let after: &[u8; BLOCK] = window[n + 1..=n + BLOCK].try_into().unwrap();
    let mut hits = [0u8; BLOCK];
    for i in 0..BLOCK {
        hits[i] = u8::from(
            (starts[i] == first)
                & (ends[i] == last)
                & may_end_space(before[i])
                & may_start_space(after[i]),
        );
    }
    // Eight 0-or-1 bytes to eight bits, with one multiplication: byte k of
    // `eight` lands on bit 56 + k, and no two partial products overlap.
    let mut bits = 0u64;
    for (k, chunk) in hits.chunks_exact(8).enumerate() {
        let eight = u64::from_le_bytes(chunk.try_into().unwrap());
        bits |= (eight.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    bits
}

/// Whether `byte` could be the last byte of a whitespace character. A
/// superset, kept to two comparisons so that the block loop stays cheap:
/// every byte up to the space (ASCII whitespace as Python sees it is among
/// them), and 0x80..=0xAF, where the non-ASCII ones end in UTF-8 (U+0085,
/// U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
/// `is_word_at` decides exactly; this only has to let every real whitespace
/// through, which a unit test below checks.
fn may_end_space(byte: u8) -> bool {
    (byte <= b' ') | (byte.wrapping_sub(0x80) < 0x30)
}

/// Whether `byte` could be the first byte of a whitespace character: any
/// byte up to the space, or the first byte of a non-ASCII one (0xC2, 0xE1,
/// 0xE2, 0xE3). Letters of most scripts start with other bytes, so a needle
/// inside a word of Cyrillic or Greek text is ruled out here too.
fn may_start_space(byte: u8) -> bool {
    (byte <= b' ') | (byte == 0xc2) | (byte.wrapping_sub(0xe1) < 3)
}

/// ASCII whitespace as Python sees it: tab to carriage return, the four
/// separators U+001C..U+001F, and space.
fn is_ascii_space(byte: u8) -> bool {
    (byte == b' ') | (byte.wrapping_sub(b'\t') < 5) | (byte.wrapping_sub(0x1c) < 4)
}

/// Whether the needle's bytes are at `position` with whitespace, or the
/// text's ends, on both sides.
#[inline]
fn is_word_at(text: &str, position: usize, needle: &str) -> bool {
    let bytes = text.as_bytes();
    let end = position + needle.len();
    // Byte by byte rather than `==`, which calls the C library's memcmp:
    // for a needle of a few bytes, the call costs more than the comparison.
    match bytes.get(position..end) {
        Some(here) if here.iter().zip(needle.as_bytes()).all(|(a, b)| a == b) => {}
        _ => return false,
    }
    // Both texts are valid UTF-8, so the needle's bytes start and end on
    // character boundaries, and slicing there is safe. An ASCII neighbour is
    // one byte; only a non-ASCII one needs decoding.
    let space_before = match position.checked_sub(1).map(|i| bytes[i]) {
        None => true,
        Some(byte) if byte < 0x80 => is_ascii_space(byte),
        Some(_) => text[..position]
            .chars()
            .next_back()
            .is_some_and(is_python_whitespace),
    };
    let space_after = match bytes.get(end) {
        None => true,
        Some(&byte) if byte < 0x80 => is_ascii_space(byte),
        Some(_) => text[end..].chars().next().is_some_and(is_python_whitespace),
    };
    space_before && space_after
}
// END EXERCISE
// ANCHOR_END: block_candidates

// ANCHOR: count_parallel
/// Texts shorter than this are counted on the calling thread: below it,
/// starting threads costs more than it saves.
pub const PARALLEL_THRESHOLD: usize = 1 << 20;

/// The size of the pieces the threads count: small enough that a Ctrl-C is
/// noticed soon, large enough that handing them out costs nothing.
const PIECE: usize = 8 << 20;

/// `count_words`, with the text cut into pieces that threads count in
/// parallel. Between pieces `interrupted` is asked whether to stop; when it
/// says so, the answer is `None`.
pub fn count_words_parallel(
    text: &str,
    needle: &str,
    interrupted: impl FnMut() -> bool,
) -> Option<usize> {
    let threads = crate::pool::pool().current_num_threads();
    let pieces = split_at_whitespace(text, threads.max(text.len() / PIECE));
    let counts = crate::pool::map_interruptible(
        pieces.len(),
        |index| count_words(pieces[index], needle),
        interrupted,
    )?;
    Some(counts.into_iter().sum())
}

/// Cut `text` into about `parts` pieces, each cut just before a whitespace
/// character, so that no word is split: every piece but the first starts
/// with whitespace, and words are counted in exactly one piece.
pub fn split_at_whitespace(text: &str, parts: usize) -> Vec<&str> {
    let mut pieces = Vec::with_capacity(parts);
    let mut start = 0;
    for part in 1..parts {
        let mut cut = (text.len() * part / parts).max(start);
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        match text[cut..].find(is_python_whitespace) {
            Some(offset) => cut += offset,
            None => break, // no whitespace left: the rest is one piece
        }
        if cut > start {
            pieces.push(&text[start..cut]);
            start = cut;
        }
    }
    pieces.push(&text[start..]);
    pieces
}
// ANCHOR_END: count_parallel

#[cfg(test)]
mod tests {
    use super::*;

    fn python_reference(text: &str, needle: &str) -> usize {
        text.split(is_python_whitespace)
            .filter(|word| !word.is_empty() && *word == needle)
            .count()
    }

    #[test]
    fn pieces_cover_the_text_and_split_no_word() {
        let text = "a bb\tccc\u{3000}dd  e\u{1f}ff ";
        for parts in 1..8 {
            let pieces = split_at_whitespace(text, parts);
            assert_eq!(pieces.concat(), text);
            for piece in &pieces[1..] {
                assert!(piece.starts_with(is_python_whitespace), "{piece:?}");
            }
        }
    }

    // EXERCISE count_helpers_test remove
    // SOLUTION
    #[test]
    fn the_block_test_lets_every_whitespace_character_through() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let mut buffer = [0; 4];
            let bytes = c.encode_utf8(&mut buffer).as_bytes();
            let (first, last) = (bytes[0], bytes[bytes.len() - 1]);
            if is_python_whitespace(c) {
                assert!(may_start_space(first) && may_end_space(last), "{c:?}");
            }
        }
    }

    // END EXERCISE
    #[test]
    fn same_answers_as_the_plain_way() {
        let text = "cat concat cat\u{a0}cat\u{1c}cat. cats\r\ncat";
        for needle in ["cat", "concat", "cat.", "", "at", "cat cat", "\u{1c}"] {
            assert_eq!(
                count_words(text, needle),
                python_reference(text, needle),
                "{needle:?}"
            );
        }
    }
}
