//! Times the metadata extractor: every image under a directory, N times each, and prints the
//! median per photo (the median over photos of each photo's median), so that it can be set
//! against `exiftool` (see `bench/metadata_vs_exiftool.sh`).
//!
//! `cargo run --release -p jobs --example metadata_bench -- DIR [--iterations N] [--ext jpg,jpeg] [--dump]`
//! `--dump` prints each file's extraction instead of timing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use domain::media_types::{asset_type, extension, AssetType};
use jobs::metadata::extract;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut iterations = 20usize;
    let mut extensions: Option<Vec<String>> = None;
    let mut dump = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--iterations" => iterations = args.next().and_then(|n| n.parse().ok()).expect("--iterations N"),
            "--ext" => {
                extensions = Some(
                    args.next()
                        .expect("--ext list")
                        .split(',')
                        .map(|e| format!(".{}", e.trim_start_matches('.')))
                        .collect(),
                )
            }
            "--dump" => dump = true,
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.expect("usage: metadata_bench DIR [--iterations N] [--ext jpg,jpeg] [--dump]");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.retain(|path| {
        let name = path.to_string_lossy();
        asset_type(&name) == Some(AssetType::Image)
            && extensions.as_ref().is_none_or(|list| extension(&name).is_some_and(|e| list.contains(&e)))
    });
    files.sort();
    assert!(!files.is_empty(), "no images under {}", dir.display());

    if dump {
        for path in &files {
            match extract(path, AssetType::Image, None) {
                Ok(extraction) => println!("{}\t{:?}\t{:?}", path.display(), extraction.metadata, extraction.problems),
                Err(error) => println!("{}\terror: {error}", path.display()),
            }
        }
        return;
    }

    // One warm-up pass so that the page cache and lazy initialisation are not measured.
    for path in &files {
        let _ = extract(path, AssetType::Image, None);
    }
    let mut per_photo = Vec::with_capacity(files.len());
    for path in &files {
        let mut times = Vec::with_capacity(iterations);
        for _ in 0..iterations {
            let start = Instant::now();
            let result = extract(path, AssetType::Image, None);
            times.push(start.elapsed().as_secs_f64() * 1e6);
            std::hint::black_box(result.ok());
        }
        per_photo.push(median(&mut times));
    }
    let mean = per_photo.iter().sum::<f64>() / per_photo.len() as f64;
    let p90 = percentile(&mut per_photo.clone(), 0.9);
    println!(
        "files={} iterations={} median_us={:.1} mean_us={:.1} p90_us={:.1}",
        files.len(),
        iterations,
        median(&mut per_photo),
        mean,
        p90
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn median(values: &mut [f64]) -> f64 {
    percentile(values, 0.5)
}

fn percentile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let index = ((values.len() - 1) as f64 * q).round() as usize;
    values[index]
}
