//! Object tags and text found in assets: stored by their jobs, shown in the viewer's info panel
//! (with the faces), and searched through the metadata search's words.

use super::{storage_error, Services};
use crate::auth::Reader;
use crate::dto::people::{AssetFindings, AssetTag, AssetTextLine};
use crate::entities::{asset_label, asset_ocr};
use crate::error::AppResult;
use crate::repositories::ml_status::{self, MlStep};
use crate::repositories::{labels, ocr};
use sea_orm::TransactionTrait;
use uuid::Uuid;

pub struct FindingsService<'a> {
    pub(super) services: &'a Services,
}

/// A line of text as OCR reports it, corners in the pixels of an image of the given size.
#[derive(Debug, Clone)]
pub struct FoundText {
    pub text: String,
    pub score: f32,
    pub corners: [[f32; 2]; 4],
}

impl FindingsService<'_> {
    pub fn tagging_enabled(&self) -> bool {
        let ml = &self.services.settings().machine_learning;
        ml.enabled && ml.tagging.enabled
    }

    pub fn ocr_enabled(&self) -> bool {
        let ml = &self.services.settings().machine_learning;
        ml.enabled && ml.ocr.enabled
    }

    /// Replaces an asset's tags with `tags` and marks the step done.
    pub async fn save_tags(&self, asset_id: Uuid, tags: Vec<AssetTag>) -> AppResult<()> {
        let rows = tags
            .into_iter()
            .map(|t| asset_label::Model {
                id: Uuid::new_v4(),
                asset_id,
                name: t.name.trim().to_lowercase(),
                score: t.score,
                source: t.source,
                box_x1: t.bbox.map(|b| b[0]),
                box_y1: t.bbox.map(|b| b[1]),
                box_x2: t.bbox.map(|b| b[2]),
                box_y2: t.bbox.map(|b| b[3]),
            })
            .collect();
        let db = self.services.db();
        let txn = db.begin().await.map_err(|e| storage_error("begin tags")(e.into()))?;
        labels::replace(&txn, asset_id, rows).await.map_err(storage_error("save tags"))?;
        ml_status::mark(&txn, asset_id, MlStep::Tagging).await.map_err(storage_error("mark tags"))?;
        txn.commit().await.map_err(|e| storage_error("commit tags")(e.into()))
    }

    /// Replaces an asset's text with `lines` (corners in an image of `width` × `height`) and
    /// marks the step done.
    pub async fn save_text(&self, asset_id: Uuid, width: u32, height: u32, lines: Vec<FoundText>) -> AppResult<()> {
        let (w, h) = (width.max(1) as f32, height.max(1) as f32);
        let rows = lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let c = l.corners.map(|[x, y]| [(x / w).clamp(0.0, 1.0), (y / h).clamp(0.0, 1.0)]);
                asset_ocr::Model {
                    id: Uuid::new_v4(),
                    asset_id,
                    line: i as i32,
                    text: l.text,
                    score: l.score,
                    x1: c[0][0],
                    y1: c[0][1],
                    x2: c[1][0],
                    y2: c[1][1],
                    x3: c[2][0],
                    y3: c[2][1],
                    x4: c[3][0],
                    y4: c[3][1],
                }
            })
            .collect();
        let db = self.services.db();
        let txn = db.begin().await.map_err(|e| storage_error("begin text")(e.into()))?;
        ocr::replace(&txn, asset_id, rows).await.map_err(storage_error("save text"))?;
        ml_status::mark(&txn, asset_id, MlStep::Ocr).await.map_err(storage_error("mark text"))?;
        txn.commit().await.map_err(|e| storage_error("commit text")(e.into()))
    }

    /// Faces (with their people), tags and text of an asset the caller may see. A visitor of a
    /// link that hides metadata sees none of it.
    pub async fn of_asset(&self, reader: Reader<'_>, asset_id: Uuid) -> AppResult<AssetFindings> {
        self.services.assets().find_readable(reader, asset_id).await?;
        if let Reader::Link(grant) = reader {
            if !grant.link.show_metadata {
                return Ok(AssetFindings::default());
            }
        }
        let db = self.services.db();
        let faces = self.services.faces().responses(asset_id).await?;
        let tags = labels::of_asset(db, asset_id)
            .await
            .map_err(storage_error("read tags"))?
            .into_iter()
            .map(|l| AssetTag {
                name: l.name,
                score: l.score,
                source: l.source,
                bbox: match (l.box_x1, l.box_y1, l.box_x2, l.box_y2) {
                    (Some(a), Some(b), Some(c), Some(d)) => Some([a, b, c, d]),
                    _ => None,
                },
            })
            .collect();
        let text = ocr::of_asset(db, asset_id)
            .await
            .map_err(storage_error("read text"))?
            .into_iter()
            .map(|l| AssetTextLine {
                text: l.text,
                score: l.score,
                corners: [[l.x1, l.y1], [l.x2, l.y2], [l.x3, l.y3], [l.x4, l.y4]],
            })
            .collect();
        Ok(AssetFindings { faces, tags, text })
    }
}
