//! Decoding with jxl-rs, straight into memory the caller lends: the pixels
//! are written once, into the buffer that becomes the NumPy array.
//!
//! jxl-rs is the JPEG XL project's own Rust decoder. It has no color
//! management: it cannot convert CMYK to sRGB, nor render into a color space
//! other than the one the file names. Those images, and those whose colors
//! come with an ICC profile, go to jxl-oxide (decode.rs) instead.

use jxl::api::{
    Event, ExtraChannel, JxlBitDepth, JxlColorEncoding, JxlColorProfile, JxlColorType,
    JxlDataFormat, JxlDecoder, JxlDecoderOptions, JxlOutputBuffer, JxlPixelFormat,
};
use jxl::error::Error;

use crate::decode::{DecodeError, check_signature};
use crate::pool::Runner;

// ANCHOR: route
/// Which decoder an image goes to.
pub enum Route<'a> {
    /// jxl-rs: the header is read, and the size checked; `decode_into`
    /// writes the pixels into a buffer of `shape()`. (A decoder is a few
    /// kilobytes: boxed, so that `Route::Oxide` does not carry them too.)
    Direct(Box<Opened<'a>>),
    /// jxl-oxide, for what jxl-rs cannot do (see `open`).
    Oxide,
}

/// An image whose header jxl-rs has read, up to its first frame.
pub struct Opened<'a> {
    decoder: JxlDecoder,
    /// What is left of the data, after the part already read.
    input: &'a [u8],
    shape: [usize; 3],
    /// The ICC profile of the colors written, made by jxl-rs from the header.
    icc: Vec<u8>,
    /// All of the data, for `decode_into` to ask how wide each frame is coded
    /// (`needs_one_thread`).
    bytes: &'a [u8],
}
// ANCHOR_END: route

// ANCHOR: open
/// Read the header with jxl-rs and choose the decoder. Errors are the same
/// as jxl-oxide's (decode.rs): not JPEG XL, cut short, damaged, too large,
/// all found before any pixel memory is allocated. `max_pixels`: the
/// caller's limit, or None for jxl-rs's default (jxl-oxide's is lower).
pub fn open(bytes: &[u8], max_pixels: Option<u64>, srgb: bool) -> Result<Route<'_>, DecodeError> {
    check_signature(bytes)?;
    let max_pixels = max_pixels.unwrap_or(crate::decode::DEFAULT_MAX_PIXELS);
    let mut options = JxlDecoderOptions::default();
    // jxl-rs refuses, while reading the headers, any image or frame of more
    // than this many samples (pixels times 3 + extra channels, of which the
    // format allows 4), so that no frame header can make it work on more.
    // When it refuses, the image goes to jxl-oxide, whose limits decide and
    // whose messages say why (decode.rs).
    options.sample_limit =
        Some(usize::try_from(max_pixels.saturating_mul(7)).unwrap_or(usize::MAX));
    let mut decoder = JxlDecoder::new(options);
    let mut input = bytes;

    // The image header. Data that end inside it are cut short; data that
    // break its rules are damaged. jxl-rs reads a container's boxes more
    // strictly than libjxl and jxl-oxide do (it refuses an `ftyp` of minor
    // version 2, say): what it refuses in a container, jxl-oxide decides.
    let container = crate::decode::is_container(bytes);
    match next_event(&mut decoder, &mut input) {
        Ok(Event::BasicInfo) => {}
        _ if container => return Ok(Route::Oxide),
        Ok(_) => return Err(DecodeError::TruncatedHeader),
        Err(Error::ImageSizeTooLarge(..)) => return Ok(Route::Oxide),
        Err(error) => return Err(crate::decode::damaged_data(error)),
    }
    let info = decoder.basic_info().expect("after BasicInfo").clone();
    let (width, height) = info.size;
    if width as u64 * height as u64 > max_pixels {
        return Err(DecodeError::TooLarge {
            width: width as u32,
            height: height as u32,
            limit: max_pixels,
        });
    }

    // What jxl-rs cannot render as jxl-oxide does: CMYK (a Black extra
    // channel) and spot colors, and colors described by an ICC profile. And
    // samples of more than 8 bits: jxl-rs dithers them down to 8 bits, where
    // we promise each one rounded to the nearest 8-bit value. Alpha stored
    // premultiplied stays with jxl-oxide too: no file of the course shows
    // that the two decoders agree on it.
    let deep =
        !matches!(info.bit_depth, JxlBitDepth::Int { bits_per_sample } if bits_per_sample <= 8);
    let alpha = info.extra_channels.first().map(|ec| ec.ec_type) == Some(ExtraChannel::Alpha);
    let premultiplied = info.extra_channels.iter().any(|ec| ec.alpha_associated);
    let others = info.extra_channels.len() - usize::from(alpha);
    let profile = decoder.embedded_color_profile().expect("after BasicInfo");
    let gray = profile.channels() == 1;
    let srgb_already =
        profile.same_color_encoding(&JxlColorProfile::Simple(JxlColorEncoding::srgb(gray)));
    if deep || premultiplied || others > 0 || !profile.can_output_to() || (srgb && !srgb_already) {
        return Ok(Route::Oxide);
    }

    // 8-bit samples, interleaved, alpha last.
    let color_type = match (gray, alpha) {
        (true, false) => JxlColorType::Grayscale,
        (true, true) => JxlColorType::GrayscaleAlpha,
        (false, false) => JxlColorType::Rgb,
        (false, true) => JxlColorType::Rgba,
    };
    let format = JxlPixelFormat {
        color_type,
        color_data_format: Some(JxlDataFormat::U8 { bit_depth: 8 }),
        // The alpha channel is written with the colors, not on its own.
        extra_channel_format: vec![None; info.extra_channels.len()],
    };
    decoder
        .set_pixel_format(format)
        .map_err(crate::decode::damaged_data)?;

    // The ICC profile of the colors jxl-rs writes, for `decode_jxl` to attach:
    // jxl-rs makes it from the header, so it needs no frame (and about 3 µs).
    // A color space it cannot describe stays with jxl-oxide.
    let icc = match decoder.output_color_profile().and_then(|p| p.try_as_icc()) {
        Some(icc) => icc.into_owned(),
        None => return Ok(Route::Oxide),
    };

    // Read on to the first frame's header and table of contents: data that
    // end before it are cut short, and nothing has been allocated yet.
    match next_event(&mut decoder, &mut input) {
        Ok(Event::FrameHeader) => {}
        _ if container => return Ok(Route::Oxide),
        Ok(_) => return Err(DecodeError::TruncatedData),
        Err(Error::ImageSizeTooLarge(..)) => return Ok(Route::Oxide),
        Err(error) => return Err(crate::decode::damaged_data(error)),
    }
    Ok(Route::Direct(Box::new(Opened {
        decoder,
        input,
        shape: [height, width, color_type.samples_per_pixel()],
        icc,
        bytes,
    })))
}

/// Feed jxl-rs the data until it has something to say: since it has all the
/// data, `NeedMoreInput` means they are cut short. Reading headers needs no
/// thread: jxl-rs runs its few tasks here, one after another.
fn next_event(decoder: &mut JxlDecoder, input: &mut &[u8]) -> Result<Event, Error> {
    decoder.process(input, None, None)
}
// ANCHOR_END: open

// ANCHOR: decode_into
impl Opened<'_> {
    /// `(height, width, channels)` of the pixels `decode_into` writes.
    pub fn shape(&self) -> [usize; 3] {
        self.shape
    }

    /// The ICC profile of the colors `decode_into` writes: the color space
    /// the file names.
    pub fn icc_profile(&self) -> &[u8] {
        &self.icc
    }

    /// Decode the first frame into `pixels`, which holds exactly `shape()`
    /// bytes, row after row. `runner` runs jxl-rs's tasks in parallel.
    pub fn decode_into(
        mut self,
        pixels: &mut [u8],
        runner: &mut Runner,
    ) -> Result<(), DecodeError> {
        let [height, width, channels] = self.shape;
        assert_eq!(
            pixels.len(),
            height * width * channels,
            "a buffer of shape()"
        );
        if pixels.is_empty() {
            return Ok(());
        }
        // jxl-rs writes through this view of our buffer, and only while
        // `process` runs: when it returns, the buffer is ours again.
        let mut buffers = [JxlOutputBuffer::new(pixels, height, width * channels)];
        // Each width as coded; one thread if jxl-oxide cannot tell them.
        let widths = crate::decode::coded_widths(self.bytes);
        if widths.is_none_or(|widths| widths.into_iter().any(needs_one_thread)) {
            runner.one_thread();
        }
        loop {
            match self
                .decoder
                .process(&mut self.input, Some(&mut buffers), Some(&mut *runner))
            {
                Ok(Event::FrameComplete { .. }) => return Ok(()),
                Ok(Event::NeedMoreInput { .. } | Event::Complete) => {
                    return Err(DecodeError::TruncatedData);
                }
                Ok(_) => {}
                Err(_) if runner.was_interrupted() => return Err(DecodeError::Interrupted),
                Err(error) => return Err(crate::decode::damaged_pixels(error)),
            }
        }
    }
}
// ANCHOR_END: decode_into

/// Whether jxl-rs 0.8 must decode a frame whose channels are coded
/// `coded_width` samples wide on one thread. On several, its pixels near the
/// right edge change from run to run when the last column of groups is
/// narrower than about twice the border its filters read (measured: widths
/// of 256 k + 5 to 7 for a 4-pixel border, 256 k + 8 to 11 for a 7-pixel
/// one; its borders are at most 9 pixels), and so for an upsampled frame
/// whose coded width is such. Groups are 128 to 1024 samples wide, so a
/// width 1 to 17 past a multiple of 128 is decoded on one thread.
pub fn needs_one_thread(coded_width: u32) -> bool {
    (1..=17).contains(&(coded_width % 128))
}

#[cfg(test)]
mod tests {
    use super::needs_one_thread;

    #[test]
    fn the_widths_jxl_rs_decodes_differently_on_several_threads_get_one() {
        // Measured with 256-pixel groups: 256 k + 5 to 11.
        for width in [517, 518, 519, 520, 523, 773, 1029, 1285] {
            assert!(needs_one_thread(width), "{width}");
        }
        // Whole groups, and a last column wide enough: as many threads as the pool has.
        for width in [256, 512, 4032, 8192, 531, 600, 3001] {
            assert!(!needs_one_thread(width), "{width}");
        }
    }
}
