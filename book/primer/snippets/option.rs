// find() gives Some(position) or None: never -1.
let position: Option<usize> = "hello".find('l');
match position {
    Some(index) => assert_eq!(index, 2),
    None => panic!("no 'l' in hello"),
}
assert_eq!("hello".find('z'), None);
// unwrap_or() gives a default for None.
assert_eq!("hello".find('z').unwrap_or(0), 0);
// A tuple groups values, as in Python; `_` matches whatever is left.
let message = match ("hello".find('l'), "hello".find('z')) {
    (Some(first), Some(second)) => format!("both, at {first} and {second}"),
    _ => String::from("not both"),
};
assert_eq!(message, "not both");
