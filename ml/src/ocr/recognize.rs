//! Text recognition: strips sorted by aspect ratio and batched six at a time, read by the CTC
//! recogniser at 48 px high, and decoded greedily (best class per time step, repeats merged,
//! blanks dropped).

use super::pack;
use crate::error::MlError;
use crate::model::Model;
use image::RgbImage;
use std::path::Path;

const HEIGHT: u32 = 48;
const BATCH: usize = 6;

/// The recogniser's dictionary, one entry a line; class i is line i − 1, class 0 the CTC blank
/// and the class after the last line a space.
pub(crate) fn load_keys(model: &str, path: &Path) -> Result<Vec<String>, MlError> {
    let text = std::fs::read_to_string(path).map_err(|e| MlError::ModelFile {
        model: model.to_string(),
        reason: format!("cannot read the dictionary {}: {e}", path.display()),
    })?;
    let mut keys: Vec<String> =
        text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line).to_string()).collect();
    if keys.last().is_some_and(|last| last.is_empty()) {
        keys.pop();
    }
    if keys.is_empty() {
        return Err(MlError::ModelFile {
            model: model.to_string(),
            reason: format!("the dictionary {} is empty", path.display()),
        });
    }
    Ok(keys)
}

/// Reads each strip: (text, mean probability of its characters), in the strips' order.
pub(crate) fn recognize(model: &Model, keys: &[String], strips: &[RgbImage]) -> Result<Vec<(String, f32)>, MlError> {
    let mut order: Vec<usize> = (0..strips.len()).collect();
    order.sort_by(|&a, &b| aspect(&strips[a]).total_cmp(&aspect(&strips[b])));
    let mut results = vec![(String::new(), 0.0); strips.len()];
    let mut best = Vec::new();
    for batch in order.chunks(BATCH) {
        // As wide as the batch's widest strip. PaddleOCR pads every batch to at least 320 px, which
        // triples the cost of short words; on the corpus text photos the lines read as well without
        // (a few characters differ, for the better and for the worse).
        let widest = batch.iter().map(|&i| aspect(&strips[i])).fold(1.0, f64::max);
        let width = (f64::from(HEIGHT) * widest).ceil() as u32;
        let refs: Vec<&RgbImage> = batch.iter().map(|&i| &strips[i]).collect();
        let input = pack::pack(&refs, HEIGHT, width)?;
        super::infer(model, input, |output| {
            let &[count, steps, classes] = output.shape() else {
                return Err(MlError::inference(model.name(), format!("unexpected output shape {:?}", output.shape())));
            };
            if classes != keys.len() + 2 {
                return Err(MlError::ModelFile {
                    model: model.name().to_string(),
                    reason: format!(
                        "the dictionary has {} entries but the model reads {classes} classes (expected entries + 2)",
                        keys.len()
                    ),
                });
            }
            let data =
                output.as_slice().ok_or_else(|| MlError::inference(model.name(), "the output is not contiguous"))?;
            for (n, &strip) in batch.iter().enumerate().take(count) {
                best.clear();
                best.extend(data[n * steps * classes..(n + 1) * steps * classes].chunks_exact(classes).map(argmax));
                results[strip] = decode(&best, keys);
            }
            Ok(())
        })?;
    }
    Ok(results)
}

fn aspect(strip: &RgbImage) -> f64 {
    f64::from(strip.width()) / f64::from(strip.height().max(1))
}

/// The most probable class of one time step and its probability (the first on ties).
fn argmax(probabilities: &[f32]) -> (usize, f32) {
    // Lane-wise maxima vectorise; finding which class held the maximum is a second, short scan.
    const LANES: usize = 16;
    let mut lanes = [f32::MIN; LANES];
    let chunks = probabilities.chunks_exact(LANES);
    let tail = chunks.remainder();
    for chunk in chunks {
        for (lane, &p) in lanes.iter_mut().zip(chunk) {
            *lane = if p > *lane { p } else { *lane };
        }
    }
    let max = lanes.iter().chain(tail).fold(f32::MIN, |a, &b| if b > a { b } else { a });
    match probabilities.iter().position(|&p| p == max) {
        Some(class) => (class, max),
        None => (0, f32::MIN),
    }
}

/// CTC greedy decoding of per-step best classes: a class repeated on consecutive steps is one
/// character, blanks (class 0) separate characters; the score is the mean probability of the
/// characters kept (0 for none).
pub(crate) fn decode(best: &[(usize, f32)], keys: &[String]) -> (String, f32) {
    let mut text = String::new();
    let (mut sum, mut count) = (0f32, 0usize);
    let mut previous = None;
    for &(class, probability) in best {
        if class != 0 && previous != Some(class) {
            let character = match class {
                c if c <= keys.len() => keys[c - 1].as_str(),
                c if c == keys.len() + 1 => " ",
                _ => "",
            };
            text.push_str(character);
            sum += probability;
            count += 1;
        }
        previous = Some(class);
    }
    (text, if count == 0 { 0.0 } else { sum / count as f32 })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn keys() -> Vec<String> {
        ["H", "O", "P", "L"].iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn ctc_merges_repeats_drops_blanks_and_maps_the_last_class_to_space() {
        // H H _ O _ O P P (space) L L _  → "HOOP L": the blank between the Os keeps both.
        let steps = [
            (1, 0.9),
            (1, 0.7),
            (0, 0.99),
            (2, 0.8),
            (0, 0.9),
            (2, 0.6),
            (3, 1.0),
            (3, 0.2),
            (5, 0.5),
            (4, 0.4),
            (4, 0.9),
            (0, 0.95),
        ];
        let (text, score) = decode(&steps, &keys());
        assert_eq!(text, "HOOP L");
        // Kept: the first step of each character run.
        assert!((score - (0.9 + 0.8 + 0.6 + 1.0 + 0.5 + 0.4) / 6.0).abs() < 1e-6, "{score}");
    }

    #[test]
    fn ctc_of_only_blanks_is_empty_with_score_zero() {
        assert_eq!(decode(&[(0, 0.9), (0, 0.8)], &keys()), (String::new(), 0.0));
        assert_eq!(argmax(&[0.1, 0.5, 0.5, 0.2]), (1, 0.5));
        let mut long = vec![0.01; 40];
        long[37] = 0.9;
        long[21] = 0.9;
        assert_eq!(argmax(&long), (21, 0.9));
    }

    #[test]
    fn a_missing_dictionary_is_a_model_file_error() {
        let err = load_keys("ocr-rec", Path::new("/nonexistent/keys.txt")).unwrap_err();
        assert!(matches!(err, MlError::ModelFile { ref model, .. } if model == "ocr-rec"), "{err:?}");
    }

    #[test]
    fn the_dictionary_keeps_every_line_but_the_final_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.txt");
        std::fs::write(&path, "a\r\n\u{3042}\n \n").unwrap();
        assert_eq!(load_keys("ocr-rec", &path).unwrap(), vec!["a", "\u{3042}", " "]);
    }
}
