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
            let offset = position_of(candidates.trailing_zeros());
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

/// Where a word of `n` bytes could start in `window`, as a mask of 64 bits:
/// position `i + 1` of `window` is a candidate when the needle's first and
/// last bytes are there, and the bytes on either side could belong to
/// whitespace. This loop has no branches and works on fixed-size arrays, so
/// the compiler turns it into SIMD instructions that do 16 positions at once.
/// The four vectors of answers then merge into one with shifts and ORs:
/// position `16 * k + j` becomes bit `k` of byte `j` of `merged`, and the
/// mask holds bytes 0 to 7 of `merged` in its low half-bytes and bytes 8 to
/// 15 in its high ones (`position_of` reverses that).
fn block_candidates(window: &[u8], n: usize, first: u8, last: u8) -> u64 {
    let before: &[u8; BLOCK] = window[..BLOCK].try_into().unwrap();
    let starts: &[u8; BLOCK] = window[1..=BLOCK].try_into().unwrap();
    let ends: &[u8; BLOCK] = window[n..n + BLOCK].try_into().unwrap();
    let after: &[u8; BLOCK] = window[n + 1..=n + BLOCK].try_into().unwrap();
    let mut merged = [0u8; 16];
    for (j, byte) in merged.iter_mut().enumerate() {
        for k in 0..4 {
            let i = 16 * k + j;
            let hit = (starts[i] == first)
                & (ends[i] == last)
                & may_be_space(before[i])
                & may_be_space(after[i]);
            *byte |= u8::from(hit) << k;
        }
    }
    let (low, high) = merged.split_at(8);
    u64::from_le_bytes(low.try_into().unwrap()) | u64::from_le_bytes(high.try_into().unwrap()) << 4
}

/// The position in the block of bit `bit` of `block_candidates`' mask.
fn position_of(bit: u32) -> usize {
    let bit = bit as usize;
    16 * (bit % 4) + 8 * (bit / 4 % 2) + bit / 8
}

/// Whether `byte` could be the first or the last byte of a whitespace
/// character: a byte up to the space (ASCII whitespace as Python sees it is
/// among them), or any non-ASCII byte, as every byte of U+0085, U+00A0,
/// U+3000 and the other non-ASCII whitespace characters is. As a signed
/// number, that is every byte up to 32: one comparison. `is_word_at` decides
/// exactly; this only has to let every real whitespace through, which a unit
/// test below checks. A letter of English text fails it, and so does the
/// needle inside an English word.
fn may_be_space(byte: u8) -> bool {
    byte.cast_signed() <= b' '.cast_signed()
}

/// ASCII whitespace as Python sees it: tab to carriage return, the four
/// separators U+001C..U+001F, and space.
fn is_ascii_space(byte: u8) -> bool {
    (byte == b' ') | (byte.wrapping_sub(b'\t') < 5) | (byte.wrapping_sub(0x1c) < 4)
}

/// Whether the needle's bytes are at `position` with whitespace, or the
/// text's ends, on both sides. Inlined into the loops above: a call for each
/// candidate would cost more than the check itself.
#[inline(always)]
fn is_word_at(text: &str, position: usize, needle: &str) -> bool {
    let bytes = text.as_bytes();
    let end = position + needle.len();
    // Byte by byte rather than `==`, which calls the C library's memcmp:
    // for a needle of a few bytes, the call costs more than the comparison.
    match bytes.get(position..end) {
        Some(here) if here.iter().zip(needle.as_bytes()).all(|(a, b)| a == b) => {}
        _ => return false,
    }
    // The text's ends count as whitespace. An ASCII neighbour is one byte;
    // only a non-ASCII one needs decoding, out of line, and only when its
    // byte is one that a non-ASCII whitespace character can end (before) or
    // start (after) with: a letter of most scripts is ruled out here.
    let before = position.checked_sub(1).map_or(b' ', |i| bytes[i]);
    let after = bytes.get(end).map_or(b' ', |&byte| byte);
    if (before | after) < 0x80 {
        return is_ascii_space(before) & is_ascii_space(after);
    }
    let before_ok = if before < 0x80 {
        is_ascii_space(before)
    } else {
        before <= 0xaf
    };
    let after_ok = if after < 0x80 {
        is_ascii_space(after)
    } else {
        matches!(after, 0xc2 | 0xe1..=0xe3)
    };
    before_ok && after_ok && spaces_around(text, position, end)
}

/// Whether the characters just before `position` and at `end` (one of them
/// non-ASCII) are whitespace or the text's ends. Both texts are valid UTF-8,
/// so the needle's bytes start and end on character boundaries, and slicing
/// there is safe.
#[inline(never)]
fn spaces_around(text: &str, position: usize, end: usize) -> bool {
    let before = text[..position].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(is_python_whitespace) && after.is_none_or(is_python_whitespace)
}
// END EXERCISE
// ANCHOR_END: block_candidates

// ANCHOR: count_parallel
/// Texts shorter than this are counted on the calling thread: below it,
/// starting threads costs more than it saves.
pub const PARALLEL_THRESHOLD: usize = 1 << 20;

/// The size of the pieces the threads count: small enough that a Ctrl-C is
/// noticed soon, and that a thread slowed down by other programs leaves
/// the pieces it has not started to the others; large enough that handing
/// them out costs nothing.
const PIECE: usize = 1 << 20;

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
                assert!(may_be_space(first) && may_be_space(last), "{c:?}");
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
