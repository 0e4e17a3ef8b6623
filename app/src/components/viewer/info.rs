//! The viewer's info panel: when, with what, how big, where, and what else the viewer adds
//! (people, tags, text); description, rating and date are editable by the owner.

use super::place_map::PlaceMap;
use crate::components::upload::format_bytes;
use domain::dto::assets::AssetResponse;
use leptos::prelude::*;

/// `ƒ/1.8 · 1/120 s · 4.2 mm · ISO 50`, from whatever the camera recorded.
pub fn exposure_line(asset: &AssetResponse) -> Option<String> {
    let exif = asset.exif_info.as_ref()?;
    let mut parts = Vec::new();
    if let Some(f) = exif.f_number {
        parts.push(format!("ƒ/{}", trim_number(f)));
    }
    if let Some(time) = &exif.exposure_time {
        parts.push(format!("{time} s"));
    }
    if let Some(focal) = exif.focal_length {
        parts.push(format!("{} mm", trim_number(focal)));
    }
    if let Some(iso) = exif.iso {
        parts.push(format!("ISO {iso}"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn trim_number(value: f64) -> String {
    let text = format!("{value:.1}");
    text.trim_end_matches(".0").to_string()
}

pub fn camera_line(asset: &AssetResponse) -> Option<String> {
    let exif = asset.exif_info.as_ref()?;
    match (exif.make.as_deref(), exif.model.as_deref()) {
        (Some(make), Some(model)) if model.starts_with(make) => Some(model.to_string()),
        (Some(make), Some(model)) => Some(format!("{make} {model}")),
        (make, model) => make.or(model).map(str::to_string),
    }
}

pub fn place_line(asset: &AssetResponse) -> Option<String> {
    let exif = asset.exif_info.as_ref()?;
    let parts: Vec<&str> =
        [exif.city.as_deref(), exif.state.as_deref(), exif.country.as_deref()].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `4032 × 3024 · 12.2 MP · 3.1 MB`.
pub fn size_line(asset: &AssetResponse) -> String {
    let mut parts = Vec::new();
    if let (Some(w), Some(h)) = (asset.width, asset.height) {
        parts.push(format!("{w} × {h}"));
        let megapixels = w as f64 * h as f64 / 1e6;
        if megapixels >= 0.1 {
            parts.push(format!("{megapixels:.1} MP"));
        }
    }
    if let Some(bytes) = asset.exif_info.as_ref().and_then(|e| e.file_size_in_byte) {
        parts.push(format_bytes(bytes.max(0) as u64));
    }
    parts.join(" · ")
}

/// The local date and time the photo was taken, and the zone when known.
pub fn when_lines(asset: &AssetResponse) -> (String, String) {
    let local = asset.local_date_time.naive_utc();
    let date = local.format("%A, %-d %B %Y").to_string();
    let zone = asset.exif_info.as_ref().and_then(|e| e.time_zone.clone());
    let time = match zone {
        Some(zone) => format!("{} · {zone}", local.format("%H:%M")),
        None => local.format("%H:%M").to_string(),
    };
    (date, time)
}

/// `YYYY-MM-DDTHH:MM` for a `datetime-local` input.
pub fn date_input_value(asset: &AssetResponse) -> String {
    asset.local_date_time.naive_utc().format("%Y-%m-%dT%H:%M").to_string()
}

#[component]
pub fn InfoPanel(
    asset: AssetResponse,
    owned: bool,
    on_description: Callback<String>,
    on_rating: Callback<Option<i32>>,
    on_date: Callback<String>,
    /// More about the photo, after its details (what machine learning found).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let (date, time) = when_lines(&asset);
    let rating = asset.exif_info.as_ref().and_then(|e| e.rating).unwrap_or(0);
    let description = asset.exif_info.as_ref().and_then(|e| e.description.clone()).unwrap_or_default();
    let date_value = date_input_value(&asset);
    let asset_id = asset.id;
    let position = asset.exif_info.as_ref().and_then(|e| e.latitude.zip(e.longitude));
    let date_edit = RwSignal::new(date_value.clone());
    let rows = [
        ("Camera", camera_line(&asset)),
        ("Lens", asset.exif_info.as_ref().and_then(|e| e.lens_model.clone())),
        ("Exposure", exposure_line(&asset)),
        ("Size", Some(size_line(&asset)).filter(|s| !s.is_empty())),
        ("File", Some(asset.original_file_name.clone())),
        ("Place", place_line(&asset)),
    ];
    view! {
        <aside class="viewer-info" aria-label="Info">
            <h2>"Info"</h2>
            <textarea
                class="viewer-description"
                aria-label="Description"
                placeholder=if owned { "Add a description" } else { "" }
                readonly=!owned
                prop:value=description.clone()
                on:blur=move |ev| {
                    let text = event_target_value(&ev);
                    if text != description {
                        on_description.run(text);
                    }
                }
            />
            <div class="viewer-rating" role="group" aria-label="Rating">
                {(1..=5)
                    .map(|stars| {
                        let label = if stars == 1 { "Rate 1 star".to_string() } else { format!("Rate {stars} stars") };
                        view! {
                            <button
                                type="button"
                                class="star"
                                class:star-on=stars <= rating
                                aria-label=label
                                aria-pressed=if stars == rating { "true" } else { "false" }
                                disabled=!owned
                                on:click=move |_| on_rating.run(if stars == rating { None } else { Some(stars) })
                            >
                                "★"
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <dl>
                <dt>"Taken"</dt>
                <dd class="viewer-date">{date}<br />{time}</dd>
                {rows
                    .into_iter()
                    .filter_map(|(label, value)| value.map(|v| (label, v)))
                    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
                    .collect_view()}
            </dl>
            {position.map(|(lat, lon)| view! { <PlaceMap id=asset_id lat lon /> })}
            {children.map(|children| children())}
            {owned.then(|| view! {
                <form class="viewer-date-edit" on:submit=move |ev| {
                    ev.prevent_default();
                    on_date.run(date_edit.get_untracked());
                }>
                    <label>
                        "Change date"
                        <input type="datetime-local" aria-label="Date taken" prop:value=date_value.clone()
                            on:input=move |ev| date_edit.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" class="secondary">"Save date"</button>
                </form>
            })}
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset_with(f: impl FnOnce(&mut domain::dto::assets::ExifResponse)) -> AssetResponse {
        let mut exif = domain::dto::assets::ExifResponse::default();
        f(&mut exif);
        let mut asset: AssetResponse = serde_json::from_value(serde_json::json!({
            "id": "7d3c9f4e-1111-4222-8333-444455556666",
            "ownerId": "7d3c9f4e-1111-4222-8333-444455556667",
            "deviceAssetId": "", "deviceId": "", "type": "IMAGE", "originalPath": "", "originalFileName": "IMG_1.jpg",
            "originalMimeType": "image/jpeg", "checksum": "",
            "fileCreatedAt": "2024-03-01T10:00:00Z", "fileModifiedAt": "2024-03-01T10:00:00Z",
            "localDateTime": "2024-03-01T11:30:00Z", "createdAt": "2024-03-01T10:00:00Z",
            "updatedAt": "2024-03-01T10:00:00Z", "isFavorite": false, "isArchived": false, "isTrashed": false,
            "isOffline": false, "isEdited": false, "hasMetadata": true, "visibility": "timeline",
            "width": 4032, "height": 3024
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        asset.exif_info = Some(exif);
        asset
    }

    #[test]
    fn lines_read_like_a_photo_app() {
        let asset = asset_with(|e| {
            e.make = Some("Apple".into());
            e.model = Some("iPhone 12".into());
            e.f_number = Some(1.6);
            e.exposure_time = Some("1/120".into());
            e.focal_length = Some(4.2);
            e.iso = Some(50);
            e.city = Some("Florence".into());
            e.country = Some("Italy".into());
            e.file_size_in_byte = Some(3_100_000);
            e.time_zone = Some("UTC+1".into());
        });
        assert_eq!(camera_line(&asset).as_deref(), Some("Apple iPhone 12"));
        assert_eq!(exposure_line(&asset).as_deref(), Some("ƒ/1.6 · 1/120 s · 4.2 mm · ISO 50"));
        assert_eq!(place_line(&asset).as_deref(), Some("Florence, Italy"));
        assert_eq!(size_line(&asset), "4032 × 3024 · 12.2 MP · 3.1 MB");
        assert_eq!(when_lines(&asset), ("Friday, 1 March 2024".to_string(), "11:30 · UTC+1".to_string()));
        assert_eq!(date_input_value(&asset), "2024-03-01T11:30");
    }

    #[test]
    fn makers_are_not_repeated_and_missing_parts_are_left_out() {
        let asset = asset_with(|e| {
            e.make = Some("Canon".into());
            e.model = Some("Canon EOS 5D".into());
            e.f_number = Some(8.0);
        });
        assert_eq!(camera_line(&asset).as_deref(), Some("Canon EOS 5D"));
        assert_eq!(exposure_line(&asset).as_deref(), Some("ƒ/8"));
        assert_eq!(place_line(&asset), None);
        assert_eq!(format_bytes(999), "999 B");
        assert_eq!(format_bytes(2_000_000_000), "2.0 GB");
    }
}
