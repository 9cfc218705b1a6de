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
/// The number of words of `text` equal to `needle`, as Python's
/// `sum(w == needle for w in text.split())` counts them.
pub fn count_words(text: &str, needle: &str) -> usize {
    // TODO: make this fast. This is step 1's way, which looks at every
    // character: search for the needle's bytes with `memchr::memmem` instead,
    // and check the characters just before and after each occurrence. (The
    // solution goes one step further, for needles that often sit inside
    // longer words: read "Step 6" once yours works.)
    text.split(is_python_whitespace)
        .filter(|word| !word.is_empty() && *word == needle)
        .count()
}
// ANCHOR_END: count_words

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
