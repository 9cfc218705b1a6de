//! Decoding JPEG XL with jxl-oxide: plain Rust, no Python in sight.
//!
//! Keeping this apart from the PyO3 code means it can be tested, reused and
//! read without knowing anything about Python.

// ANCHOR: decode_pixels
use jxl_oxide::{JxlImage, PixelFormat};
use numpy::ndarray::Array3;

/// Decode the first frame of a JPEG XL image to 8-bit samples, shaped
/// `(height, width, channels)`: gray, gray + alpha, RGB or RGBA.
///
/// Errors are plain strings for now; step 4 gives them a type of their own.
pub fn decode_pixels(bytes: &[u8]) -> Result<Array3<u8>, String> {
    // Parse the whole file: the header, then every frame's data. Decode on
    // this process's own threads (see pool.rs), not rayon's global pool.
    let image = JxlImage::builder()
        .pool(crate::pool::jxl_pool())
        .read(bytes)
        .map_err(|e| format!("cannot read this JPEG XL image: {e}"))?;
    // Color images come out as RGB, in the image's color space (sRGB for
    // most files); a black channel would make them CMYK, which needs color
    // management this step leaves out.
    if matches!(image.pixel_format(), PixelFormat::Cmyk | PixelFormat::Cmyka) {
        return Err("CMYK JPEG XL images are not supported".to_string());
    }
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
    stream.write_to_buffer(&mut pixels);
    // The Vec becomes the array's storage as it is; no copy.
    Array3::from_shape_vec((height, width, channels), pixels).map_err(|e| e.to_string())
}
// ANCHOR_END: decode_pixels
