//! The metadata extractor against independent oracles on real files: every image in the shared
//! corpus is compared with `exiftool -json -n`, the video (and copies of it remuxed into every
//! container Shoebox takes) with `ffprobe`. Damaged files must give a clean answer, never a panic.
//! Skips, saying so, when the corpus is absent.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::corpus;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{FixedOffset, NaiveDateTime};
use domain::media_metadata::{MediaMetadata, TakenAtSource};
use domain::media_types::{asset_type, AssetType};
use jobs::metadata::{extract, find_sidecar, Extraction, MetadataError};
use serde_json::Value;

/// Corpus files whose values legitimately differ from exiftool's, with the reason (none do today).
/// (relative path, field) → why.
const ALLOWED: &[(&str, &str, &str)] = &[];

fn files(root: &Path, kind: AssetType) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if asset_type(&path.to_string_lossy()) == Some(kind) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn is_damaged(rel: &str) -> bool {
    rel.contains("jpg/invalid/") || rel.ends_with("corrupted.jpg")
}

/// One exiftool process over all files; `extra` adds arguments. Keyed by SourceFile.
fn exiftool(files: &[PathBuf], extra: &[&str]) -> BTreeMap<PathBuf, serde_json::Map<String, Value>> {
    let output = Command::new("exiftool")
        .args(["-json", "-G1", "-a", "-q", "-q", "-charset", "filename=utf8"])
        .args(extra)
        .args(files)
        .output()
        .expect("exiftool is installed (Debian libimage-exiftool-perl)");
    let parsed: Value = serde_json::from_slice(&output.stdout).expect("exiftool JSON");
    parsed
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let map = entry.as_object().unwrap().clone();
            (PathBuf::from(map["SourceFile"].as_str().unwrap()), map)
        })
        .collect()
}

fn extract_ok(path: &Path, kind: AssetType, sidecar: Option<&Path>) -> Extraction {
    extract(path, kind, sidecar).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An exiftool value as text (numbers included).
fn text(tags: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    let value = match tags.get(key)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.first().map(|v| v.to_string().trim_matches('"').to_owned())?,
        _ => return None,
    };
    (!value.is_empty()).then_some(value)
}

fn number(tags: &serde_json::Map<String, Value>, key: &str) -> Option<f64> {
    match tags.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An exiftool date (`2008:05:30 15:56:01`, with `.fff` and `+02:00`/`Z` perhaps) as (local, offset).
fn exiftool_date(value: &str) -> Option<(NaiveDateTime, Option<FixedOffset>)> {
    let local = NaiveDateTime::parse_from_str(value.get(..19)?, "%Y:%m:%d %H:%M:%S").ok()?;
    let mut rest = &value[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        rest = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = if rest == "Z" {
        FixedOffset::east_opt(0)
    } else if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) && &rest[3..4] == ":" {
        let sign = if rest.starts_with('-') { -1 } else { 1 };
        let hours: i32 = rest[1..3].parse().ok()?;
        let minutes: i32 = rest[4..6].parse().ok()?;
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
    } else {
        None
    };
    Some((local, offset))
}

/// The date taken exiftool's values imply under the documented priority: DateTimeOriginal,
/// CreateDate, XMP (exif:DateTimeOriginal, photoshop:DateCreated, xmp:CreateDate), ModifyDate,
/// GPS.
fn expected_taken(
    tags: &serde_json::Map<String, Value>,
) -> Option<(NaiveDateTime, Option<FixedOffset>, TakenAtSource)> {
    let exif = |date: &str, offset: &str| {
        let (local, inline) = exiftool_date(&text(tags, date)?)?;
        let offset = text(tags, offset).and_then(|o| exiftool_date(&format!("2000:01:01 00:00:00{o}"))?.1).or(inline);
        Some((local, offset))
    };
    let xmp = |key: &str| exiftool_date(&text(tags, key)?);
    // A date without a time of day (`2003:08:31`) ranks below every full XMP date.
    let xmp_day = |key: &str| {
        let day = chrono::NaiveDate::parse_from_str(&text(tags, key)?, "%Y:%m:%d").ok()?;
        Some((day.and_hms_opt(0, 0, 0)?, None))
    };
    use TakenAtSource::*;
    let candidates = [
        (exif("ExifIFD:DateTimeOriginal", "ExifIFD:OffsetTimeOriginal"), DateTimeOriginal),
        (exif("ExifIFD:CreateDate", "ExifIFD:OffsetTimeDigitized"), CreateDate),
        (
            xmp("XMP-exif:DateTimeOriginal")
                .or_else(|| xmp("XMP-photoshop:DateCreated"))
                .or_else(|| xmp("XMP-xmp:CreateDate"))
                .or_else(|| xmp_day("XMP-exif:DateTimeOriginal"))
                .or_else(|| xmp_day("XMP-photoshop:DateCreated"))
                .or_else(|| xmp_day("XMP-xmp:CreateDate")),
            Xmp,
        ),
        (exif("IFD0:ModifyDate", "ExifIFD:OffsetTime"), ModifyDate),
        (
            xmp("Composite:GPSDateTime")
                .or_else(|| xmp("XMP-exif:GPSDateTime"))
                .map(|(l, _)| (l, FixedOffset::east_opt(0))),
            GpsTime,
        ),
    ];
    candidates.into_iter().find_map(|(found, source)| found.map(|(local, offset)| (local, offset, source)))
}

fn close(a: Option<f64>, b: Option<f64>, tolerance: f64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= tolerance,
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn images_agree_with_exiftool() {
    let Some(root) = corpus() else { return };
    let images: Vec<PathBuf> =
        files(&root, AssetType::Image).into_iter().filter(|p| !is_damaged(&relative(&root, p))).collect();
    assert!(images.len() > 100, "the corpus has {} images", images.len());
    let numeric = exiftool(&images, &["-n"]);
    let printed = exiftool(&images, &["-ExposureTime"]);
    let mut mismatches = Vec::new();
    let mut checked = 0;

    for path in &images {
        let rel = relative(&root, path);
        let tags = numeric.get(path).unwrap_or_else(|| panic!("exiftool skipped {rel}"));
        let extraction = extract_ok(path, AssetType::Image, None);
        let meta = &extraction.metadata;
        let mut differ = |field: &str, ours: String, theirs: String| {
            if ours != theirs && !ALLOWED.iter().any(|(file, f, _)| *file == rel && *f == field) {
                mismatches.push(format!("{rel}: {field}: ours {ours}, exiftool {theirs}"));
            }
        };

        // Date taken.
        let ours = meta.taken_at.map(|t| (t.local.format("%Y-%m-%d %H:%M:%S").to_string(), t.offset, t.source));
        let theirs = expected_taken(tags).map(|(l, o, s)| (l.format("%Y-%m-%d %H:%M:%S").to_string(), o, s));
        differ("taken_at", format!("{ours:?}"), format!("{theirs:?}"));

        // GPS.
        let (lat, lon) = match (number(tags, "Composite:GPSLatitude"), number(tags, "Composite:GPSLongitude")) {
            (Some(lat), Some(lon)) if !(lat == 0.0 && lon == 0.0) => (Some(lat), Some(lon)),
            _ => match (number(tags, "XMP-exif:GPSLatitude"), number(tags, "XMP-exif:GPSLongitude")) {
                (Some(lat), Some(lon)) if !(lat == 0.0 && lon == 0.0) => (Some(lat), Some(lon)),
                _ => (None, None),
            },
        };
        if !close(meta.latitude, lat, 1e-5) || !close(meta.longitude, lon, 1e-5) {
            differ("gps", format!("{:?},{:?}", meta.latitude, meta.longitude), format!("{lat:?},{lon:?}"));
        }
        let altitude = lat.and(number(tags, "Composite:GPSAltitude").or(number(tags, "XMP-exif:GPSAltitude")));
        if !close(meta.altitude, altitude, 1e-3) {
            differ("altitude", format!("{:?}", meta.altitude), format!("{altitude:?}"));
        }

        // Orientation and displayed size.
        let orientation = number(tags, "IFD0:Orientation").or(number(tags, "XMP-tiff:Orientation")).map(|o| o as u16);
        let orientation = orientation.filter(|o| (1..=8).contains(o));
        differ("orientation", format!("{:?}", meta.orientation), format!("{orientation:?}"));
        if let Some(size) = text(tags, "Composite:ImageSize") {
            let mut parts = size.split([' ', 'x']).map(|p| p.parse::<u32>().unwrap());
            let (mut w, mut h) = (parts.next().unwrap(), parts.next().unwrap());
            let container_rotation = number(tags, "QuickTime:Rotation");
            let turned = match text(tags, "File:FileType").as_deref() {
                // HEIF rotates with its own irot property (exiftool's Rotation), not EXIF.
                Some("HEIC" | "HEIF" | "AVIF") => matches!(container_rotation, Some(r) if r == 90.0 || r == 270.0),
                _ => matches!(orientation, Some(5..=8)),
            };
            if turned {
                std::mem::swap(&mut w, &mut h);
            }
            differ("size", format!("{:?}x{:?}", meta.width, meta.height), format!("{:?}x{:?}", Some(w), Some(h)));
        } else {
            // exiftool does not read this file's size (a 16-bit JPEG XL): ours must still exist.
            if meta.width.is_none() || meta.height.is_none() {
                differ("size", "none".to_owned(), "a size".to_owned());
            }
        }

        // Camera.
        let pick = |a: &str, b: &str| text(tags, a).or_else(|| text(tags, b));
        differ("make", format!("{:?}", meta.make), format!("{:?}", pick("IFD0:Make", "XMP-tiff:Make")));
        differ("model", format!("{:?}", meta.model), format!("{:?}", pick("IFD0:Model", "XMP-tiff:Model")));
        differ(
            "lens",
            format!("{:?}", meta.lens_model),
            format!("{:?}", pick("ExifIFD:LensModel", "XMP-exifEX:LensModel")),
        );
        let exposure = printed
            .get(path)
            .and_then(|p| text(p, "ExifIFD:ExposureTime").or_else(|| text(p, "XMP-exif:ExposureTime")));
        differ("exposure", format!("{:?}", meta.exposure_time), format!("{exposure:?}"));
        let iso = number(tags, "ExifIFD:ISO").or(number(tags, "XMP-exif:ISO")).filter(|i| *i > 0.0).map(|i| i as u32);
        differ("iso", format!("{:?}", meta.iso), format!("{iso:?}"));
        let f_number = number(tags, "ExifIFD:FNumber").or(number(tags, "XMP-exif:FNumber")).filter(|f| *f > 0.0);
        if !close(meta.f_number, f_number, 1e-3) {
            differ("f_number", format!("{:?}", meta.f_number), format!("{f_number:?}"));
        }
        let focal = number(tags, "ExifIFD:FocalLength").or(number(tags, "XMP-exif:FocalLength")).filter(|f| *f > 0.0);
        if !close(meta.focal_length, focal, 1e-3) {
            differ("focal_length", format!("{:?}", meta.focal_length), format!("{focal:?}"));
        }

        // What people write about their photos.
        let rating = number(tags, "IFD0:Rating").or(number(tags, "XMP-xmp:Rating")).map(|r| r as i32);
        differ("rating", format!("{:?}", meta.rating), format!("{rating:?}"));
        let description = text(tags, "IFD0:ImageDescription")
            .or_else(|| text(tags, "XMP-dc:Description"))
            .or_else(|| text(tags, "IPTC:Caption-Abstract"));
        differ("description", format!("{:?}", meta.description), format!("{description:?}"));
        let mut keywords: Vec<String> = Vec::new();
        for key in ["XMP-dc:Subject", "IPTC:Keywords"] {
            match tags.get(key) {
                Some(Value::Array(items)) => {
                    keywords.extend(items.iter().map(|i| i.as_str().map(str::to_owned).unwrap_or(i.to_string())))
                }
                Some(Value::String(s)) => keywords.push(s.clone()),
                Some(other) => keywords.push(other.to_string()),
                None => {}
            }
        }
        keywords.sort();
        keywords.dedup();
        let mut ours = meta.keywords.clone();
        ours.sort();
        differ("keywords", format!("{ours:?}"), format!("{keywords:?}"));

        // The ICC profile's name, where the container stores it uncompressed.
        let compressed_icc = matches!(text(tags, "File:FileType").as_deref(), Some("PNG" | "JXL"));
        if !compressed_icc {
            differ(
                "color_profile",
                format!("{:?}", meta.color_profile),
                format!("{:?}", text(tags, "ICC_Profile:ProfileDescription")),
            );
        }
        checked += 1;
    }
    println!("compared {checked} images with exiftool");
    assert!(mismatches.is_empty(), "{} disagreements with exiftool:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn known_values() {
    let Some(root) = corpus() else { return };
    let meta = |rel: &str| extract_ok(&root.join(rel), AssetType::Image, None).metadata;

    let gps = meta("exif-samples/jpg/gps/DSCN0010.jpg");
    assert!((gps.latitude.unwrap() - 43.4674483333333).abs() < 1e-6);
    assert!((gps.longitude.unwrap() - 11.8851266666639).abs() < 1e-6);
    assert_eq!(gps.make.as_deref(), Some("NIKON"));
    assert_eq!(gps.model.as_deref(), Some("COOLPIX P6000"));
    assert_eq!(gps.exposure_time.as_deref(), Some("1/75"));

    let iphone = meta("exif-samples/heic/mobile/iphone_13_pro_max.HEIC");
    assert_eq!((iphone.width, iphone.height), (Some(3024), Some(4032)), "irot 270 turns the 4032x3024 ispe");
    assert_eq!(iphone.orientation, Some(6));
    let taken = iphone.taken_at.unwrap();
    assert_eq!(taken.local.to_string(), "2022-02-16 12:55:41");
    assert_eq!(taken.time_zone().as_deref(), Some("UTC+1"));
    assert_eq!(iphone.color_profile.as_deref(), Some("Display P3"));

    let rotated = meta("exif-samples/jpg/orientation/landscape_6.jpg");
    assert_eq!((rotated.width, rotated.height, rotated.orientation), (Some(600), Some(450), Some(6)));

    let rating = meta("immich-test-assets/metadata/rating/mongolels.jpg");
    assert_eq!(rating.rating, Some(3));
    assert_eq!(rating.description.as_deref(), Some("Mongol Els"));

    let picasa = meta("immich-test-assets/metadata/tags/picasa.jpg");
    assert_eq!(picasa.keywords, vec!["Frost", "Yard"], "IPTC keywords");

    let empty_gps = meta("immich-test-assets/metadata/gps-position/empty_gps.jpg");
    assert_eq!((empty_gps.latitude, empty_gps.longitude), (None, None));

    let altitude = meta("immich-test-assets/metadata/gps-position/thompson-springs.jpg");
    assert!((altitude.altitude.unwrap() - 1483.9).abs() < 1e-6);
    assert_eq!(altitude.keywords.len(), 5);

    let webp = meta("immich-test-assets/formats/webp/denali.webp");
    assert_eq!(webp.lens_model.as_deref(), Some("EF28-80mm f/3.5-5.6 USM"));

    let jxl = meta("immich-test-assets/formats/jxl/16bit-HDR-P3-nclx.jxl");
    assert!(jxl.width.is_some_and(|w| w > 0) && jxl.height.is_some_and(|h| h > 0));
}

#[test]
fn taken_at_priority() {
    let Some(root) = corpus() else { return };
    let taken = |rel: &str| extract_ok(&root.join(rel), AssetType::Image, None).metadata.taken_at;
    use TakenAtSource::*;

    // Immich's date fixtures.
    let t = taken("immich-test-assets/metadata/dates/date-priority-test.jpg").unwrap();
    assert_eq!((t.local.to_string(), t.source), ("2023-02-02 02:00:00".to_owned(), DateTimeOriginal));
    let t = taken("immich-test-assets/metadata/dates/gps-datetime.jpg").unwrap();
    assert_eq!(
        (t.local.to_string(), t.offset, t.source),
        ("2023-11-15 12:30:00".to_owned(), FixedOffset::east_opt(0), GpsTime)
    );
    assert_eq!(
        taken("immich-test-assets/metadata/dates/time-created.jpg"),
        None,
        "IPTC time without a date is no date"
    );
    let t = taken("immich-test-assets/metadata/gps-position/thompson-springs.jpg").unwrap();
    assert_eq!((t.local.to_string(), t.source), ("2022-01-10 15:15:44.310".to_owned(), Xmp));
    let t = taken("exif-samples/heic/mobile/HMD_Nokia_8.3_5G.heif").unwrap();
    assert_eq!((t.local.to_string(), t.source), ("2022-02-03 14:44:07".to_owned(), ModifyDate));

    // Every rung of the ladder, by taking tags away one after the other with exiftool.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ladder.jpg");
    std::fs::copy(root.join("exif-samples/jpg/orientation/landscape_1.jpg"), &file).unwrap();
    let write = |args: &[&str]| {
        let status =
            Command::new("exiftool").args(["-q", "-overwrite_original"]).args(args).arg(&file).status().unwrap();
        assert!(status.success());
    };
    write(&[
        "-ExifIFD:DateTimeOriginal=2021:01:01 01:01:01",
        "-ExifIFD:OffsetTimeOriginal=+05:30",
        "-ExifIFD:CreateDate=2021:02:02 02:02:02",
        "-ExifIFD:OffsetTimeDigitized=-03:00",
        "-XMP-xmp:CreateDate=2021:03:03 03:03:03+01:00",
        "-IFD0:ModifyDate=2021:04:04 04:04:04",
        "-ExifIFD:OffsetTime=+02:00",
        "-GPS:GPSDateStamp=2021:05:05",
        "-GPS:GPSTimeStamp=05:05:05",
    ]);
    let step = |local: &str, offset: i32, source: TakenAtSource| {
        let t = extract_ok(&file, AssetType::Image, None).metadata.taken_at.unwrap();
        assert_eq!(
            (t.local.to_string(), t.offset, t.source),
            (local.to_owned(), FixedOffset::east_opt(offset), source)
        );
    };
    step("2021-01-01 01:01:01", 5 * 3600 + 1800, DateTimeOriginal);
    write(&["-ExifIFD:DateTimeOriginal="]);
    step("2021-02-02 02:02:02", -3 * 3600, CreateDate);
    write(&["-ExifIFD:CreateDate="]);
    step("2021-03-03 03:03:03", 3600, Xmp);
    write(&["-XMP-xmp:CreateDate="]);
    step("2021-04-04 04:04:04", 2 * 3600, ModifyDate);
    let modified = extract_ok(&file, AssetType::Image, None).metadata.modified_at.unwrap();
    assert_eq!(modified.to_rfc3339(), "2021-04-04T02:04:04+00:00");
    write(&["-IFD0:ModifyDate="]);
    step("2021-05-05 05:05:05", 0, GpsTime);
    write(&["-GPS:all="]);
    assert_eq!(extract_ok(&file, AssetType::Image, None).metadata.taken_at, None);
}

#[test]
fn sidecars() {
    let Some(root) = corpus() else { return };
    let plain = root.join("exif-samples/jpg/orientation/landscape_1.jpg");
    let base = extract_ok(&plain, AssetType::Image, None);
    assert_eq!(base.metadata.taken_at, None);

    let mut sidecars = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xmp")) {
                sidecars.push(path);
            }
        }
    }
    sidecars.sort();
    assert!(sidecars.len() >= 4, "{sidecars:?}");
    let oracle = exiftool(&sidecars, &["-n"]);
    let printed = exiftool(&sidecars, &["-ExposureTime"]);
    for sidecar in &sidecars {
        let rel = relative(&root, sidecar);
        let extraction = extract_ok(&plain, AssetType::Image, Some(sidecar));
        assert!(extraction.problems.is_empty(), "{rel}: {:?}", extraction.problems);
        let meta = extraction.metadata;
        let taken = meta.taken_at.unwrap_or_else(|| panic!("{rel}: no date"));
        assert_eq!(taken.source, TakenAtSource::Xmp, "{rel}");
        if rel.contains("xmp/dates/") {
            // UTF-16 sidecars, which exiftool itself cannot read ("XMP character encoding error").
            let year = sidecar.file_stem().unwrap().to_str().unwrap();
            assert_eq!(taken.local.to_string(), format!("{year}-09-27 14:35:33"), "{rel}");
            assert_eq!(taken.time_zone().as_deref(), Some("UTC+2"), "{rel}");
            assert_eq!(meta.modified_at.unwrap().to_rfc3339(), format!("{year}-09-27T12:35:33+00:00"));
            continue;
        }
        let tags = &oracle[sidecar];
        let (local, offset, _) = expected_taken(tags).unwrap();
        assert_eq!((taken.local, taken.offset), (local, offset), "{rel}");
        assert_eq!(meta.make, text(tags, "XMP-tiff:Make"), "{rel}");
        assert_eq!(meta.model, text(tags, "XMP-tiff:Model"), "{rel}");
        assert!(close(meta.latitude, number(tags, "XMP-exif:GPSLatitude"), 1e-5), "{rel}: {:?}", meta.latitude);
        assert!(close(meta.longitude, number(tags, "XMP-exif:GPSLongitude"), 1e-5), "{rel}: {:?}", meta.longitude);
        assert_eq!(meta.iso, number(tags, "XMP-exif:ISO").map(|i| i as u32), "{rel}");
        assert_eq!(meta.exposure_time, text(&printed[sidecar], "XMP-exif:ExposureTime"), "{rel}");
        assert!(close(meta.f_number, number(tags, "XMP-exif:FNumber"), 1e-6), "{rel}");
        assert!(close(meta.focal_length, number(tags, "XMP-exif:FocalLength"), 1e-6), "{rel}");
        // The sidecar's blank dc:description is no description.
        assert_eq!(meta.description, None, "{rel}");
    }

    // The sidecar beats the file's own DateTimeOriginal.
    let canon = root.join("exif-samples/jpg/Canon_40D.jpg");
    let own = extract_ok(&canon, AssetType::Image, None).metadata;
    assert_eq!(own.taken_at.unwrap().local.to_string(), "2008-05-30 15:56:01");
    let sidecar = root.join("immich-test-assets/metadata/xmp/dates/2010.xmp");
    let overridden = extract_ok(&canon, AssetType::Image, Some(&sidecar)).metadata;
    assert_eq!(overridden.taken_at.unwrap().local.to_string(), "2010-09-27 14:35:33");
    assert_eq!(overridden.make, own.make, "fields the sidecar lacks come from the file");

    // A broken sidecar is a problem, and the file's own metadata still comes through.
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(root.join("immich-test-assets/problems/xmp/iso-value-array/iso-value-array.xmp")).unwrap();
    for (name, bytes) in
        [("truncated.xmp", &good[..good.len() / 2]), ("text.xmp", &b"this is not XML"[..]), ("empty.xmp", &b""[..])]
    {
        let broken = dir.path().join(name);
        std::fs::write(&broken, bytes).unwrap();
        let extraction = extract_ok(&canon, AssetType::Image, Some(&broken));
        assert_eq!(extraction.metadata, own, "{name}");
        assert_eq!(extraction.problems.len(), 1, "{name}: {:?}", extraction.problems);
        assert!(
            extraction.problems[0].contains(&format!("sidecar {name} is not valid XMP")),
            "{:?}",
            extraction.problems
        );
    }
    let missing = extract_ok(&canon, AssetType::Image, Some(&dir.path().join("gone.xmp")));
    assert_eq!(missing.metadata, own);
    assert_eq!(missing.problems.len(), 1);

    // Finding sidecars: photo.jpg.xmp first, then photo.xmp.
    let photo = dir.path().join("photo.jpg");
    std::fs::copy(&canon, &photo).unwrap();
    assert_eq!(find_sidecar(&photo), None);
    std::fs::write(dir.path().join("photo.xmp"), &good).unwrap();
    assert_eq!(find_sidecar(&photo), Some(dir.path().join("photo.xmp")));
    std::fs::write(dir.path().join("photo.jpg.xmp"), &good).unwrap();
    assert_eq!(find_sidecar(&photo), Some(dir.path().join("photo.jpg.xmp")));
}

#[test]
fn damaged_files_give_problems_or_clean_errors() {
    let Some(root) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let check = |path: &Path, kind: AssetType| -> Result<Extraction, String> {
        match extract(path, kind, None) {
            Ok(extraction) => Ok(extraction),
            Err(MetadataError::Unreadable(reason)) => Err(reason),
            Err(MetadataError::Io(error)) => panic!("{}: I/O error on a readable file: {error}", path.display()),
        }
    };

    // The corpus's broken JPEGs: each is still an image exiftool reads, so ours must be Ok.
    let damaged: Vec<PathBuf> =
        files(&root, AssetType::Image).into_iter().filter(|p| is_damaged(&relative(&root, p))).collect();
    assert_eq!(damaged.len(), 8);
    let oracle = exiftool(&damaged, &["-n"]);
    for path in &damaged {
        let extraction = check(path, AssetType::Image).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let size = text(&oracle[path], "Composite:ImageSize").unwrap();
        let (w, h) = size.split_once(' ').unwrap();
        let orientation = extraction.metadata.orientation;
        let (w, h) = if matches!(orientation, Some(5..=8)) { (h, w) } else { (w, h) };
        assert_eq!(
            (extraction.metadata.width, extraction.metadata.height),
            (w.parse().ok(), h.parse().ok()),
            "{}",
            path.display()
        );
    }

    // Zero bytes, text, truncations.
    let empty = dir.path().join("empty.jpg");
    std::fs::write(&empty, b"").unwrap();
    assert!(check(&empty, AssetType::Image).is_err());
    let empty_video = dir.path().join("empty.mp4");
    std::fs::write(&empty_video, b"").unwrap();
    assert!(check(&empty_video, AssetType::Video).is_err());
    let text_file = dir.path().join("notes.jpg");
    std::fs::write(&text_file, "Dear diary, today I took no photos.\n".repeat(50)).unwrap();
    assert!(check(&text_file, AssetType::Image).is_err());
    let text_video = dir.path().join("notes.mp4");
    std::fs::write(&text_video, "Dear diary, today I took no videos.\n".repeat(50)).unwrap();
    assert!(check(&text_video, AssetType::Video).is_err());

    let original = root.join("exif-samples/jpg/gps/DSCN0010.jpg");
    let jpeg = std::fs::read(&original).unwrap();
    let whole = extract_ok(&original, AssetType::Image, None).metadata;
    for cut in [1, 2, 3, 20, 100, 1000, 4000, 8000, 16000, jpeg.len() / 2, jpeg.len() - 1] {
        let cut_file = dir.path().join(format!("cut_{cut}.jpg"));
        std::fs::write(&cut_file, &jpeg[..cut]).unwrap();
        match check(&cut_file, AssetType::Image) {
            Ok(extraction) if extraction.metadata == whole => {}
            // Cut inside the headers: whatever was read, with the truncation named.
            Ok(extraction) => {
                assert!(extraction.problems.iter().any(|p| p.contains("truncated")), "cut {cut}: {extraction:?}")
            }
            Err(reason) => assert!(cut < 20_000, "cut {cut}: {reason}"),
        }
    }
    // A JPEG cut in its image data still has all of its headers.
    let cut_file = dir.path().join(format!("cut_{}.jpg", jpeg.len() / 2));
    assert_eq!(extract_ok(&cut_file, AssetType::Image, None).metadata, whole);

    let video = std::fs::read(root.join("video/short_hamilton_clip.mp4")).unwrap();
    for cut in [10, 1000, video.len() / 2] {
        let cut_file = dir.path().join(format!("cut_{cut}.mp4"));
        std::fs::write(&cut_file, &video[..cut]).unwrap();
        // Either a clean Unreadable or whatever the container still says.
        let _ = check(&cut_file, AssetType::Video);
    }

    // A missing file is an I/O error, worth retrying.
    let error = extract(&dir.path().join("nowhere.jpg"), AssetType::Image, None).unwrap_err();
    assert!(error.is_transient(), "{error}");
    let error = extract(&dir.path().join("nowhere.mp4"), AssetType::Video, None).unwrap_err();
    assert!(matches!(error, MetadataError::Io(_)), "{error}");
}

/// What ffprobe says about a video, in our terms.
fn ffprobe(path: &Path) -> MediaMetadata {
    let output = Command::new("ffprobe")
        .args(["-v", "error", "-print_format", "json", "-show_streams", "-show_format"])
        .arg(path)
        .output()
        .expect("ffprobe is installed");
    let probe: Value = serde_json::from_slice(&output.stdout).unwrap();
    let streams = probe["streams"].as_array().unwrap();
    let video = streams.iter().find(|s| s["codec_type"] == "video").unwrap();
    let audio = streams.iter().find(|s| s["codec_type"] == "audio");
    let rotation = video["side_data_list"]
        .as_array()
        .and_then(|list| list.iter().find_map(|sd| sd["rotation"].as_f64()))
        .map(|r| -r)
        .or_else(|| video["tags"]["rotate"].as_str().and_then(|r| r.parse().ok()))
        .map(|r: f64| (r as i32).rem_euclid(360))
        .unwrap_or(0);
    let (w, h) = (video["width"].as_u64().unwrap() as u32, video["height"].as_u64().unwrap() as u32);
    let (w, h) = if rotation % 180 == 90 { (h, w) } else { (w, h) };
    let rate = video["avg_frame_rate"].as_str().unwrap();
    let (num, den) = rate.split_once('/').unwrap();
    let (num, den): (f64, f64) = (num.parse().unwrap(), den.parse().unwrap());
    let duration: f64 = probe["format"]["duration"].as_str().unwrap().parse().unwrap();
    let tags = &probe["format"]["tags"];
    let taken_at = tags["creation_time"].as_str().map(|t| domain::media_metadata::TakenAt {
        local: chrono::DateTime::parse_from_rfc3339(t).unwrap().naive_utc(),
        offset: FixedOffset::east_opt(0),
        source: TakenAtSource::Container,
    });
    let mut meta = MediaMetadata {
        duration_ms: Some((duration * 1000.0).round() as i64),
        video_codec: video["codec_name"].as_str().map(str::to_owned),
        audio_codec: audio.and_then(|a| a["codec_name"].as_str()).map(str::to_owned),
        width: Some(w),
        height: Some(h),
        rotation: Some(rotation),
        frame_rate: (den > 0.0 && num > 0.0).then(|| num / den),
        taken_at,
        ..MediaMetadata::default()
    };
    if let Some(location) = tags["location"].as_str() {
        // `+43.4675+011.8826+300.000/`: split before each sign.
        let mut numbers = Vec::new();
        let mut current = String::new();
        for c in location.trim_end_matches('/').chars() {
            if (c == '+' || c == '-') && !current.is_empty() {
                numbers.push(current.parse::<f64>().unwrap());
                current.clear();
            }
            current.push(c);
        }
        numbers.push(current.parse::<f64>().unwrap());
        meta.latitude = Some(numbers[0]);
        meta.longitude = Some(numbers[1]);
        meta.altitude = numbers.get(2).copied();
    }
    meta
}

#[test]
fn videos_agree_with_ffprobe() {
    let Some(root) = corpus() else { return };
    let source = root.join("video/short_hamilton_clip.mp4");
    let dir = tempfile::tempdir().unwrap();
    let ffmpeg = |name: &str, args: &[&str]| {
        let out = dir.path().join(name);
        let status = Command::new("ffmpeg")
            .args(["-v", "error", "-y", "-i"])
            .arg(&source)
            .args(["-t", "1"])
            .args(args)
            .arg(&out)
            .status()
            .expect("ffmpeg is installed");
        assert!(status.success(), "ffmpeg {name}");
        out
    };
    let created = ["-metadata", "creation_time=2021-06-01T12:34:56Z"];
    let mut videos = vec![source.clone()];
    videos.push(ffmpeg(
        "rotated.mov",
        &[
            &created[..],
            &["-c", "copy", "-metadata:s:v:0", "rotate=270", "-metadata", "location=+43.4675+011.8826+300.000/"],
        ]
        .concat(),
    ));
    videos.push(ffmpeg("clip.mkv", &[&created[..], &["-c", "copy"]].concat()));
    videos
        .push(ffmpeg("clip.webm", &[&created[..], &["-c:v", "libvpx", "-b:v", "200k", "-c:a", "libvorbis"]].concat()));
    videos.push(ffmpeg("clip.avi", &["-c:v", "mpeg4", "-c:a", "libmp3lame"]));
    videos.push(ffmpeg(
        "clip.3gp",
        &[&created[..], &["-c:v", "copy", "-c:a", "aac", "-ac", "1", "-ar", "8000"]].concat(),
    ));
    videos.push(ffmpeg("clip.m2ts", &["-c", "copy", "-f", "mpegts"]));

    for video in &videos {
        let name = video.file_name().unwrap().to_string_lossy().into_owned();
        let ours = extract_ok(video, AssetType::Video, None).metadata;
        let theirs = ffprobe(video);
        assert!((ours.duration_ms.unwrap() - theirs.duration_ms.unwrap()).abs() <= 1, "{name}: {ours:?} vs {theirs:?}");
        assert_eq!(ours.video_codec, theirs.video_codec, "{name}");
        assert_eq!(ours.audio_codec, theirs.audio_codec, "{name}");
        assert_eq!((ours.width, ours.height, ours.rotation), (theirs.width, theirs.height, theirs.rotation), "{name}");
        assert!(
            close(ours.frame_rate, theirs.frame_rate, 1e-6),
            "{name}: {:?} vs {:?}",
            ours.frame_rate,
            theirs.frame_rate
        );
        assert_eq!(ours.taken_at, theirs.taken_at, "{name}");
        assert!(close(ours.latitude, theirs.latitude, 1e-5) && close(ours.longitude, theirs.longitude, 1e-5), "{name}");
        assert!(close(ours.altitude, theirs.altitude, 1e-3), "{name}");
    }

    // The copies do carry what the oracle is compared on.
    // FFmpeg 5.1 turns `rotate=270` into a display matrix of -90°: a portrait phone video, which
    // players turn 90° clockwise (ffprobe `rotation: -90`, exiftool `Rotation: 90`).
    let rotated = extract_ok(&videos[1], AssetType::Video, None).metadata;
    assert_eq!((rotated.width, rotated.height, rotated.rotation), (Some(360), Some(640), Some(90)));
    assert_eq!(rotated.taken_at.unwrap().local.to_string(), "2021-06-01 12:34:56");
    assert_eq!(rotated.latitude, Some(43.4675));
    let mkv = extract_ok(&videos[2], AssetType::Video, None).metadata;
    assert_eq!(mkv.taken_at.unwrap().local.to_string(), "2021-06-01 12:34:56");
    assert_eq!(extract_ok(&videos[3], AssetType::Video, None).metadata.video_codec.as_deref(), Some("vp8"));
    let original = extract_ok(&source, AssetType::Video, None).metadata;
    assert_eq!(original.duration_ms, Some(10_008));
    assert_eq!(original.taken_at, None, "the clip's creation time is zero");

    // A sidecar dates a video too.
    let sidecar = root.join("immich-test-assets/metadata/xmp/dates/2020.xmp");
    let dated = extract_ok(&source, AssetType::Video, Some(&sidecar)).metadata;
    let taken = dated.taken_at.unwrap();
    assert_eq!((taken.local.to_string(), taken.source), ("2020-09-27 14:35:33".to_owned(), TakenAtSource::Xmp));
    assert_eq!(dated.duration_ms, original.duration_ms);
}

/// HEIF, AVIF and JPEG XL turn the picture themselves (`irot`, the codestream orientation), so
/// their displayed size is checked against libvips, which decodes through libheif and libjxl.
#[test]
fn container_rotated_sizes_agree_with_libvips() {
    let Some(root) = corpus() else { return };
    let mut checked = 0;
    for path in files(&root, AssetType::Image) {
        let name = path.to_string_lossy().to_ascii_lowercase();
        if ![".heic", ".heif", ".avif", ".jxl"].iter().any(|e| name.ends_with(e)) {
            continue;
        }
        let field = |f: &str| -> u32 {
            let out = Command::new("vipsheader").args(["-f", f]).arg(&path).output().expect("vipsheader is installed");
            String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
        };
        let meta = extract_ok(&path, AssetType::Image, None).metadata;
        assert_eq!((meta.width, meta.height), (Some(field("width")), Some(field("height"))), "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 10, "checked {checked}");
}

/// Bytes flipped at random in the headers of one file of each format: every answer is Ok or
/// Unreadable, never a panic, and never an I/O error for a file that is there.
#[test]
fn mutated_files_never_panic() {
    let Some(root) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let samples = [
        ("exif-samples/jpg/gps/DSCN0010.jpg", AssetType::Image),
        ("exif-samples/heic/mobile/iphone_13_pro_max.HEIC", AssetType::Image),
        ("immich-test-assets/formats/avif/8bit-sRGB.avif", AssetType::Image),
        ("immich-test-assets/formats/png/density_plot.png", AssetType::Image),
        ("immich-test-assets/formats/webp/denali.webp", AssetType::Image),
        ("immich-test-assets/formats/jxl/8bit-sRGB.jxl", AssetType::Image),
        ("exif-samples/tiff/Crémieux11.tiff", AssetType::Image),
        ("immich-test-assets/metadata/gps-position/thompson-springs.jpg", AssetType::Image),
        ("video/short_hamilton_clip.mp4", AssetType::Video),
    ];
    // xorshift: the same mutations on every run.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut outcomes = [0usize; 2];
    for (rel, kind) in samples {
        let original = std::fs::read(root.join(rel)).unwrap();
        let extension = Path::new(rel).extension().unwrap().to_string_lossy().into_owned();
        let variants = if kind == AssetType::Video { 10 } else { 200 };
        for variant in 0..variants {
            let mut bytes = original.clone();
            // Half of the mutants are hit where the headers are densest.
            let window = bytes.len().min(if variant % 2 == 0 { 4096 } else { 64 * 1024 });
            for _ in 0..1 + next() % 16 {
                let at = (next() % window as u64) as usize;
                bytes[at] = next() as u8;
            }
            if variant % 5 == 4 {
                bytes.truncate((next() % bytes.len() as u64) as usize);
            }
            let path = dir.path().join(format!("mutant.{extension}"));
            std::fs::write(&path, &bytes).unwrap();
            let sidecar = dir.path().join("mutant.xmp");
            let xmp = std::fs::read(root.join("immich-test-assets/problems/xmp/iso-value-array/iso-value-array.xmp"))
                .unwrap();
            let mut xmp_bytes = xmp.clone();
            let at = (next() % xmp.len() as u64) as usize;
            xmp_bytes[at] = next() as u8;
            std::fs::write(&sidecar, &xmp_bytes).unwrap();
            match extract(&path, kind, Some(&sidecar)) {
                Ok(_) => outcomes[0] += 1,
                Err(MetadataError::Unreadable(_)) => outcomes[1] += 1,
                Err(MetadataError::Io(error)) => panic!("{rel} variant {variant}: I/O error {error}"),
            }
        }
    }
    println!("mutants: {} Ok, {} Unreadable", outcomes[0], outcomes[1]);
    assert!(outcomes[0] > 0);
}

/// PNG, GIF, WebP, TIFF and BMP made from a corpus JPEG by ffmpeg, tagged by exiftool: the
/// places each format keeps EXIF and XMP are all read.
#[test]
fn other_formats_written_by_exiftool() {
    let Some(root) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let source = root.join("exif-samples/jpg/orientation/landscape_1.jpg");
    for extension in ["png", "gif", "webp", "tif", "bmp"] {
        let path = dir.path().join(format!("made.{extension}"));
        let status = Command::new("ffmpeg").args(["-v", "error", "-y", "-i"]).arg(&source).arg(&path).status().unwrap();
        assert!(status.success(), "ffmpeg {extension}");
        let meta = extract_ok(&path, AssetType::Image, None).metadata;
        assert_eq!((meta.width, meta.height, meta.taken_at), (Some(600), Some(450), None), "{extension}");
        if extension == "bmp" {
            continue; // exiftool does not write BMP
        }
        let mut tags = vec![
            "-XMP-dc:Subject=tree",
            "-XMP-dc:Subject=sky",
            "-XMP-xmp:Rating=4",
            "-XMP-xmp:CreateDate=2020:02:02 20:20:20+01:00",
        ];
        if extension != "gif" {
            // GIF has no EXIF.
            tags.extend(["-EXIF:Make=Shoebox", "-EXIF:DateTimeOriginal=2019:01:01 10:00:00", "-EXIF:Orientation#=6"]);
        }
        let status =
            Command::new("exiftool").args(["-q", "-overwrite_original"]).args(&tags).arg(&path).status().unwrap();
        assert!(status.success(), "exiftool {extension}");
        let meta = extract_ok(&path, AssetType::Image, None).metadata;
        assert_eq!(meta.keywords, vec!["tree", "sky"], "{extension}");
        assert_eq!(meta.rating, Some(4), "{extension}");
        let taken = meta.taken_at.unwrap();
        if extension == "gif" {
            assert_eq!((taken.local.to_string(), taken.source), ("2020-02-02 20:20:20".to_owned(), TakenAtSource::Xmp));
            assert_eq!((meta.width, meta.height), (Some(600), Some(450)));
        } else {
            assert_eq!(
                (taken.local.to_string(), taken.source),
                ("2019-01-01 10:00:00".to_owned(), TakenAtSource::DateTimeOriginal),
                "{extension}"
            );
            assert_eq!(meta.make.as_deref(), Some("Shoebox"), "{extension}");
            assert_eq!((meta.width, meta.height, meta.orientation), (Some(450), Some(600), Some(6)), "{extension}");
        }
    }

    // Olympus ORF and Panasonic RW2 are TIFF with their own magic numbers.
    let tiff = std::fs::read(dir.path().join("made.tif")).unwrap();
    assert_eq!(&tiff[..4], b"II*\0");
    for (extension, magic) in [("orf", b"IIRO"), ("rw2", b"IIU\0")] {
        let mut raw = tiff.clone();
        raw[..4].copy_from_slice(magic);
        let path = dir.path().join(format!("made.{extension}"));
        std::fs::write(&path, raw).unwrap();
        let meta = extract_ok(&path, AssetType::Image, None).metadata;
        assert_eq!(meta.make.as_deref(), Some("Shoebox"), "{extension}");
        assert_eq!((meta.width, meta.height), (Some(450), Some(600)), "{extension}");
    }
}
