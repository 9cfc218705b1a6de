use std::num::ParseIntError;

#[derive(Debug, PartialEq)]
struct SizeError(String);

// How to turn a ParseIntError into our own error: `?` calls this for you.
impl From<ParseIntError> for SizeError {
    fn from(error: ParseIntError) -> SizeError {
        SizeError(format!("not a size: {error}"))
    }
}

fn parse_size(text: &str) -> Result<u32, SizeError> {
    let size: u32 = text.parse()?; // a ParseIntError becomes a SizeError here
    Ok(size)
}

fn main() {
    assert_eq!(parse_size("12"), Ok(12));
    assert_eq!(
        parse_size("-1"),
        Err(SizeError(String::from("not a size: invalid digit found in string")))
    );
}
