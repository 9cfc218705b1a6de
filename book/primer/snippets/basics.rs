// `fn`, the arguments with their types, then `->` and the type of the result.
fn area(width: u64, height: u64) -> u64 {
    // The last expression, with no semicolon after it, is the result.
    width * height
}

fn main() {
    let side = 3; // `let` names a value, which then stays as it is...
    let mut total = 0; // ...unless you write `mut`
    total += area(side, 4);
    assert_eq!(total, 12);
    // `for` walks anything iterable; `1..=3` is 1, 2 and 3.
    for step in 1..=3 {
        if step % 2 == 1 {
            total += step;
        }
    }
    assert_eq!(total, 16);
    // A char is one character, in single quotes; a text is in double quotes.
    let letter: char = 'a';
    assert!(('a'..='z').contains(&letter));
}
