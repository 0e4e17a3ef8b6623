//! Month counts: PostgreSQL's month-by-month index walk gives exactly what grouping every row
//! gives, for one or several owners and visibilities, in and out of the trash, across month
//! and year edges.

use crate::support::{admin, on_both};
use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::entities::asset;
use domain::repositories::assets;
use domain::repositories::timeline::{month_counts, month_counts_grouped, Scope};
use sea_orm::IntoActiveModel;
use uuid::Uuid;

pub(crate) fn asset_at(owner: Uuid, at: DateTime<Utc>, visibility: &str, trashed: bool, n: usize) -> asset::Model {
    asset::Model {
        id: Uuid::new_v4(),
        owner_id: owner,
        checksum: format!("{n:040x}"),
        asset_type: "IMAGE".into(),
        original_path: format!("upload/{n}.jpg"),
        original_file_name: format!("{n}.jpg"),
        sidecar_path: None,
        file_size: 1,
        file_created_at: at,
        file_modified_at: at,
        is_favorite: n.is_multiple_of(5),
        visibility: visibility.into(),
        duration: None,
        live_photo_video_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: trashed.then_some(at),
        width: None,
        height: None,
        thumbhash: None,
        taken_at: Some(at),
        local_date_time: Some(at),
        thumbnail_path: None,
        preview_path: None,
        metadata_extracted_at: None,
        thumbnails_generated_at: None,
        processing_error: None,
        duplicate_id: None,
    }
}

#[tokio::test]
async fn the_index_walk_counts_months_exactly_as_grouping_does() {
    on_both(|services, _| async move {
        let (auth, _) = admin(&services).await;
        let owner = auth.user_id();
        let db = services.db();
        // Dates on month edges (the first and last second of a month, New Year) and a spread of
        // hours over three years, in three visibilities, some in the trash.
        let mut dates: Vec<DateTime<Utc>> = vec![
            Utc.with_ymd_and_hms(2023, 12, 31, 23, 59, 59).single().unwrap_or_default(),
            Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single().unwrap_or_default(),
            Utc.with_ymd_and_hms(2024, 2, 29, 23, 59, 59).single().unwrap_or_default(),
            Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).single().unwrap_or_default(),
        ];
        let start = Utc.with_ymd_and_hms(2022, 1, 1, 0, 0, 0).single().unwrap_or_default();
        dates.extend((0..300).map(|i| start + Duration::hours(i * 89 + (i * i) % 17)));
        for (n, at) in dates.iter().enumerate() {
            let visibility = ["timeline", "archive", "hidden"][n % 3];
            let model = asset_at(owner, *at, visibility, n.is_multiple_of(7), n);
            assets::insert(db, model.into_active_model()).await.unwrap_or_else(|e| panic!("{e}"));
        }
        for (visibilities, trashed) in [
            (vec!["timeline"], false),
            (vec!["timeline", "archive"], false),
            (vec!["archive"], false),
            (vec!["timeline", "archive"], true),
            (vec!["hidden"], true),
        ] {
            let scope = Scope {
                owners: vec![owner],
                album: None,
                shared_link: None,
                visibilities,
                is_favorite: None,
                trashed,
                matching: None,
            };
            let walked = month_counts(db, &scope).await.unwrap_or_else(|e| panic!("{e}"));
            let grouped = month_counts_grouped(db, &scope).await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(walked, grouped, "{scope:?}");
            assert!(!walked.is_empty());
            let total: i64 = walked.iter().map(|(_, c)| c).sum();
            let expected = dates
                .iter()
                .enumerate()
                .filter(|(n, _)| {
                    scope.visibilities.contains(&["timeline", "archive", "hidden"][n % 3])
                        && n.is_multiple_of(7) == trashed
                })
                .count() as i64;
            assert_eq!(total, expected, "{scope:?}");
        }
        let edges = month_counts(
            db,
            &Scope {
                owners: vec![owner],
                album: None,
                shared_link: None,
                visibilities: vec!["timeline", "archive", "hidden"],
                is_favorite: None,
                trashed: false,
                matching: None,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        let month = |m: &str| edges.iter().find(|(k, _)| k == m).map(|(_, c)| *c);
        assert!(
            month("2023-12").is_some()
                && month("2024-01").is_some()
                && month("2024-02").is_some()
                && month("2024-03").is_some()
        );
        let empty = Scope {
            owners: vec![Uuid::new_v4()],
            album: None,
            shared_link: None,
            visibilities: vec!["timeline"],
            is_favorite: None,
            trashed: false,
            matching: None,
        };
        assert_eq!(month_counts(db, &empty).await.unwrap_or_else(|e| panic!("{e}")), vec![]);
    })
    .await;
}
