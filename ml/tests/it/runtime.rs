use crate::support::{models_dir, runtime};
use ml::MlError;

#[test]
fn a_model_loads_on_first_use_and_runs() {
    let runtime = runtime();
    let model = runtime.model("efficientnet_lite0", models_dir().join("tagging/efficientnet_lite0/model.onnx"));
    assert!(!model.is_loaded());
    let inputs =
        model.run(|session| Ok(session.inputs().iter().map(|i| i.name().to_string()).collect::<Vec<_>>())).unwrap();
    assert_eq!(inputs, vec!["input".to_string()]);
    assert!(model.is_loaded());
}

#[test]
fn a_missing_model_is_reported_with_its_path() {
    let runtime = runtime();
    let path = std::env::temp_dir().join("shoebox-no-such-model/model.onnx");
    let model = runtime.model("nothing", &path);
    match model.run(|_| Ok(())) {
        Err(MlError::ModelMissing { model, path: reported }) => {
            assert_eq!(model, "nothing");
            assert_eq!(reported, path);
        }
        other => panic!("expected ModelMissing, got {other:?}"),
    }
}

#[test]
fn a_corrupt_model_is_reported_and_the_runtime_keeps_working() {
    let runtime = runtime();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.onnx");
    std::fs::write(&path, b"this is not an onnx protobuf").unwrap();
    let broken = runtime.model("broken", &path);
    let err = broken.run(|_| Ok(())).unwrap_err();
    assert!(matches!(err, MlError::ModelInvalid { .. }), "{err:?}");
    assert!(err.is_setup_problem());
    assert!(!broken.is_loaded());
    let good = runtime.model("efficientnet_lite0", models_dir().join("tagging/efficientnet_lite0/model.onnx"));
    assert!(good.run(|_| Ok(())).is_ok());
}

#[test]
fn an_idle_model_is_unloaded_and_loads_again_on_its_next_use() {
    let runtime = runtime();
    let model = runtime.model("efficientnet_lite0", models_dir().join("tagging/efficientnet_lite0/model.onnx"));
    model.run(|_| Ok(())).unwrap();
    assert!(model.is_loaded());
    // Not idle long enough: stays.
    assert!(!model.unload_if_idle(std::time::Duration::from_secs(3600)));
    assert!(model.is_loaded());
    assert!(model.unload_if_idle(std::time::Duration::ZERO));
    assert!(!model.is_loaded());
    model.run(|_| Ok(())).unwrap();
    assert!(model.is_loaded());
}
