//! The machine-learning models a process uses, made from the settings on first use: each is
//! fetched into the model cache when missing (unless offline), then built once and shared by
//! every job; ONNX Runtime itself loads and unloads the sessions behind them. A model that
//! cannot be had fails the jobs that need it with the reason, and is tried again next time.

use domain::config::{MachineLearningSettings, Settings};
use domain::inference::InferenceEngine;
use futures::future::BoxFuture;
use ml::cache::{ModelCache, Task};
use ml::clip::{ClipModelFiles, ClipTextual, ClipVisual};
use ml::download::{DownloadOptions, Downloader};
use ml::faces::FaceAnalyzer;
use ml::ocr::TextReader;
use ml::tags::{Classifier, ObjectDetector};
use ml::{MlError, Provider, Runtime, RuntimeOptions};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct MlEngine {
    settings: MachineLearningSettings,
    cache: ModelCache,
    downloader: Downloader,
    runtime: Mutex<Option<Arc<Runtime>>>,
    clip_visual: Slot<ClipVisual>,
    clip_textual: Slot<ClipTextual>,
    faces: Slot<FaceAnalyzer>,
    classifier: Slot<Classifier>,
    detector: Slot<ObjectDetector>,
    text_reader: Slot<TextReader>,
    /// Whether the stored embeddings were checked against this model's width.
    dimension_adopted: tokio::sync::Mutex<bool>,
}

/// A pipeline built once; building again after a failure (the model may have arrived since).
type Slot<T> = tokio::sync::Mutex<Option<Arc<T>>>;

impl MlEngine {
    pub fn new(settings: &Settings) -> MlEngine {
        let ml = settings.machine_learning.clone();
        let downloader = Downloader::new(DownloadOptions {
            base_url: ml.download_url.clone(),
            owner: ml.repository_owner.clone(),
            offline: settings.offline,
        });
        MlEngine {
            cache: ModelCache::new(ml.cache_dir(&settings.data_dir)),
            settings: ml,
            downloader,
            runtime: Mutex::new(None),
            clip_visual: Slot::default(),
            clip_textual: Slot::default(),
            faces: Slot::default(),
            classifier: Slot::default(),
            detector: Slot::default(),
            text_reader: Slot::default(),
            dimension_adopted: tokio::sync::Mutex::new(false),
        }
    }

    /// Once per process, before the first embedding is stored: embeddings of another model's
    /// width are dropped (see `SmartSearchService::adopt_dimension`).
    pub async fn adopt_dimension(
        &self,
        services: &domain::services::Services,
        dimension: usize,
    ) -> Result<(), domain::AppError> {
        let mut adopted = self.dimension_adopted.lock().await;
        if !*adopted {
            services.smart_search().adopt_dimension(dimension).await?;
            *adopted = true;
        }
        Ok(())
    }

    pub fn settings(&self) -> &MachineLearningSettings {
        &self.settings
    }

    pub fn runtime(&self) -> Result<Arc<Runtime>, MlError> {
        let mut held = self.runtime.lock().map_err(|_| MlError::Runtime("runtime lock poisoned".into()))?;
        if let Some(runtime) = held.as_ref() {
            return Ok(runtime.clone());
        }
        let provider = match self.settings.provider.to_ascii_lowercase().as_str() {
            "cuda" => Provider::Cuda,
            "openvino" => Provider::Openvino,
            _ => Provider::Cpu,
        };
        let options = RuntimeOptions {
            library: self.settings.onnxruntime_library.clone(),
            provider,
            intra_threads: self.settings.threads,
            workers: self.settings.workers.max(1),
            model_ttl: Duration::from_secs(self.settings.model_ttl_seconds.max(1)),
        };
        let runtime = Runtime::get_or_init(&options)?;
        *held = Some(runtime.clone());
        Ok(runtime)
    }

    async fn ensure(&self, task: Task, name: &str) -> Result<std::path::PathBuf, MlError> {
        self.downloader.ensure(&self.cache, task, name).await
    }

    async fn build<T>(
        &self,
        slot: &Slot<T>,
        make: impl AsyncFnOnce() -> Result<T, MlError>,
    ) -> Result<Arc<T>, MlError> {
        let mut held = slot.lock().await;
        if let Some(built) = held.as_ref() {
            return Ok(built.clone());
        }
        let built = Arc::new(make().await?);
        *held = Some(built.clone());
        Ok(built)
    }

    pub async fn clip_visual(&self) -> Result<Arc<ClipVisual>, MlError> {
        let name = self.settings.clip.model_name.clone();
        self.build(&self.clip_visual, async || {
            self.ensure(Task::Clip, &name).await?;
            ClipModelFiles::in_cache(self.cache.root(), &name).visual(&self.runtime()?)
        })
        .await
    }

    pub async fn clip_textual(&self) -> Result<Arc<ClipTextual>, MlError> {
        let name = self.settings.clip.model_name.clone();
        self.build(&self.clip_textual, async || {
            self.ensure(Task::Clip, &name).await?;
            ClipModelFiles::in_cache(self.cache.root(), &name).textual(&self.runtime()?)
        })
        .await
    }

    pub async fn faces(&self) -> Result<Arc<FaceAnalyzer>, MlError> {
        let name = self.settings.facial_recognition.model_name.clone();
        self.build(&self.faces, async || {
            let folder = self.ensure(Task::FacialRecognition, &name).await?;
            let runtime = self.runtime()?;
            Ok(FaceAnalyzer::new(
                runtime.model(format!("facial-recognition/{name}/detection"), folder.join("detection/model.onnx")),
                runtime.model(format!("facial-recognition/{name}/recognition"), folder.join("recognition/model.onnx")),
            ))
        })
        .await
    }

    pub async fn classifier(&self) -> Result<Arc<Classifier>, MlError> {
        let name = self.settings.tagging.classifier.clone();
        self.build(&self.classifier, async || {
            let folder = self.ensure(Task::Tagging, &name).await?;
            let model = self.runtime()?.model(format!("tagging/{name}"), folder.join("model.onnx"));
            Classifier::new(model, &folder.join("labels.txt"))
        })
        .await
    }

    pub async fn detector(&self) -> Result<Arc<ObjectDetector>, MlError> {
        let name = self.settings.tagging.detector.clone();
        self.build(&self.detector, async || {
            let folder = self.ensure(Task::Detection, &name).await?;
            let model = self.runtime()?.model(format!("detection/{name}"), folder.join("model.onnx"));
            ObjectDetector::new(model, &folder.join("ssd_score_columns.txt"))
        })
        .await
    }

    pub async fn text_reader(&self) -> Result<Arc<TextReader>, MlError> {
        let name = self.settings.ocr.model_name.clone();
        self.build(&self.text_reader, async || {
            let folder = self.ensure(Task::Ocr, &name).await?;
            let runtime = self.runtime()?;
            TextReader::new(
                runtime.model(format!("ocr/{name}/detection"), folder.join("detection/model.onnx")),
                runtime.model(format!("ocr/{name}/classification"), folder.join("classification/model.onnx")),
                runtime.model(format!("ocr/{name}/recognition"), folder.join("recognition/model.onnx")),
                &folder.join("recognition/keys.txt"),
            )
        })
        .await
    }
}

impl InferenceEngine for MlEngine {
    fn encode_text<'a>(&'a self, text: &'a str) -> BoxFuture<'a, Result<Vec<f32>, String>> {
        Box::pin(async move {
            if !(self.settings.enabled && self.settings.clip.enabled) {
                return Err("smart search is turned off".to_string());
            }
            let textual = self.clip_textual().await.map_err(|e| e.to_string())?;
            let text = text.to_string();
            tokio::task::spawn_blocking(move || textual.embed(&text))
                .await
                .map_err(|e| format!("the text encoder crashed ({e})"))?
                .map_err(|e| e.to_string())
        })
    }

    fn downloads(&self) -> Vec<(String, u64, u64)> {
        self.downloader.progress().into_iter().map(|(k, p)| (k, p.done_bytes, p.total_bytes)).collect()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
