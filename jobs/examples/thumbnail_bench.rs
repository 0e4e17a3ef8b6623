//! Times `jobs::thumbnail::generate` on one file: `cargo run --release -p jobs --example
//! thumbnail_bench -- <file> [runs] [out-dir]`. Prints each output's size and the median.

use std::path::PathBuf;
use std::time::Instant;

use jobs::thumbnail::{generate, Settings, SourceKind, ThumbnailRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let source = PathBuf::from(args.next().ok_or("usage: thumbnail_bench <file> [runs] [out-dir]")?);
    let runs: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(10).max(1);
    let out_dir = match args.next() {
        Some(dir) => PathBuf::from(dir),
        None => std::env::temp_dir().join("thumbnail_bench"),
    };
    let kind = match source.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("mp4" | "mov" | "mkv" | "webm" | "avi" | "3gp" | "m2ts" | "mts") => SourceKind::Video,
        _ => SourceKind::Image,
    };
    let thumbnail_path = out_dir.join("thumbnail.webp");
    let preview_path = out_dir.join("preview.jpeg");
    let request = ThumbnailRequest {
        source: &source,
        kind,
        orientation: None,
        thumbnail_path: &thumbnail_path,
        preview_path: &preview_path,
    };
    let settings = Settings::default();

    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let output = generate(&request, &settings)?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        last = Some(output);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    if let Some(output) = last {
        println!(
            "source {}x{} preview {}x{} thumbnail {}x{} thumbhash {} bytes",
            output.source_width,
            output.source_height,
            output.preview_width,
            output.preview_height,
            output.thumbnail_width,
            output.thumbnail_height,
            output.thumbhash.len()
        );
    }
    println!("runs {runs} median_ms {median:.2} min_ms {:.2}", times[0]);
    Ok(())
}
