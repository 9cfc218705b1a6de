//! Hands-on PyO3, step 1: `count_occurrences`, a first `#[pyfunction]`.

// ANCHOR: module
use pyo3::prelude::*;
use pyo3::types::PyString;

/// The Python module `jxl_demo`. What it exports, Python can import.
#[pymodule]
mod jxl_demo {
    // ANCHOR: export
    // EXERCISE export remove
    // TODO (exercise 1): export `count_occurrences`, defined below this
    // module, so that Python can call `jxl_demo.count_occurrences`.
    // SOLUTION
    #[pymodule_export]
    use super::count_occurrences;
    // END EXERCISE
    // ANCHOR_END: export
}
// ANCHOR_END: module

// ANCHOR: count_occurrences
/// Count the words of `contents` that are equal to `needle`.
///
/// A word is what Python's `str.split()` returns: a run of characters
/// between whitespace. The result is the same as this Python:
/// `sum(word == needle for line in contents.splitlines() for word in line.split())`
// EXERCISE export remove
// TODO (exercise 1): mark this function as one Python can call.
// SOLUTION
#[pyfunction]
// END EXERCISE
// EXERCISE every_str
// TODO (exercise 4): take the arguments as `&Bound<'_, PyString>`, so that
// every Python str gets in, even one that has no UTF-8 form.
//> fn count_occurrences(contents: &str, needle: &str) -> usize {
//>     count_words(contents, needle)
//> }
// SOLUTION
fn count_occurrences(
    contents: &Bound<'_, PyString>,
    needle: &Bound<'_, PyString>,
) -> PyResult<usize> {
    match (contents.to_str(), needle.to_str()) {
        (Ok(contents), Ok(needle)) => Ok(count_words(contents, needle)),
        // A str may hold a lone surrogate ('\udcff', say, after reading a file
        // with errors="surrogateescape"). It has no UTF-8 form, so no &str:
        // let Python's own str.split() find the words, and compare each one.
        _ => {
            let mut count = 0;
            for word in contents.call_method0("split")?.try_iter()? {
                if word?.eq(needle)? {
                    count += 1;
                }
            }
            Ok(count)
        }
    }
}
// END EXERCISE
// ANCHOR_END: count_occurrences

// ANCHOR: count_words
/// How many words of `contents` are equal to `needle`: plain Rust, no Python.
fn count_words(contents: &str, needle: &str) -> usize {
    // EXERCISE count_words
    // TODO (exercise 2): split `contents` wherever `is_python_whitespace` says,
    // and count the pieces equal to `needle`. Splitting leaves an empty piece
    // between two neighbouring separators: that is no word.
    // SOLUTION
    // Every line break that `splitlines()` knows is whitespace to `split()`,
    // so splitting into lines first changes nothing: one pass over the
    // whole text finds the same words.
    contents
        .split(is_python_whitespace)
        .filter(|word| !word.is_empty() && *word == needle)
        .count()
    // END EXERCISE
}
// ANCHOR_END: count_words

// ANCHOR: is_python_whitespace
/// Whether Python's `str.isspace()` is true for `c`, which is what
/// `str.split()` splits on.
fn is_python_whitespace(c: char) -> bool {
    // EXERCISE python_whitespace
    // TODO (exercise 3): say true for every character Python calls whitespace,
    // not only for the space. The book's "Step 1" says which those are.
    //> c == ' '
    // SOLUTION
    // Rust's `char::is_whitespace` follows Unicode's White_Space property.
    // Python also counts the four ASCII "information separators"
    // U+001C..U+001F as whitespace (they are line breaks to `splitlines()` too).
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
    // END EXERCISE
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
