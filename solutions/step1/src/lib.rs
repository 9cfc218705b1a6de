//! Hands-on PyO3, step 1: `count_occurrences`, a first `#[pyfunction]`.

// ANCHOR: module
use pyo3::prelude::*;

/// The Python module `jxl_demo`. Everything marked `#[pyfunction]` inside
/// this Rust module becomes a function of the Python module.
#[pymodule]
mod jxl_demo {
    use pyo3::prelude::*;

    // ANCHOR: count_occurrences
    /// Count the words of `contents` that are equal to `needle`.
    ///
    /// A word is what Python's `str.split()` returns: a run of characters
    /// between whitespace. The result is the same as this Python:
    /// `sum(word == needle for line in contents.splitlines() for word in line.split())`
    #[pyfunction]
    fn count_occurrences(contents: &str, needle: &str) -> usize {
        // EXERCISE count_occurrences
        // TODO: return how many words of `contents` are equal to `needle`.
        // A word is what Python's `str.split()` returns, so split on every
        // character Python calls whitespace, not only on " " (the book's "Step 1"
        // says which). Then run `nox -s step1` in the folder of noxfile.py.
        // SOLUTION
        // Every line break that `splitlines()` knows is whitespace to `split()`,
        // so splitting into lines first changes nothing: one pass over the
        // whole text finds the same words. Splitting on each whitespace
        // character leaves empty pieces between two neighbours; they are not
        // words, and skipping them is what `split()` with no argument does.
        contents
            .split(super::is_python_whitespace)
            .filter(|word| !word.is_empty() && *word == needle)
            .count()
        // END EXERCISE
    }
    // ANCHOR_END: count_occurrences
}
// ANCHOR_END: module

// ANCHOR: is_python_whitespace
// EXERCISE is_python_whitespace remove
// TODO: you will probably want a helper here that says whether a character
// is whitespace the way Python's `str.isspace()` sees it.
// SOLUTION
/// Whether Python's `str.isspace()` is true for `c`, which is what
/// `str.split()` splits on.
///
/// Rust's `char::is_whitespace` follows Unicode's White_Space property.
/// Python also counts the four ASCII "information separators" U+001C..U+001F
/// as whitespace (they are line breaks to `splitlines()` too).
fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}
// END EXERCISE
// ANCHOR_END: is_python_whitespace

// ANCHOR: literal
/// The line-by-line translation of the Python function, kept here to show why
/// it is not the same function: only the tests below use it.
#[cfg(test)]
fn count_occurrences_literal(contents: &str, needle: &str) -> usize {
    let mut total = 0;
    for line in contents.lines() {
        for word in line.split(' ') {
            if word == needle {
                total += 1;
            }
        }
    }
    total
}
// ANCHOR_END: literal

#[cfg(test)]
mod tests {
    use super::count_occurrences_literal as literal;

    // ANCHOR: literal_tests
    #[test]
    fn the_literal_translation_is_not_python() {
        // What Python's reference returns is in each comment.
        assert_eq!(literal("a\tb", "a"), 0); // Python: 1 (a tab is not " ")
        assert_eq!(literal("a  b", ""), 1); // Python: 0 (split() makes no empty words)
        assert_eq!(literal("a\rb", "b"), 0); // Python: 1 (lines() ignores a lone \r)
        assert_eq!(literal("a\u{a0}b", "a"), 0); // Python: 1 (no-break space)
        assert!(!'\u{1f}'.is_whitespace()); // Python: "\x1f".isspace() is True
    }
    // ANCHOR_END: literal_tests
}
