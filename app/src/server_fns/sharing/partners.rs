//! Partner sharing from the Sharing page: who I share with, who shares with me.

use crate::error::UiError;
use domain::dto::partners::PartnerResponse;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "sharing/partners")]
pub async fn partner_overview() -> Result<(Vec<PartnerResponse>, Vec<PartnerResponse>), UiError> {
    use crate::server_fns::context;
    use domain::dto::partners::PartnerDirection;
    let auth = context::auth().await?;
    let services = context::services()?;
    let by_me = services.partners().list(&auth, PartnerDirection::SharedBy).await?;
    let with_me = services.partners().list(&auth, PartnerDirection::SharedWith).await?;
    Ok((by_me, with_me))
}

#[server(prefix = "/_server", endpoint = "sharing/share-library", input = server_fn::codec::Json)]
pub async fn share_library_with(user: Uuid) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    context::services()?.partners().create(&auth, user).await?;
    Ok(())
}

#[server(prefix = "/_server", endpoint = "sharing/stop-sharing", input = server_fn::codec::Json)]
pub async fn stop_sharing_with(user: Uuid) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.partners().remove(&auth, user).await?)
}

#[server(prefix = "/_server", endpoint = "sharing/partner-in-timeline", input = server_fn::codec::Json)]
pub async fn show_partner_in_timeline(partner: Uuid, shown: bool) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    context::services()?.partners().update(&auth, partner, shown).await?;
    Ok(())
}
