use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shared_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The owner: what the link shows is theirs to share.
    pub user_id: Uuid,
    pub key: String,
    pub slug: Option<String>,
    /// `ALBUM` or `INDIVIDUAL`.
    pub link_type: String,
    pub album_id: Option<Uuid>,
    pub description: Option<String>,
    pub password_hash: Option<String>,
    pub expires_at: Option<DateTimeUtc>,
    pub allow_upload: bool,
    pub allow_download: bool,
    pub show_metadata: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
