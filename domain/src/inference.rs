//! The seam between the services and machine learning (the `ml` crate, wired up by the jobs
//! crate): what the server itself computes while answering a request, and what it can tell the
//! admin about models. Everything else machine learning does happens in queued jobs.

use futures_util::future::BoxFuture;

pub trait InferenceEngine: Send + Sync {
    /// The CLIP embedding of a search text (unit length); `Err` says why it cannot be had (no
    /// model, machine learning off) in words for the user.
    fn encode_text<'a>(&'a self, text: &'a str) -> BoxFuture<'a, Result<Vec<f32>, String>>;

    /// Models downloading now: (`<task>/<model>`, bytes done, bytes in all).
    fn downloads(&self) -> Vec<(String, u64, u64)>;

    /// The engine itself, for the jobs that run its models (they know its type).
    fn as_any(&self) -> &dyn std::any::Any;
}
