use crate::support::test_settings;
use domain::services::Services;
use domain::storage::journal::Journal;
use domain::storage::Storage;
use uuid::Uuid;

/// What a crash mid-upload leaves behind is gone after the next start: a half-written temporary
/// file, and an original put in place whose row was never committed.
#[tokio::test]
async fn start_up_removes_what_interrupted_uploads_left() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = test_settings(dir.path());
    let services = Services::connect(settings.clone()).await.unwrap_or_else(|e| panic!("{e}"));
    let storage = Storage::new(settings.data_dir.clone());
    let temp = storage.temp_dir();
    std::fs::create_dir_all(&temp).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(temp.join("upload-halfway"), b"partial").unwrap_or_else(|e| panic!("{e}"));

    let orphan_id = Uuid::new_v4();
    let orphan = Storage::original_relative(Uuid::new_v4(), orphan_id, ".jpg");
    std::fs::create_dir_all(storage.absolute(&orphan).parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(storage.absolute(&orphan), b"jpeg").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(storage.absolute(&orphan).with_extension("jpg.xmp"), b"xmp").unwrap_or_else(|e| panic!("{e}"));
    // The process "died" after the rename and before the commit: its journal was never finished.
    let _unfinished = Journal::begin(&temp, orphan_id, &orphan).await.unwrap_or_else(|e| panic!("{e}"));
    services.db().clone().close().await.ok();

    let _restarted = Services::connect(settings).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(!storage.absolute(&orphan).exists(), "the original without a row is removed");
    assert!(!storage.absolute(&orphan).with_extension("jpg.xmp").exists(), "and its sidecar");
    let left: Vec<_> = std::fs::read_dir(&temp).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "temporary files and journals are gone: {left:?}");
}
