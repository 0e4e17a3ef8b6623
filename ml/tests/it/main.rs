//! Inference tests against the real models in `../shared/models` (see its MANIFEST) and the
//! corpus photos. ONNX Runtime comes from `ORT_DYLIB_PATH` (scripts/install-deps.sh installs it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod clip;
mod download;
mod faces;
mod ocr;
mod runtime;
mod support;
mod tags;
