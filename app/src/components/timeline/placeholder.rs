//! What a tile shows before its thumbnail arrives: the asset's thumbhash drawn as a tiny
//! bitmap the browser scales up (a blurred preview of the photo), or a stable colour from the
//! id when the thumbnail job has not made a thumbhash yet.

use base64::Engine;

/// A CSS `background` for a tile: the thumbhash image when there is one, else a flat colour.
pub fn tile_background(id: &uuid::Uuid, thumbhash: Option<&str>) -> String {
    match thumbhash.and_then(thumbhash_bitmap) {
        Some(bitmap) => format!("center / cover no-repeat url(data:image/bmp;base64,{bitmap})"),
        None => flat_color(id),
    }
}

/// A stable hue from the id, so a page of missing placeholders is not one flat colour.
fn flat_color(id: &uuid::Uuid) -> String {
    let hue = id.as_bytes()[0] as u32 * 360 / 256;
    format!("hsl({hue} 18% 72%)")
}

/// The thumbhash (base64, as Immich stores and sends it) as a base64 BMP; `None` if malformed.
fn thumbhash_bitmap(encoded: &str) -> Option<String> {
    let hash = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let (w, h, rgba) = thumbhash::thumb_hash_to_rgba(&hash).ok()?;
    Some(base64::engine::general_purpose::STANDARD.encode(bmp(w, h, &rgba)))
}

/// A 24-bit BMP: the simplest image every browser decodes (no compression, no checksum).
/// Alpha is dropped: photos are opaque.
fn bmp(width: usize, height: usize, rgba: &[u8]) -> Vec<u8> {
    let row = (width * 3).div_ceil(4) * 4;
    let pixels = row * height;
    let size = 54 + pixels;
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(b"BM");
    out.extend_from_slice(&(size as u32).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&54u32.to_le_bytes());
    out.extend_from_slice(&40u32.to_le_bytes());
    out.extend_from_slice(&(width as i32).to_le_bytes());
    out.extend_from_slice(&(height as i32).to_le_bytes()); // positive: rows bottom-up
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&24u16.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // no compression
    out.extend_from_slice(&(pixels as u32).to_le_bytes());
    out.extend_from_slice(&2835i32.to_le_bytes());
    out.extend_from_slice(&2835i32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    for y in (0..height).rev() {
        let start = out.len();
        for x in 0..width {
            let p = &rgba[(y * width + x) * 4..][..4];
            out.extend_from_slice(&[p[2], p[1], p[0]]);
        }
        out.resize(start + row, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A thumbhash made from a known image: left half red, right half blue.
    fn red_blue_hash() -> Vec<u8> {
        let (w, h) = (32, 24);
        let mut rgba = Vec::with_capacity(w * h * 4);
        for _y in 0..h {
            for x in 0..w {
                rgba.extend_from_slice(if x < w / 2 { &[220, 30, 30, 255] } else { &[30, 30, 220, 255] });
            }
        }
        thumbhash::rgba_to_thumb_hash(w, h, &rgba)
    }

    #[test]
    fn a_thumbhash_becomes_a_bitmap_of_the_photo_s_colours() {
        let hash = red_blue_hash();
        let encoded = base64::engine::general_purpose::STANDARD.encode(&hash);
        let bitmap = thumbhash_bitmap(&encoded).unwrap_or_else(|| panic!("a bitmap from a valid thumbhash"));
        let bitmap = base64::engine::general_purpose::STANDARD.decode(bitmap).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&bitmap[..2], b"BM");
        let width = i32::from_le_bytes([bitmap[18], bitmap[19], bitmap[20], bitmap[21]]) as usize;
        let height = i32::from_le_bytes([bitmap[22], bitmap[23], bitmap[24], bitmap[25]]) as usize;
        assert_eq!(u16::from_le_bytes([bitmap[28], bitmap[29]]), 24);
        let row = (width * 3).div_ceil(4) * 4;
        assert_eq!(bitmap.len(), 54 + row * height);
        assert_eq!(u32::from_le_bytes([bitmap[2], bitmap[3], bitmap[4], bitmap[5]]) as usize, bitmap.len());
        // Rows are stored bottom-up in blue, green, red order: the middle row's first pixel is
        // reddish, its last bluish.
        let middle = 54 + row * (height / 2);
        let (b0, r0) = (bitmap[middle], bitmap[middle + 2]);
        let last = middle + (width - 1) * 3;
        let (b1, r1) = (bitmap[last], bitmap[last + 2]);
        assert!(r0 > b0 + 60, "left is red: r={r0} b={b0}");
        assert!(b1 > r1 + 60, "right is blue: r={r1} b={b1}");
    }

    #[test]
    fn tiles_without_a_usable_thumbhash_get_a_stable_colour() {
        let id = uuid::Uuid::from_bytes([128; 16]);
        assert_eq!(tile_background(&id, None), "hsl(180 18% 72%)");
        assert_eq!(tile_background(&id, Some("not base64!")), "hsl(180 18% 72%)");
        assert_eq!(tile_background(&id, Some("AAAA")), "hsl(180 18% 72%)", "too short to be a thumbhash");
        let hash = base64::engine::general_purpose::STANDARD.encode(red_blue_hash());
        assert!(tile_background(&id, Some(&hash)).starts_with("center / cover no-repeat url(data:image/bmp;base64,Qk"));
    }
}
