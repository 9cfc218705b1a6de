//! Decoding JPEG XL with jxl-oxide: plain Rust, no Python in sight.
//!
//! Every way decoding can fail is a variant of [`DecodeError`], with a message
//! written for the person who passed the bytes. lib.rs turns it into the
//! Python exception `JxlError`.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use jxl_oxide::{AllocTracker, InitializeResult, JxlImage, PixelFormat};
use numpy::ndarray::Array3;

// ANCHOR: limits
/// The largest image decoded unless the caller allows more: 2^26 pixels,
/// 8192 x 8192. A 12-megapixel photo is far below it.
pub const DEFAULT_MAX_PIXELS: u64 = 1 << 26;

/// Memory jxl-oxide may allocate for an image of `pixels` pixels: its planes
/// hold 4-byte floats, up to 5 channels, plus room for its own bookkeeping.
fn memory_limit(pixels: u64) -> usize {
    usize::try_from(pixels.saturating_mul(5 * 4 * 2).saturating_add(64 << 20)).unwrap_or(usize::MAX)
}
// ANCHOR_END: limits

// ANCHOR: decode_error
/// Everything that can go wrong while decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// No bytes at all.
    Empty,
    /// The bytes do not start like a JPEG XL file.
    NotJxl,
    /// The data end before the image header is complete.
    TruncatedHeader,
    /// The header is complete, but the data end before the first frame is.
    TruncatedData,
    /// The data are damaged: jxl-oxide's own description.
    Corrupt(String),
    /// A valid image this module does not handle.
    Unsupported(&'static str),
    /// The header declares more pixels than the caller allows.
    TooLarge { width: u32, height: u32, limit: u64 },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "no data: the bytes are empty"),
            Self::NotJxl => write!(
                f,
                "not a JPEG XL image: the data start with neither the JPEG XL \
                 signature (FF 0A) nor its container header"
            ),
            Self::TruncatedHeader => write!(
                f,
                "truncated JPEG XL image: the data end inside the image header"
            ),
            Self::TruncatedData => write!(
                f,
                "truncated JPEG XL image: the header is complete but the pixel data \
                 of the first frame are cut short"
            ),
            Self::Corrupt(detail) => write!(f, "corrupted JPEG XL image: {detail}"),
            Self::Unsupported(what) => write!(f, "unsupported JPEG XL image: {what}"),
            Self::TooLarge {
                width,
                height,
                limit,
            } => write!(
                f,
                "image too large: {width} x {height} is {} pixels, more than the limit of \
                 {limit}; pass a larger max_pixels if you trust this image",
                u64::from(*width) * u64::from(*height)
            ),
        }
    }
}

impl std::error::Error for DecodeError {}
// ANCHOR_END: decode_error

/// The two ways a JPEG XL file can start: a bare codestream, or the ISO BMFF
/// container that wraps one.
const CODESTREAM_SIGNATURE: &[u8] = &[0xFF, 0x0A];
const CONTAINER_SIGNATURE: &[u8] = &[
    0, 0, 0, 0x0C, b'J', b'X', b'L', b' ', 0x0D, 0x0A, 0x87, 0x0A,
];

// ANCHOR: read_header
/// Parse the image header, refusing what is not a JPEG XL image, what is cut
/// short, and what is larger than `max_pixels`, all before any pixel memory
/// is allocated. Frames that follow the header are read, not decoded.
pub fn read_image(bytes: &[u8], max_pixels: u64) -> Result<JxlImage, DecodeError> {
    let image = open(bytes, memory_limit(max_pixels))?;
    let (width, height) = (image.width(), image.height());
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(DecodeError::TooLarge {
            width,
            height,
            limit: max_pixels,
        });
    }
    refuse_cmyk(&image)?;
    Ok(image)
}

/// Check the signature, parse the header, and read (not decode) the frames
/// that follow, with jxl-oxide allowed `memory` bytes at most.
fn open(bytes: &[u8], memory: usize) -> Result<JxlImage, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let starts_like = |signature: &[u8]| {
        let n = signature.len().min(bytes.len());
        bytes[..n] == signature[..n]
    };
    if !starts_like(CODESTREAM_SIGNATURE) && !starts_like(CONTAINER_SIGNATURE) {
        return Err(DecodeError::NotJxl);
    }
    // The tracker makes jxl-oxide fail, instead of allocating, past `memory`
    // bytes, whatever the header claims.
    let mut uninit = JxlImage::builder()
        .alloc_tracker(AllocTracker::with_limit(memory))
        .build_uninit();
    uninit.feed_bytes(bytes).map_err(corrupt)?;
    match uninit.try_init().map_err(corrupt)? {
        InitializeResult::Initialized(image) => Ok(image),
        InitializeResult::NeedMoreData(_) => Err(DecodeError::TruncatedHeader),
    }
}

fn refuse_cmyk(image: &JxlImage) -> Result<(), DecodeError> {
    if matches!(image.pixel_format(), PixelFormat::Cmyk | PixelFormat::Cmyka) {
        return Err(DecodeError::Unsupported(
            "CMYK images need color management, which this module does not do",
        ));
    }
    Ok(())
}
// ANCHOR_END: read_header

// ANCHOR: header
/// What the header says about an image: everything `read_jxl_metadata`
/// returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    pub channels: u8,
    pub bits_per_sample: u32,
    pub has_alpha: bool,
    pub animated: bool,
    pub frames: usize,
}

/// Read the header, decoding no pixel: it sits at the start of the file (the
/// course's samples need 6 to 59 bytes; an embedded colour profile can add
/// kilobytes). Of an animation, the frames in `bytes` are counted too.
pub fn read_header(bytes: &[u8]) -> Result<Header, DecodeError> {
    catch_unwind(AssertUnwindSafe(|| {
        // The header is at the start: try the first 4 KiB before the whole
        // file, which jxl-oxide would otherwise read frame by frame. Reading
        // frames allocates little, whatever the header claims, so the default
        // memory limit is plenty.
        let memory = memory_limit(DEFAULT_MAX_PIXELS);
        let prefix = &bytes[..bytes.len().min(4096)];
        let image = match open(prefix, memory) {
            Ok(image) => image,
            Err(_) if prefix.len() < bytes.len() => open(bytes, memory)?,
            Err(error) => return Err(error),
        };
        refuse_cmyk(&image)?;
        let metadata = &image.image_header().metadata;
        let animated = metadata.animation.is_some();
        // A still image shows one frame. Counting an animation's frames means
        // reading past every frame, so that one needs all the bytes.
        let frames = match (animated, prefix.len() < bytes.len()) {
            (false, _) => 1,
            (true, false) => image.num_loaded_keyframes(),
            (true, true) => open(bytes, memory)?.num_loaded_keyframes(),
        };
        let format = image.pixel_format();
        Ok(Header {
            width: image.width(),
            height: image.height(),
            channels: format.channels() as u8,
            bits_per_sample: metadata.bit_depth.bits_per_sample(),
            has_alpha: format.has_alpha(),
            animated,
            frames,
        })
    }))
    .unwrap_or_else(|_| Err(internal_error()))
}
// ANCHOR_END: header

fn corrupt(error: impl fmt::Display) -> DecodeError {
    DecodeError::Corrupt(error.to_string())
}

// ANCHOR: decode_pixels
/// Decode the first frame of a JPEG XL image to 8-bit samples, shaped
/// `(height, width, channels)`: gray, gray + alpha, RGB or RGBA.
pub fn decode_pixels(bytes: &[u8], max_pixels: u64) -> Result<Array3<u8>, DecodeError> {
    // A decoder bug must not take the Python process down with it: a panic
    // inside jxl-oxide becomes an error like any other.
    catch_unwind(AssertUnwindSafe(|| decode_unguarded(bytes, max_pixels)))
        .unwrap_or_else(|_| Err(internal_error()))
}

fn internal_error() -> DecodeError {
    DecodeError::Corrupt("the decoder failed on these data (an internal error)".to_string())
}

fn decode_unguarded(bytes: &[u8], max_pixels: u64) -> Result<Array3<u8>, DecodeError> {
    let image = read_image(bytes, max_pixels)?;
    // The first frame must be complete; later frames of an animation may be
    // missing, as we do not need them.
    if image.num_loaded_keyframes() == 0 {
        return Err(DecodeError::TruncatedData);
    }
    let render = image.render_frame(0).map_err(corrupt)?;
    let mut stream = render.stream();
    let height = stream.height() as usize;
    let width = stream.width() as usize;
    let channels = stream.channels() as usize;
    let mut pixels = vec![0u8; height * width * channels];
    stream.write_to_buffer(&mut pixels);
    Array3::from_shape_vec((height, width, channels), pixels).map_err(corrupt)
}
// ANCHOR_END: decode_pixels

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: unit_tests
    #[test]
    fn empty_input() {
        assert_eq!(
            read_image(b"", DEFAULT_MAX_PIXELS).unwrap_err(),
            DecodeError::Empty
        );
    }

    #[test]
    fn not_a_jxl_file() {
        let png_start = b"\x89PNG\r\n\x1a\n";
        assert_eq!(
            read_image(png_start, DEFAULT_MAX_PIXELS).unwrap_err(),
            DecodeError::NotJxl
        );
    }

    #[test]
    fn a_signature_alone_is_a_truncated_header() {
        let error = read_image(CODESTREAM_SIGNATURE, DEFAULT_MAX_PIXELS).unwrap_err();
        assert_eq!(error, DecodeError::TruncatedHeader);
    }

    #[test]
    fn messages_say_what_is_wrong() {
        let error = DecodeError::TooLarge {
            width: 10_000,
            height: 10_000,
            limit: 1 << 26,
        };
        assert_eq!(
            error.to_string(),
            "image too large: 10000 x 10000 is 100000000 pixels, more than the limit of \
             67108864; pass a larger max_pixels if you trust this image"
        );
    }
    // ANCHOR_END: unit_tests
}
