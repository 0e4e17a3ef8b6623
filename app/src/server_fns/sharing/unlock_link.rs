//! The password of a protected link; on success the browser keeps a token for this link.

use crate::error::UiError;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "sharing/unlock", input = server_fn::codec::Json)]
pub async fn unlock_link(key: String, password: String) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::auth::web::share_token_cookie;
    use domain::auth::ShareCredential;
    let credential = ShareCredential { key: Some(key), ..Default::default() };
    let client = context::client()?;
    let (_, token) = context::services()?.shared_links().login(&credential, password, &client).await?;
    if let Some((token, max_age)) = token {
        context::set_cookie(share_token_cookie(&token, max_age, context::is_secure()));
    }
    Ok(())
}
