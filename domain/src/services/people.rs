//! People: list, name, hide, favourite, birth date, feature photo, merge, reassign faces, and
//! each person's face picture (a crop of the preview, made on first request and kept).

use super::{storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::albums::{BulkIdErrorReason, BulkIdResponse};
use crate::dto::people::{
    AssetFaceUpdate, PeopleQuery, PeopleResponse, PeopleUpdate, PersonCreate, PersonResponse, PersonStatistics,
    PersonTile, PersonUpdate,
};
use crate::entities::person;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::repositories::faces;
use crate::repositories::people::{self, PersonUpdate as Changes};
use crate::repositories::vectors::{self, VectorTable};
use crate::storage::Storage;
use std::path::PathBuf;
use uuid::Uuid;

pub struct PeopleService<'a> {
    pub(super) services: &'a Services,
}

const DEFAULT_SIZE: u64 = 500;
const MAX_SIZE: u64 = 1000;
/// The side of a face picture, in pixels.
const FACE_PICTURE: u32 = 250;

pub(crate) fn response(person: &person::Model) -> PersonResponse {
    PersonResponse {
        id: person.id,
        name: person.name.clone(),
        birth_date: person.birth_date,
        thumbnail_path: if person.face_asset_id.is_some() {
            format!("/api/people/{}/thumbnail", person.id)
        } else {
            String::new()
        },
        is_hidden: person.is_hidden,
        is_favorite: person.is_favorite,
        color: person.color.clone(),
        updated_at: person.updated_at,
    }
}

impl PeopleService<'_> {
    /// The person if it is one of the caller's.
    pub(crate) async fn owned(&self, auth: &AuthContext, id: Uuid) -> AppResult<person::Model> {
        let found = people::find(self.services.db(), id).await.map_err(storage_error("find person"))?;
        match found {
            Some(p) if p.owner_id == auth.user_id() => Ok(p),
            _ => Err(AppError::new(ErrorCode::PersonNotFound, "Person not found")),
        }
    }

    /// The people page: the caller's people shown in at least one photo, with counts. Unnamed
    /// people need at least `min_faces` photos to be listed (as Immich does): fewer is more
    /// likely a stranger than someone to name.
    pub async fn tiles(&self, auth: &AuthContext, with_hidden: bool) -> AppResult<Vec<PersonTile>> {
        let min_faces = i64::from(self.services.settings().machine_learning.facial_recognition.min_faces.max(1));
        let rows = people::list_with_counts(self.services.db(), auth.user_id(), None)
            .await
            .map_err(storage_error("list people"))?;
        Ok(rows
            .into_iter()
            .filter(|r| (with_hidden || !r.is_hidden) && (!r.name.is_empty() || r.asset_count >= min_faces))
            .map(|r| PersonTile { person: response(&r.person()), asset_count: r.asset_count })
            .collect())
    }

    /// `GET /api/people`.
    pub async fn list(&self, auth: &AuthContext, query: PeopleQuery) -> AppResult<PeopleResponse> {
        let size = query.size.unwrap_or(DEFAULT_SIZE);
        if !(1..=MAX_SIZE).contains(&size) {
            return Err(AppError::invalid(format!("`size` must be between 1 and {MAX_SIZE}")));
        }
        let page = query.page.unwrap_or(1).max(1);
        let mut all = self.tiles(auth, true).await?;
        if let Some(anchor) = query.closest_person_id {
            let anchor = self.owned(auth, anchor).await?;
            self.order_by_closeness(&mut all, anchor.face_asset_id).await?;
            all.retain(|t| t.person.id != anchor.id);
        }
        let hidden = all.iter().filter(|t| t.person.is_hidden).count() as u64;
        let total = all.len() as u64;
        let with_hidden = query.with_hidden == Some(true);
        let listed: Vec<PersonResponse> =
            all.into_iter().filter(|t| with_hidden || !t.person.is_hidden).map(|t| t.person).collect();
        // Saturating: a page far past the end is simply empty, whatever number a client sends.
        let start = usize::try_from((page - 1).saturating_mul(size)).unwrap_or(usize::MAX);
        let people: Vec<PersonResponse> = listed.iter().skip(start).take(size as usize).cloned().collect();
        let has_next_page = Some(start.saturating_add(people.len()) < listed.len());
        Ok(PeopleResponse { total, hidden, people, has_next_page })
    }

    /// Puts the people whose picture's face is nearest `face` first (merge suggestions).
    async fn order_by_closeness(&self, tiles: &mut [PersonTile], face: Option<Uuid>) -> AppResult<()> {
        let db = self.services.db();
        let Some(face) = face else { return Ok(()) };
        let Some(anchor) = vectors::get(db, VectorTable::FaceSearch, face).await.map_err(storage_error("read face"))?
        else {
            return Ok(());
        };
        let persons = people::find_many(db, &tiles.iter().map(|t| t.person.id).collect::<Vec<_>>())
            .await
            .map_err(storage_error("read people"))?;
        let mut distance = std::collections::HashMap::new();
        for p in persons {
            if let Some(f) = p.face_asset_id {
                if let Some(v) =
                    vectors::get(db, VectorTable::FaceSearch, f).await.map_err(storage_error("read face"))?
                {
                    distance.insert(p.id, 1.0 - crate::vector_index::dot(&anchor, &v));
                }
            }
        }
        tiles.sort_by(|a, b| {
            let da = distance.get(&a.person.id).copied().unwrap_or(f32::MAX);
            let db = distance.get(&b.person.id).copied().unwrap_or(f32::MAX);
            da.total_cmp(&db)
        });
        Ok(())
    }

    pub async fn get(&self, auth: &AuthContext, id: Uuid) -> AppResult<PersonResponse> {
        Ok(response(&self.owned(auth, id).await?))
    }

    pub async fn statistics(&self, auth: &AuthContext, id: Uuid) -> AppResult<PersonStatistics> {
        let person = self.owned(auth, id).await?;
        let rows = people::list_with_counts(self.services.db(), auth.user_id(), Some(&[person.id]))
            .await
            .map_err(storage_error("count person"))?;
        Ok(PersonStatistics { assets: rows.first().map_or(0, |r| r.asset_count) })
    }

    /// `POST /api/people`: a person with no faces yet (faces are moved to them afterwards).
    pub async fn create(&self, auth: &AuthContext, dto: PersonCreate) -> AppResult<PersonResponse> {
        let db = self.services.db();
        let name = dto.name.as_deref().map(str::trim).unwrap_or_default();
        let created = people::create(db, auth.user_id(), None, name).await.map_err(storage_error("create person"))?;
        let changes = Changes {
            birth_date: dto.birth_date,
            is_hidden: dto.is_hidden,
            is_favorite: dto.is_favorite,
            color: dto.color,
            ..Changes::default()
        };
        let updated = people::update(db, created, changes).await.map_err(storage_error("update person"))?;
        Ok(response(&updated))
    }

    /// `PUT /api/people/{id}`.
    pub async fn update(&self, auth: &AuthContext, id: Uuid, dto: PersonUpdate) -> AppResult<PersonResponse> {
        let person = self.owned(auth, id).await?;
        if let Some(Some(birth)) = dto.birth_date {
            if birth > chrono::Utc::now().date_naive() {
                return Err(AppError::invalid("The birth date cannot be in the future"));
            }
        }
        let db = self.services.db();
        let face_asset_id = match dto.feature_face_asset_id {
            Some(asset_id) => {
                let of_asset = faces::of_asset(db, asset_id).await.map_err(storage_error("read faces"))?;
                let face = of_asset
                    .iter()
                    .find(|f| f.person_id == Some(person.id))
                    .ok_or_else(|| AppError::invalid("That photo has no face of this person to show them by"))?;
                Some(face.id)
            }
            None => None,
        };
        let changes = Changes {
            name: dto.name.map(|n| n.trim().to_string()),
            birth_date: dto.birth_date,
            is_hidden: dto.is_hidden,
            is_favorite: dto.is_favorite,
            color: dto.color,
            face_asset_id,
        };
        let updated = people::update(db, person, changes).await.map_err(storage_error("update person"))?;
        Ok(response(&updated))
    }

    /// `PUT /api/people`: several at once, each with its own outcome.
    pub async fn update_many(&self, auth: &AuthContext, dto: PeopleUpdate) -> AppResult<Vec<BulkIdResponse>> {
        let mut out = Vec::with_capacity(dto.people.len());
        for item in dto.people {
            let result = self.update(auth, item.id, item.update).await;
            out.push(bulk(item.id, result.map(|_| ())));
        }
        Ok(out)
    }

    /// `DELETE /api/people/{id}`: the person goes; their faces stay, showing nobody.
    pub async fn delete(&self, auth: &AuthContext, ids: &[Uuid]) -> AppResult<()> {
        for &id in ids {
            self.owned(auth, id).await?;
        }
        people::delete(self.services.db(), ids).await.map_err(storage_error("delete people"))?;
        Ok(())
    }

    /// `POST /api/people/{id}/merge`: the faces of `ids` become this person's; they go.
    pub async fn merge(&self, auth: &AuthContext, into: Uuid, ids: &[Uuid]) -> AppResult<Vec<BulkIdResponse>> {
        let target = self.owned(auth, into).await?;
        let db = self.services.db();
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            if id == target.id {
                out.push(BulkIdResponse { id, success: false, error: Some(BulkIdErrorReason::Duplicate) });
                continue;
            }
            let result = match self.owned(auth, id).await {
                Ok(source) => {
                    faces::move_people(db, &[source.id], target.id).await.map_err(storage_error("move faces"))?;
                    people::delete(db, &[source.id]).await.map_err(storage_error("delete merged person"))?;
                    // A merged-in name fills an unnamed target.
                    if target.name.is_empty() && !source.name.is_empty() {
                        let changes = Changes { name: Some(source.name.clone()), ..Changes::default() };
                        people::update(db, target.clone(), changes).await.map_err(storage_error("name person"))?;
                    }
                    Ok(())
                }
                Err(err) => Err(err),
            };
            out.push(bulk(id, result));
        }
        self.ensure_pictures(auth.user_id()).await?;
        Ok(out)
    }

    /// `PUT /api/people/{id}/reassign`: the faces of each (asset, person) pair move to this
    /// person; answers with the people they came from.
    pub async fn reassign(
        &self,
        auth: &AuthContext,
        into: Uuid,
        dto: AssetFaceUpdate,
    ) -> AppResult<Vec<PersonResponse>> {
        let target = self.owned(auth, into).await?;
        let db = self.services.db();
        let mut moved_from = Vec::new();
        for item in dto.data {
            let source = self.owned(auth, item.person_id).await?;
            let in_asset = faces::of_asset(db, item.asset_id).await.map_err(storage_error("read faces"))?;
            let ids: Vec<Uuid> = in_asset.iter().filter(|f| f.person_id == Some(source.id)).map(|f| f.id).collect();
            if !ids.is_empty() {
                faces::assign(db, &ids, Some(target.id)).await.map_err(storage_error("move faces"))?;
                moved_from.push(response(&source));
            }
        }
        self.clean_up(auth.user_id()).await?;
        Ok(moved_from)
    }

    /// After faces moved or went away: people left without faces go, and people whose picture's
    /// face is no longer theirs get another.
    pub(crate) async fn clean_up(&self, owner: Uuid) -> AppResult<()> {
        people::delete_without_faces(self.services.db(), owner).await.map_err(storage_error("clean up people"))?;
        self.ensure_pictures(owner).await
    }

    async fn ensure_pictures(&self, owner: Uuid) -> AppResult<()> {
        let db = self.services.db();
        let rows = people::list_with_counts(db, owner, None).await.map_err(storage_error("list people"))?;
        for row in rows {
            let person = row.person();
            let current = match person.face_asset_id {
                Some(face) => faces::find(db, face).await.map_err(storage_error("read face"))?,
                None => None,
            };
            if current.is_some_and(|f| f.person_id == Some(person.id)) {
                continue;
            }
            let best = faces::best_of_person(db, person.id).await.map_err(storage_error("best face"))?;
            if let Some(best) = best {
                let changes = Changes { face_asset_id: Some(best.id), ..Changes::default() };
                people::update(db, person, changes).await.map_err(storage_error("set picture"))?;
            }
        }
        Ok(())
    }

    /// `GET /api/people/{id}/thumbnail`: the person's face, cropped from the preview it was
    /// found in, as a square JPEG (made once, then served from disk).
    pub async fn thumbnail(&self, auth: &AuthContext, id: Uuid) -> AppResult<PathBuf> {
        let person = self.owned(auth, id).await?;
        let not_ready = || AppError::new(ErrorCode::ThumbnailNotReady, "This person has no picture yet");
        let face_id = person.face_asset_id.ok_or_else(not_ready)?;
        let db = self.services.db();
        let (face, asset) =
            faces::find_with_asset(db, face_id).await.map_err(storage_error("find face"))?.ok_or_else(not_ready)?;
        let storage = self.services.storage();
        let target = storage.absolute(&Storage::generated_relative(asset.owner_id, face.id, "face.jpeg"));
        if target.is_file() {
            return Ok(target);
        }
        let preview = asset.preview_path.as_deref().ok_or_else(not_ready)?;
        let source = storage.absolute(std::path::Path::new(preview));
        let out = target.clone();
        let made = tokio::task::spawn_blocking(move || crop_face(&source, &out, &face))
            .await
            .map_err(|_| AppError::internal())?;
        made.map_err(|reason| {
            tracing::warn!(person_id = %id, reason, "cannot make a face picture");
            not_ready()
        })?;
        Ok(target)
    }
}

fn bulk(id: Uuid, result: AppResult<()>) -> BulkIdResponse {
    match result {
        Ok(()) => BulkIdResponse { id, success: true, error: None },
        Err(err) => {
            let reason = match err.code {
                ErrorCode::PersonNotFound | ErrorCode::NotFound => BulkIdErrorReason::NotFound,
                ErrorCode::InvalidInput => BulkIdErrorReason::Validation,
                _ => BulkIdErrorReason::Unknown,
            };
            BulkIdResponse { id, success: false, error: Some(reason) }
        }
    }
}

/// Crops the face's box, widened by half on each side (the whole head, as people pages show
/// it) and squared, from the image it was found in, and writes it as a JPEG.
fn crop_face(
    source: &std::path::Path,
    target: &std::path::Path,
    face: &crate::entities::asset_face::Model,
) -> Result<(), String> {
    let image = image::open(source).map_err(|e| format!("cannot read the preview: {e}"))?.into_rgb8();
    let (width, height) = image.dimensions();
    // The box is in the pixels of the image it was found in, which may differ from this file.
    let sx = width as f32 / face.image_width.max(1) as f32;
    let sy = height as f32 / face.image_height.max(1) as f32;
    let (x1, y1) = (face.bounding_box_x1 as f32 * sx, face.bounding_box_y1 as f32 * sy);
    let (x2, y2) = (face.bounding_box_x2 as f32 * sx, face.bounding_box_y2 as f32 * sy);
    let (cx, cy) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
    let side = ((x2 - x1).max(y2 - y1) * 2.0).max(8.0).min(width.min(height) as f32);
    let left = (cx - side / 2.0).clamp(0.0, width as f32 - side);
    let top = (cy - side / 2.0).clamp(0.0, height as f32 - side);
    let cropped = image::imageops::crop_imm(&image, left as u32, top as u32, side as u32, side as u32).to_image();
    let resized = image::imageops::resize(&cropped, FACE_PICTURE, FACE_PICTURE, image::imageops::FilterType::Triangle);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let partial = target.with_extension("jpeg.part");
    resized
        .save_with_format(&partial, image::ImageFormat::Jpeg)
        .map_err(|e| format!("cannot write the picture: {e}"))?;
    std::fs::rename(&partial, target).map_err(|e| format!("cannot put the picture in place: {e}"))
}
