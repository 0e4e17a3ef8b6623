//! The model cache, laid out as Immich's (`<task>/<model>/<part>/model.onnx`), so an Immich
//! cache can be pointed at as it is. Each task knows the files it cannot work without.

use std::path::{Path, PathBuf};

/// What a model does, which is also its folder in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    Clip,
    FacialRecognition,
    Tagging,
    Detection,
    Ocr,
}

impl Task {
    pub fn folder(self) -> &'static str {
        match self {
            Task::Clip => "clip",
            Task::FacialRecognition => "facial-recognition",
            Task::Tagging => "tagging",
            Task::Detection => "detection",
            Task::Ocr => "ocr",
        }
    }

    /// Files (relative to the model's folder) that must all be there.
    pub fn required_files(self) -> &'static [&'static str] {
        match self {
            Task::Clip => &[
                "config.json",
                "visual/model.onnx",
                "visual/preprocess_cfg.json",
                "textual/model.onnx",
                "textual/vocab.json",
                "textual/merges.txt",
            ],
            Task::FacialRecognition => &["detection/model.onnx", "recognition/model.onnx"],
            Task::Tagging => &["model.onnx", "labels.txt"],
            Task::Detection => &["model.onnx", "ssd_score_columns.txt"],
            Task::Ocr => {
                &["detection/model.onnx", "classification/model.onnx", "recognition/model.onnx", "recognition/keys.txt"]
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct ModelCache {
    root: PathBuf,
}

impl ModelCache {
    pub fn new(root: impl Into<PathBuf>) -> ModelCache {
        ModelCache { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `<root>/<task>/<name>`. Names come from configuration; one with path separators or `..`
    /// is refused by `is_valid_name` before it gets here.
    pub fn folder(&self, task: Task, name: &str) -> PathBuf {
        self.root.join(task.folder()).join(name)
    }

    /// The required files not (yet) in the cache.
    pub fn missing(&self, task: Task, name: &str) -> Vec<&'static str> {
        let folder = self.folder(task, name);
        task.required_files().iter().copied().filter(|f| !folder.join(f).is_file()).collect()
    }
}

/// Model names are folder and repository names: letters, digits, `-`, `_`, `.`, no `..`.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && !name.contains("..")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_models_out_as_immich_does() {
        let cache = ModelCache::new("/cache");
        assert_eq!(
            cache.folder(Task::FacialRecognition, "buffalo_l"),
            PathBuf::from("/cache/facial-recognition/buffalo_l")
        );
        assert_eq!(cache.folder(Task::Clip, "ViT-B-32__openai"), PathBuf::from("/cache/clip/ViT-B-32__openai"));
        assert_eq!(cache.missing(Task::Tagging, "nothing"), vec!["model.onnx", "labels.txt"]);
    }

    #[test]
    fn refuses_names_that_leave_the_cache() {
        assert!(is_valid_name("ViT-B-32__openai") && is_valid_name("PP-OCRv6_small") && is_valid_name("buffalo_l"));
        for bad in ["", ".", "..", "../etc", "a/b", "a\\b", "x y"] {
            assert!(!is_valid_name(bad), "{bad}");
        }
    }
}
