use std::num::ParseIntError;

// Either Ok(the pixel count) or Err(what went wrong): the caller must look.
fn pixel_count(width: &str, height: &str) -> Result<u64, ParseIntError> {
    // `?`: on Err, return that error from pixel_count now; on Ok, unwrap it.
    let width: u64 = width.parse()?;
    let height: u64 = height.parse()?;
    Ok(width * height)
}

fn main() {
    assert_eq!(pixel_count("4", "3"), Ok(12));
    match pixel_count("4", "three") {
        Ok(count) => panic!("three is no number, yet we got {count}"),
        Err(error) => assert_eq!(error.to_string(), "invalid digit found in string"),
    }
    // map_err() turns one kind of error into another: here, into a String.
    let message = pixel_count("", "3").map_err(|error| format!("bad width: {error}"));
    assert_eq!(message, Err(String::from("bad width: cannot parse integer from empty string")));
}
