//! Faces: what detection found, grouped into people by Immich's incremental clustering (a face
//! with at least `min_faces` faces, itself included, within `max_distance` is a core face: it
//! joins a person among them or the nearest one, or starts a new person; other faces get a
//! second look later and only join a person near them). Beyond Immich, a face that becomes part
//! of a person has its unassigned neighbours looked at again, so the outcome does not depend on
//! the order in which photos arrive.

use super::{storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::people::{AssetFaceResponse, PersonResponse, SourceType};
use crate::entities::{asset, asset_face};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::queue::IngestJob;
use crate::repositories::faces::{self, NewFace};
use crate::repositories::ml_status::{self, MlStep};
use crate::repositories::vectors::{self, VectorTable};
use crate::repositories::{assets, people};
use chrono::Utc;
use sea_orm::{DbBackend, TransactionTrait};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub struct FaceService<'a> {
    pub(super) services: &'a Services,
}

/// A face as detection reports it: box in the pixels of an image of `image_width` ×
/// `image_height`, score, unit-length embedding.
#[derive(Debug, Clone)]
pub struct FoundFace {
    pub bbox: [f32; 4],
    pub score: f32,
    pub embedding: Vec<f32>,
}

/// What one clustering step did with a face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recognition {
    /// Gone, or already on a person.
    Nothing,
    /// Too few neighbours yet: looked at again after the faces queued before it.
    Deferred,
    /// Not near enough to any person: stays unassigned until new faces change that.
    Unassigned,
    Joined(Uuid),
    Founded(Uuid),
}

/// How many neighbours a core face re-queues: the unassigned faces that may now join.
const REVISIT_LIMIT: usize = 64;

impl FaceService<'_> {
    pub fn enabled(&self) -> bool {
        let ml = &self.services.settings().machine_learning;
        ml.enabled && ml.facial_recognition.enabled
    }

    /// Stores the faces found in an asset (replacing what an earlier run found), marks the step
    /// done and queues each face's recognition.
    pub async fn save_detected(
        &self,
        asset_id: Uuid,
        image_width: u32,
        image_height: u32,
        found: Vec<FoundFace>,
    ) -> AppResult<Vec<Uuid>> {
        let db = self.services.db();
        let Some(asset) = assets::find_by_id(db, asset_id).await.map_err(storage_error("find asset"))? else {
            return Ok(Vec::new());
        };
        let now = Utc::now();
        let clamp = |v: f32, max: u32| v.round().clamp(0.0, max as f32) as i32;
        let new_faces: Vec<NewFace> = found
            .into_iter()
            .map(|f| NewFace {
                face: asset_face::Model {
                    id: Uuid::new_v4(),
                    asset_id,
                    person_id: None,
                    image_width: image_width as i32,
                    image_height: image_height as i32,
                    bounding_box_x1: clamp(f.bbox[0], image_width),
                    bounding_box_y1: clamp(f.bbox[1], image_height),
                    bounding_box_x2: clamp(f.bbox[2], image_width),
                    bounding_box_y2: clamp(f.bbox[3], image_height),
                    score: f.score,
                    source_type: faces::MACHINE_LEARNING.into(),
                    created_at: now,
                },
                embedding: f.embedding,
            })
            .collect();
        let ids: Vec<Uuid> = new_faces.iter().map(|f| f.face.id).collect();
        let txn = db.begin().await.map_err(|e| storage_error("begin faces")(e.into()))?;
        faces::replace_detected(&txn, asset_id, &new_faces).await.map_err(storage_error("save faces"))?;
        ml_status::mark(&txn, asset_id, MlStep::FaceDetection).await.map_err(storage_error("mark faces"))?;
        txn.commit().await.map_err(|e| storage_error("commit faces")(e.into()))?;
        // A re-run replaced faces that people may have been made of.
        self.services.people().clean_up(asset.owner_id).await?;
        for &face_id in &ids {
            self.services.enqueue(IngestJob::FacialRecognition { face_id, deferred: false }).await;
        }
        Ok(ids)
    }

    /// One clustering step for one face (see the module's comment).
    pub async fn recognize(&self, face_id: Uuid, deferred: bool) -> AppResult<Recognition> {
        let db = self.services.db();
        let Some((face, asset)) = faces::find_with_asset(db, face_id).await.map_err(storage_error("find face"))? else {
            return Ok(Recognition::Nothing);
        };
        if face.person_id.is_some() || asset.deleted_at.is_some() {
            return Ok(Recognition::Nothing);
        }
        let Some(embedding) =
            vectors::get(db, VectorTable::FaceSearch, face_id).await.map_err(storage_error("read face embedding"))?
        else {
            return Ok(Recognition::Nothing);
        };
        let settings = &self.services.settings().machine_learning.facial_recognition;
        let min_faces = settings.min_faces.max(1) as usize;
        let max_distance = settings.max_distance;
        let owner = asset.owner_id;
        // The face itself is among its own matches.
        let matches = self.neighbours(owner, &embedding, max_distance, min_faces.max(2), false).await?;
        if min_faces > 1 && matches.len() <= 1 {
            return Ok(Recognition::Unassigned);
        }
        let is_core = matches.len() >= min_faces && asset.visibility == "timeline";
        if !is_core && !deferred {
            self.services.enqueue(IngestJob::FacialRecognition { face_id, deferred: true }).await;
            return Ok(Recognition::Deferred);
        }
        let matched_faces = faces::find_many(db, &matches.iter().map(|m| m.0).collect::<Vec<_>>())
            .await
            .map_err(storage_error("read matched faces"))?;
        let person_of: HashMap<Uuid, Uuid> =
            matched_faces.iter().filter_map(|f| f.person_id.map(|p| (f.id, p))).collect();
        let mut person = matches.iter().find_map(|m| person_of.get(&m.0).copied());
        if person.is_none() {
            let nearest = self.neighbours(owner, &embedding, max_distance, 1, true).await?;
            if let Some((near, _)) = nearest.first() {
                person = faces::find(db, *near).await.map_err(storage_error("read face"))?.and_then(|f| f.person_id);
            }
        }
        let outcome = match person {
            Some(person) => Recognition::Joined(person),
            None if is_core => {
                let created =
                    people::create(db, owner, Some(face_id), "").await.map_err(storage_error("create person"))?;
                tracing::info!(person_id = %created.id, face_id = %face_id, "a new person");
                Recognition::Founded(created.id)
            }
            None => return Ok(Recognition::Unassigned),
        };
        let person = match outcome {
            Recognition::Joined(p) | Recognition::Founded(p) => p,
            _ => return Ok(outcome),
        };
        faces::assign(db, &[face_id], Some(person)).await.map_err(storage_error("assign face"))?;
        if is_core {
            // Faces that had too few neighbours before may belong with this one now.
            let near = self.neighbours(owner, &embedding, max_distance, REVISIT_LIMIT, false).await?;
            let near_faces = faces::find_many(db, &near.iter().map(|n| n.0).collect::<Vec<_>>())
                .await
                .map_err(storage_error("read near faces"))?;
            for other in near_faces.iter().filter(|f| f.id != face_id && f.person_id.is_none()) {
                self.services.enqueue(IngestJob::FacialRecognition { face_id: other.id, deferred: true }).await;
            }
        }
        Ok(outcome)
    }

    /// The owner's faces (in assets not in the trash) within `max_distance` of `embedding`,
    /// nearest first, at most `limit`; with `with_person_only`, only faces on a person.
    async fn neighbours(
        &self,
        owner: Uuid,
        embedding: &[f32],
        max_distance: f32,
        limit: usize,
        with_person_only: bool,
    ) -> AppResult<Vec<(Uuid, f32)>> {
        let db = self.services.db();
        if db.get_database_backend() == DbBackend::Postgres {
            return vectors::nearest_pg(
                db,
                VectorTable::FaceSearch,
                embedding,
                faces::candidates(owner, with_person_only),
                Some(max_distance),
                0,
                limit as u64,
            )
            .await
            .map_err(storage_error("face neighbours"));
        }
        let index = self.services.vector_index(VectorTable::FaceSearch);
        index.refresh(db).await.map_err(storage_error("load face vectors"))?;
        let owners: HashSet<Uuid> = [owner].into();
        let mut asked = (limit * 4).max(32);
        loop {
            let candidates = index
                .nearest(db, embedding, &owners, asked, Some(max_distance))
                .await
                .map_err(storage_error("rank face vectors"))?;
            let ids: Vec<Uuid> = candidates.iter().map(|c| c.0).collect();
            let rows = faces::find_many(db, &ids).await.map_err(storage_error("read faces"))?;
            let asset_ids: Vec<Uuid> = rows.iter().map(|f| f.asset_id).collect::<HashSet<_>>().into_iter().collect();
            let live: HashSet<Uuid> = assets::find_many(db, &asset_ids)
                .await
                .map_err(storage_error("read assets"))?
                .into_iter()
                .filter(|a| a.deleted_at.is_none())
                .map(|a| a.id)
                .collect();
            let keep: HashSet<Uuid> = rows
                .iter()
                .filter(|f| live.contains(&f.asset_id) && (!with_person_only || f.person_id.is_some()))
                .map(|f| f.id)
                .collect();
            let found: Vec<(Uuid, f32)> = candidates.into_iter().filter(|c| keep.contains(&c.0)).collect();
            if found.len() >= limit || ids.len() < asked {
                return Ok(found.into_iter().take(limit).collect());
            }
            asked *= 4;
        }
    }

    /// Every unassigned face of every library, for "run on missing"; with `force`, everything is
    /// taken off its person first (a full re-cluster). Returns the faces queued.
    pub async fn queue_recognition(&self, force: bool) -> AppResult<usize> {
        let db = self.services.db();
        let owners = crate::repositories::users::all_ids(db).await.map_err(storage_error("list users"))?;
        let mut queued = 0;
        for owner in owners {
            if force {
                faces::unassign_all_detected(db, owner).await.map_err(storage_error("unassign faces"))?;
                self.services.people().clean_up(owner).await?;
            }
            let unassigned = faces::unassigned(db, owner).await.map_err(storage_error("list faces"))?;
            let jobs = unassigned.into_iter().map(|face_id| IngestJob::FacialRecognition { face_id, deferred: false });
            queued += self.services.enqueue_many(jobs.collect()).await;
        }
        Ok(queued)
    }

    /// `GET /api/faces?id=`: the faces in an asset the caller may see, with their people.
    pub async fn of_asset(&self, auth: &AuthContext, asset_id: Uuid) -> AppResult<Vec<AssetFaceResponse>> {
        self.services.assets().find_readable(auth.into(), asset_id).await?;
        self.responses(asset_id).await
    }

    pub(crate) async fn responses(&self, asset_id: Uuid) -> AppResult<Vec<AssetFaceResponse>> {
        let db = self.services.db();
        let found = faces::of_asset(db, asset_id).await.map_err(storage_error("read faces"))?;
        let person_ids: Vec<Uuid> = found.iter().filter_map(|f| f.person_id).collect();
        let persons: HashMap<Uuid, PersonResponse> = people::find_many(db, &person_ids)
            .await
            .map_err(storage_error("read people"))?
            .iter()
            .map(|p| (p.id, super::people::response(p)))
            .collect();
        Ok(found.iter().map(|f| face_response(f, f.person_id.and_then(|p| persons.get(&p).cloned()))).collect())
    }

    /// The face if it is in one of the caller's own assets (only the owner changes faces).
    async fn owned(&self, auth: &AuthContext, face_id: Uuid) -> AppResult<(asset_face::Model, asset::Model)> {
        let not_found = || AppError::new(ErrorCode::FaceNotFound, "Face not found");
        let (face, asset) = faces::find_with_asset(self.services.db(), face_id)
            .await
            .map_err(storage_error("find face"))?
            .ok_or_else(not_found)?;
        if asset.owner_id != auth.user_id() {
            return Err(not_found());
        }
        Ok((face, asset))
    }

    /// `PUT /api/faces/{id}`: the face now shows this person (one of the caller's).
    pub async fn reassign(&self, auth: &AuthContext, face_id: Uuid, person_id: Uuid) -> AppResult<PersonResponse> {
        let (face, asset) = self.owned(auth, face_id).await?;
        let person = self.services.people().owned(auth, person_id).await?;
        let db = self.services.db();
        faces::assign(db, &[face.id], Some(person.id)).await.map_err(storage_error("assign face"))?;
        self.services.people().clean_up(asset.owner_id).await?;
        Ok(super::people::response(&person))
    }

    /// The face shows nobody any more (a wrong match); it stays a face of the photo.
    pub async fn unassign(&self, auth: &AuthContext, face_id: Uuid) -> AppResult<()> {
        let (face, asset) = self.owned(auth, face_id).await?;
        faces::assign(self.services.db(), &[face.id], None).await.map_err(storage_error("unassign face"))?;
        self.services.people().clean_up(asset.owner_id).await
    }

    /// `DELETE /api/faces/{id}`: the face is not a face.
    pub async fn delete(&self, auth: &AuthContext, face_id: Uuid) -> AppResult<()> {
        let (face, asset) = self.owned(auth, face_id).await?;
        faces::delete(self.services.db(), face.id).await.map_err(storage_error("delete face"))?;
        self.services.people().clean_up(asset.owner_id).await
    }
}

pub(crate) fn face_response(face: &asset_face::Model, person: Option<PersonResponse>) -> AssetFaceResponse {
    AssetFaceResponse {
        id: face.id,
        image_width: face.image_width,
        image_height: face.image_height,
        bounding_box_x1: face.bounding_box_x1,
        bounding_box_y1: face.bounding_box_y1,
        bounding_box_x2: face.bounding_box_x2,
        bounding_box_y2: face.bounding_box_y2,
        person,
        source_type: SourceType::from_stored(&face.source_type),
    }
}
