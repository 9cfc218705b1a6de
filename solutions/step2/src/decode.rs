//! Decoding JPEG XL with jxl-oxide: plain Rust, no Python in sight.
//!
//! Keeping this apart from the PyO3 code means it can be tested, reused and
//! read without knowing anything about Python.

// ANCHOR: decode_pixels
use jxl_oxide::{
    ColorManagementSystem, EnumColourEncoding, ImageStream, JxlImage, JxlThreadPool, PixelFormat,
    PreparedTransform, RenderingIntent,
};
use numpy::ndarray::Array3;

/// Decode the first frame of a JPEG XL image to 8-bit samples, shaped
/// `(height, width, channels)`: gray, gray + alpha, RGB or RGBA.
///
/// Errors are plain strings for now; step 4 gives them a type of their own.
pub fn decode_pixels(bytes: &[u8]) -> Result<Array3<u8>, String> {
    // Parse the whole file: the header, then every frame's data (`read`).
    let mut image = read(bytes).map_err(|e| format!("cannot read this JPEG XL image: {e}"))?;
    // Refuse an image too large to decode safely before rendering a pixel:
    // the header says how large it is (the chapter on errors explains why).
    refuse_too_large(&image)?;
    // Color images come out as RGB, in the image's color space (sRGB for
    // most files); a black channel makes them CMYK, which we convert.
    render_cmyk_as_srgb(&mut image);
    // Render keyframe 0: the first frame an animation shows.
    let render = image
        .render_frame(0)
        .map_err(|e| format!("cannot decode this JPEG XL image: {e}"))?;
    // The stream yields the color channels, then alpha, row by row, with the
    // image's orientation applied, converting each sample to u8 (16-bit
    // samples are scaled: v * 255 / 65535, rounded).
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
    // The Vec becomes the array's storage as it is; no copy.
    Array3::from_shape_vec((height, width, channels), pixels).map_err(|e| e.to_string())
}
// ANCHOR_END: decode_pixels

/// Parse the whole file: the header, then every frame's data, to decode on
/// this process's own threads (see pool.rs), not rayon's global pool.
fn read(bytes: &[u8]) -> jxl_oxide::Result<JxlImage> {
    let image = JxlImage::builder()
        .pool(crate::pool::jxl_pool())
        .read(bytes)?;
    if draws_on_other_frames(&image) {
        return JxlImage::builder().pool(JxlThreadPool::none()).read(bytes);
    }
    Ok(image)
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

/// The largest image decoded: 2^24 pixels, 4096 x 4096, which a 12-megapixel
/// photo fits in. jxl-oxide needs up to 36 bytes a pixel (measured), so 2 KB
/// of JPEG XL declaring 8192 x 8192 pixels would take over 2 GiB to decode.
/// Step 4 lets the caller choose the limit.
const MAX_PIXELS: u64 = 1 << 24;

/// An error for an image whose header declares more than `MAX_PIXELS` pixels.
fn refuse_too_large(image: &JxlImage) -> Result<(), String> {
    let (width, height) = (image.width(), image.height());
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "image too large: {width} x {height} is {pixels} pixels, more than the limit of \
             {MAX_PIXELS}"
        ));
    }
    Ok(())
}

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
