// derive writes the code of these traits for you: {:?}, ==, copying.
#[derive(Debug, Clone, PartialEq)]
struct ImageSize {
    width: u32,
    height: u32,
}

impl ImageSize {
    // An associated function, like a @classmethod that builds one.
    fn square(side: u32) -> ImageSize {
        ImageSize { width: side, height: side }
    }

    // A method: `&self` is Python's `self`, borrowed for reading.
    fn pixels(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }
}

// An enum: a value that is exactly one of these variants.
enum Channels {
    Gray,
    Rgb,
    Other(u32),
}

fn channel_count(channels: &Channels) -> u32 {
    match channels {
        Channels::Gray => 1,
        Channels::Rgb => 3,
        Channels::Other(count) => *count,
    }
}

fn main() {
    let size = ImageSize { width: 4, height: 3 };
    assert_eq!(size.pixels(), 12);
    assert_eq!(ImageSize::square(2), ImageSize { width: 2, height: 2 });
    assert_eq!(format!("{size:?}"), "ImageSize { width: 4, height: 3 }");
    assert_eq!(channel_count(&Channels::Rgb), 3);
    assert_eq!(channel_count(&Channels::Gray) + channel_count(&Channels::Other(2)), 3);
}
