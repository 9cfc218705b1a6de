// 'a names how long the borrow lasts: the result borrows from `text`,
// so it may live only as long as `text` does.
fn first_word<'a>(text: &'a str) -> &'a str {
    text.split_whitespace().next().unwrap_or("")
}

fn main() {
    let line = String::from("hello world");
    let word = first_word(&line);
    assert_eq!(word, "hello");
    // drop(line); // would not compile here: `word` still borrows from `line`
    assert_eq!(word.len(), 5);
}
