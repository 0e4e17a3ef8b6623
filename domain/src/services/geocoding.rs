//! Offline reverse geocoding: the nearest GeoNames place within `max_distance_km`, from a table
//! loaded once into the database (so every worker of a scaled install shares it).

mod countries;
mod download;
mod places_file;

use super::{storage_error, Services};
use crate::entities::geodata_place;
use crate::error::{AppError, AppResult};
use crate::repositories::geodata;
use std::path::PathBuf;

pub use countries::country_name;
pub use places_file::{name_states, parse_places};

const LOADED_KEY: &str = "geodata.loaded";
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// What a photo's coordinates resolve to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub city: String,
    pub state: Option<String>,
    pub country: Option<String>,
}

pub struct GeocodingService<'a> {
    pub(super) services: &'a Services,
}

impl GeocodingService<'_> {
    /// The configured places file, else `<data_dir>/geodata/cities500.txt`, downloaded first
    /// when it is missing and downloads are allowed.
    async fn places_file(&self) -> AppResult<Option<PathBuf>> {
        let settings = self.services.settings();
        if let Some(path) = &settings.reverse_geocoding.cities_file {
            return Ok(Some(path.clone()));
        }
        let dir = settings.data_dir.join("geodata");
        let default = dir.join(download::PLACES_FILE);
        if settings.offline {
            if !default.exists() {
                tracing::warn!(
                    expected = %default.display(),
                    "reverse geocoding is off: no places file and downloads are off (offline); \
                     set reverse_geocoding.cities_file or put GeoNames' cities500.txt there"
                );
                return Ok(None);
            }
            return Ok(Some(default));
        }
        download::fetch(&settings.reverse_geocoding.download_url, &dir)
            .await
            .map(Some)
            .map_err(|err| AppError::invalid(format!("cannot get the reverse-geocoding places: {err}")))
    }

    /// Loads the places table if it is empty or came from another file. Returns how many places
    /// were loaded (0 when nothing needed doing or geocoding is off).
    pub async fn ensure_loaded(&self) -> AppResult<usize> {
        if !self.services.settings().reverse_geocoding.enabled {
            return Ok(0);
        }
        let Some(path) = self.places_file().await? else { return Ok(0) };
        // GeoNames' own dump names states by code; the names sit in a file beside it.
        let admin1 = path.with_file_name(download::ADMIN1_FILE);
        let admin1 = admin1.exists().then_some(admin1);
        let db = self.services.db();
        let source = match &admin1 {
            Some(names) => format!("{} + {}", path.display(), names.display()),
            None => path.display().to_string(),
        };
        let loaded = geodata::get_system(db, LOADED_KEY).await.map_err(storage_error("read geodata state"))?;
        let count = geodata::count(db).await.map_err(storage_error("count places"))?;
        if loaded.as_deref() == Some(source.as_str()) && count > 0 {
            return Ok(0);
        }
        let started = std::time::Instant::now();
        let text = tokio::fs::read_to_string(&path)
            .await
            .map_err(|err| AppError::invalid(format!("cannot read the places file {}: {err}", path.display())))?;
        let mut places = parse_places(&text)
            .map_err(|err| AppError::invalid(format!("the places file {} is not valid: {err}", path.display())))?;
        if let Some(names) = &admin1 {
            let codes = tokio::fs::read_to_string(names)
                .await
                .map_err(|err| AppError::invalid(format!("cannot read {}: {err}", names.display())))?;
            name_states(&mut places, &codes);
        }
        let total = places.len();
        // One transaction, so other processes never see a half-loaded table.
        use sea_orm::TransactionTrait;
        let txn = db.begin().await.map_err(|e| storage_error("begin geodata")(e.into()))?;
        geodata::clear(&txn).await.map_err(storage_error("clear places"))?;
        let mut batch = Vec::with_capacity(1000);
        for (i, place) in places.into_iter().enumerate() {
            batch.push(geodata_place::Model { id: i as i32 + 1, ..place });
            // SQLite allows 32766 bound values per statement; 7 columns × 1000 rows stays below.
            if batch.len() == 1000 {
                geodata::insert_batch(&txn, std::mem::take(&mut batch))
                    .await
                    .map_err(storage_error("insert places"))?;
            }
        }
        geodata::insert_batch(&txn, batch).await.map_err(storage_error("insert places"))?;
        geodata::set_system(&txn, LOADED_KEY, &source).await.map_err(storage_error("record geodata"))?;
        txn.commit().await.map_err(|e| storage_error("commit geodata")(e.into()))?;
        tracing::info!(places = total, file = %source, elapsed_ms = started.elapsed().as_millis() as u64, "loaded reverse-geocoding places");
        Ok(total)
    }

    /// The nearest place within the configured distance, or `None`.
    pub async fn reverse(&self, latitude: f64, longitude: f64) -> AppResult<Option<Place>> {
        let settings = &self.services.settings().reverse_geocoding;
        if !settings.enabled || !latitude.is_finite() || !longitude.is_finite() {
            return Ok(None);
        }
        let max_km = settings.max_distance_km;
        let dlat = max_km / 111.0;
        let cos = latitude.to_radians().cos().abs().max(0.01);
        let dlon = (max_km / (111.320 * cos)).min(180.0);
        let lon_range = (wrap(longitude - dlon), wrap(longitude + dlon));
        let candidates = geodata::within_box(self.services.db(), (latitude - dlat, latitude + dlat), lon_range)
            .await
            .map_err(storage_error("find places"))?;
        let nearest = candidates
            .into_iter()
            .map(|p| (haversine_km(latitude, longitude, p.latitude, p.longitude), p))
            .filter(|(d, _)| *d <= max_km)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        Ok(nearest.map(|(_, p)| Place {
            city: p.name,
            state: Some(p.admin1).filter(|s| !s.is_empty()),
            country: country_name(&p.country_code).map(str::to_string).or(Some(p.country_code)),
        }))
    }
}

fn wrap(longitude: f64) -> f64 {
    if longitude > 180.0 {
        longitude - 360.0
    } else if longitude < -180.0 {
        longitude + 360.0
    } else {
        longitude
    }
}

pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_on_the_sphere() {
        // Florence to Siena is about 50 km as the crow flies.
        let d = haversine_km(43.7696, 11.2558, 43.3188, 11.3308);
        assert!((d - 50.5).abs() < 1.0, "{d}");
        assert!(haversine_km(10.0, 179.9, 10.0, -179.9) < 25.0, "across the antimeridian");
    }

    #[test]
    fn country_codes_have_names() {
        assert_eq!(country_name("IT"), Some("Italy"));
        assert_eq!(country_name("XK"), Some("Kosovo"));
        assert_eq!(country_name("ZZ"), None);
    }
}
