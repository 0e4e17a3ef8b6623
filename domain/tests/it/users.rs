use crate::support::{admin, auth_for, login, on_both, user};
use chrono::{Duration, Utc};
use domain::dto::users::{UserAdminCreate, UserAdminDelete, UserAdminUpdate, UserStatus, UserUpdateMe};
use domain::ErrorCode;
use uuid::Uuid;

fn code<T: std::fmt::Debug>(result: Result<T, domain::AppError>) -> ErrorCode {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(err) => err.code,
    }
}

fn new_user(email: &str) -> UserAdminCreate {
    UserAdminCreate {
        email: email.into(),
        password: "user-password".into(),
        name: "Someone".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn admins_create_edit_and_list_users() {
    on_both(|services, _| async move {
        let (admin, _) = admin(&services).await;
        let create =
            UserAdminCreate { quota_size_in_bytes: Some(5 * 1024 * 1024 * 1024), ..new_user("Bob@Example.com") };
        let bob = services.users().admin_create(&admin, create).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bob.email, "bob@example.com");
        assert_eq!(bob.quota_size_in_bytes, Some(5 * 1024 * 1024 * 1024));
        assert!(!bob.is_admin);
        assert_eq!(bob.status, UserStatus::Active);
        assert_eq!(
            code(services.users().admin_create(&admin, new_user("bob@example.com")).await),
            ErrorCode::EmailAlreadyInUse
        );
        assert_eq!(
            code(services.users().admin_create(&admin, new_user("not-an-email")).await),
            ErrorCode::InvalidEmail
        );

        let update = UserAdminUpdate {
            name: Some("Robert".into()),
            is_admin: Some(true),
            quota_size_in_bytes: Some(None),
            ..Default::default()
        };
        let bob = services.users().admin_update(&admin, bob.id, update).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((bob.name.as_str(), bob.is_admin, bob.quota_size_in_bytes), ("Robert", true, None));
        let emails: Vec<String> =
            services.users().admin_list(&admin, false).await.unwrap_or_default().into_iter().map(|u| u.email).collect();
        assert_eq!(emails, vec!["admin@example.com".to_string(), "bob@example.com".to_string()]);
        assert_eq!(code(services.users().admin_get(&admin, Uuid::new_v4()).await), ErrorCode::UserNotFound);
        let demote_self = UserAdminUpdate { is_admin: Some(false), ..Default::default() };
        assert_eq!(
            code(services.users().admin_update(&admin, admin.user_id(), demote_self).await),
            ErrorCode::InvalidInput
        );
    })
    .await;
}

#[tokio::test]
async fn non_admins_are_refused_every_admin_action() {
    on_both(|services, _| async move {
        let (admin, _) = admin(&services).await;
        let (plain, _) = user(&services, &admin, "plain@example.com").await;
        let users = services.users();
        let id = admin.user_id();
        assert_eq!(code(users.admin_list(&plain, false).await), ErrorCode::AdminRequired);
        assert_eq!(code(users.admin_get(&plain, id).await), ErrorCode::AdminRequired);
        assert_eq!(code(users.admin_create(&plain, new_user("x@example.com")).await), ErrorCode::AdminRequired);
        assert_eq!(code(users.admin_update(&plain, id, Default::default()).await), ErrorCode::AdminRequired);
        assert_eq!(code(users.admin_delete(&plain, id, Default::default()).await), ErrorCode::AdminRequired);
        assert_eq!(code(users.admin_restore(&plain, id).await), ErrorCode::AdminRequired);
        // A user may still edit themself.
        let me = users.update_me(&plain, UserUpdateMe { name: Some("Plain Jane".into()), ..Default::default() }).await;
        assert_eq!(me.map(|m| m.name).ok(), Some("Plain Jane".into()));
    })
    .await;
}

#[tokio::test]
async fn deletion_is_soft_then_purged_after_the_delay() {
    on_both(|services, _| async move {
        let (admin, _) = admin(&services).await;
        let (carol, carol_token) = user(&services, &admin, "carol@example.com").await;
        assert_eq!(
            code(services.users().admin_delete(&admin, admin.user_id(), Default::default()).await),
            ErrorCode::CannotDeleteSelf
        );

        let deleted = services
            .users()
            .admin_delete(&admin, carol.user_id(), Default::default())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(deleted.status, UserStatus::Deleted);
        assert!(deleted.deleted_at.is_some());
        assert_eq!(code(auth_for(&services, &carol_token).await), ErrorCode::Unauthenticated, "sessions end at once");
        assert_eq!(code(login(&services, "carol@example.com", "user-password").await), ErrorCode::InvalidCredentials);
        assert_eq!(services.users().admin_list(&admin, false).await.map(|l| l.len()).unwrap_or(0), 1);
        assert_eq!(services.users().admin_list(&admin, true).await.map(|l| l.len()).unwrap_or(0), 2);

        // Restorable within the grace period.
        services.users().admin_restore(&admin, carol.user_id()).await.unwrap_or_else(|e| panic!("{e}"));
        assert!(login(&services, "carol@example.com", "user-password").await.is_ok());

        services
            .users()
            .admin_delete(&admin, carol.user_id(), Default::default())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let purged_early = services.users().purge_deleted(Utc::now()).await.unwrap_or(99);
        assert_eq!(purged_early, 0, "not before the delay (7 days by default)");
        let purged = services.users().purge_deleted(Utc::now() + Duration::days(8)).await.unwrap_or(0);
        assert_eq!(purged, 1);
        assert_eq!(code(services.users().admin_get(&admin, carol.user_id()).await), ErrorCode::UserNotFound);

        // `force` purges at once.
        let (dave, _) = user(&services, &admin, "dave@example.com").await;
        let forced = UserAdminDelete { force: Some(true) };
        services.users().admin_delete(&admin, dave.user_id(), forced).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(code(services.users().admin_get(&admin, dave.user_id()).await), ErrorCode::UserNotFound);
        // The email is free again once purged.
        assert!(services.users().admin_create(&admin, new_user("dave@example.com")).await.is_ok());
    })
    .await;
}
