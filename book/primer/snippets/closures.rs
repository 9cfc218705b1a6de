let text = "a b  a";
// A closure: |arguments| expression. It can use `text`, around it.
let is_a = |word: &str| word == "a";
assert!(is_a("a"));
// || with nothing between the bars: a closure without arguments.
let length = || text.len();
assert_eq!(length(), 6);
// An iterator chain: nothing runs until count() asks for the items.
let count = text.split(' ').filter(|word| *word == "a").count();
assert_eq!(count, 2);
// split(' ') keeps the empty piece between two spaces, as Python does.
let pieces: Vec<&str> = text.split(' ').collect();
assert_eq!(pieces, ["a", "b", "", "a"]);
// map() turns each item into another.
let lengths: Vec<usize> = text.split_whitespace().map(|word| word.len()).collect();
assert_eq!(lengths, [1, 1, 1]);
// split() also takes a function that says which characters separate.
let words = "a\tb\nc".split(char::is_whitespace).count();
assert_eq!(words, 3);
