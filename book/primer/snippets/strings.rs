// A string literal is a &str: borrowed text, here built into the program.
let word: &str = "héllo";
// A String owns its text, on the heap, and can grow.
let mut greeting: String = String::from("hello");
greeting.push_str(", world");
assert_eq!(greeting, "hello, world");
// Both hold UTF-8: len() counts bytes, chars() walks the characters.
assert_eq!(word.len(), 6);
assert_eq!(word.chars().count(), 5);
