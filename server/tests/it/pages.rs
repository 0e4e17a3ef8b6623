use crate::support::{on_both, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};

fn h1(html: &str) -> Vec<String> {
    html.split("<h1")
        .skip(1)
        .filter_map(|rest| rest.split_once('>'))
        .filter_map(|(_, rest)| rest.split_once("</h1>"))
        .map(|(t, _)| t.to_string())
        .collect()
}

#[tokio::test]
async fn pages_redirect_by_who_is_visiting() {
    on_both(|app| async move {
        // Fresh install: everything leads to getting started.
        let login = app.get_page("/auth/login", None).await;
        assert_eq!((login.status, login.header("location")), (StatusCode::FOUND, "/auth/register".to_string()));
        let register = app.get_page("/auth/register", None).await;
        assert_eq!(register.status, StatusCode::OK);
        assert_eq!(h1(&register.text), vec!["Getting started"]);

        let admin = app.admin_token().await;
        let register = app.get_page("/auth/register", None).await;
        assert_eq!((register.status, register.header("location")), (StatusCode::FOUND, "/auth/login".to_string()));
        let login = app.get_page("/auth/login", None).await;
        assert_eq!(login.status, StatusCode::OK);
        assert_eq!(h1(&login.text), vec!["Log in"]);
        assert!(login.text.contains(r#"name="password""#) && login.text.contains("/pkg/shoebox.js"));
        let photos = app.get_page("/photos", None).await;
        assert_eq!((photos.status, photos.header("location")), (StatusCode::FOUND, "/auth/login".to_string()));

        let photos = app.get_page("/photos", Some(&admin)).await;
        assert_eq!(photos.status, StatusCode::OK);
        assert_eq!(h1(&photos.text), vec!["Photos"]);
        assert!(photos.text.contains(r#"href="/admin/users""#), "admins see Administration");
        let root = app.get_page("/", Some(&admin)).await;
        assert_eq!(root.header("location"), "/photos");
        let users = app.get_page("/admin/users", Some(&admin)).await;
        assert_eq!((users.status, h1(&users.text)), (StatusCode::OK, vec!["Users".to_string()]));
        assert!(users.text.contains("admin@example.com"));

        let (_, user) = app.user_token(&admin, "user@example.com").await;
        let photos = app.get_page("/photos", Some(&user)).await;
        assert!(!photos.text.contains(r#"href="/admin/users""#), "non-admins do not see Administration");
        let users = app.get_page("/admin/users", Some(&user)).await;
        assert_eq!(users.status, StatusCode::FORBIDDEN);
        assert_eq!(h1(&users.text), vec!["Administration is for admins only"]);
        assert!(!users.text.contains("admin@example.com"));
        let missing = app.get_page("/no-such-page", Some(&user)).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        app
    })
    .await;
}

async fn form_post(app: &TestApp, path: &str, form: &str, cookie: Option<&str>) -> crate::support::Reply {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("referer", "http://localhost/auth/login");
    if let Some(token) = cookie {
        builder = builder.header("cookie", format!("immich_access_token={token}"));
    }
    app.send(builder.body(Body::from(form.to_string())).unwrap_or_else(|e| panic!("{e}"))).await
}

/// With JavaScript off the login form is a plain HTML form post to the server function.
#[tokio::test]
async fn login_form_works_without_javascript() {
    on_both(|app| async move {
        app.admin_token().await;
        let wrong = form_post(&app, "/_server/auth/login", "email=admin%40example.com&password=nope", None).await;
        assert!(!wrong.header("set-cookie").contains("immich_access_token="), "no session for a wrong password");
        let ok =
            form_post(&app, "/_server/auth/login", "email=admin%40example.com&password=admin-password", None).await;
        assert_eq!((ok.status, ok.header("location")), (StatusCode::FOUND, "/photos".to_string()), "{}", ok.text);
        let cookie = ok.header("set-cookie");
        let token = cookie
            .strip_prefix("immich_access_token=")
            .and_then(|c| c.split(';').next())
            .unwrap_or_default()
            .to_string();
        assert!(cookie.contains("HttpOnly") && token.len() == 43, "{cookie}");
        let photos = app.get_page("/photos", Some(&token)).await;
        assert_eq!(photos.status, StatusCode::OK);

        let out = form_post(&app, "/_server/auth/logout", "", Some(&token)).await;
        assert_eq!(out.header("location"), "/auth/login");
        let photos = app.get_page("/photos", Some(&token)).await;
        assert_eq!(photos.status, StatusCode::FOUND, "the session ended");
        app
    })
    .await;
}
