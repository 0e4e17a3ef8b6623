//! The ONNX Runtime of this process: the shared library loaded at run time, the execution
//! provider, threads, and a reaper that unloads models nobody used for a while. ONNX Runtime
//! allows one environment per process, so there is one `Runtime`, made on first use.

use crate::error::MlError;
use crate::model::Model;
use ort::environment::{Environment, GlobalThreadPoolOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

/// Where inference runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    #[default]
    Cpu,
    Cuda,
    Openvino,
}

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::Cpu => "cpu",
            Provider::Cuda => "cuda",
            Provider::Openvino => "openvino",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RuntimeOptions {
    /// `libonnxruntime.so`; unset: `ORT_DYLIB_PATH`, then the system's library search path.
    pub library: Option<PathBuf>,
    pub provider: Provider,
    /// Threads of the process's one inference thread pool, which every session shares; 0 lets
    /// ONNX Runtime choose (one per core).
    pub intra_threads: usize,
    /// Inferences of one model that may run at once (each holds its own session).
    pub workers: usize,
    /// A model unused this long is unloaded; its next use loads it again.
    pub model_ttl: Duration,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            library: None,
            provider: Provider::Cpu,
            intra_threads: 0,
            workers: 1,
            model_ttl: Duration::from_secs(300),
        }
    }
}

pub struct Runtime {
    environment: Environment,
    options: RuntimeOptions,
    /// The provider sessions actually get: the configured one if this build and library have
    /// it, else CPU (with a warning at start).
    effective: Provider,
    models: Mutex<Vec<Weak<Model>>>,
}

static RUNTIME: OnceLock<Arc<Runtime>> = OnceLock::new();
static INIT: Mutex<()> = Mutex::new(());

impl Runtime {
    /// The process's runtime, made with `options` on first call. Later calls get the same one
    /// (ONNX Runtime cannot be loaded twice); differing options are logged and ignored.
    pub fn get_or_init(options: &RuntimeOptions) -> Result<Arc<Runtime>, MlError> {
        if let Some(runtime) = RUNTIME.get() {
            return Ok(runtime.clone());
        }
        let _guard = INIT.lock().map_err(|_| MlError::Runtime("runtime initialisation panicked".into()))?;
        if let Some(runtime) = RUNTIME.get() {
            return Ok(runtime.clone());
        }
        let runtime = Arc::new(Self::load(options)?);
        start_reaper(Arc::downgrade(&runtime), options.model_ttl);
        let _ = RUNTIME.set(runtime.clone());
        Ok(runtime)
    }

    fn load(options: &RuntimeOptions) -> Result<Runtime, MlError> {
        let library = library_path(options.library.as_deref());
        let builder = ort::init_from(&library).map_err(|e| {
            MlError::Runtime(format!(
                "cannot load ONNX Runtime from {} ({e}); install it (PyPI onnxruntime ships \
                 libonnxruntime.so) and set machine_learning.onnxruntime_library or ORT_DYLIB_PATH",
                library.display()
            ))
        })?;
        // One intra-op thread pool for every session. With a pool per session (ONNX Runtime's
        // default, and Immich's), a model's threads keep spinning for work after its run ends
        // while the next model's threads start: on a 2-core machine the two tag models run one
        // after the other took 70 ms with a pool each and 34 ms sharing one (bench/ml.sh, tags).
        let threads = GlobalThreadPoolOptions::default()
            .with_intra_threads(options.intra_threads)
            .and_then(|t| t.with_inter_threads(1))
            .map_err(|e| MlError::Runtime(format!("cannot configure ONNX Runtime's threads: {e}")))?;
        let environment = builder
            .with_name("shoebox")
            .with_global_thread_pool(threads)
            .build()
            .map_err(|e| MlError::Runtime(format!("cannot start ONNX Runtime: {e}")))?;
        // ONNX Runtime warns on every batched run of models whose declared output is `[1, …]`
        // (buffalo's ArcFace): harmless, and a log line per photo. Errors still come through.
        environment.set_log_level(ort::logging::LogLevel::Error);
        let effective = effective_provider(options.provider);
        tracing::info!(
            library = %library.display(),
            provider = effective.name(),
            intra_threads = options.intra_threads,
            workers = options.workers,
            model_ttl_s = options.model_ttl.as_secs(),
            "ONNX Runtime ready"
        );
        Ok(Runtime { environment, options: options.clone(), effective, models: Mutex::new(Vec::new()) })
    }

    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    pub fn options(&self) -> &RuntimeOptions {
        &self.options
    }

    pub fn provider(&self) -> Provider {
        self.effective
    }

    /// A model file, loaded on first use and unloaded when idle.
    pub fn model(self: &Arc<Self>, name: impl Into<String>, path: impl Into<PathBuf>) -> Arc<Model> {
        let model = Arc::new(Model::new(self.clone(), name.into(), path.into()));
        if let Ok(mut models) = self.models.lock() {
            models.retain(|m| m.strong_count() > 0);
            models.push(Arc::downgrade(&model));
        }
        model
    }

    /// Unloads every model idle for longer than the TTL; returns how many were unloaded.
    pub fn unload_idle(&self) -> usize {
        let models: Vec<Arc<Model>> = match self.models.lock() {
            Ok(models) => models.iter().filter_map(Weak::upgrade).collect(),
            Err(_) => return 0,
        };
        models.iter().filter(|m| m.unload_if_idle(self.options.model_ttl)).count()
    }

    /// Registers the provider on a session builder. CPU needs nothing; the others were checked
    /// at start, and a registration that still fails (a missing CUDA library, say) falls back to
    /// CPU for that session with a warning.
    pub(crate) fn session_builder(&self) -> Result<ort::session::builder::SessionBuilder, MlError> {
        // Sessions run on the environment's thread pool (`intra_threads` sized it).
        let builder = ort::session::Session::builder(&self.environment)
            .map_err(|e| MlError::Runtime(format!("cannot create a session: {e}")))?;
        register_provider(builder, self.effective)
    }
}

/// The library to load: the configured file, `ORT_DYLIB_PATH`, or the plain name for the
/// system's search path.
pub fn library_path(configured: Option<&Path>) -> PathBuf {
    if let Some(path) = configured {
        return path.to_path_buf();
    }
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    PathBuf::from("libonnxruntime.so")
}

fn effective_provider(wanted: Provider) -> Provider {
    let (built, available) = match wanted {
        Provider::Cpu => return Provider::Cpu,
        Provider::Cuda => provider_status::cuda(),
        Provider::Openvino => provider_status::openvino(),
    };
    if !built {
        tracing::warn!(
            provider = wanted.name(),
            "this build has no {} support (build with the `{}` feature); running on CPU",
            wanted.name(),
            wanted.name()
        );
        Provider::Cpu
    } else if !available {
        tracing::warn!(
            provider = wanted.name(),
            "the ONNX Runtime library has no {} execution provider (use its {} build); running on CPU",
            wanted.name(),
            wanted.name()
        );
        Provider::Cpu
    } else {
        wanted
    }
}

/// (built with it, the loaded library has it) for each optional provider.
mod provider_status {
    #[cfg(feature = "cuda")]
    pub fn cuda() -> (bool, bool) {
        use ort::ep::ExecutionProvider;
        (true, ort::ep::CUDA::is_available().unwrap_or(false))
    }
    #[cfg(not(feature = "cuda"))]
    pub fn cuda() -> (bool, bool) {
        (false, false)
    }
    #[cfg(feature = "openvino")]
    pub fn openvino() -> (bool, bool) {
        use ort::ep::ExecutionProvider;
        (true, ort::ep::OpenVINO::is_available().unwrap_or(false))
    }
    #[cfg(not(feature = "openvino"))]
    pub fn openvino() -> (bool, bool) {
        (false, false)
    }
}

fn register_provider(
    builder: ort::session::builder::SessionBuilder,
    provider: Provider,
) -> Result<ort::session::builder::SessionBuilder, MlError> {
    let providers: Vec<ort::ep::ExecutionProviderDispatch> = match provider {
        Provider::Cpu => Vec::new(),
        #[cfg(feature = "cuda")]
        Provider::Cuda => vec![ort::ep::CUDA::default().build()],
        #[cfg(feature = "openvino")]
        Provider::Openvino => vec![ort::ep::OpenVINO::default().build()],
        #[allow(unreachable_patterns)]
        _ => Vec::new(),
    };
    if providers.is_empty() {
        return Ok(builder);
    }
    match builder.with_execution_providers(providers) {
        Ok(builder) => Ok(builder),
        Err(err) => {
            tracing::warn!(provider = provider.name(), error = %err, "cannot use the execution provider; this session runs on CPU");
            Ok(err.recover())
        }
    }
}

/// Checks every few seconds for models idle past the TTL. A thread rather than a task: the
/// runtime is also used outside tokio (benchmarks, tests).
fn start_reaper(runtime: Weak<Runtime>, ttl: Duration) {
    let every = (ttl / 4).clamp(Duration::from_millis(250), Duration::from_secs(30));
    let spawned = std::thread::Builder::new().name("ml-model-reaper".into()).spawn(move || loop {
        std::thread::sleep(every);
        let Some(runtime) = runtime.upgrade() else { return };
        let unloaded = runtime.unload_idle();
        if unloaded > 0 {
            tracing::debug!(unloaded, "unloaded idle models");
        }
    });
    if let Err(err) = spawned {
        tracing::warn!(error = %err, "cannot start the model reaper: models stay loaded");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_is_always_cpu() {
        assert_eq!(effective_provider(Provider::Cpu), Provider::Cpu);
    }

    /// A GPU asked of a build without its feature warns and runs on CPU instead of failing.
    #[test]
    #[cfg(not(feature = "cuda"))]
    fn cuda_without_its_feature_runs_on_cpu() {
        assert_eq!(provider_status::cuda(), (false, false));
        assert_eq!(effective_provider(Provider::Cuda), Provider::Cpu);
    }

    #[test]
    #[cfg(not(feature = "openvino"))]
    fn openvino_without_its_feature_runs_on_cpu() {
        assert_eq!(provider_status::openvino(), (false, false));
        assert_eq!(effective_provider(Provider::Openvino), Provider::Cpu);
    }
}
