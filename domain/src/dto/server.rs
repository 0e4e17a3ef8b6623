use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerPingResponse {
    pub res: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerVersionResponse {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
    pub prerelease: Option<u32>,
}

impl ServerVersionResponse {
    /// The Immich API version whose shapes this build follows. Immich's clients compare it with
    /// their own to decide what they may call, so it is Immich's number, not Shoebox's.
    pub fn current() -> Self {
        ServerVersionResponse { major: 3, minor: 1, patch: 0, prerelease: None }
    }
}
