//! Sharing an album: who can be invited, inviting by role, and removing a member (or leaving).

use crate::error::UiError;
use domain::dto::albums::AlbumUserRole;
use domain::dto::users::UserResponse;
use leptos::prelude::*;
use uuid::Uuid;

/// Other active users, to invite.
#[server(prefix = "/_server", endpoint = "albums/people")]
pub async fn people_to_share_with() -> Result<Vec<UserResponse>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let everyone = context::services()?.users().list_for_sharing(&auth).await?;
    Ok(everyone.into_iter().filter(|u| u.id != auth.user_id()).collect())
}

#[server(prefix = "/_server", endpoint = "albums/invite", input = server_fn::codec::Json)]
pub async fn invite_to_album(album: Uuid, user: Uuid, role: AlbumUserRole) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::albums::{AddUsers, AlbumUserAdd};
    let auth = context::auth().await?;
    let dto = AddUsers { album_users: vec![AlbumUserAdd { user_id: user, role }] };
    context::services()?.albums().add_users(&auth, album, dto).await?;
    Ok(())
}

/// `user` None: the caller leaves.
#[server(prefix = "/_server", endpoint = "albums/remove-member", input = server_fn::codec::Json)]
pub async fn remove_from_album(album: Uuid, user: Option<Uuid>) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.albums().remove_user(&auth, album, user).await?)
}
