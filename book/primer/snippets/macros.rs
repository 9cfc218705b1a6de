// A name followed by ! is a macro: code that writes code when compiling.
fn later() -> usize {
    todo!() // compiles, and panics with "not yet implemented" when called
}

fn main() {
    let width = 4;
    // format! is Python's f-string: f"{width} px"
    assert_eq!(format!("{width} px"), "4 px");
    assert_eq!(format!("{} by {}", width, 3), "4 by 3");
    // vec! builds a Vec from a list of items.
    let samples: Vec<u8> = vec![0, 128, 255];
    assert_eq!(samples.len(), 3);
}
