use super::RepoResult;
use crate::entities::asset::{self, Entity as Assets};
use crate::entities::user;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

pub async fn find_by_id(db: &impl ConnectionTrait, id: Uuid) -> RepoResult<Option<asset::Model>> {
    Ok(Assets::find_by_id(id).one(db).await?)
}

/// The owner's asset with this checksum, trashed or not.
pub async fn find_by_checksum(
    db: &impl ConnectionTrait,
    owner: Uuid,
    checksum: &str,
) -> RepoResult<Option<asset::Model>> {
    Ok(Assets::find()
        .filter(asset::Column::OwnerId.eq(owner))
        .filter(asset::Column::Checksum.eq(checksum))
        .one(db)
        .await?)
}

/// (checksum, asset id, trashed) for each of `checksums` the owner already has.
pub async fn find_checksums(
    db: &impl ConnectionTrait,
    owner: Uuid,
    checksums: &[String],
) -> RepoResult<Vec<(String, Uuid, bool)>> {
    let mut found = Vec::new();
    // Bounded IN lists: SQLite allows at most 32766 bound parameters per statement.
    for batch in checksums.chunks(5000) {
        let rows: Vec<(String, Uuid, Option<chrono::DateTime<chrono::Utc>>)> = Assets::find()
            .select_only()
            .column(asset::Column::Checksum)
            .column(asset::Column::Id)
            .column(asset::Column::DeletedAt)
            .filter(asset::Column::OwnerId.eq(owner))
            .filter(asset::Column::Checksum.is_in(batch.iter().cloned()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows.into_iter().map(|(checksum, id, deleted)| (checksum, id, deleted.is_some())));
    }
    Ok(found)
}

pub async fn insert(db: &impl ConnectionTrait, model: asset::ActiveModel) -> RepoResult<asset::Model> {
    Ok(model.insert(db).await?)
}

/// Adds `bytes` to the owner's usage unless that would pass their quota; `false` when it would.
/// One statement, so concurrent uploads cannot both slip under the limit.
pub async fn reserve_quota(db: &impl ConnectionTrait, owner: Uuid, bytes: i64) -> RepoResult<bool> {
    let result =
        user::Entity::update_many()
            .col_expr(user::Column::QuotaUsageInBytes, Expr::col(user::Column::QuotaUsageInBytes).add(bytes))
            .filter(user::Column::Id.eq(owner))
            .filter(sea_orm::Condition::any().add(user::Column::QuotaSizeInBytes.is_null()).add(
                Expr::col(user::Column::QuotaUsageInBytes).add(bytes).lte(Expr::col(user::Column::QuotaSizeInBytes)),
            ))
            .exec(db)
            .await?;
    Ok(result.rows_affected == 1)
}

pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> RepoResult<Vec<asset::Model>> {
    Ok(Assets::find().filter(asset::Column::Id.is_in(ids.iter().copied())).all(db).await?)
}

/// Moves assets to the trash (`deleted_at` set); those already there keep their date.
pub async fn trash(db: &impl ConnectionTrait, ids: &[Uuid], at: chrono::DateTime<chrono::Utc>) -> RepoResult<u64> {
    let result = Assets::update_many()
        .col_expr(asset::Column::DeletedAt, Expr::value(at))
        .col_expr(asset::Column::UpdatedAt, Expr::value(at))
        .filter(asset::Column::Id.is_in(ids.iter().copied()))
        .filter(asset::Column::DeletedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

pub async fn delete_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> RepoResult<u64> {
    Ok(Assets::delete_many().filter(asset::Column::Id.is_in(ids.iter().copied())).exec(db).await?.rows_affected)
}

/// Gives `bytes` back to the owner's quota.
pub async fn release_quota(db: &impl ConnectionTrait, owner: Uuid, bytes: i64) -> RepoResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::QuotaUsageInBytes, Expr::col(user::Column::QuotaUsageInBytes).sub(bytes))
        .filter(user::Column::Id.eq(owner))
        .exec(db)
        .await?;
    Ok(())
}

/// The owner's latest uploads, newest first, trash left out.
pub async fn recent(db: &impl ConnectionTrait, owner: Uuid, limit: u64) -> RepoResult<Vec<asset::Model>> {
    use sea_orm::QueryOrder;
    Ok(Assets::find()
        .filter(asset::Column::OwnerId.eq(owner))
        .filter(asset::Column::DeletedAt.is_null())
        .order_by_desc(asset::Column::CreatedAt)
        .order_by_desc(asset::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// What the metadata job learned that lives on the asset row itself.
pub struct MetadataUpdate {
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub taken_at: Option<chrono::DateTime<chrono::Utc>>,
    pub local_date_time: Option<chrono::DateTime<chrono::Utc>>,
    pub duration: Option<i64>,
    pub processing_error: Option<String>,
}

pub async fn set_metadata(db: &impl ConnectionTrait, id: Uuid, update: MetadataUpdate) -> RepoResult<()> {
    let now = chrono::Utc::now();
    let mut query = Assets::update_many()
        .col_expr(asset::Column::ProcessingError, Expr::value(update.processing_error))
        .col_expr(asset::Column::MetadataExtractedAt, Expr::value(Some(now)))
        .col_expr(asset::Column::UpdatedAt, Expr::value(now));
    if update.width.is_some() && update.height.is_some() {
        query = query
            .col_expr(asset::Column::Width, Expr::value(update.width))
            .col_expr(asset::Column::Height, Expr::value(update.height));
    }
    // `None`: the user set the date, which stays.
    if update.taken_at.is_some() && update.local_date_time.is_some() {
        query = query
            .col_expr(asset::Column::TakenAt, Expr::value(update.taken_at))
            .col_expr(asset::Column::LocalDateTime, Expr::value(update.local_date_time));
    }
    // The client's duration stays when the file does not say.
    if update.duration.is_some() {
        query = query.col_expr(asset::Column::Duration, Expr::value(update.duration));
    }
    query.filter(asset::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

pub struct ThumbnailUpdate {
    pub thumbnail_path: String,
    pub preview_path: String,
    pub thumbhash: String,
    pub width: i32,
    pub height: i32,
}

pub async fn set_thumbnails(db: &impl ConnectionTrait, id: Uuid, update: ThumbnailUpdate) -> RepoResult<()> {
    let now = chrono::Utc::now();
    Assets::update_many()
        .col_expr(asset::Column::ThumbnailPath, Expr::value(Some(update.thumbnail_path)))
        .col_expr(asset::Column::PreviewPath, Expr::value(Some(update.preview_path)))
        .col_expr(asset::Column::Thumbhash, Expr::value(Some(update.thumbhash)))
        // The decoder's size wins over the header's: it is what the thumbnails show.
        .col_expr(asset::Column::Width, Expr::value(Some(update.width)))
        .col_expr(asset::Column::Height, Expr::value(Some(update.height)))
        .col_expr(asset::Column::ThumbnailsGeneratedAt, Expr::value(Some(now)))
        .col_expr(asset::Column::UpdatedAt, Expr::value(now))
        .filter(asset::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_processing_error(db: &impl ConnectionTrait, id: Uuid, reason: &str) -> RepoResult<()> {
    Assets::update_many()
        .col_expr(asset::Column::ProcessingError, Expr::value(Some(reason.to_string())))
        .col_expr(asset::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .filter(asset::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Assets whose pipeline has not finished and has not failed: (id, metadata done).
/// Failures are recorded by `set_processing_error` as `<step>: <reason>`.
pub async fn unfinished(db: &impl ConnectionTrait) -> RepoResult<Vec<(Uuid, bool)>> {
    let rows: Vec<(Uuid, Option<chrono::DateTime<chrono::Utc>>)> = Assets::find()
        .select_only()
        .column(asset::Column::Id)
        .column(asset::Column::MetadataExtractedAt)
        .filter(asset::Column::DeletedAt.is_null())
        // A failed step is recorded as `<step>: <reason>`; anything else there is a warning
        // (say, a broken sidecar) and the pipeline goes on.
        .filter(
            sea_orm::Condition::any().add(asset::Column::ProcessingError.is_null()).add(
                sea_orm::Condition::all()
                    .add(asset::Column::ProcessingError.not_like("metadata:%"))
                    .add(asset::Column::ProcessingError.not_like("thumbnail:%")),
            ),
        )
        .filter(asset::Column::ThumbnailsGeneratedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, done)| (id, done.is_some())).collect())
}

/// Sets one boolean or string column on many assets; returns how many changed.
async fn set_column(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    column: asset::Column,
    value: sea_orm::Value,
) -> RepoResult<u64> {
    let mut changed = 0;
    for batch in ids.chunks(5000) {
        let result = Assets::update_many()
            .col_expr(column, Expr::value(value.clone()))
            .col_expr(asset::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
            .filter(asset::Column::Id.is_in(batch.iter().copied()))
            .exec(db)
            .await?;
        changed += result.rows_affected;
    }
    Ok(changed)
}

pub async fn set_favorite(db: &impl ConnectionTrait, ids: &[Uuid], favorite: bool) -> RepoResult<u64> {
    set_column(db, ids, asset::Column::IsFavorite, favorite.into()).await
}

pub async fn set_visibility(db: &impl ConnectionTrait, ids: &[Uuid], visibility: &str) -> RepoResult<u64> {
    set_column(db, ids, asset::Column::Visibility, visibility.into()).await
}

pub async fn set_live_photo_video(db: &impl ConnectionTrait, id: Uuid, video: Option<Uuid>) -> RepoResult<()> {
    set_column(db, &[id], asset::Column::LivePhotoVideoId, video.into()).await.map(|_| ())
}

/// The instant taken and the wall-clock time, as the user set them.
pub async fn set_dates(
    db: &impl ConnectionTrait,
    id: Uuid,
    taken_at: chrono::DateTime<chrono::Utc>,
    local_date_time: chrono::DateTime<chrono::Utc>,
) -> RepoResult<()> {
    Assets::update_many()
        .col_expr(asset::Column::TakenAt, Expr::value(Some(taken_at)))
        .col_expr(asset::Column::LocalDateTime, Expr::value(Some(local_date_time)))
        .col_expr(asset::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .filter(asset::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Out of the trash; returns how many came back.
pub async fn restore(db: &impl ConnectionTrait, ids: &[Uuid]) -> RepoResult<u64> {
    let mut restored = 0;
    for batch in ids.chunks(5000) {
        let result = Assets::update_many()
            .col_expr(asset::Column::DeletedAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
            .col_expr(asset::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
            .filter(asset::Column::Id.is_in(batch.iter().copied()))
            .filter(asset::Column::DeletedAt.is_not_null())
            .exec(db)
            .await?;
        restored += result.rows_affected;
    }
    Ok(restored)
}

/// The owner's trashed assets (all owners with `None`) trashed before `before`.
pub async fn trashed(
    db: &impl ConnectionTrait,
    owner: Option<Uuid>,
    before: Option<chrono::DateTime<chrono::Utc>>,
) -> RepoResult<Vec<asset::Model>> {
    let mut query = Assets::find().filter(asset::Column::DeletedAt.is_not_null());
    if let Some(owner) = owner {
        query = query.filter(asset::Column::OwnerId.eq(owner));
    }
    if let Some(before) = before {
        query = query.filter(asset::Column::DeletedAt.lt(before));
    }
    Ok(query.all(db).await?)
}

/// An album's assets on the timeline or in the archive, outside the trash (downloads, link pages).
pub async fn ids_in_album(db: &impl ConnectionTrait, album_id: Uuid) -> RepoResult<Vec<Uuid>> {
    shown_ids(db, asset::Column::Id.in_subquery(super::albums::asset_ids_of(album_id))).await
}

/// An owner's assets on the timeline or in the archive (not hidden, locked or trashed), for
/// downloads.
pub async fn ids_of_owner(db: &impl ConnectionTrait, owner: Uuid) -> RepoResult<Vec<Uuid>> {
    shown_ids(db, asset::Column::OwnerId.eq(owner)).await
}

/// The ids of assets matching `which` that are on the timeline or in the archive and not in
/// the trash, oldest first.
async fn shown_ids(db: &impl ConnectionTrait, which: sea_orm::sea_query::SimpleExpr) -> RepoResult<Vec<Uuid>> {
    Ok(asset::Entity::find()
        .select_only()
        .column(asset::Column::Id)
        .filter(which)
        .filter(asset::Column::Visibility.is_in(crate::dto::assets::AssetVisibility::filter(None)))
        .filter(asset::Column::DeletedAt.is_null())
        .order_by_asc(asset::Column::LocalDateTime)
        .into_tuple()
        .all(db)
        .await?)
}
