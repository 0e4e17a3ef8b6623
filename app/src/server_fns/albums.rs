pub mod album_info;
pub mod album_list;
pub mod album_sharing;
pub mod edit_album;
pub mod new_album;
pub mod put_in_album;
pub mod remove_album;
pub mod writable_albums;
