use domain::config::{LoginThrottleSettings, Settings};
use domain::services::Services;
use std::future::Future;

pub use domain::testing::{admin_url, create_database, drop_database, redis_url};

pub struct Env {
    pub services: Services,
    _dir: tempfile::TempDir,
    pg_name: Option<String>,
}

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    PostgresRedis,
}

pub fn test_settings(dir: &std::path::Path) -> Settings {
    Settings {
        data_dir: dir.join("data"),
        login_throttle: LoginThrottleSettings { per_account: 5, per_client: 100, window_seconds: 600 },
        ..Settings::default()
    }
}

impl Env {
    pub async fn new(backend: Backend) -> Env {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut settings = test_settings(dir.path());
        let mut pg_name = None;
        if let Backend::PostgresRedis = backend {
            let (name, url) = create_database().await;
            settings.database_url = Some(url);
            settings.redis_url = Some(redis_url());
            pg_name = Some(name);
        }
        let services = Services::connect(settings).await.unwrap_or_else(|e| panic!("connect: {e}"));
        Env { services, _dir: dir, pg_name }
    }

    pub async fn finish(self) {
        self.services.db().clone().close().await.ok();
        if let Some(name) = &self.pg_name {
            drop_database(name).await;
        }
    }
}

/// Runs `test` on both backends, cleaning up after each.
pub async fn on_both<F, Fut>(test: F)
where
    F: Fn(Services, Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    for backend in [Backend::Sqlite, Backend::PostgresRedis] {
        let env = Env::new(backend).await;
        test(env.services.clone(), backend).await;
        env.finish().await;
    }
}

fn ok<T>(result: Result<T, domain::AppError>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// Logs in and resolves the token back into an auth context, as a request would.
pub async fn session(services: &Services, email: &str, password: &str) -> (domain::auth::AuthContext, String) {
    let response = ok(login(services, email, password).await);
    let auth = ok(auth_for(services, &response.access_token).await);
    (auth, response.access_token)
}

/// Signs up the first admin and logs in.
pub async fn admin(services: &Services) -> (domain::auth::AuthContext, String) {
    use domain::dto::auth::SignUp;
    let sign_up = SignUp { email: "admin@example.com".into(), password: "admin-password".into(), name: "Admin".into() };
    ok(services.auth().admin_sign_up(sign_up).await);
    session(services, "admin@example.com", "admin-password").await
}

pub async fn login(
    services: &Services,
    email: &str,
    password: &str,
) -> Result<domain::dto::auth::LoginResponse, domain::AppError> {
    use domain::dto::auth::LoginCredential;
    services.auth().login(LoginCredential { email: email.into(), password: password.into() }, &Default::default()).await
}

pub async fn auth_for(services: &Services, token: &str) -> Result<domain::auth::AuthContext, domain::AppError> {
    services.auth().authenticate(&domain::auth::Credential::Session(token.to_string())).await
}

/// Creates a user (password `user-password`) through the admin service and logs them in.
pub async fn user(
    services: &Services,
    admin: &domain::auth::AuthContext,
    email: &str,
) -> (domain::auth::AuthContext, String) {
    use domain::dto::users::UserAdminCreate;
    let create = UserAdminCreate {
        email: email.into(),
        password: "user-password".into(),
        name: email.into(),
        ..Default::default()
    };
    ok(services.users().admin_create(admin, create).await);
    session(services, email, "user-password").await
}
