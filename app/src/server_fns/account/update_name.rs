use crate::error::UiError;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "account/update-name")]
pub async fn update_name(name: String) -> Result<String, UiError> {
    use crate::server_fns::context;
    use domain::dto::users::UserUpdateMe;
    let auth = context::auth().await?;
    let update = UserUpdateMe { name: Some(name), ..Default::default() };
    Ok(context::services()?.users().update_me(&auth, update).await?.name)
}
