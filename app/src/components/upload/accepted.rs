//! Which files the upload panel sends: the server's list from `GET /api/server/media-types`,
//! and until that answers, the same list compiled in from `domain`. The server still has the
//! last word on each upload.

use domain::media_types::{self, ServerMediaTypesResponse};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedTypes {
    /// Lower-case, with the dot (".jpg").
    extensions: Vec<String>,
}

impl Default for AcceptedTypes {
    fn default() -> Self {
        AcceptedTypes::from_response(&ServerMediaTypesResponse::current())
    }
}

impl AcceptedTypes {
    /// Images and videos; sidecars (".xmp") are not assets and are only sent beside one.
    pub fn from_response(types: &ServerMediaTypesResponse) -> Self {
        let extensions = types.image.iter().chain(&types.video).map(|e| e.to_ascii_lowercase()).collect();
        AcceptedTypes { extensions }
    }

    pub fn accepts(&self, file_name: &str) -> bool {
        media_types::extension(file_name).is_some_and(|ext| self.extensions.contains(&ext))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_servers_list() {
        let defaults = AcceptedTypes::default();
        assert!(defaults.accepts("IMG_0001.JPG"));
        assert!(defaults.accepts("clip.mov"));
        assert!(!defaults.accepts("notes.xyz"));
        assert!(!defaults.accepts("photo.xmp"), "a sidecar is not uploaded on its own");
        assert!(!defaults.accepts("README"));

        let narrow = ServerMediaTypesResponse { image: vec![".PNG".into()], video: vec![], sidecar: vec![] };
        let narrow = AcceptedTypes::from_response(&narrow);
        assert!(narrow.accepts("a.png"));
        assert!(!narrow.accepts("a.jpg"));
    }
}
