//! What machine learning finds in an asset: its CLIP embedding, faces (with their embeddings)
//! grouped into people, object labels, text lines, near-duplicate groups, and per-asset marks of
//! which steps ran. Embeddings are `vector(512)` with HNSW indexes in PostgreSQL (pgvector) and
//! little-endian f32 blobs in SQLite, searched by an in-process index there. Text in photos is
//! searched by trigrams in both: pg_trgm, and SQLite's FTS5 trigram tokenizer. A CLIP model of
//! another width changes the column's dimension at start (`smart_search` is emptied then).

use super::m20261124_000001_create_users::Users;
use super::m20261124_000004_create_assets::Assets;
use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
    OwnerId,
    Name,
    BirthDate,
    IsHidden,
    IsFavorite,
    Color,
    /// The face whose crop shows this person (no foreign key: faces and people point at each
    /// other; a feature face that goes away is replaced in code).
    FaceAssetId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AssetFaces {
    Table,
    Id,
    AssetId,
    PersonId,
    /// Size of the image the box was found in (the preview), as Immich reports it.
    ImageWidth,
    ImageHeight,
    BoundingBoxX1,
    BoundingBoxY1,
    BoundingBoxX2,
    BoundingBoxY2,
    Score,
    /// `machine-learning` or `exif` (face regions written by other software).
    SourceType,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AssetLabels {
    Table,
    Id,
    AssetId,
    /// Lower-case plain words (`person`, `espresso`): what a search matches.
    Name,
    Score,
    /// `classifier` or `detector`.
    Source,
    /// Detector boxes as fractions of the image; null for whole-image labels.
    BoxX1,
    BoxY1,
    BoxX2,
    BoxY2,
}

#[derive(DeriveIden)]
enum AssetOcr {
    Table,
    Id,
    AssetId,
    /// Reading order within the image.
    Line,
    Text,
    Score,
    /// The four corners, clockwise from top-left, as fractions of the image.
    X1,
    Y1,
    X2,
    Y2,
    X3,
    Y3,
    X4,
    Y4,
}

#[derive(DeriveIden)]
enum AssetMlStatus {
    Table,
    AssetId,
    SmartSearchAt,
    FacesDetectedAt,
    TaggedAt,
    OcrAt,
    DuplicatesDetectedAt,
}

#[derive(DeriveIden)]
enum AssetsMl {
    #[sea_orm(iden = "assets")]
    Table,
    /// Assets with the same value are near-duplicates of each other.
    DuplicateId,
}

/// SQLite: blobs for vectors; the searchable text in an FTS5 table whose trigram tokenizer
/// answers `LIKE '%…%'` from its index, read through a view named as PostgreSQL's table so one
/// query serves both databases.
const SQLITE_VECTORS: &[&str] = &[
    // `seq` (the rowid) only grows, even across `INSERT OR REPLACE` and deletions: the in-process
    // index tells what changed from the row count and the last rowid, and a reused rowid would
    // hide a replaced vector from it.
    r#"CREATE TABLE "smart_search" ("seq" INTEGER PRIMARY KEY AUTOINCREMENT, "asset_id" uuid_text NOT NULL UNIQUE REFERENCES "assets" ("id") ON DELETE CASCADE, "embedding" blob NOT NULL)"#,
    r#"CREATE TABLE "face_search" ("seq" INTEGER PRIMARY KEY AUTOINCREMENT, "face_id" uuid_text NOT NULL UNIQUE REFERENCES "asset_faces" ("id") ON DELETE CASCADE, "embedding" blob NOT NULL)"#,
    r#"CREATE TABLE "asset_ocr_text_data" ("asset_id" uuid_text NOT NULL PRIMARY KEY REFERENCES "assets" ("id") ON DELETE CASCADE, "text" text NOT NULL)"#,
    r#"CREATE VIRTUAL TABLE "asset_ocr_fts" USING fts5("text", content='asset_ocr_text_data', content_rowid='rowid', tokenize='trigram')"#,
    r#"CREATE TRIGGER "asset_ocr_text_ai" AFTER INSERT ON "asset_ocr_text_data" BEGIN INSERT INTO "asset_ocr_fts" ("rowid", "text") VALUES (new."rowid", new."text"); END"#,
    r#"CREATE TRIGGER "asset_ocr_text_ad" AFTER DELETE ON "asset_ocr_text_data" BEGIN INSERT INTO "asset_ocr_fts" ("asset_ocr_fts", "rowid", "text") VALUES ('delete', old."rowid", old."text"); END"#,
    r#"CREATE TRIGGER "asset_ocr_text_au" AFTER UPDATE ON "asset_ocr_text_data" BEGIN INSERT INTO "asset_ocr_fts" ("asset_ocr_fts", "rowid", "text") VALUES ('delete', old."rowid", old."text"); INSERT INTO "asset_ocr_fts" ("rowid", "text") VALUES (new."rowid", new."text"); END"#,
    r#"CREATE VIEW "asset_ocr_text" AS SELECT d."asset_id" AS "asset_id", f."text" AS "text" FROM "asset_ocr_fts" f JOIN "asset_ocr_text_data" d ON d."rowid" = f."rowid""#,
];

const SQLITE_VECTORS_DOWN: &[&str] = &[
    r#"DROP VIEW IF EXISTS "asset_ocr_text""#,
    r#"DROP TRIGGER IF EXISTS "asset_ocr_text_au""#,
    r#"DROP TRIGGER IF EXISTS "asset_ocr_text_ad""#,
    r#"DROP TRIGGER IF EXISTS "asset_ocr_text_ai""#,
    r#"DROP TABLE IF EXISTS "asset_ocr_fts""#,
    r#"DROP TABLE IF EXISTS "asset_ocr_text_data""#,
    r#"DROP TABLE IF EXISTS "face_search""#,
    r#"DROP TABLE IF EXISTS "smart_search""#,
];

/// HNSW with Immich's build settings: ef_construction 300 rather than pgvector's 64 costs twice
/// the build time and gives a graph that text queries find their way through (see `vectors`).
const POSTGRES_VECTORS: &[&str] = &[
    r#"CREATE TABLE "smart_search" ("asset_id" uuid NOT NULL PRIMARY KEY REFERENCES "assets" ("id") ON DELETE CASCADE, "embedding" vector(512) NOT NULL)"#,
    r#"CREATE INDEX "idx_smart_search_embedding" ON "smart_search" USING hnsw ("embedding" vector_cosine_ops) WITH (m = 16, ef_construction = 300)"#,
    r#"CREATE TABLE "face_search" ("face_id" uuid NOT NULL PRIMARY KEY REFERENCES "asset_faces" ("id") ON DELETE CASCADE, "embedding" vector(512) NOT NULL)"#,
    r#"CREATE INDEX "idx_face_search_embedding" ON "face_search" USING hnsw ("embedding" vector_cosine_ops) WITH (m = 16, ef_construction = 300)"#,
    // Text is stored lower-case; trigrams answer `LIKE '%…%'` from the index.
    r#"CREATE TABLE "asset_ocr_text" ("asset_id" uuid NOT NULL PRIMARY KEY REFERENCES "assets" ("id") ON DELETE CASCADE, "text" text NOT NULL)"#,
    r#"CREATE EXTENSION IF NOT EXISTS pg_trgm"#,
    r#"CREATE INDEX "idx_asset_ocr_text_trgm" ON "asset_ocr_text" USING gin ("text" gin_trgm_ops)"#,
];

const POSTGRES_VECTORS_DOWN: &[&str] = &[
    r#"DROP TABLE IF EXISTS "asset_ocr_text""#,
    r#"DROP TABLE IF EXISTS "face_search""#,
    r#"DROP TABLE IF EXISTS "smart_search""#,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Person::Table)
                    .col(uuid(Person::Id).primary_key())
                    .col(uuid(Person::OwnerId))
                    .col(string(Person::Name).default(""))
                    .col(date_null(Person::BirthDate))
                    .col(boolean(Person::IsHidden).default(false))
                    .col(boolean(Person::IsFavorite).default(false))
                    .col(string_null(Person::Color))
                    .col(uuid_null(Person::FaceAssetId))
                    .col(timestamp_with_time_zone(Person::CreatedAt))
                    .col(timestamp_with_time_zone(Person::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_person_owner")
                            .from(Person::Table, Person::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_person_owner").table(Person::Table).col(Person::OwnerId).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssetFaces::Table)
                    .col(uuid(AssetFaces::Id).primary_key())
                    .col(uuid(AssetFaces::AssetId))
                    .col(uuid_null(AssetFaces::PersonId))
                    .col(integer(AssetFaces::ImageWidth))
                    .col(integer(AssetFaces::ImageHeight))
                    .col(integer(AssetFaces::BoundingBoxX1))
                    .col(integer(AssetFaces::BoundingBoxY1))
                    .col(integer(AssetFaces::BoundingBoxX2))
                    .col(integer(AssetFaces::BoundingBoxY2))
                    .col(float(AssetFaces::Score))
                    .col(string(AssetFaces::SourceType).default("machine-learning"))
                    .col(timestamp_with_time_zone(AssetFaces::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_asset_faces_asset")
                            .from(AssetFaces::Table, AssetFaces::AssetId)
                            .to(Assets::Table, Assets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    // A person deleted or merged away leaves their faces unassigned, not gone.
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_asset_faces_person")
                            .from(AssetFaces::Table, AssetFaces::PersonId)
                            .to(Person::Table, Person::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in
            [("idx_asset_faces_asset", AssetFaces::AssetId), ("idx_asset_faces_person", AssetFaces::PersonId)]
        {
            manager.create_index(Index::create().name(name).table(AssetFaces::Table).col(column).to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AssetLabels::Table)
                    .col(uuid(AssetLabels::Id).primary_key())
                    .col(uuid(AssetLabels::AssetId))
                    .col(string(AssetLabels::Name))
                    .col(float(AssetLabels::Score))
                    .col(string(AssetLabels::Source))
                    .col(float_null(AssetLabels::BoxX1))
                    .col(float_null(AssetLabels::BoxY1))
                    .col(float_null(AssetLabels::BoxX2))
                    .col(float_null(AssetLabels::BoxY2))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_asset_labels_asset")
                            .from(AssetLabels::Table, AssetLabels::AssetId)
                            .to(Assets::Table, Assets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // "Which assets show a cup": the search; "what is on this asset": the info panel.
        for (name, column) in
            [("idx_asset_labels_name", AssetLabels::Name), ("idx_asset_labels_asset", AssetLabels::AssetId)]
        {
            manager.create_index(Index::create().name(name).table(AssetLabels::Table).col(column).to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AssetOcr::Table)
                    .col(uuid(AssetOcr::Id).primary_key())
                    .col(uuid(AssetOcr::AssetId))
                    .col(integer(AssetOcr::Line))
                    .col(text(AssetOcr::Text))
                    .col(float(AssetOcr::Score))
                    .col(float(AssetOcr::X1))
                    .col(float(AssetOcr::Y1))
                    .col(float(AssetOcr::X2))
                    .col(float(AssetOcr::Y2))
                    .col(float(AssetOcr::X3))
                    .col(float(AssetOcr::Y3))
                    .col(float(AssetOcr::X4))
                    .col(float(AssetOcr::Y4))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_asset_ocr_asset")
                            .from(AssetOcr::Table, AssetOcr::AssetId)
                            .to(Assets::Table, Assets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_asset_ocr_asset").table(AssetOcr::Table).col(AssetOcr::AssetId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AssetMlStatus::Table)
                    .col(uuid(AssetMlStatus::AssetId).primary_key())
                    .col(timestamp_with_time_zone_null(AssetMlStatus::SmartSearchAt))
                    .col(timestamp_with_time_zone_null(AssetMlStatus::FacesDetectedAt))
                    .col(timestamp_with_time_zone_null(AssetMlStatus::TaggedAt))
                    .col(timestamp_with_time_zone_null(AssetMlStatus::OcrAt))
                    .col(timestamp_with_time_zone_null(AssetMlStatus::DuplicatesDetectedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_asset_ml_status_asset")
                            .from(AssetMlStatus::Table, AssetMlStatus::AssetId)
                            .to(Assets::Table, Assets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .alter_table(Table::alter().table(AssetsMl::Table).add_column(uuid_null(AssetsMl::DuplicateId)).to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_assets_duplicate")
                    .table(AssetsMl::Table)
                    .col(AssetsMl::DuplicateId)
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        let statements = match db.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_VECTORS,
            _ => SQLITE_VECTORS,
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements = match db.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_VECTORS_DOWN,
            _ => SQLITE_VECTORS_DOWN,
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        manager.drop_index(Index::drop().name("idx_assets_duplicate").table(AssetsMl::Table).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(AssetsMl::Table).drop_column(AssetsMl::DuplicateId).to_owned())
            .await?;
        for table in [
            AssetMlStatus::Table.into_iden(),
            AssetOcr::Table.into_iden(),
            AssetLabels::Table.into_iden(),
            AssetFaces::Table.into_iden(),
            Person::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
