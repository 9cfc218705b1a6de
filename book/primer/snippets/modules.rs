// Everything in a module is private to it, unless marked `pub`.
fn count_words(text: &str) -> usize {
    text.split_whitespace().count()
}

mod report {
    // `super` is the module around this one: Python's `from . import count_words`.
    use super::count_words;

    pub fn summary(text: &str) -> String {
        format!("{} words", count_words(text))
    }
}

fn main() {
    assert_eq!(report::summary("to be or not"), "4 words");
}
