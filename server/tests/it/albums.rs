//! Albums over REST: Immich's shapes, the assets in an album, sharing by role, and who may do
//! what (owner, album editor, album viewer, another user, nobody signed in).

use crate::support::{get, on_both, send, upload_at, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

fn ids(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .map(|l| l.iter().map(|v| v[field].as_str().unwrap_or_default().to_string()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn albums_in_immich_shapes() {
    on_both(|app| async move {
        let token = app.admin_token().await;
        let a = upload_at(&app, &token, "a.jpg", "2024-03-15T10:00:00Z").await;
        let b = upload_at(&app, &token, "b.jpg", "2023-07-01T08:00:00Z").await;
        let c = upload_at(&app, &token, "c.jpg", "2022-01-02T09:00:00Z").await;

        let body = json!({"albumName": "  Holidays ", "description": "Sea", "assetIds": [a, b]});
        let (status, album) = send(&app, &token, Method::POST, "/api/albums", body).await;
        assert_eq!(status, StatusCode::CREATED, "{album}");
        let id = album["id"].as_str().unwrap_or_default().to_string();
        assert_eq!(album["albumName"], "Holidays");
        assert_eq!(album["description"], "Sea");
        assert_eq!(album["assetCount"], 2);
        assert_eq!(album["albumThumbnailAssetId"], json!(a), "the first asset is the cover");
        assert_eq!(album["albumUsers"][0]["role"], "owner");
        assert_eq!(album["albumUsers"][0]["user"]["email"], "admin@example.com");
        assert_eq!(album["shared"], false);
        assert_eq!(album["hasSharedLink"], false);
        assert_eq!(album["order"], "desc");
        assert_eq!(album["startDate"].as_str().map(|d| &d[..10]), Some("2023-07-01"));
        assert_eq!(album["endDate"].as_str().map(|d| &d[..10]), Some("2024-03-15"));

        // Adding: new ones succeed, those already there are duplicates, unknown ids refused.
        let stranger = "7d3c9f4e-1111-4222-8333-444455556666";
        let (status, results) =
            send(&app, &token, Method::PUT, &format!("/api/albums/{id}/assets"), json!({"ids": [b, c, stranger]}))
                .await;
        assert_eq!(status, StatusCode::OK, "{results}");
        assert_eq!(
            results,
            json!([
                {"id": b, "success": false, "error": "duplicate"},
                {"id": c, "success": true},
                {"id": stranger, "success": false, "error": "no_permission"},
            ])
        );

        // The album's own timeline.
        let (_, buckets) = get(&app, &token, &format!("/api/timeline/buckets?albumId={id}")).await;
        assert_eq!(
            buckets,
            json!([
                {"timeBucket": "2024-03-01", "count": 1},
                {"timeBucket": "2023-07-01", "count": 1},
                {"timeBucket": "2022-01-01", "count": 1},
            ])
        );
        let (_, month) = get(&app, &token, &format!("/api/timeline/bucket?albumId={id}&timeBucket=2023-07-01")).await;
        assert_eq!(month["id"], json!([b]));

        // Rename, describe, order, cover; a cover from outside the album is refused.
        let outside = upload_at(&app, &token, "d.jpg", "2021-05-05T05:00:00Z").await;
        let path = format!("/api/albums/{id}");
        let (status, error) = send(&app, &token, Method::PATCH, &path, json!({"albumThumbnailAssetId": outside})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        let change = json!({"albumName": "Summer", "description": "", "order": "asc", "albumThumbnailAssetId": c});
        let (status, album) = send(&app, &token, Method::PATCH, &path, change).await;
        assert_eq!(status, StatusCode::OK, "{album}");
        assert_eq!((album["albumName"].clone(), album["order"].clone()), (json!("Summer"), json!("asc")));
        assert_eq!(album["albumThumbnailAssetId"], json!(c));

        // Removing the cover picks another; removing what is not there says so.
        let (_, results) =
            send(&app, &token, Method::DELETE, &format!("{path}/assets"), json!({"ids": [c, outside]})).await;
        assert_eq!(results[0], json!({"id": c, "success": true}));
        assert_eq!(results[1]["error"], "not_found");
        let (_, album) = get(&app, &token, &path).await;
        assert_eq!(album["assetCount"], 2);
        let cover = album["albumThumbnailAssetId"].clone();
        assert!(cover == json!(a) || cover == json!(b), "a remaining asset is the cover: {cover}");

        // Trashed assets are not counted; deleted ones leave the album.
        send(&app, &token, Method::DELETE, "/api/assets", json!({"ids": [b]})).await;
        let (_, album) = get(&app, &token, &path).await;
        assert_eq!(album["assetCount"], 1);
        send(&app, &token, Method::DELETE, "/api/assets", json!({"ids": [a, b], "force": true})).await;
        let (_, album) = get(&app, &token, &path).await;
        assert_eq!(album["albumThumbnailAssetId"], Value::Null, "its cover was deleted for good");
        let (_, holding) = get(&app, &token, &format!("/api/albums?assetId={c}")).await;
        assert_eq!(holding, json!([]), "c left the album before");

        // Lists, filters and statistics.
        let (_, other) = send(&app, &token, Method::POST, "/api/albums", json!({"albumName": "Empty"})).await;
        let (_, all) = get(&app, &token, "/api/albums").await;
        assert_eq!(ids(&all, "albumName"), ["Empty", "Summer"], "newest first");
        let (_, named) = get(&app, &token, "/api/albums?name=Summer").await;
        assert_eq!(named[0]["assetCount"], 0);
        assert_eq!(ids(&named, "id"), vec![id.clone()]);
        let (_, stats) = get(&app, &token, "/api/albums/statistics").await;
        assert_eq!(stats, json!({"owned": 2, "shared": 0, "notShared": 2}));

        // Several assets into several albums at once.
        let e = upload_at(&app, &token, "e.jpg", "2020-01-01T00:00:00Z").await;
        let other_id = other["id"].as_str().unwrap_or_default();
        let (status, reply) =
            send(&app, &token, Method::PUT, "/api/albums/assets", json!({"albumIds": [id, other_id], "assetIds": [e]}))
                .await;
        assert_eq!((status, reply), (StatusCode::OK, json!({"success": true})));
        let (_, other) = get(&app, &token, &format!("/api/albums/{other_id}")).await;
        assert_eq!(other["assetCount"], 1);
        let (_, holding) = get(&app, &token, &format!("/api/albums?assetId={e}")).await;
        assert_eq!(ids(&holding, "albumName"), ["Empty", "Summer"]);

        // Unknown, malformed and deleted albums.
        let (status, error) = get(&app, &token, &format!("/api/albums/{stranger}")).await;
        assert_eq!((status, error["code"].clone()), (StatusCode::NOT_FOUND, json!("album-not-found")));
        let (status, _) = get(&app, &token, "/api/albums/not-an-id").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = send(&app, &token, Method::DELETE, &path, Value::Null).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = get(&app, &token, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, asset) = get(&app, &token, &format!("/api/assets/{c}")).await;
        assert_eq!(asset["id"], json!(c), "deleting an album keeps its assets");
        app
    })
    .await;
}

/// Who a request comes from in the access matrix.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Actor {
    Owner,
    Editor,
    Viewer,
    Stranger,
    Anonymous,
}

struct Matrix {
    app: TestApp,
    tokens: Vec<(Actor, String)>,
}

impl Matrix {
    async fn call(&self, actor: Actor, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let token = self.tokens.iter().find(|(a, _)| *a == actor).map(|(_, t)| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> = token.as_deref().map(|t| vec![("authorization", t)]).unwrap_or_default();
        let reply = self.app.call(method, path, &headers, body).await;
        (reply.status, serde_json::from_str(&reply.text).unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn sharing_by_role_and_who_may_do_what() {
    use Actor::*;
    on_both(|app| async move {
        let owner = app.admin_token().await;
        let (editor_id, editor) = app.user_token(&owner, "editor@example.com").await;
        let (viewer_id, viewer) = app.user_token(&owner, "viewer@example.com").await;
        let (_, stranger) = app.user_token(&owner, "stranger@example.com").await;
        let photo = upload_at(&app, &owner, "owner.jpg", "2024-05-05T12:00:00Z").await;
        let body = json!({
            "albumName": "Family",
            "assetIds": [photo],
            "albumUsers": [{"userId": viewer_id, "role": "viewer"}],
        });
        let (_, album) = send(&app, &owner, Method::POST, "/api/albums", body).await;
        let id = album["id"].as_str().unwrap_or_default().to_string();
        assert_eq!(album["shared"], true);
        assert_eq!(album["albumUsers"][1]["role"], "viewer");

        // The owner invites an editor; inviting twice or oneself is refused.
        let add = json!({"albumUsers": [{"userId": editor_id}]});
        let (status, album) = send(&app, &owner, Method::PUT, &format!("/api/albums/{id}/users"), add.clone()).await;
        assert_eq!(status, StatusCode::OK, "{album}");
        assert_eq!(album["albumUsers"].as_array().map(Vec::len), Some(3));
        let (status, error) = send(&app, &owner, Method::PUT, &format!("/api/albums/{id}/users"), add).await;
        assert_eq!((status, error["code"].clone()), (StatusCode::BAD_REQUEST, json!("already-album-member")));

        let editor_photo = upload_at(&app, &editor, "editor.jpg", "2024-05-06T12:00:00Z").await;
        let viewer_photo = upload_at(&app, &viewer, "viewer.jpg", "2024-05-07T12:00:00Z").await;
        let stranger_photo = upload_at(&app, &stranger, "stranger.jpg", "2024-05-08T12:00:00Z").await;
        let m = Matrix {
            app,
            tokens: vec![(Owner, owner.clone()), (Editor, editor), (Viewer, viewer), (Stranger, stranger)],
        };
        let album_path = format!("/api/albums/{id}");
        let asset_path = format!("/api/assets/{photo}");

        // Reading: the album, its timeline, an asset in it and its thumbnail route.
        for (actor, expected) in [(Owner, 200), (Editor, 200), (Viewer, 200), (Stranger, 404), (Anonymous, 401)] {
            let (status, _) = m.call(actor, Method::GET, &album_path, None).await;
            assert_eq!(status.as_u16(), expected, "{actor:?} reads the album");
            let (status, _) = m.call(actor, Method::GET, &format!("/api/timeline/buckets?albumId={id}"), None).await;
            assert_eq!(status.as_u16(), expected, "{actor:?} reads the album's timeline");
            let (status, _) = m.call(actor, Method::GET, &asset_path, None).await;
            assert_eq!(status.as_u16(), expected, "{actor:?} reads an asset in the album");
            let (status, _) = m.call(actor, Method::GET, &format!("/api/assets/{photo}/original"), None).await;
            assert_eq!(status.as_u16(), expected, "{actor:?} downloads an asset in the album");
        }
        let (_, list) = m.call(Viewer, Method::GET, "/api/albums", None).await;
        assert_eq!(ids(&list, "id"), vec![id.clone()], "shared albums are listed for members");
        let (_, list) = m.call(Stranger, Method::GET, "/api/albums", None).await;
        assert_eq!(list, json!([]));
        let (_, list) = m.call(Viewer, Method::GET, "/api/albums?isOwned=true", None).await;
        assert_eq!(list, json!([]));

        // Changing an asset stays with its owner, whoever can see it.
        for (actor, expected) in [(Editor, 404), (Viewer, 404), (Stranger, 404), (Anonymous, 401), (Owner, 200)] {
            let (status, _) = m.call(actor, Method::PUT, &asset_path, Some(json!({"isFavorite": true}))).await;
            assert_eq!(status.as_u16(), expected, "{actor:?} favorites the owner's asset");
        }

        // Adding: editors add their own, viewers and strangers nothing, nobody another's asset.
        let add_path = format!("/api/albums/{id}/assets");
        let (status, _) = m.call(Viewer, Method::PUT, &add_path, Some(json!({"ids": [viewer_photo]}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "viewers cannot add");
        let (status, _) = m.call(Stranger, Method::PUT, &add_path, Some(json!({"ids": [stranger_photo]}))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "strangers do not even see the album");
        let (status, _) = m.call(Anonymous, Method::PUT, &add_path, Some(json!({"ids": [photo]}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, results) =
            m.call(Editor, Method::PUT, &add_path, Some(json!({"ids": [editor_photo, stranger_photo]}))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(results[0]["success"], true, "{results}");
        assert_eq!(results[1]["error"], "no_permission", "not the editor's to share");
        let (status, _) = m.call(Viewer, Method::GET, &format!("/api/assets/{editor_photo}"), None).await;
        assert_eq!(status, StatusCode::OK, "members see what editors add");

        // Removing: editors only what they added; viewers nothing; the owner anything.
        let (_, results) = m.call(Editor, Method::DELETE, &add_path, Some(json!({"ids": [photo]}))).await;
        assert_eq!(results[0]["error"], "no_permission", "the editor did not add the owner's photo");
        let (status, _) = m.call(Viewer, Method::DELETE, &add_path, Some(json!({"ids": [editor_photo]}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, results) = m.call(Editor, Method::DELETE, &add_path, Some(json!({"ids": [editor_photo]}))).await;
        assert_eq!(results[0]["success"], true, "{results}");

        // The album itself and its members: the owner only.
        for actor in [Editor, Viewer] {
            let (status, _) = m.call(actor, Method::PATCH, &album_path, Some(json!({"albumName": "Mine"}))).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{actor:?} renames");
            let (status, _) = m.call(actor, Method::DELETE, &album_path, None).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{actor:?} deletes");
            let (status, _) = m
                .call(actor, Method::PUT, &format!("{album_path}/user/{viewer_id}"), Some(json!({"role": "editor"})))
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{actor:?} changes a role");
        }
        let (status, _) = m.call(Editor, Method::DELETE, &format!("{album_path}/user/{viewer_id}"), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "an editor cannot remove others");

        // The owner promotes the viewer, who then may add; then removes them, who then sees nothing.
        let (status, _) = m
            .call(Owner, Method::PUT, &format!("{album_path}/user/{viewer_id}"), Some(json!({"role": "editor"})))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, results) = m.call(Viewer, Method::PUT, &add_path, Some(json!({"ids": [viewer_photo]}))).await;
        assert_eq!(results[0]["success"], true, "{results}");
        let (status, _) = m.call(Owner, Method::DELETE, &format!("{album_path}/user/{viewer_id}"), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = m.call(Viewer, Method::GET, &album_path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = m.call(Viewer, Method::GET, &asset_path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "access to the owner's photo went with the album");

        // A member leaves by themselves; the owner cannot leave.
        let (status, _) = m.call(Editor, Method::DELETE, &format!("{album_path}/user/me"), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, error) = m.call(Owner, Method::DELETE, &format!("{album_path}/user/me"), None).await;
        assert_eq!((status, error["code"].clone()), (StatusCode::BAD_REQUEST, json!("owner-cannot-leave-album")));
        let (_, album) = m.call(Owner, Method::GET, &album_path, None).await;
        assert_eq!(album["shared"], false);
        assert_eq!(album["contributorCounts"].as_array().map(Vec::len), Some(2), "{album}");
        m.app
    })
    .await;
}
