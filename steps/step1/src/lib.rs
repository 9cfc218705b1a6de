//! Hands-on PyO3, step 1: `count_occurrences`, a first `#[pyfunction]`.

// ANCHOR: module
use pyo3::prelude::*;
use pyo3::types::PyString;

/// The Python module `jxl_demo`. What it exports, Python can import.
#[pymodule]
mod jxl_demo {
    // ANCHOR: export
    // TODO (exercise 1): export `count_occurrences`, defined below this
    // module, so that Python can call `jxl_demo.count_occurrences`.
    // ANCHOR_END: export
}
// ANCHOR_END: module

// ANCHOR: count_occurrences
/// Count the words of `contents` that are equal to `needle`.
///
/// A word is what Python's `str.split()` returns: a run of characters
/// between whitespace. The result is the same as this Python:
/// `sum(word == needle for line in contents.splitlines() for word in line.split())`
// TODO (exercise 1): mark this function as one Python can call.
// TODO (exercise 4): take the arguments as `&Bound<'_, PyString>`, so that
// every Python str gets in, even one that has no UTF-8 form.
fn count_occurrences(contents: &str, needle: &str) -> usize {
    count_words(contents, needle)
}
// ANCHOR_END: count_occurrences

// ANCHOR: count_words
/// How many words of `contents` are equal to `needle`: plain Rust, no Python.
fn count_words(contents: &str, needle: &str) -> usize {
    // TODO (exercise 2): split `contents` wherever `is_python_whitespace` says,
    // and count the pieces equal to `needle`. Splitting leaves an empty piece
    // between two neighbouring separators: that is no word.
    todo!()
}
// ANCHOR_END: count_words

// ANCHOR: is_python_whitespace
/// Whether Python's `str.isspace()` is true for `c`, which is what
/// `str.split()` splits on.
fn is_python_whitespace(c: char) -> bool {
    // TODO (exercise 3): say true for every character Python calls whitespace,
    // not only for the space. The book's "Step 1" says which those are.
    c == ' '
}
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
