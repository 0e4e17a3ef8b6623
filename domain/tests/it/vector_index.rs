//! The embedded vector index follows its table: a vector that replaces another, or a new row
//! written where a deleted one was last, is seen at the next refresh (SQLite, where the index
//! lives; PostgreSQL searches the table itself).

use crate::support::{admin, on_both, Backend};
use crate::timeline_counts::asset_at;
use chrono::Utc;
use domain::repositories::assets;
use domain::repositories::vectors::{self, VectorTable};
use domain::vector_index::VectorIndex;
use sea_orm::IntoActiveModel;
use std::collections::HashSet;

fn axis(i: usize) -> Vec<f32> {
    let mut v = vec![0.0; 8];
    v[i] = 1.0;
    v
}

#[tokio::test]
async fn the_index_sees_replaced_and_deleted_vectors() {
    on_both(|services, backend| async move {
        if matches!(backend, Backend::PostgresRedis) {
            return;
        }
        let (auth, _) = admin(&services).await;
        let owner = auth.user_id();
        let db = services.db();
        let mut ids = Vec::new();
        for n in 0..3 {
            let model = asset_at(owner, Utc::now(), "timeline", false, n);
            ids.push(model.id);
            assets::insert(db, model.into_active_model()).await.unwrap_or_else(|e| panic!("{e}"));
        }
        let owners: HashSet<_> = [owner].into();
        let index = VectorIndex::new(VectorTable::SmartSearch);
        let nearest = |query: Vec<f32>| {
            let index = &index;
            let owners = &owners;
            async move {
                index.refresh(db).await.unwrap_or_else(|e| panic!("{e}"));
                index.nearest(db, &query, owners, 1, Some(0.5)).await.unwrap_or_else(|e| panic!("{e}"))
            }
        };
        vectors::upsert(db, VectorTable::SmartSearch, ids[0], &axis(0)).await.unwrap_or_else(|e| panic!("{e}"));
        vectors::upsert(db, VectorTable::SmartSearch, ids[1], &axis(1)).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(nearest(axis(1)).await.first().map(|n| n.0), Some(ids[1]));

        // The last row deleted (with its asset) and another written: same count as before.
        assets::delete_many(db, &[ids[1]]).await.unwrap_or_else(|e| panic!("{e}"));
        vectors::upsert(db, VectorTable::SmartSearch, ids[2], &axis(2)).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(nearest(axis(2)).await.first().map(|n| n.0), Some(ids[2]));
        assert!(nearest(axis(1)).await.is_empty());

        // A vector replaced in place (the model ran again on the asset).
        vectors::upsert(db, VectorTable::SmartSearch, ids[2], &axis(3)).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(nearest(axis(3)).await.first().map(|n| n.0), Some(ids[2]));
        assert!(nearest(axis(2)).await.is_empty());
    })
    .await;
}
