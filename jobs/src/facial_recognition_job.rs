//! Face recognition step: one face clustered into a person (Immich's incremental rules; see
//! `domain::services::faces`). Its queue runs one face at a time.

use crate::job_error::JobError;
use domain::services::Services;
use uuid::Uuid;

pub async fn run(services: &Services, face_id: Uuid, deferred: bool) -> Result<(), JobError> {
    if !services.faces().enabled() {
        return Ok(());
    }
    let outcome = services.faces().recognize(face_id, deferred).await?;
    tracing::debug!(%face_id, deferred, ?outcome, "face recognised");
    Ok(())
}
