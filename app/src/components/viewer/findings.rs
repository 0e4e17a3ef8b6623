//! What machine learning found in the photo: in the info panel the people (pictures and names,
//! linking to their pages; the owner moves a face to someone else or says it is nobody), the
//! object tags and the lines of text read in it; over the photo, the face boxes.

use crate::components::person_picture::{person_name, PersonPicture};
use crate::server_fns::people::move_face::move_face;
use crate::server_fns::people::people_list::people_list;
use crate::server_fns::people::unassign_face::unassign_face;
use domain::dto::people::{AssetFaceResponse, AssetFindings, AssetTag};
use leptos::prelude::*;
use uuid::Uuid;

/// A face's box as percentages of the image it was found in: (left, top, width, height),
/// clamped to the image. `None` for a face without a usable image size.
pub fn face_rect(face: &AssetFaceResponse) -> Option<(f64, f64, f64, f64)> {
    let (w, h) = (f64::from(face.image_width), f64::from(face.image_height));
    if w <= 0.0 || h <= 0.0 {
        return None;
    }
    let x = |v: i32| (f64::from(v) / w * 100.0).clamp(0.0, 100.0);
    let y = |v: i32| (f64::from(v) / h * 100.0).clamp(0.0, 100.0);
    let (left, right) =
        (x(face.bounding_box_x1.min(face.bounding_box_x2)), x(face.bounding_box_x1.max(face.bounding_box_x2)));
    let (top, bottom) =
        (y(face.bounding_box_y1.min(face.bounding_box_y2)), y(face.bounding_box_y1.max(face.bounding_box_y2)));
    Some((left, top, right - left, bottom - top))
}

/// Tag names once each, the surest first.
pub fn tag_names(tags: &[AssetTag]) -> Vec<String> {
    let mut sorted: Vec<&AssetTag> = tags.iter().collect();
    sorted.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut names: Vec<String> = Vec::new();
    for tag in sorted {
        if !names.contains(&tag.name) {
            names.push(tag.name.clone());
        }
    }
    names
}

/// The boxes over the photo; the layer has the photo's size and follows its zoom.
#[component]
pub fn FaceBoxes(
    faces: Vec<AssetFaceResponse>,
    highlighted: RwSignal<Option<Uuid>>,
    transform: Signal<String>,
    origin: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="face-layer" style:transform=move || transform.get() style:transform-origin=move || origin.get()>
            {faces
                .into_iter()
                .filter_map(|face| face_rect(&face).map(|rect| (face, rect)))
                .map(|(face, (left, top, width, height))| {
                    let id = face.id;
                    let name = face.person.as_ref().map(person_name).unwrap_or_else(|| "Unknown".into());
                    view! {
                        <div
                            class="face-box"
                            class:face-box-highlighted=move || highlighted.get() == Some(id)
                            data-face-id=id.to_string()
                            style:left=format!("{left:.3}%")
                            style:top=format!("{top:.3}%")
                            style:width=format!("{width:.3}%")
                            style:height=format!("{height:.3}%")
                        >
                            <span class="face-box-name">{name}</span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The info panel's part: people, tags and text.
#[component]
pub fn FoundInPhoto(
    findings: AssetFindings,
    /// The owner may change who a face shows.
    owned: bool,
    highlighted: RwSignal<Option<Uuid>>,
    /// A face changed: the findings (and lists behind the viewer) load again.
    on_changed: Callback<()>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    // Whom a face can be moved to, loaded once the owner opens a face's tools.
    let wanted = RwSignal::new(false);
    let people = LocalResource::new(move || {
        let wanted = wanted.get();
        async move {
            if wanted {
                people_list(true).await.map(|l| l.tiles.into_iter().map(|t| t.person).collect::<Vec<_>>())
            } else {
                Ok(Vec::new())
            }
        }
    });
    let change =
        move |work: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), crate::error::UiError>>>>| {
            leptos::task::spawn_local(async move {
                match work.await {
                    Ok(()) => {
                        error.set(None);
                        on_changed.run(());
                    }
                    Err(err) => error.set(Some(err.message().to_string())),
                }
            });
        };
    let tags = tag_names(&findings.tags);
    let faces = findings.faces;
    let text = findings.text;
    view! {
        <section class="viewer-found" aria-labelledby="viewer-people">
            <h3 id="viewer-people">"People"</h3>
            {if faces.is_empty() {
                view! { <p class="muted">"No faces found"</p> }.into_any()
            } else {
                view! {
                    <ul class="viewer-faces">
                        {faces.into_iter().enumerate().map(|(i, face)| {
                            let face_id = face.id;
                            let current = face.person.as_ref().map(|p| p.id);
                            let who = match face.person.clone() {
                                Some(person) => view! {
                                    <a class="viewer-face-person" href=format!("/people/{}", person.id)>
                                        <PersonPicture person=person.clone() />
                                        <span>{person_name(&person)}</span>
                                    </a>
                                }.into_any(),
                                None => view! {
                                    <span class="viewer-face-person">
                                        <span class="person-picture" aria-hidden="true">"?"</span>
                                        <span class="muted">"Unknown face"</span>
                                    </span>
                                }.into_any(),
                            };
                            let chosen = RwSignal::new(String::new());
                            // Closed again when the findings reload after a change (the panel
                            // is rebuilt in place, and an open `<details>` would stay open).
                            let editing = RwSignal::new(false);
                            view! {
                                <li class="viewer-face" data-face-id=face_id.to_string()
                                    on:mouseenter=move |_| highlighted.set(Some(face_id))
                                    on:mouseleave=move |_| highlighted.set(None)
                                    on:focusin=move |_| highlighted.set(Some(face_id))
                                    on:focusout=move |_| highlighted.set(None)>
                                    {who}
                                    {owned.then(|| view! {
                                        <details
                                            class="viewer-face-edit"
                                            prop:open=move || editing.get()
                                            on:toggle=move |ev| {
                                                let open = event_target::<leptos::web_sys::HtmlDetailsElement>(&ev).open();
                                                editing.set(open);
                                                if open {
                                                    wanted.set(true);
                                                }
                                            }
                                        >
                                            <summary aria-label=format!("Edit face {}", i + 1)>"Edit"</summary>
                                            <form class="row" on:submit=move |ev: leptos::ev::SubmitEvent| {
                                                ev.prevent_default();
                                                let Ok(person) = Uuid::parse_str(&chosen.get_untracked()) else {
                                                    error.set(Some("Choose the person this face shows".into()));
                                                    return;
                                                };
                                                change(Box::pin(async move { move_face(face_id, person).await.map(|_| ()) }));
                                            }>
                                                <select aria-label="Move to" prop:value=move || chosen.get()
                                                    on:change=move |ev| chosen.set(event_target_value(&ev))>
                                                    <option value="">"Move to another person…"</option>
                                                    {move || people.get().and_then(Result::ok).unwrap_or_default().into_iter()
                                                        .filter(|p| Some(p.id) != current)
                                                        .map(|p| view! { <option value=p.id.to_string()>{person_name(&p)}</option> })
                                                        .collect_view()}
                                                </select>
                                                <button type="submit" class="secondary">"Move"</button>
                                            </form>
                                            {current.is_some().then(|| view! {
                                                <button type="button" class="secondary"
                                                    on:click=move |_| change(Box::pin(unassign_face(face_id)))>"Not this person"</button>
                                            })}
                                        </details>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            {(!tags.is_empty()).then(|| view! {
                <h3>"Tags"</h3>
                <ul class="viewer-tags" aria-label="Tags">
                    {tags.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}
                </ul>
            })}
            {(!text.is_empty()).then(|| view! {
                <h3>"Text in photo"</h3>
                <ul class="viewer-text" aria-label="Text in photo">
                    {text.into_iter().map(|line| view! { <li>{line.text}</li> }).collect_view()}
                </ul>
            })}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::dto::people::SourceType;

    fn face(x1: i32, y1: i32, x2: i32, y2: i32, w: i32, h: i32) -> AssetFaceResponse {
        AssetFaceResponse {
            id: Uuid::from_u128(1),
            image_width: w,
            image_height: h,
            bounding_box_x1: x1,
            bounding_box_y1: y1,
            bounding_box_x2: x2,
            bounding_box_y2: y2,
            person: None,
            source_type: SourceType::MachineLearning,
        }
    }

    #[test]
    fn boxes_are_fractions_of_the_image_they_were_found_in() {
        assert_eq!(face_rect(&face(100, 50, 300, 250, 1000, 500)), Some((10.0, 10.0, 20.0, 40.0)));
        // Corners given the other way round, and a box past the edge, still fit the image.
        assert_eq!(face_rect(&face(300, 250, 100, 50, 1000, 500)), Some((10.0, 10.0, 20.0, 40.0)));
        assert_eq!(face_rect(&face(900, -10, 1100, 100, 1000, 500)), Some((90.0, 0.0, 10.0, 20.0)));
        assert_eq!(face_rect(&face(1, 1, 2, 2, 0, 500)), None);
    }

    #[test]
    fn tags_read_once_each_surest_first() {
        let tag =
            |name: &str, score: f32| AssetTag { name: name.into(), score, source: "classifier".into(), bbox: None };
        let tags = [tag("dog", 0.4), tag("person", 0.9), tag("dog", 0.8)];
        assert_eq!(tag_names(&tags), vec!["person".to_string(), "dog".to_string()]);
    }
}
