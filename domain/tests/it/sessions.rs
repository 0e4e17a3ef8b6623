use crate::support::{admin, auth_for, on_both, session, user, Backend};
use domain::ErrorCode;
use uuid::Uuid;

#[tokio::test]
async fn sessions_are_listed_and_others_can_be_ended() {
    on_both(|services, backend| async move {
        let expected_store = match backend {
            Backend::Sqlite => "database",
            Backend::PostgresRedis => "redis",
        };
        assert_eq!(services.session_store().kind(), expected_store);
        let (admin, _) = admin(&services).await;
        let (first, _) = user(&services, &admin, "fay@example.com").await;
        let (_, second_token) = session(&services, "fay@example.com", "user-password").await;
        let (_, third_token) = session(&services, "fay@example.com", "user-password").await;

        let listed = services.sessions().list(&first).await.unwrap_or_default();
        assert_eq!(listed.len(), 3);
        assert_eq!(listed.iter().filter(|s| s.current).count(), 1);
        assert_eq!(listed.iter().find(|s| s.current).map(|s| s.id), first.session_id);
        assert_eq!(services.sessions().list(&admin).await.map(|l| l.len()).unwrap_or(0), 1, "only one's own");

        let third = auth_for(&services, &third_token).await.unwrap_or_else(|e| panic!("{e}"));
        services
            .sessions()
            .delete(&first, third.session_id.unwrap_or_default())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(auth_for(&services, &third_token).await.map_err(|e| e.code).err(), Some(ErrorCode::Unauthenticated));
        let foreign = services.sessions().delete(&admin, first.session_id.unwrap_or_default()).await;
        assert_eq!(foreign.map_err(|e| e.code).err(), Some(ErrorCode::SessionNotFound));
        assert_eq!(
            services.sessions().delete(&first, Uuid::new_v4()).await.map_err(|e| e.code).err(),
            Some(ErrorCode::SessionNotFound)
        );

        assert_eq!(services.sessions().delete_others(&first).await.ok(), Some(1));
        assert_eq!(
            auth_for(&services, &second_token).await.map_err(|e| e.code).err(),
            Some(ErrorCode::Unauthenticated)
        );
        let left = services.sessions().list(&first).await.unwrap_or_default();
        assert_eq!(left.len(), 1);
        assert!(left[0].current);
    })
    .await;
}
