//! Tagging step: the classifier's labels and the detector's objects, merged into the asset's
//! searchable tags.

use crate::job_error::JobError;
use crate::ml_job::{engine, preview_shrunk};
use domain::dto::people::AssetTag;
use domain::services::Services;
use ml::tags::{merge_tags, TagSource, CLASSIFIER_TOP_K, SOURCE_MIN_SHORT_SIDE};
use uuid::Uuid;

pub async fn run(services: &Services, asset_id: Uuid) -> Result<(), JobError> {
    if !services.findings().tagging_enabled() {
        return Ok(());
    }
    let engine = engine(services)?;
    let classifier = engine.classifier().await?;
    let detector = engine.detector().await?;
    let Some((_, image)) = preview_shrunk(services, asset_id, SOURCE_MIN_SHORT_SIDE).await? else { return Ok(()) };
    let settings = services.settings().machine_learning.tagging.clone();
    let (width, height) = (image.width() as f32, image.height() as f32);
    let (labels, objects) = tokio::task::spawn_blocking(move || -> Result<_, ml::MlError> {
        let labels = classifier.classify(&image, CLASSIFIER_TOP_K, settings.min_classifier_score)?;
        let objects = detector.detect(&image, settings.min_detector_score)?;
        Ok((labels, objects))
    })
    .await??;
    // Whole-image tags first (deduplicated, best score), then every detected object with its box.
    let mut tags: Vec<AssetTag> = merge_tags(&labels, &objects)
        .into_iter()
        .filter(|t| t.source == TagSource::Classifier)
        .map(|t| AssetTag { name: t.name, score: t.score, source: "classifier".into(), bbox: None })
        .collect();
    tags.extend(objects.into_iter().map(|o| AssetTag {
        name: o.name,
        score: o.score,
        source: "detector".into(),
        bbox: Some([o.bbox[0] / width, o.bbox[1] / height, o.bbox[2] / width, o.bbox[3] / height]),
    }));
    services.findings().save_tags(asset_id, tags).await?;
    Ok(())
}
