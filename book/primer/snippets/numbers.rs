let sample: u8 = 255; // one byte: 0 to 255, like a pixel's channel
let width: u32 = 4_000; // 0 to about four billion
let height: u32 = 3_000;
// Multiply in u64, so the product has room: 12 million fits easily.
let pixels: u64 = u64::from(width) * u64::from(height);
assert_eq!(pixels, 12_000_000);
// usize is the type of lengths and indexes.
let length: usize = "abc".len();
assert_eq!(length, 3);
// Arithmetic that could overflow says so, when you ask it to.
assert_eq!(sample.checked_add(1), None);
assert_eq!(width.checked_mul(height), Some(12_000_000));
