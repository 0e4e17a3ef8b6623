use crate::support::{admin, auth_for, login, on_both, session, user};
use domain::dto::auth::{ChangePassword, SignUp};
use domain::dto::users::{UserAdminCreate, UserUpdateMe};
use domain::ErrorCode;

fn code<T: std::fmt::Debug>(result: Result<T, domain::AppError>) -> ErrorCode {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(err) => err.code,
    }
}

#[tokio::test]
async fn first_admin_signs_up_once() {
    on_both(|services, _| async move {
        assert!(services.auth().onboarding_status().await.map(|s| s.needs_admin).unwrap_or(false));
        let (admin, _) = admin(&services).await;
        assert!(admin.user.is_admin);
        assert_eq!(admin.user.email, "admin@example.com");
        assert!(!services.auth().onboarding_status().await.map(|s| s.needs_admin).unwrap_or(true));
        let again =
            SignUp { email: "second@example.com".into(), password: "another-password".into(), name: "Two".into() };
        assert_eq!(code(services.auth().admin_sign_up(again).await), ErrorCode::AdminAlreadyExists);
    })
    .await;
}

#[tokio::test]
async fn login_checks_the_password_and_issues_a_working_token() {
    on_both(|services, _| async move {
        let (_, token) = admin(&services).await;
        assert_eq!(code(login(&services, "admin@example.com", "wrong-password").await), ErrorCode::InvalidCredentials);
        assert_eq!(code(login(&services, "nobody@example.com", "admin-password").await), ErrorCode::InvalidCredentials);
        // Emails are case-insensitive.
        let response =
            login(&services, "  ADMIN@Example.com", "admin-password").await.unwrap_or_else(|e| panic!("{e}"));
        assert!(response.is_admin && !response.should_change_password);
        assert_ne!(response.access_token, token, "every login gets a new session token");
        assert_eq!(code(auth_for(&services, "not-a-token").await), ErrorCode::Unauthenticated);
        let auth = auth_for(&services, &response.access_token).await.unwrap_or_else(|e| panic!("{e}"));
        services.auth().logout(&auth).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(code(auth_for(&services, &response.access_token).await), ErrorCode::Unauthenticated);
        assert!(auth_for(&services, &token).await.is_ok(), "logging out one session leaves the others");
    })
    .await;
}

#[tokio::test]
async fn repeated_failures_are_throttled_even_with_the_right_password() {
    on_both(|services, _| async move {
        admin(&services).await;
        for _ in 0..5 {
            assert_eq!(code(login(&services, "admin@example.com", "guess").await), ErrorCode::InvalidCredentials);
        }
        assert_eq!(code(login(&services, "admin@example.com", "admin-password").await), ErrorCode::TooManyAttempts);
    })
    .await;
}

#[tokio::test]
async fn flagged_accounts_must_change_their_password() {
    on_both(|services, _| async move {
        let (admin, _) = admin(&services).await;
        let create = UserAdminCreate {
            email: "kid@example.com".into(),
            password: "initial-password".into(),
            name: "Kid".into(),
            should_change_password: Some(true),
            ..Default::default()
        };
        services.users().admin_create(&admin, create).await.unwrap_or_else(|e| panic!("{e}"));
        let response = login(&services, "kid@example.com", "initial-password").await.unwrap_or_else(|e| panic!("{e}"));
        assert!(response.should_change_password);
        let auth = auth_for(&services, &response.access_token).await.unwrap_or_else(|e| panic!("{e}"));
        let update = UserUpdateMe { password: Some("chosen-password".into()), ..Default::default() };
        let me = services.users().update_me(&auth, update).await.unwrap_or_else(|e| panic!("{e}"));
        assert!(!me.should_change_password);
        assert_eq!(code(login(&services, "kid@example.com", "initial-password").await), ErrorCode::InvalidCredentials);
        let again = login(&services, "kid@example.com", "chosen-password").await.unwrap_or_else(|e| panic!("{e}"));
        assert!(!again.should_change_password);
    })
    .await;
}

#[tokio::test]
async fn change_password_needs_the_current_one_and_can_end_other_sessions() {
    on_both(|services, _| async move {
        let (admin_auth, _) = admin(&services).await;
        let (me, _) = user(&services, &admin_auth, "ann@example.com").await;
        let (_, other_token) = session(&services, "ann@example.com", "user-password").await;
        let wrong =
            ChangePassword { password: "nope".into(), new_password: "new-password".into(), invalidate_sessions: false };
        assert_eq!(code(services.auth().change_password(&me, wrong).await), ErrorCode::WrongPassword);
        let short = ChangePassword {
            password: "user-password".into(),
            new_password: "short".into(),
            invalidate_sessions: false,
        };
        assert_eq!(code(services.auth().change_password(&me, short).await), ErrorCode::PasswordTooShort);
        let good = ChangePassword {
            password: "user-password".into(),
            new_password: "new-password".into(),
            invalidate_sessions: true,
        };
        services.auth().change_password(&me, good).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(code(auth_for(&services, &other_token).await), ErrorCode::Unauthenticated, "other session ended");
        assert!(login(&services, "ann@example.com", "new-password").await.is_ok());
    })
    .await;
}
