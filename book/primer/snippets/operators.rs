fn main() {
    let (word, needle) = ("cat", "cat");
    // Python's `and`, `or` and `not` are `&&`, `||` and `!`.
    let counts = !word.is_empty() && word == needle;
    assert!(counts || word.len() > 10);
    // A character by its code point: Python's '\x1c' is '\u{1c}'.
    let separator: char = '\u{1c}';
    assert!(('\u{1c}'..='\u{1f}').contains(&separator));
    // Square brackets make an array: a fixed number of values of one type.
    let shape = [45, 61];
    assert_eq!(shape[0] * shape[1], 2745);
}
