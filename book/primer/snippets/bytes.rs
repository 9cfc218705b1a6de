// b"..." is a &[u8]: borrowed bytes, like Python's b"...".
let header: &[u8] = b"\xff\x0a";
assert_eq!(header.len(), 2);
assert_eq!(header[0], 255);
// A Vec<u8> owns its bytes and can grow.
let mut buffer: Vec<u8> = header.to_vec();
buffer.push(0);
assert_eq!(buffer, [255, 10, 0]);
