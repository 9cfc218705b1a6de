fn shout(text: &str) -> String {
    // Borrows `text` to read it; returns a new String that the caller owns.
    text.to_uppercase()
}

fn add_exclamation(text: &mut String) {
    // Borrows `text` to change it in place.
    text.push('!');
}

fn main() {
    let mut name = String::from("ferris");
    let loud = shout(&name); // lend it for reading
    add_exclamation(&mut name); // lend it for writing
    assert_eq!(loud, "FERRIS");
    assert_eq!(name, "ferris!");

    let moved = name; // the String moves: `moved` owns it now
    // println!("{name}"); // would not compile: `name` was moved
    let copy = moved.clone(); // an explicit copy, when you need two
    assert_eq!(copy, moved);
}
