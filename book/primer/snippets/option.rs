// find() gives Some(position) or None: never -1.
let position: Option<usize> = "hello".find('l');
match position {
    Some(index) => assert_eq!(index, 2),
    None => panic!("no 'l' in hello"),
}
assert_eq!("hello".find('z'), None);
// unwrap_or() gives a default for None.
assert_eq!("hello".find('z').unwrap_or(0), 0);
