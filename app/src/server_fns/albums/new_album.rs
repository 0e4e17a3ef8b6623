//! Creates an empty album (or one holding the assets named) and answers its id.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "albums/new", input = server_fn::codec::Json)]
pub async fn new_album(name: String, asset_ids: Vec<Uuid>) -> Result<Uuid, UiError> {
    use crate::server_fns::context;
    use domain::dto::albums::CreateAlbum;
    let auth = context::auth().await?;
    let dto = CreateAlbum { album_name: name, asset_ids, ..Default::default() };
    Ok(context::services()?.albums().create(&auth, dto).await?.id)
}
