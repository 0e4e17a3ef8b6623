//! How a job step ends when it does not succeed: retry later, give up on this file, or stop
//! because the set-up is wrong (a model that cannot be had), which is the admin's to fix.

use domain::AppError;

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another try: I/O trouble, the database or queue briefly away.
    #[error("{0}")]
    Transient(String),
    /// This file will never work: the reason is recorded on the asset for the user.
    #[error("{0}")]
    Permanent(String),
    /// Every file would fail the same way (machine learning set-up): the reason is kept for the
    /// admin's jobs page, not on the asset.
    #[error("{0}")]
    Setup(String),
}

impl From<AppError> for JobError {
    // Service errors in a job are storage trouble (the job's own input was checked already).
    fn from(err: AppError) -> Self {
        JobError::Transient(err.to_string())
    }
}

impl From<tokio::task::JoinError> for JobError {
    // A decoder that panics on a file must not take the queue down with it: the file fails.
    fn from(err: tokio::task::JoinError) -> Self {
        JobError::Permanent(format!("the decoder crashed on this file ({err})"))
    }
}

impl From<ml::MlError> for JobError {
    fn from(err: ml::MlError) -> Self {
        if err.is_setup_problem() {
            JobError::Setup(err.to_string())
        } else {
            JobError::Permanent(err.to_string())
        }
    }
}
