//! Images: the container's blocks parsed (EXIF, embedded XMP, IPTC, ICC) and merged with the
//! sidecar into one `MediaMetadata`. Per field the sidecar wins, then EXIF, then embedded XMP
//! and IPTC; the date taken follows its own order (see `taken_at`).

use std::fs::File;
use std::path::Path;

use domain::media_metadata::MediaMetadata;

use super::container::{self, ExifBlock};
use super::exif::{parse_block, ExifTags, Source, SplitExif};
use super::xmp::{self, XmpTags};
use super::{exposure_time, icc, iptc, taken_at, MetadataError};

pub(crate) fn extract(
    path: &Path,
    sidecar: Option<&XmpTags>,
    problems: &mut Vec<String>,
) -> Result<MediaMetadata, MetadataError> {
    let file = File::open(path).map_err(MetadataError::Io)?;
    let extension = path.file_name().and_then(|n| n.to_str()).and_then(domain::media_types::extension);
    let mut found =
        container::read(file, extension.as_deref()).map_err(|error| MetadataError::from_read(error, path))?;
    problems.append(&mut found.problems);

    let source = match found.exif.take() {
        Some(ExifBlock::Tiff(tiff)) => {
            let (exif, mut exif_problems) = parse_block(tiff, "EXIF block");
            problems.append(&mut exif_problems);
            exif.map(Source::Single)
        }
        Some(ExifBlock::Split { ifd0, exif, gps }) => {
            let mut part = |block: Option<Vec<u8>>, what: &str| {
                let (exif, mut part_problems) = parse_block(block?, what);
                problems.append(&mut part_problems);
                exif
            };
            let ifd0 = part(ifd0, "EXIF block (CMT1)");
            let exif = part(exif, "EXIF block (CMT2)");
            let gps = part(gps, "EXIF block (CMT4)");
            Some(Source::Split(Box::new(SplitExif { ifd0, exif, gps })))
        }
        None => None,
    };
    let has_exif = source.is_some();
    let mut exif = source.as_ref().map(ExifTags::from_source).unwrap_or_default();

    if found.size.is_none() && !has_exif {
        let reason = if found.format == "unknown" {
            "it is in no image format Shoebox reads".to_owned()
        } else {
            format!("no pixel size in its {} header and no EXIF", found.format)
        };
        return Err(MetadataError::Unreadable(format!("{} is not a readable image: {reason}", path.display())));
    }

    let embedded = match found.xmp.take().or_else(|| exif.xmp.take()) {
        Some(packet) => match xmp::parse(&packet) {
            Ok(tags) => tags,
            Err(reason) => {
                problems.push(format!("The XMP embedded in the file is not valid: {reason}."));
                XmpTags::default()
            }
        },
        None => XmpTags::default(),
    };
    let iptc = found.iptc.take().or_else(|| exif.iptc.take()).map(|iim| iptc::parse(&iim)).unwrap_or_default();
    let color_profile = found.icc.take().or_else(|| exif.icc.take()).and_then(|profile| icc::description(&profile));

    let no_sidecar = XmpTags::default();
    let sidecar = sidecar.unwrap_or(&no_sidecar);
    let pick = |s: &Option<String>, e: &Option<String>, x: &Option<String>| {
        s.clone().or_else(|| e.clone()).or_else(|| x.clone())
    };

    let orientation = sidecar.orientation.or(exif.orientation).or(embedded.orientation);
    let mut size = found.size;
    if found.raw {
        // RAW headers often describe a preview; the largest size anywhere is the sensor image.
        let area = |s: &(u32, u32)| u64::from(s.0) * u64::from(s.1);
        size = [size, exif.pixel_size, exif.ifd0_size].into_iter().flatten().max_by_key(area);
    }
    if !found.size_is_displayed && matches!(orientation, Some(5..=8)) {
        size = size.map(|(w, h)| (h, w));
    }
    if size.is_none() {
        problems.push(format!("The pixel size could not be read from the {} header.", found.format));
    }

    let position = sidecar.position.or(exif.position).or(embedded.position);
    let keywords = if !sidecar.keywords.is_empty() {
        sidecar.keywords.clone()
    } else {
        let mut keywords = embedded.keywords.clone();
        for keyword in iptc.keywords {
            if !keywords.contains(&keyword) {
                keywords.push(keyword);
            }
        }
        keywords
    };
    let description = pick(&sidecar.description, &exif.description, &embedded.description).or(iptc.caption);

    Ok(MediaMetadata {
        taken_at: taken_at::choose(&exif.dates, &embedded.dates, &sidecar.dates),
        modified_at: taken_at::modified(&exif.dates, &embedded.dates, &sidecar.dates).map(taken_at::Stamp::utc),
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
        orientation,
        make: pick(&sidecar.make, &exif.make, &embedded.make),
        model: pick(&sidecar.model, &exif.model, &embedded.model),
        lens_model: pick(&sidecar.lens_model, &exif.lens_model, &embedded.lens_model),
        f_number: sidecar.f_number.or(exif.f_number).or(embedded.f_number),
        exposure_time: sidecar
            .exposure_time
            .or(exif.exposure_time)
            .or(embedded.exposure_time)
            .and_then(exposure_time::format),
        iso: sidecar.iso.or(exif.iso).or(embedded.iso),
        focal_length: sidecar.focal_length.or(exif.focal_length).or(embedded.focal_length),
        latitude: position.map(|p| p.latitude),
        longitude: position.map(|p| p.longitude),
        altitude: position.and_then(|p| p.altitude),
        rating: sidecar.rating.or(exif.rating).or(embedded.rating),
        description,
        keywords,
        projection_type: sidecar.projection_type.clone().or(embedded.projection_type),
        color_profile,
        ..MediaMetadata::default()
    })
}
