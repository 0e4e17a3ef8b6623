pub mod create_share_link;
pub mod edit_link;
pub mod my_links;
pub mod partners;
pub mod public_link;
pub mod revoke_link;
pub mod unlock_link;
