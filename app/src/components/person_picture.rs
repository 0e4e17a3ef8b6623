//! A person as the app shows them: their round face picture (a crop the server makes once), or
//! their initial while there is none, and their name or "Unnamed person".

use domain::dto::people::PersonResponse;
use leptos::prelude::*;

/// What a person is called on screen.
pub fn person_name(person: &PersonResponse) -> String {
    let name = person.name.trim();
    if name.is_empty() {
        "Unnamed person".to_string()
    } else {
        name.to_string()
    }
}

/// The picture's address. Browsers keep pictures for a day, so the address changes with the
/// person (a new picture chosen, a merge).
pub fn picture_url(person: &PersonResponse) -> String {
    format!("{}?v={}", person.thumbnail_path, person.updated_at.timestamp_millis())
}

#[component]
pub fn PersonPicture(
    person: PersonResponse,
    /// The person page's size instead of a tile's.
    #[prop(optional)]
    large: bool,
) -> impl IntoView {
    let class = if large { "person-picture person-picture-large" } else { "person-picture" };
    if person.thumbnail_path.is_empty() {
        let initial = person.name.trim().chars().next().map(|c| c.to_uppercase().to_string());
        view! { <span class=class aria-hidden="true">{initial.unwrap_or_else(|| "?".into())}</span> }.into_any()
    } else {
        view! { <img class=class src=picture_url(&person) alt="" loading="lazy" decoding="async" /> }.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnamed_people_read_as_such_and_pictures_change_address_with_the_person() {
        let mut person = PersonResponse {
            id: uuid::Uuid::from_u128(7),
            name: "  ".into(),
            birth_date: None,
            thumbnail_path: "/api/people/7/thumbnail".into(),
            is_hidden: false,
            is_favorite: false,
            color: None,
            updated_at: chrono::DateTime::from_timestamp_millis(1_000).unwrap_or_default(),
        };
        assert_eq!(person_name(&person), "Unnamed person");
        assert_eq!(picture_url(&person), "/api/people/7/thumbnail?v=1000");
        person.name = "Ada ".into();
        person.updated_at = chrono::DateTime::from_timestamp_millis(2_000).unwrap_or_default();
        assert_eq!(person_name(&person), "Ada");
        assert_eq!(picture_url(&person), "/api/people/7/thumbnail?v=2000");
    }
}
