//! One model file and the sessions that run it. Sessions are made on first use (loading a model
//! costs hundreds of milliseconds and tens of megabytes), up to `workers` of them so that many
//! inferences can run at once, and dropped when the model has been idle past the TTL.

use crate::error::MlError;
use crate::runtime::Runtime;
use ort::session::Session;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub struct Model {
    runtime: Arc<Runtime>,
    name: String,
    path: PathBuf,
    pool: Mutex<Pool>,
    returned: Condvar,
}

struct Pool {
    idle: Vec<Session>,
    /// Sessions in existence: idle ones plus those lent out.
    total: usize,
    last_used: Instant,
}

impl Model {
    pub(crate) fn new(runtime: Arc<Runtime>, name: String, path: PathBuf) -> Model {
        Model {
            runtime,
            name,
            path,
            pool: Mutex::new(Pool { idle: Vec::new(), total: 0, last_used: Instant::now() }),
            returned: Condvar::new(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a session is loaded now (for the TTL tests and the admin's status).
    pub fn is_loaded(&self) -> bool {
        self.pool.lock().map(|p| p.total > 0).unwrap_or(false)
    }

    /// Runs `f` on a session of this model, loading one if none is free and fewer than
    /// `workers` exist, else waiting for one to be returned.
    pub fn run<T>(&self, f: impl FnOnce(&mut Session) -> Result<T, MlError>) -> Result<T, MlError> {
        let mut session = self.borrow()?;
        let result = f(&mut session);
        self.give_back(session);
        result
    }

    fn borrow(&self) -> Result<Session, MlError> {
        let workers = self.runtime.options().workers.max(1);
        let mut pool = self.lock()?;
        loop {
            if let Some(session) = pool.idle.pop() {
                return Ok(session);
            }
            if pool.total < workers {
                pool.total += 1;
                drop(pool);
                return match self.load() {
                    Ok(session) => Ok(session),
                    Err(err) => {
                        if let Ok(mut pool) = self.pool.lock() {
                            pool.total -= 1;
                        }
                        self.returned.notify_one();
                        Err(err)
                    }
                };
            }
            pool = self.returned.wait(pool).map_err(|_| poisoned())?;
        }
    }

    fn give_back(&self, session: Session) {
        if let Ok(mut pool) = self.pool.lock() {
            pool.idle.push(session);
            pool.last_used = Instant::now();
        }
        self.returned.notify_one();
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Pool>, MlError> {
        self.pool.lock().map_err(|_| poisoned())
    }

    fn load(&self) -> Result<Session, MlError> {
        if !self.path.is_file() {
            return Err(MlError::ModelMissing { model: self.name.clone(), path: self.path.clone() });
        }
        let started = Instant::now();
        let session = self.runtime.session_builder()?.commit_from_file(&self.path).map_err(|e| {
            MlError::ModelInvalid { model: self.name.clone(), path: self.path.clone(), reason: e.to_string() }
        })?;
        tracing::info!(model = %self.name, path = %self.path.display(), load_ms = started.elapsed().as_millis() as u64, "model loaded");
        Ok(session)
    }

    /// Drops the idle sessions if nothing ran for `ttl` and none is lent out.
    pub fn unload_if_idle(&self, ttl: Duration) -> bool {
        let Ok(mut pool) = self.pool.lock() else { return false };
        if pool.total == 0 || pool.idle.len() < pool.total || pool.last_used.elapsed() < ttl {
            return false;
        }
        pool.idle.clear();
        pool.total = 0;
        tracing::info!(model = %self.name, "model unloaded after idling");
        true
    }
}

fn poisoned() -> MlError {
    MlError::Runtime("a model's session pool was poisoned by a panic".into())
}
