//! Decoding JPEG XL with jxl-oxide: plain Rust, no Python in sight.
//!
//! Every way decoding can fail is a variant of [`DecodeError`], with a message
//! written for the person who passed the bytes. lib.rs turns it into the
//! Python exception `JxlError`.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use jxl_oxide::{
    AllocTracker, ColorManagementSystem, EnumColourEncoding, ImageStream, InitializeResult,
    JxlImage, JxlThreadPool, PixelFormat, PreparedTransform, RenderingIntent,
};
use numpy::ndarray::Array3;

// ANCHOR: limits
/// The largest image decoded unless the caller allows more: 2^24 pixels,
/// 4096 x 4096, which a 12-megapixel photo fits in. jxl-oxide needs up to 36
/// bytes a pixel (measured), so an image at the limit may take 600 MiB.
pub const DEFAULT_MAX_PIXELS: u64 = 1 << 24;

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
    /// The data are damaged: which part, in the caller's words.
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
    let bytes = whole_boxes(bytes);
    // Decode on this process's own threads (see pool.rs), not on rayon's
    // global pool; or on this one alone (`draws_on_other_frames`).
    let mut image = parse(bytes, max_pixels, crate::pool::jxl_pool())?;
    if draws_on_other_frames(&image) {
        image = parse(bytes, max_pixels, JxlThreadPool::none())?;
    }
    let (width, height) = (image.width(), image.height());
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(DecodeError::TooLarge {
            width,
            height,
            limit: max_pixels,
        });
    }
    render_cmyk_as_srgb(&mut image);
    Ok(image)
}
// ANCHOR_END: read_header

/// Parse the header and read (not decode) the frames, with jxl-oxide on
/// `pool`. The tracker makes it fail, instead of allocating, past the memory
/// an image of `max_pixels` needs, whatever the header claims.
fn parse(bytes: &[u8], max_pixels: u64, pool: JxlThreadPool) -> Result<JxlImage, DecodeError> {
    let mut uninit = JxlImage::builder()
        .pool(pool)
        .alloc_tracker(AllocTracker::with_limit(memory_limit(max_pixels)))
        .build_uninit();
    uninit.feed_bytes(bytes).map_err(damaged_data)?;
    match uninit.try_init().map_err(damaged_data)? {
        InitializeResult::Initialized(image) => Ok(image),
        InitializeResult::NeedMoreData(_) => Err(DecodeError::TruncatedHeader),
    }
}

/// A container's data without the header of a box they end inside. jxl-oxide
/// calls data that end inside a box's 64-bit size damaged; without that
/// part, they end between two boxes, which it rightly calls cut short.
fn whole_boxes(bytes: &[u8]) -> &[u8] {
    if !bytes.starts_with(CONTAINER_SIGNATURE) {
        return bytes;
    }
    let mut start = 0;
    while start < bytes.len() {
        let rest = &bytes[start..];
        let word = |at: usize, len: usize| {
            rest[at..at + len]
                .iter()
                .fold(0u64, |n, &b| n << 8 | u64::from(b))
        };
        // A box starts with its size (4 bytes), then its type (4 bytes); a
        // size of 1 means that the size follows, in 8 more bytes.
        let header = if rest.len() >= 8 && word(0, 4) == 1 {
            16
        } else {
            8
        };
        if rest.len() < header {
            return &bytes[..start];
        }
        let size = if header == 16 { word(8, 8) } else { word(0, 4) };
        // A size of 0 (the box runs to the end) or one too small to hold the
        // header: no other box follows, or the data are damaged, which
        // jxl-oxide says.
        if size < header as u64 {
            break;
        }
        match usize::try_from(size) {
            Ok(size) if size < rest.len() => start += size,
            _ => break,
        }
    }
    bytes
}

/// Whether the first frame shown is drawn from frames before it: the small
/// LF frame of a progressive image, say. jxl-oxide 0.12 renders those as
/// tasks of the pool and waits for them inside another task, and a thread can
/// then wait for a task it has set aside itself, forever. Such images are
/// decoded on the calling thread alone (`JxlThreadPool::none()`).
fn draws_on_other_frames(image: &JxlImage) -> bool {
    image
        .frame(0)
        .is_some_and(|frame| !frame.header().is_keyframe())
}

// ANCHOR: damaged
// jxl-oxide's own descriptions of damaged data name its internals, such as
// "Enum(jxl_image::color::WhitePointDiscriminator) read invalid enum value
// of 0": nothing a person holding a damaged file can act on. We say which
// part of the file is damaged instead.
fn damaged_data(_decoder_says: impl fmt::Display) -> DecodeError {
    DecodeError::Corrupt(
        "the data break the format's rules (the file is damaged, or was not \
         written by a JPEG XL encoder)"
            .to_string(),
    )
}

fn damaged_pixels(_decoder_says: impl fmt::Display) -> DecodeError {
    DecodeError::Corrupt("the pixel data of the first frame are damaged".to_string())
}
// ANCHOR_END: damaged

// ANCHOR: decode_pixels
/// Decode the first frame of a JPEG XL image to 8-bit samples, shaped
/// `(height, width, channels)`: gray, gray + alpha, RGB or RGBA.
pub fn decode_pixels(bytes: &[u8], max_pixels: u64) -> Result<Array3<u8>, DecodeError> {
    // A decoder bug must not take the Python process down with it: a panic
    // inside jxl-oxide becomes an error like any other.
    catch_unwind(AssertUnwindSafe(|| {
        decode_unguarded(bytes, max_pixels, false)
    }))
    .unwrap_or_else(|_| Err(internal_error()))
}

fn internal_error() -> DecodeError {
    DecodeError::Corrupt("the decoder failed on these data (an internal error)".to_string())
}

/// `decode_pixels`, with the colors converted to sRGB.
pub fn decode_pixels_srgb(bytes: &[u8], max_pixels: u64) -> Result<Array3<u8>, DecodeError> {
    catch_unwind(AssertUnwindSafe(|| {
        decode_unguarded(bytes, max_pixels, true)
    }))
    .unwrap_or_else(|_| Err(internal_error()))
}

fn decode_unguarded(bytes: &[u8], max_pixels: u64, srgb: bool) -> Result<Array3<u8>, DecodeError> {
    let mut image = read_image(bytes, max_pixels)?;
    if srgb {
        render_as_srgb(&mut image);
    }
    // The first frame must be complete; later frames of an animation may be
    // missing, as we do not need them.
    if image.num_loaded_keyframes() == 0 {
        return Err(DecodeError::TruncatedData);
    }
    let render = image.render_frame(0).map_err(damaged_pixels)?;
    let mut stream = render.stream();
    let height = stream.height() as usize;
    let width = stream.width() as usize;
    let channels = stream.channels() as usize;
    let mut pixels = vec![0u8; height * width * channels];
    if premultiplied(&image) {
        write_straight_alpha(&mut stream, &mut pixels, channels);
    } else {
        stream.write_to_buffer(&mut pixels);
    }
    Array3::from_shape_vec((height, width, channels), pixels).map_err(damaged_pixels)
}
// ANCHOR_END: decode_pixels

// ANCHOR: color_profile
/// The ICC profile of the colors `decode_pixels` returns: the image's own
/// color space (sRGB for most files; Display P3, linear light, an embedded
/// profile...), or sRGB for a CMYK image, which we convert.
pub fn color_profile(bytes: &[u8], max_pixels: u64) -> Result<Vec<u8>, DecodeError> {
    catch_unwind(AssertUnwindSafe(|| {
        read_image(bytes, max_pixels).map(|image| image.rendered_icc())
    }))
    .unwrap_or_else(|_| Err(internal_error()))
}
// ANCHOR_END: color_profile

// ANCHOR: cmyk
/// Ask jxl-oxide to render a CMYK image in sRGB. Printers mix cyan, magenta,
/// yellow and black ink; screens and NumPy users mix red, green and blue
/// light, and no formula turns one into the other: the image's color profile
/// says what each ink mixture looks like, and a color-management engine
/// (moxcms, the `moxcms` feature of jxl-oxide) computes the sRGB color that
/// looks the same.
fn render_cmyk_as_srgb(image: &mut JxlImage) {
    if matches!(image.pixel_format(), PixelFormat::Cmyk | PixelFormat::Cmyka) {
        image.set_cms(Perceptual(jxl_oxide::Moxcms));
        image.request_color_encoding(EnumColourEncoding::srgb(RenderingIntent::Perceptual));
    }
}

/// A color-management engine that always converts with the perceptual
/// rendering intent. jxl-oxide passes the engine the intent written in the
/// image's ICC profile header, whatever we request, and a CMYK profile holds
/// a table for each intent. The perceptual one is the one the JPEG XL
/// conformance suite's sRGB rendering of its CMYK image agrees with (the
/// chapter "Making it fast" measures it).
struct Perceptual<C>(C);

impl<C: ColorManagementSystem> ColorManagementSystem for Perceptual<C> {
    fn prepare_transform(
        &self,
        from_icc: &[u8],
        to_icc: &[u8],
        _intent: RenderingIntent,
    ) -> Result<Box<dyn PreparedTransform>, Box<dyn std::error::Error + Send + Sync + 'static>>
    {
        self.0
            .prepare_transform(from_icc, to_icc, RenderingIntent::Perceptual)
    }
}
// ANCHOR_END: cmyk

// ANCHOR: srgb
/// Ask jxl-oxide for sRGB whatever color space the image is in (gray images
/// for sRGB's gray): for callers who want numbers they can show as they are.
fn render_as_srgb(image: &mut JxlImage) {
    let srgb = if image.pixel_format().is_grayscale() {
        EnumColourEncoding::gray_srgb(RenderingIntent::Relative)
    } else {
        EnumColourEncoding::srgb(RenderingIntent::Relative)
    };
    image.request_color_encoding(srgb);
}
// ANCHOR_END: srgb

// ANCHOR: straight_alpha
/// Whether the image stores its color already multiplied by alpha
/// ("associated", or premultiplied, alpha).
fn premultiplied(image: &JxlImage) -> bool {
    let extra_channels = &image.image_header().metadata.ec_info;
    extra_channels
        .iter()
        .any(|ec| ec.alpha_associated() == Some(true))
}

/// Write the stream's samples as 8-bit color with straight alpha, which is
/// what NumPy users and Pillow's RGBA mode assume: each color sample is
/// divided by its pixel's alpha while still a float, then rounded to 8 bits.
/// (Rounding first would lose most of the color of faint pixels.) Where
/// alpha is 0 the color is invisible and undefined; it becomes 0.
fn write_straight_alpha(stream: &mut ImageStream<'_>, pixels: &mut [u8], channels: usize) {
    let mut samples = vec![0f32; pixels.len()];
    stream.write_to_buffer(&mut samples);
    let to_u8 = |v: f32| (v * 255.0 + 0.5).clamp(0.0, 255.0) as u8;
    for (pixel, out) in samples
        .chunks_exact(channels)
        .zip(pixels.chunks_exact_mut(channels))
    {
        let alpha = pixel[channels - 1];
        for (sample, &color) in out.iter_mut().zip(&pixel[..channels - 1]) {
            *sample = if alpha > 0.0 { to_u8(color / alpha) } else { 0 };
        }
        out[channels - 1] = to_u8(alpha);
    }
}
// ANCHOR_END: straight_alpha

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
    fn data_that_end_inside_a_box_header_are_cut_short() {
        let mut file = CONTAINER_SIGNATURE.to_vec();
        file.extend([0, 0, 0, 1]); // the size follows the type
        file.extend(b"jxlc");
        file.extend(1000u64.to_be_bytes());
        for end in CONTAINER_SIGNATURE.len() + 1..file.len() {
            let error = read_image(&file[..end], DEFAULT_MAX_PIXELS).unwrap_err();
            assert_eq!(error, DecodeError::TruncatedHeader, "cut at {end}");
        }
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
