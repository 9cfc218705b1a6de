//! Decoding JPEG XL with jxl-oxide: plain Rust, no Python in sight.
//!
//! Every way decoding can fail is a variant of [`DecodeError`], with a message
//! written for the person who passed the bytes. lib.rs turns it into the
//! Python exception `JxlError`.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use jxl_oxide::image::BitDepth;
use jxl_oxide::{
    AllocTracker, ColorManagementSystem, EnumColourEncoding, ImageStream, InitializeResult,
    JxlImage, JxlImageBuilder, JxlThreadPool, PixelFormat, PreparedTransform, Render,
    RenderingIntent,
};
use jxl_render::ImageBuffer;
use numpy::ndarray::Array3;
use rayon::prelude::*;

// ANCHOR: limits
/// The largest image jxl-rs decodes unless the caller allows more: 2^26
/// pixels, 8192 x 8192. A 12-megapixel photo is far below it.
pub const DEFAULT_MAX_PIXELS: u64 = 1 << 26;

/// The largest image jxl-oxide decodes unless the caller allows more: 2^24
/// pixels, step 5's limit. The limit follows the decoder: for the same
/// pixels, jxl-oxide needs several times the memory jxl-rs does.
pub const OXIDE_MAX_PIXELS: u64 = 1 << 24;

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
    /// Ctrl-C was pressed: the caller raises KeyboardInterrupt instead.
    Interrupted,
    /// This machine would not give the memory the pixels need.
    OutOfMemory { bytes: usize },
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
            Self::Interrupted => write!(f, "decoding was interrupted"),
            Self::OutOfMemory { bytes } => write!(
                f,
                "not enough memory for the image's pixels ({:.1} GiB)",
                *bytes as f64 / f64::from(1 << 30)
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

/// Whether the data start like the container (boxes around the codestream).
pub fn is_container(bytes: &[u8]) -> bool {
    bytes.starts_with(CONTAINER_SIGNATURE)
}

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
    Ok(image)
}

/// Check the signature, parse the header, and read (not decode) the frames
/// that follow, with jxl-oxide allowed `memory` bytes at most.
fn open(bytes: &[u8], memory: usize) -> Result<JxlImage, DecodeError> {
    check_signature(bytes)?;
    let bytes = whole_boxes(bytes);
    let mut image = parse(bytes, memory, crate::pool::jxl_pool())?;
    if draws_on_other_frames(&image) {
        image = parse(bytes, memory, JxlThreadPool::none())?;
    }
    render_cmyk_as_srgb(&mut image);
    Ok(image)
}

/// Parse the header and read (not decode) the frames, with jxl-oxide on `pool`.
fn parse(bytes: &[u8], memory: usize, pool: JxlThreadPool) -> Result<JxlImage, DecodeError> {
    let mut uninit = builder(memory, pool).build_uninit();
    uninit.feed_bytes(bytes).map_err(damaged_data)?;
    match uninit.try_init() {
        Ok(InitializeResult::Initialized(image)) => Ok(image),
        Ok(InitializeResult::NeedMoreData(_)) => Err(DecodeError::TruncatedHeader),
        Err(error) => Err(damaged_frame(bytes, memory).unwrap_or_else(|| damaged_data(error))),
    }
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

/// A container's data without the header of a box they end inside. jxl-oxide
/// calls data that end inside a box's 64-bit size damaged; without that
/// part, they end between two boxes, which it rightly calls cut short.
fn whole_boxes(bytes: &[u8]) -> &[u8] {
    if !is_container(bytes) {
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

/// jxl-oxide, allowed `memory` bytes at most: the tracker makes it fail,
/// instead of allocating, past them, whatever the header claims. It decodes
/// on `pool`: this process's own threads (see pool.rs), not rayon's global
/// pool, or none but the calling thread.
fn builder(memory: usize, pool: JxlThreadPool) -> JxlImageBuilder {
    let tracker = AllocTracker::with_limit(memory);
    // jxl-oxide cannot be told to stop. When Ctrl-C stops the work this
    // decode belongs to (pool.rs), its memory allowance drops to nothing: its
    // next allocation fails, and the decode ends there.
    let allowance = tracker.clone();
    crate::pool::on_stop(move || take_all(&allowance));
    JxlImage::builder().pool(pool).alloc_tracker(tracker)
}

// ANCHOR_END: read_header

/// Leave `tracker` no bytes to give: shrink its limit by the largest amounts
/// it allows, halving them, until nothing is left.
fn take_all(tracker: &AllocTracker) {
    for shift in (0..usize::BITS).rev() {
        while tracker.shrink_limit(1 << shift).is_ok() {}
    }
}

/// Refuse empty data, and data that start like no JPEG XL file.
pub fn check_signature(bytes: &[u8]) -> Result<(), DecodeError> {
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
    Ok(())
}

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
        let metadata = &image.image_header().metadata;
        let animated = metadata.animation.is_some();
        // A still image shows one frame. Counting an animation's frames means
        // reading past every frame, so that one needs all the bytes. A frame
        // that cannot be read is refused, and the message says which
        // (`damaged_frame`); decoding, which needs the first frame only, may
        // still succeed. (Damage that makes a frame look cut short cannot be
        // told from a file cut short: the frames before it are counted.)
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

/// The widths, in samples, of what jxl-rs decodes for the first frame shown:
/// of each frame up to it (a frame may be drawn from those before), its color
/// channels and each extra channel, as coded: before upsampling and before
/// the orientation turns them. jxl-rs keeps frame headers to itself, so
/// jxl-oxide reads them. None when it cannot.
pub fn coded_widths(bytes: &[u8]) -> Option<Vec<u32>> {
    // Fed in pieces, twice as large each time, jxl-oxide is left at the first
    // frame shown: an animation's later frames are never read.
    let bytes = whole_boxes(bytes);
    let memory = memory_limit(DEFAULT_MAX_PIXELS);
    let (mut image, mut fed, mut piece) = header_in_pieces(bytes, memory, 64 << 10)?;
    while image.num_loaded_keyframes() == 0 {
        let end = bytes.len().min(fed + piece);
        fed += image.feed_bytes(&bytes[fed..end]).ok()?;
        if end == bytes.len() {
            break; // all fed: the frames read are all there are
        }
        piece *= 2;
    }
    let mut widths = Vec::new();
    for index in 0..image.num_loaded_frames() {
        let header = image.frame(index)?.header();
        widths.push(header.color_sample_width());
        widths.extend(
            header
                .ec_upsampling
                .iter()
                .map(|&up| header.sample_width(up)),
        );
        if header.is_keyframe() {
            return Some(widths);
        }
    }
    None
}

// ANCHOR: damaged
// jxl-oxide's (and jxl-rs's) own descriptions of damaged data name their internals, such as
// "Enum(jxl_image::color::WhitePointDiscriminator) read invalid enum value
// of 0": nothing a person holding a damaged file can act on. We say which
// part of the file is damaged instead.
pub fn damaged_data(_decoder_says: impl fmt::Display) -> DecodeError {
    DecodeError::Corrupt(
        "the data break the format's rules (the file is damaged, or was not \
         written by a JPEG XL encoder)"
            .to_string(),
    )
}

pub fn damaged_pixels(_decoder_says: impl fmt::Display) -> DecodeError {
    DecodeError::Corrupt("the pixel data of the first frame are damaged".to_string())
}

/// Of data jxl-oxide refuses, the frame it could not read, when it read the
/// header and a frame or more before it. They are read again, the header
/// alone first, in pieces of 64 bytes, then 128, and so on (the course's
/// headers need one; an embedded profile, a few), then the frames: data
/// refused after the header are then a frame that cannot be read, and the
/// frames read before it, counted as a viewer shows them, say which one. The
/// damage is in that frame, or in the one before it: a damaged table of
/// contents tells jxl-oxide a wrong end for its frame, and the next one fails.
fn damaged_frame(bytes: &[u8], memory: usize) -> Option<DecodeError> {
    let (mut image, fed, _) = header_in_pieces(bytes, memory, 64)?;
    image.feed_bytes(&bytes[fed..]).err()?;
    let read = image.num_loaded_keyframes();
    if read == 0 {
        return None;
    }
    Some(DecodeError::Corrupt(format!(
        "frame {} cannot be read: the damage is in it or in the frame before",
        read + 1
    )))
}

/// Feed jxl-oxide `bytes` in pieces, `first` bytes then twice as many each
/// time, until it has read the image header: the image, how many bytes it
/// took, and the size of the next piece. None when it refuses the data or
/// they end first.
fn header_in_pieces(bytes: &[u8], memory: usize, first: usize) -> Option<(JxlImage, usize, usize)> {
    let mut uninit = builder(memory, crate::pool::jxl_pool()).build_uninit();
    let (mut fed, mut piece) = (0, first);
    loop {
        let end = bytes.len().min(fed + piece);
        // jxl-oxide may keep back the end of a piece, to be fed again.
        fed += uninit.feed_bytes(&bytes[fed..end]).ok()?;
        piece *= 2;
        match uninit.try_init().ok()? {
            InitializeResult::Initialized(image) => return Some((image, fed, piece)),
            InitializeResult::NeedMoreData(_) if end == bytes.len() => return None,
            InitializeResult::NeedMoreData(more) => uninit = more,
        }
    }
}
// ANCHOR_END: damaged

// ANCHOR: decode_pixels
/// Decode the first frame of a JPEG XL image to 8-bit samples, shaped
/// `(height, width, channels)`: gray, gray + alpha, RGB or RGBA. jxl-rs
/// decodes it when it can (direct.rs), into the array returned; jxl-oxide
/// decodes the rest.
pub fn decode_pixels(bytes: &[u8], max_pixels: Option<u64>) -> Result<Array3<u8>, DecodeError> {
    let route = guarded(|| crate::direct::open(bytes, max_pixels, false))?;
    let crate::direct::Route::Direct(opened) = route else {
        return decode_with_oxide(bytes, max_pixels, false);
    };
    let mut pixels = zeroed(opened.shape())?;
    let buffer = pixels.as_slice_mut().expect("a new array is contiguous");
    // No Ctrl-C check here: decode_many looks for it between images.
    guarded(|| opened.decode_into(buffer, &mut crate::pool::Runner::new(None)))?;
    Ok(pixels)
}

/// A zeroed array of `shape`, or OutOfMemory: `Array3::zeros` would end the
/// process when the allocation fails (Rust aborts on a failed allocation),
/// where `try_reserve_exact` returns an error. With a raised `max_pixels`, a
/// header can ask for more memory than this machine has.
pub fn zeroed(shape: [usize; 3]) -> Result<Array3<u8>, DecodeError> {
    let bytes = shape.iter().try_fold(1usize, |all, &n| all.checked_mul(n));
    let bytes = bytes.ok_or(DecodeError::OutOfMemory { bytes: usize::MAX })?;
    // Ask first, in a way that can fail...
    let mut asked: Vec<u8> = Vec::new();
    asked
        .try_reserve_exact(bytes)
        .map_err(|_| DecodeError::OutOfMemory { bytes })?;
    drop(asked);
    // ...then take it zeroed from the allocator: for a large image, calloc's
    // fresh pages from the kernel, already zero, that nothing writes before
    // the decoder does. (Filling the reserved Vec with zeros would write every
    // byte once more, slowly in a build without optimisations.)
    Ok(Array3::zeros(shape))
}

/// Run `decode`, turning a panic into an error: a decoder bug must not take
/// the Python process down with it.
pub fn guarded<T>(decode: impl FnOnce() -> Result<T, DecodeError>) -> Result<T, DecodeError> {
    catch_unwind(AssertUnwindSafe(decode)).unwrap_or_else(|_| Err(internal_error()))
}

fn internal_error() -> DecodeError {
    DecodeError::Corrupt("the decoder failed on these data (an internal error)".to_string())
}

/// Decode with jxl-oxide, on this process's pool (see pool.rs), so that the
/// rows below are interleaved on its threads, not on rayon's global pool.
pub fn decode_with_oxide(
    bytes: &[u8],
    max_pixels: Option<u64>,
    srgb: bool,
) -> Result<Array3<u8>, DecodeError> {
    let max_pixels = max_pixels.unwrap_or(OXIDE_MAX_PIXELS);
    crate::pool::pool().install(|| guarded(|| decode_unguarded(bytes, max_pixels, srgb)))
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
    Ok(interleave(&image, &render))
}
// ANCHOR_END: decode_pixels

// ANCHOR: interleave
/// The rendered frame as `(height, width, channels)` bytes.
fn interleave(image: &JxlImage, render: &Render) -> Array3<u8> {
    if let Some(pixels) = interleave_planes(image, render) {
        return pixels;
    }
    // Any other image: jxl-oxide's stream, one sample at a time.
    let mut stream = render.stream();
    let height = stream.height() as usize;
    let width = stream.width() as usize;
    let channels = stream.channels() as usize;
    let mut pixels = vec![0u8; height * width * channels];
    if premultiplied(image) {
        write_straight_alpha(&mut stream, &mut pixels, channels);
    } else {
        stream.write_to_buffer(&mut pixels);
    }
    Array3::from_shape_vec((height, width, channels), pixels).expect("the stream's own shape")
}

/// The fast way, for the common images: color planes plus at most an alpha
/// plane, 8-bit integers or floats, no rotation. Each output row is filled
/// from the planes' rows, and rows are done in parallel. `None` for anything
/// else.
fn interleave_planes(image: &JxlImage, render: &Render) -> Option<Array3<u8>> {
    let metadata = &image.image_header().metadata;
    let (extra_info, extra_planes) = render.extra_channels();
    if render.orientation() != 1
        || premultiplied(image)
        || extra_info.iter().any(|ec| !ec.is_alpha())
        || extra_info.len() > 1
    {
        return None;
    }
    let eight_bit =
        |depth: &BitDepth| matches!(depth, BitDepth::IntegerSample { bits_per_sample: 8 });
    let mut depths = vec![&metadata.bit_depth; render.color_channels().len()];
    depths.extend(metadata.ec_info.iter().map(|ec| &ec.bit_depth));
    let planes: Vec<&ImageBuffer> = render.color_channels().iter().chain(extra_planes).collect();
    let (width, height) = (image.width() as usize, image.height() as usize);
    for (plane, depth) in planes.iter().zip(&depths) {
        let (w, h, integer) = match plane {
            ImageBuffer::F32(g) => (g.width(), g.height(), false),
            ImageBuffer::I32(g) => (g.width(), g.height(), true),
            ImageBuffer::I16(g) => (g.width(), g.height(), true),
        };
        // Integers of other bit depths need scaling: leave them to the stream.
        if w < width || h < height || (integer && !eight_bit(depth)) {
            return None;
        }
    }
    let channels = planes.len();
    let mut pixels = vec![0u8; height * width * channels];
    pixels
        .par_chunks_mut(width * channels)
        .enumerate()
        .for_each(|(y, row)| {
            for (c, plane) in planes.iter().enumerate() {
                match plane {
                    // Floats are nominally 0.0..=1.0, as in jxl-oxide's own conversion.
                    ImageBuffer::F32(g) => fill(row, c, channels, &g.get_row(y)[..width], |v| {
                        (v * 255.0 + 0.5).clamp(0.0, 255.0) as u8
                    }),
                    ImageBuffer::I32(g) => fill(row, c, channels, &g.get_row(y)[..width], |v| {
                        v.clamp(0, 255) as u8
                    }),
                    ImageBuffer::I16(g) => fill(row, c, channels, &g.get_row(y)[..width], |v| {
                        v.clamp(0, 255) as u8
                    }),
                }
            }
        });
    Array3::from_shape_vec((height, width, channels), pixels).ok()
}

/// Write channel `c` of an interleaved output row from one plane's row.
fn fill<T: Copy>(row: &mut [u8], c: usize, channels: usize, source: &[T], to_u8: impl Fn(T) -> u8) {
    for (out, &value) in row[c..].iter_mut().step_by(channels).zip(source) {
        *out = to_u8(value);
    }
}
// ANCHOR_END: interleave

// ANCHOR: color_profile
/// The ICC profile of the colors `decode_pixels` returns: the image's own
/// color space (sRGB for most files; Display P3, linear light, an embedded
/// profile...), or sRGB for a CMYK image, which we convert.
///
/// The decoder that decodes the pixels describes them. jxl-rs reads no
/// further than the first frame, for its profile as for its pixels, so an
/// animation whose later frame is damaged gets both. jxl-oxide, which reads
/// every frame's header first, describes the images it decodes.
pub fn color_profile(bytes: &[u8], max_pixels: Option<u64>) -> Result<Vec<u8>, DecodeError> {
    guarded(|| match crate::direct::open(bytes, max_pixels, false)? {
        crate::direct::Route::Direct(opened) => Ok(opened.icc_profile().to_vec()),
        crate::direct::Route::Oxide => {
            read_image(bytes, max_pixels.unwrap_or(OXIDE_MAX_PIXELS)).map(|i| i.rendered_icc())
        }
    })
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
    fn a_signature_alone_is_a_truncated_header() {
        let error = read_image(CODESTREAM_SIGNATURE, DEFAULT_MAX_PIXELS).unwrap_err();
        assert_eq!(error, DecodeError::TruncatedHeader);
    }

    #[test]
    fn data_that_end_inside_a_box_header_are_cut_short() {
        let mut file = CONTAINER_SIGNATURE.to_vec();
        file.extend([0, 0, 0, 1]); // the size follows the type
        file.extend(b"jxlc");
        file.extend(1000u64.to_be_bytes());
        for end in CONTAINER_SIGNATURE.len() + 1..file.len() {
            assert_eq!(
                whole_boxes(&file[..end]),
                CONTAINER_SIGNATURE,
                "cut at {end}"
            );
            let error = read_image(&file[..end], DEFAULT_MAX_PIXELS).unwrap_err();
            assert_eq!(error, DecodeError::TruncatedHeader, "cut at {end}");
        }
        // Whole box headers are left as they are.
        assert_eq!(whole_boxes(&file), &file[..]);
        assert_eq!(whole_boxes(CODESTREAM_SIGNATURE), CODESTREAM_SIGNATURE);
    }

    #[test]
    fn coded_widths_name_each_frame_and_extra_channel() {
        let sample = |name: &str| std::fs::read(format!("../../images/{name}.jxl")).unwrap();
        assert_eq!(coded_widths(&sample("narrow_edge")), Some(vec![517]));
        // Alpha is an extra channel, coded at the image's width here.
        assert_eq!(coded_widths(&sample("rgba")), Some(vec![53, 53]));
        assert_eq!(coded_widths(b"\xff\x0a"), None);
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

    /// `nox -s bench` times the decode here, in Rust alone, to compare with the
    /// same decode called from Python. By hand:
    /// BENCH_IMAGE=path cargo test --release -p solution6 --lib -- --ignored
    /// --nocapture time_decode
    #[test]
    #[ignore]
    fn time_decode() {
        use std::time::Instant;
        let Ok(path) = std::env::var("BENCH_IMAGE") else {
            return;
        };
        let rounds: usize = std::env::var("BENCH_ROUNDS").map_or(5, |r| r.parse().unwrap());
        let bytes = std::fs::read(path).unwrap();
        let decode = (0..rounds)
            .map(|_| {
                let start = Instant::now();
                decode_pixels(&bytes, Some(u64::MAX)).unwrap();
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        println!("BENCH decode={decode}");
    }

    #[test]
    fn planes_and_stream_agree_on_every_sample() {
        let images = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../images");
        let mut fast = 0;
        for entry in std::fs::read_dir(images).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "jxl") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let image = read_image(&bytes, DEFAULT_MAX_PIXELS).unwrap();
            let render = image.render_frame(0).unwrap();
            let Some(planes) = interleave_planes(&image, &render) else {
                continue;
            };
            fast += 1;
            let mut stream = render.stream();
            let mut expected = vec![0u8; planes.len()];
            stream.write_to_buffer(&mut expected);
            assert_eq!(
                planes.as_slice().unwrap(),
                &expected[..],
                "{}",
                path.display()
            );
        }
        assert!(fast >= 5, "only {fast} samples took the fast way");
    }
}
