//! Text read in assets: lines with their corners, and one searchable, lower-case text per asset
//! (`asset_ocr_text`: a trigram-indexed table in PostgreSQL, a view over an FTS5 table in
//! SQLite; see the migration).

use super::RepoResult;
use crate::entities::asset_ocr::{self, Entity as Lines};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Statement,
};
use uuid::Uuid;

fn text_table(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "asset_ocr_text",
        _ => "asset_ocr_text_data",
    }
}

/// Replaces an asset's text (a re-run starts over). No lines: no searchable text either.
pub async fn replace(db: &impl ConnectionTrait, asset_id: Uuid, lines: Vec<asset_ocr::Model>) -> RepoResult<()> {
    let backend = db.get_database_backend();
    let table = text_table(backend);
    Lines::delete_many().filter(asset_ocr::Column::AssetId.eq(asset_id)).exec(db).await?;
    let delete = match backend {
        DbBackend::Postgres => format!(r#"DELETE FROM "{table}" WHERE "asset_id" = $1"#),
        _ => format!(r#"DELETE FROM "{table}" WHERE "asset_id" = ?"#),
    };
    db.execute_raw(Statement::from_sql_and_values(backend, delete, [asset_id.into()])).await?;
    if lines.is_empty() {
        return Ok(());
    }
    let text = searchable(lines.iter().map(|l| l.text.as_str()));
    Lines::insert_many(lines.into_iter().map(IntoActiveModel::into_active_model)).exec(db).await?;
    let insert = match backend {
        DbBackend::Postgres => format!(r#"INSERT INTO "{table}" ("asset_id", "text") VALUES ($1, $2)"#),
        _ => format!(r#"INSERT INTO "{table}" ("asset_id", "text") VALUES (?, ?)"#),
    };
    db.execute_raw(Statement::from_sql_and_values(backend, insert, [asset_id.into(), text.into()])).await?;
    Ok(())
}

/// The searchable form of some lines: lower-case (searches lower-case their words too, so both
/// databases match without case folding in SQL), one line per line.
pub fn searchable<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    lines.map(str::to_lowercase).collect::<Vec<_>>().join("\n")
}

pub async fn of_asset(db: &impl ConnectionTrait, asset_id: Uuid) -> RepoResult<Vec<asset_ocr::Model>> {
    Ok(Lines::find()
        .filter(asset_ocr::Column::AssetId.eq(asset_id))
        .order_by_asc(asset_ocr::Column::Line)
        .all(db)
        .await?)
}
