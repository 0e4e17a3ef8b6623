//! Object tags: what a photo shows, as lower-case words a search can match. An ImageNet
//! classifier names the photo's main subject ("espresso", "tabby cat"), a COCO detector finds the
//! everyday things in it ("person", "cup"), and `merge_tags` turns both into one tag list.

mod classify;
mod detect;

pub use classify::{Classifier, Label};
pub use detect::{DetectedObject, ObjectDetector};

use crate::error::MlError;
use std::path::Path;

/// How many classifier labels a photo gets at most. ImageNet's 1000 classes are fine-grained
/// (five kinds of terrier), so the right class is often second or third; more than five is noise.
pub const CLASSIFIER_TOP_K: usize = 5;

/// The least softmax probability a classifier label needs. Below 0.2 the classifier is mostly
/// guessing between look-alikes (on the corpus, wrong labels such as "oboe" or "jellyfish" sit
/// at 0.01–0.05), while real subjects score 0.2–0.97.
pub const CLASSIFIER_MIN_SCORE: f32 = 0.2;

/// The least detector score a box needs: the threshold the detector's reference pipeline uses
/// (see the model MANIFEST). Real people and cups score 0.6–0.99 on the corpus.
pub const DETECTOR_MIN_SCORE: f32 = 0.4;

/// The least short side the tag models need of a photo: the detector looks at it stretched to
/// 300×300, the classifier at the centre 224 of it scaled to a short side of 256. A preview is
/// decoded no larger than this allows (`image_ops::load_rgb_shrunk`).
pub const SOURCE_MIN_SHORT_SIDE: u32 = 300;

/// Which model a tag came from: a detector tag means the thing is in the photo (with a box), a
/// classifier tag that the photo as a whole looks like it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagSource {
    Classifier,
    Detector,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tag {
    pub name: String,
    pub score: f32,
    pub source: TagSource,
}

/// The searchable tags of an image: detector classes (deduplicated, best score) and the classifier's
/// confident labels, each with its source, sorted by score.
///
/// `labels` and `objects` are what `classify` and `detect` returned, already cut at their
/// thresholds. A name both models found (a "vase", say) is one tag with the better score, so a
/// search ranks the photo once.
pub fn merge_tags(labels: &[Label], objects: &[DetectedObject]) -> Vec<Tag> {
    let found = objects
        .iter()
        .map(|o| (&o.name, o.score, TagSource::Detector))
        .chain(labels.iter().map(|l| (&l.name, l.score, TagSource::Classifier)));
    let mut tags: Vec<Tag> = Vec::new();
    for (name, score, source) in found {
        match tags.iter_mut().find(|t| t.name == *name) {
            Some(tag) if score > tag.score => {
                tag.score = score;
                tag.source = source;
            }
            Some(_) => {}
            None => tags.push(Tag { name: name.clone(), score, source }),
        }
    }
    tags.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
    tags
}

/// A label file's lines, checked to be exactly `expected`: a short file would shift every class
/// after the gap to the wrong name.
fn read_lines(model: &str, path: &Path, expected: usize, what: &str) -> Result<Vec<String>, MlError> {
    let text = std::fs::read_to_string(path).map_err(|e| MlError::ModelFile {
        model: model.to_string(),
        reason: format!("cannot read the {what} file {}: {e}", path.display()),
    })?;
    let lines: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
    if lines.len() != expected {
        return Err(MlError::ModelFile {
            model: model.to_string(),
            reason: format!(
                "the {what} file {} has {} lines, expected {expected} (one per class)",
                path.display(),
                lines.len()
            ),
        });
    }
    Ok(lines)
}

/// The tag name of line `index` (0-based) of a label file, which must have one.
fn class_name(model: &str, path: &Path, what: &str, index: usize, line: &str) -> Result<String, MlError> {
    let name = tag_name(line);
    if name.is_empty() {
        return Err(MlError::ModelFile {
            model: model.to_string(),
            reason: format!("the {what} file {} has no name on line {}", path.display(), index + 1),
        });
    }
    Ok(name)
}

/// A label line as a tag: its first synonym ("cardboard box / carton", "notebook, notebook
/// computer"), without explanations in brackets ("kite (bird of prey)"), lower-case, with only
/// letters, digits, spaces, hyphens and apostrophes, so that it reads as plain words and a search
/// for "kite" or "st bernard" finds it.
fn tag_name(line: &str) -> String {
    let first = line.split([',', '/']).next().unwrap_or("");
    let mut name = String::with_capacity(first.len());
    let mut depth = 0usize;
    for c in first.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() || c == '-' || c == '\'' => name.extend(c.to_lowercase()),
            c if c.is_whitespace() => name.push(' '),
            _ => {}
        }
    }
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tag_names_are_the_first_synonym_in_plain_lower_case_words() {
        assert_eq!(tag_name("espresso"), "espresso");
        assert_eq!(tag_name("Golden Retriever"), "golden retriever");
        assert_eq!(tag_name("kite (bird of prey)"), "kite");
        assert_eq!(tag_name("cardboard box / carton"), "cardboard box");
        assert_eq!(tag_name("notebook, notebook computer"), "notebook");
        assert_eq!(tag_name("St. Bernard"), "st bernard");
        assert_eq!(tag_name("tights for gymnastics, a one-piece leotard, or a sport jersey"), "tights for gymnastics");
        assert_eq!(tag_name("Geoffroy's spider monkey"), "geoffroy's spider monkey");
        assert_eq!(tag_name("  traffic light\r"), "traffic light");
        assert_eq!(tag_name("(nothing)"), "");
    }

    fn label(name: &str, score: f32) -> Label {
        Label { name: name.into(), score }
    }

    fn object(name: &str, score: f32) -> DetectedObject {
        DetectedObject { name: name.into(), score, bbox: [0.0, 0.0, 10.0, 10.0] }
    }

    #[test]
    fn merged_tags_keep_each_name_once_with_its_best_score_and_source() {
        let labels = [label("vase", 0.3), label("plant pot", 0.25)];
        let objects = [object("person", 0.7), object("vase", 0.8), object("person", 0.95), object("cup", 0.5)];
        let tags = merge_tags(&labels, &objects);
        let summary: Vec<(&str, f32, TagSource)> = tags.iter().map(|t| (t.name.as_str(), t.score, t.source)).collect();
        assert_eq!(
            summary,
            vec![
                ("person", 0.95, TagSource::Detector),
                ("vase", 0.8, TagSource::Detector),
                ("cup", 0.5, TagSource::Detector),
                ("plant pot", 0.25, TagSource::Classifier),
            ]
        );
        let tags = merge_tags(&[label("vase", 0.9)], &[object("vase", 0.5)]);
        assert_eq!(tags, vec![Tag { name: "vase".into(), score: 0.9, source: TagSource::Classifier }]);
        assert!(merge_tags(&[], &[]).is_empty());
    }

    #[test]
    fn label_files_must_have_one_line_per_class() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("labels.txt");
        std::fs::write(&path, "tench\nGoldfish\n  kite (bird of prey)\n").unwrap();
        assert_eq!(read_lines("m", &path, 3, "labels").unwrap(), vec!["tench", "Goldfish", "kite (bird of prey)"]);
        match read_lines("m", &path, 4, "labels") {
            Err(MlError::ModelFile { model, reason }) => {
                assert_eq!(model, "m");
                assert!(reason.contains("has 3 lines, expected 4"), "{reason}");
            }
            other => panic!("expected ModelFile, got {other:?}"),
        }
        assert_eq!(class_name("m", &path, "labels", 2, "kite (bird of prey)").unwrap(), "kite");
        assert!(
            matches!(class_name("m", &path, "labels", 1, "(x)"), Err(MlError::ModelFile { reason, .. }) if reason.contains("line 2"))
        );
        let missing = dir.path().join("none.txt");
        assert!(
            matches!(read_lines("m", &missing, 2, "labels"), Err(MlError::ModelFile { reason, .. }) if reason.contains("cannot read"))
        );
    }
}
