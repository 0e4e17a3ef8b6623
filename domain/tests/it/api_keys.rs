use crate::support::{admin, on_both, user};
use domain::auth::Credential;
use domain::dto::api_keys::{ApiKeyCreate, ApiKeyUpdate};
use domain::ErrorCode;
use uuid::Uuid;

#[tokio::test]
async fn keys_authenticate_until_deleted_and_belong_to_their_owner() {
    on_both(|services, _| async move {
        let (admin, _) = admin(&services).await;
        let (eve, _) = user(&services, &admin, "eve@example.com").await;
        let keys = services.api_keys();
        let create = ApiKeyCreate { name: Some("backup script".into()), permissions: vec!["all".into()] };
        let created = keys.create(&admin, create).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(created.secret.len(), 43);
        assert_eq!(created.api_key.name, "backup script");
        assert_eq!(created.api_key.permissions, vec!["all".to_string()]);

        let auth = services.auth().authenticate(&Credential::ApiKey(created.secret.clone())).await;
        let auth = auth.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(auth.user_id(), admin.user_id());
        assert_eq!(auth.api_key_id, Some(created.api_key.id));
        assert_eq!(keys.current(&auth).await.map(|k| k.id).ok(), Some(created.api_key.id));
        let bad = services.auth().authenticate(&Credential::ApiKey("wrong".into())).await;
        assert_eq!(bad.map_err(|e| e.code).err(), Some(ErrorCode::Unauthenticated));

        let listed = keys.list(&admin).await.unwrap_or_default();
        assert_eq!(listed.len(), 1);
        assert!(keys.list(&eve).await.unwrap_or_default().is_empty(), "users see only their own keys");
        let foreign = keys.delete(&eve, created.api_key.id).await;
        assert_eq!(foreign.map_err(|e| e.code).err(), Some(ErrorCode::ApiKeyNotFound));

        let renamed = keys
            .update(&admin, created.api_key.id, ApiKeyUpdate { name: Some("nightly".into()), permissions: None })
            .await;
        assert_eq!(renamed.map(|k| k.name).ok(), Some("nightly".into()));
        let empty = ApiKeyCreate { name: None, permissions: vec![] };
        assert_eq!(keys.create(&admin, empty).await.map_err(|e| e.code).err(), Some(ErrorCode::InvalidInput));

        keys.delete(&admin, created.api_key.id).await.unwrap_or_else(|e| panic!("{e}"));
        let after = services.auth().authenticate(&Credential::ApiKey(created.secret)).await;
        assert_eq!(after.map_err(|e| e.code).err(), Some(ErrorCode::Unauthenticated));
        assert_eq!(
            keys.delete(&admin, Uuid::new_v4()).await.map_err(|e| e.code).err(),
            Some(ErrorCode::ApiKeyNotFound)
        );
    })
    .await;
}
