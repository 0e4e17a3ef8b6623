//! Adding assets to a collection (an album, a shared link) by id: each id is either added, a
//! duplicate (already there, or named twice), or refused because it is not the caller's to
//! share. Albums and links answer in their own Immich shapes; the sorting is the same.

use super::storage_error;
use crate::error::AppResult;
use crate::repositories::assets;
use sea_orm::ConnectionTrait;
use std::collections::HashSet;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    Duplicate,
    NotYours,
}

pub(crate) struct Additions {
    /// Each id asked for, in order, with why it was refused (none: it is to be added).
    pub outcomes: Vec<(Uuid, Option<Refusal>)>,
    /// The ids to add, each once.
    pub added: Vec<Uuid>,
}

/// Sorts `ids` for a collection that already holds `present`; only `owner`'s assets may join.
pub(crate) async fn sort_additions(
    db: &impl ConnectionTrait,
    owner: Uuid,
    present: &HashSet<Uuid>,
    ids: &[Uuid],
) -> AppResult<Additions> {
    let mine: HashSet<Uuid> = assets::find_many(db, ids)
        .await
        .map_err(storage_error("find assets"))?
        .into_iter()
        .filter(|a| a.owner_id == owner)
        .map(|a| a.id)
        .collect();
    let mut seen = HashSet::new();
    let mut added = Vec::new();
    let outcomes = ids
        .iter()
        .map(|&id| {
            let refusal = if present.contains(&id) || !seen.insert(id) {
                Some(Refusal::Duplicate)
            } else if !mine.contains(&id) {
                Some(Refusal::NotYours)
            } else {
                added.push(id);
                None
            };
            (id, refusal)
        })
        .collect();
    Ok(Additions { outcomes, added })
}
