//! The access matrix: every asset and album action, for the owner, a partner, an album viewer,
//! an album editor, a shared-link holder, another user and an anonymous visitor, on both
//! databases.

use crate::support::{get, on_both, send, upload_at, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Actor {
    Owner,
    Partner,
    Viewer,
    Editor,
    Link,
    Stranger,
    Anonymous,
}
use Actor::*;

/// The owner last, so an action that succeeds for them runs after everyone else tried it.
const ACTORS: [Actor; 7] = [Partner, Viewer, Editor, Link, Stranger, Anonymous, Owner];

struct World {
    app: TestApp,
    tokens: Vec<(Actor, String)>,
    link_key: String,
}

impl World {
    async fn call(&self, actor: Actor, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut path = path.to_string();
        if actor == Link {
            path.push(if path.contains('?') { '&' } else { '?' });
            path.push_str(&format!("key={}", self.link_key));
        }
        let token = self.tokens.iter().find(|(a, _)| *a == actor).map(|(_, t)| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> = token.as_deref().map(|t| vec![("authorization", t)]).unwrap_or_default();
        let reply = self.app.call(method, &path, &headers, body).await;
        (reply.status, serde_json::from_str(&reply.text).unwrap_or(Value::Null))
    }

    /// Runs one action for every actor and checks each status against `expected`, given in
    /// the order Owner, Partner, Viewer, Editor, Link, Stranger, Anonymous.
    async fn check(
        &self,
        action: &str,
        method: Method,
        path: &str,
        body: impl Fn(Actor) -> Option<Value>,
        expected: [u16; 7],
    ) {
        let order = [Owner, Partner, Viewer, Editor, Link, Stranger, Anonymous];
        for actor in ACTORS {
            let want = expected[order.iter().position(|a| *a == actor).unwrap_or_default()];
            let (status, reply) = self.call(actor, method.clone(), path, body(actor)).await;
            assert_eq!(status.as_u16(), want, "{actor:?}: {action} → {reply}");
        }
    }
}

fn none(_: Actor) -> Option<Value> {
    None
}

#[tokio::test]
async fn every_actor_can_do_exactly_what_their_access_allows() {
    on_both(|app| async move {
        let owner = app.admin_token().await;
        let owner_id = get(&app, &owner, "/api/users/me").await.1["id"].as_str().unwrap_or_default().to_string();
        let (partner_id, partner) = app.user_token(&owner, "partner@example.com").await;
        let (viewer_id, viewer) = app.user_token(&owner, "viewer@example.com").await;
        let (editor_id, editor) = app.user_token(&owner, "editor@example.com").await;
        let (_, stranger) = app.user_token(&owner, "stranger@example.com").await;
        let shared = upload_at(&app, &owner, "in-album.jpg", "2024-05-05T12:00:00Z").await;
        let private = upload_at(&app, &owner, "private.jpg", "2023-01-05T12:00:00Z").await;
        let mut own_photo = std::collections::HashMap::new();
        for (actor, token) in [(Partner, &partner), (Viewer, &viewer), (Editor, &editor), (Stranger, &stranger)] {
            own_photo.insert(
                format!("{actor:?}"),
                upload_at(&app, token, &format!("{actor:?}.jpg"), "2024-06-01T12:00:00Z").await,
            );
        }
        let body = json!({
            "albumName": "Family",
            "assetIds": [shared],
            "albumUsers": [{"userId": viewer_id, "role": "viewer"}, {"userId": editor_id, "role": "editor"}],
        });
        let (status, album) = send(&app, &owner, Method::POST, "/api/albums", body).await;
        assert_eq!(status, StatusCode::CREATED, "{album}");
        let album_id = album["id"].as_str().unwrap_or_default().to_string();
        let (status, _) = send(&app, &owner, Method::POST, "/api/partners", json!({"sharedWithId": partner_id})).await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, link) =
            send(&app, &owner, Method::POST, "/api/shared-links", json!({"type": "ALBUM", "albumId": album_id})).await;
        assert_eq!(status, StatusCode::CREATED, "{link}");
        let world = World {
            app,
            tokens: vec![
                (Owner, owner.clone()),
                (Partner, partner),
                (Viewer, viewer),
                (Editor, editor),
                (Stranger, stranger),
            ],
            link_key: link["key"].as_str().unwrap_or_default().to_string(),
        };
        let w = &world;

        //                                                              Own  Par  Vie  Edi  Lnk  Str  Anon
        w.check(
            "read the album's photo",
            Method::GET,
            &format!("/api/assets/{shared}"),
            none,
            [200, 200, 200, 200, 200, 404, 401],
        )
        .await;
        w.check(
            "read a photo in no album",
            Method::GET,
            &format!("/api/assets/{private}"),
            none,
            [200, 200, 404, 404, 404, 404, 401],
        )
        .await;
        w.check(
            "download the album's photo",
            Method::GET,
            &format!("/api/assets/{shared}/original"),
            none,
            [200, 200, 200, 200, 200, 404, 401],
        )
        .await;
        w.check(
            "download a photo in no album",
            Method::GET,
            &format!("/api/assets/{private}/original"),
            none,
            [200, 200, 404, 404, 404, 404, 401],
        )
        .await;
        w.check(
            "zip the album's photo",
            Method::POST,
            "/api/download/archive",
            |_| Some(json!({"assetIds": [shared]})),
            [200, 200, 200, 200, 200, 404, 401],
        )
        .await;
        w.check(
            "read the album",
            Method::GET,
            &format!("/api/albums/{album_id}"),
            none,
            [200, 404, 200, 200, 401, 404, 401],
        )
        .await;
        w.check(
            "read the album's timeline",
            Method::GET,
            &format!("/api/timeline/buckets?albumId={album_id}"),
            none,
            [200, 404, 200, 200, 200, 404, 401],
        )
        .await;
        w.check(
            "read the owner's timeline",
            Method::GET,
            &format!("/api/timeline/buckets?userId={owner_id}&visibility=timeline"),
            none,
            [200, 200, 403, 403, 200, 403, 401],
        )
        .await;
        w.check("read the link", Method::GET, "/api/shared-links/me", none, [401, 401, 401, 401, 200, 401, 401]).await;
        w.check("list links", Method::GET, "/api/shared-links", none, [200, 200, 200, 200, 401, 200, 401]).await;
        w.check(
            "favorite the album's photo",
            Method::PUT,
            &format!("/api/assets/{shared}"),
            |_| Some(json!({"isFavorite": true})),
            [200, 404, 404, 404, 401, 404, 401],
        )
        .await;
        w.check(
            "share the album's photo by link",
            Method::POST,
            "/api/shared-links",
            |_| Some(json!({"type": "INDIVIDUAL", "assetIds": [shared]})),
            [201, 404, 404, 404, 401, 404, 401],
        )
        .await;
        w.check(
            "add one's own photo to the album",
            Method::PUT,
            &format!("/api/albums/{album_id}/assets"),
            |actor| {
                Some(json!({"ids": [own_photo.get(&format!("{actor:?}")).cloned().unwrap_or_else(|| shared.clone())]}))
            },
            [200, 404, 403, 200, 401, 404, 401],
        )
        .await;
        w.check(
            "take the owner's photo out of the album",
            Method::DELETE,
            &format!("/api/albums/{album_id}/assets"),
            |_| Some(json!({"ids": [shared]})),
            [200, 404, 403, 200, 401, 404, 401],
        )
        .await;
        w.check(
            "rename the album",
            Method::PATCH,
            &format!("/api/albums/{album_id}"),
            |_| Some(json!({"albumName": "Renamed"})),
            [200, 404, 403, 403, 401, 404, 401],
        )
        .await;
        w.check(
            "trash a photo",
            Method::DELETE,
            "/api/assets",
            |_| Some(json!({"ids": [private]})),
            [204, 404, 404, 404, 401, 404, 401],
        )
        .await;
        w.check(
            "delete the album",
            Method::DELETE,
            &format!("/api/albums/{album_id}"),
            none,
            [204, 404, 403, 403, 401, 404, 401],
        )
        .await;
        w.check(
            "read the link once its album is gone",
            Method::GET,
            "/api/shared-links/me",
            none,
            [401, 401, 401, 401, 401, 401, 401],
        )
        .await;
        world.app
    })
    .await;
}
