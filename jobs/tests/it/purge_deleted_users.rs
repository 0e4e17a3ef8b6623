//! The scheduled purge, run as a plain function against a real (SQLite) database.

use domain::config::Settings;
use domain::dto::auth::SignUp;
use domain::dto::users::UserAdminCreate;
use domain::services::Services;

#[tokio::test]
async fn purges_users_whose_grace_period_is_over() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // No grace period: a deleted user is due at once.
    let settings = Settings { data_dir: dir.path().join("data"), user_delete_delay_days: 0, ..Settings::default() };
    let services = Services::connect(settings).await.unwrap_or_else(|e| panic!("{e}"));
    let sign_up = SignUp { email: "admin@example.com".into(), password: "admin-password".into(), name: "Admin".into() };
    services.auth().admin_sign_up(sign_up).await.unwrap_or_else(|e| panic!("{e}"));
    let login =
        domain::dto::auth::LoginCredential { email: "admin@example.com".into(), password: "admin-password".into() };
    let token = services.auth().login(login, &Default::default()).await.unwrap_or_else(|e| panic!("{e}")).access_token;
    let admin =
        services.auth().authenticate(&domain::auth::Credential::Session(token)).await.unwrap_or_else(|e| panic!("{e}"));
    let create = UserAdminCreate {
        email: "gone@example.com".into(),
        password: "user-password".into(),
        name: "Gone".into(),
        ..Default::default()
    };
    let user = services.users().admin_create(&admin, create).await.unwrap_or_else(|e| panic!("{e}"));

    assert_eq!(jobs::purge_deleted_users::run(&services).await.ok(), Some(0), "nothing deleted yet");
    services.users().admin_delete(&admin, user.id, Default::default()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(jobs::purge_deleted_users::run(&services).await.ok(), Some(1));
    let left = services.users().admin_list(&admin, true).await.unwrap_or_default();
    assert_eq!(left.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(), vec!["admin@example.com"]);
}
