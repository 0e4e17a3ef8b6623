//! User administration: list, create, make admin, delete and restore.

use super::{AdminTabs, NotForYou};
use crate::components::error_alert::ErrorAlert;
use crate::components::shell::use_current_user;
use crate::server_fns::admin::create_user::CreateUser;
use crate::server_fns::admin::delete_user::DeleteUser;
use crate::server_fns::admin::list_users::list_users;
use crate::server_fns::admin::restore_user::RestoreUser;
use crate::server_fns::admin::set_user_admin::SetUserAdmin;
use crate::server_fns::admin::update_user::UpdateUser;
use domain::dto::users::UserAdminResponse;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let me = use_current_user();
    let create = ServerAction::<CreateUser>::new();
    let delete = ServerAction::<DeleteUser>::new();
    let restore = ServerAction::<RestoreUser>::new();
    let set_admin = ServerAction::<SetUserAdmin>::new();
    let update = ServerAction::<UpdateUser>::new();
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<uuid::Uuid>);
    let users = Resource::new(
        move || {
            (
                create.version().get(),
                delete.version().get(),
                restore.version().get(),
                set_admin.version().get(),
                update.version().get(),
            )
        },
        |_| list_users(),
    );
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Ok(_))) {
            creating.set(false);
        }
    });
    Effect::new(move |_| {
        if matches!(update.value().get(), Some(Ok(_))) {
            editing.set(None);
        }
    });
    let actions = UserActions { delete, restore, set_admin, editing };
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading users…"</p> }>
            {move || Suspend::new(async move {
                let Some(me) = me.await.ok().flatten().filter(|u| u.is_admin) else {
                    return view! { <NotForYou /> }.into_any();
                };
                let list = users.await;
                view! {
                    <Title text="Users" />
                    <AdminTabs />
                    <div class="page-header">
                        <h1>"Users"</h1>
                        <button type="button" class="button" on:click=move |_| creating.update(|c| *c = !*c)>"Create user"</button>
                    </div>
                    <div class="card" hidden=move || !creating.get()>
                        <CreateUserForm create />
                    </div>
                    <ErrorAlert result=delete.value() />
                    <ErrorAlert result=set_admin.value() />
                    {match list {
                        Ok(list) => {
                            let editable = list.clone();
                            view! {
                                {move || {
                                    editing
                                        .get()
                                        .and_then(|id| editable.iter().find(|u| u.id == id).cloned())
                                        .map(|user| view! { <EditUser user update editing /> })
                                }}
                                <UsersTable list me=me.id actions />
                            }
                            .into_any()
                        }
                        Err(err) => {
                            leptos::logging::error!("loading users failed: {err:?}");
                            view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any()
                        }
                    }}
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
fn CreateUserForm(create: ServerAction<CreateUser>) -> impl IntoView {
    view! {
        <ActionForm action=create>
            <ErrorAlert result=create.value() />
            <label for="new-user-email">"Email"</label>
            <input id="new-user-email" name="email" type="email" required />
            <label for="new-user-name">"Name"</label>
            <input id="new-user-name" name="name" type="text" required />
            <label for="new-user-password">"Password"</label>
            <input id="new-user-password" name="password" type="password" minlength="8" autocomplete="new-password" required />
            <label for="new-user-quota">"Quota (GiB)"</label>
            <input id="new-user-quota" name="quota_gib" type="number" min="0" step="any" placeholder="Unlimited" />
            <label class="checkbox">
                <input type="checkbox" name="should_change_password" value="on" checked />
                "Require password change on next login"
            </label>
            <label class="checkbox">
                <input type="checkbox" name="is_admin" value="on" />
                "Administrator"
            </label>
            <button type="submit" class="button">"Create"</button>
        </ActionForm>
    }
}

/// The row actions, created once by the page so they survive re-renders of the table.
#[derive(Clone, Copy)]
struct UserActions {
    delete: ServerAction<DeleteUser>,
    restore: ServerAction<RestoreUser>,
    set_admin: ServerAction<SetUserAdmin>,
    editing: RwSignal<Option<uuid::Uuid>>,
}

fn format_quota(bytes: Option<i64>) -> String {
    match bytes {
        None => "Unlimited".into(),
        Some(b) => format!("{:.1} GiB", b as f64 / (1024.0 * 1024.0 * 1024.0)),
    }
}

#[component]
fn UsersTable(list: Vec<UserAdminResponse>, me: uuid::Uuid, actions: UserActions) -> impl IntoView {
    let UserActions { delete, restore, set_admin, editing } = actions;
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr><th>"Email"</th><th>"Name"</th><th>"Role"</th><th>"Quota"</th><th>"Status"</th><th>"Actions"</th></tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|u| {
                        let is_me = me == u.id;
                        let deleted = u.deleted_at.is_some();
                        view! {
                            <tr>
                                <td>{u.email.clone()}</td>
                                <td>{u.name.clone()}</td>
                                <td>{if u.is_admin { "Admin" } else { "User" }}</td>
                                <td>{format_quota(u.quota_size_in_bytes)}</td>
                                <td>{if deleted { "Deleted (restorable)" } else { "Active" }}</td>
                                <td class="actions">
                                    {(!deleted).then(|| {
                                        let id = u.id;
                                        view! {
                                            <button type="button" class="button secondary small" aria-label=format!("Edit {}", u.email) on:click=move |_| editing.set(Some(id))>
                                                "Edit"
                                            </button>
                                        }
                                    })}
                                    {(!is_me && !deleted).then(|| view! {
                                        <ActionForm action=set_admin attr:class="inline">
                                            <input type="hidden" name="id" value=u.id.to_string() />
                                            <input type="hidden" name="is_admin" value=(!u.is_admin).to_string() />
                                            <button type="submit" class="button secondary small">
                                                {if u.is_admin { "Remove admin" } else { "Make admin" }}
                                            </button>
                                        </ActionForm>
                                        <ActionForm action=delete attr:class="inline">
                                            <input type="hidden" name="id" value=u.id.to_string() />
                                            <button type="submit" class="button danger small" aria-label=format!("Delete {}", u.email)>"Delete"</button>
                                        </ActionForm>
                                    })}
                                    {deleted.then(|| view! {
                                        <ActionForm action=restore attr:class="inline">
                                            <input type="hidden" name="id" value=u.id.to_string() />
                                            <button type="submit" class="button secondary small">"Restore"</button>
                                        </ActionForm>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn EditUser(
    user: UserAdminResponse,
    update: ServerAction<UpdateUser>,
    editing: RwSignal<Option<uuid::Uuid>>,
) -> impl IntoView {
    let quota = crate::pages::admin::users::quota_text(user.quota_size_in_bytes);
    view! {
        <div class="card" role="region" aria-labelledby="edit-user-heading">
            <h2 id="edit-user-heading">"Edit " {user.email.clone()}</h2>
            <ActionForm action=update>
                <ErrorAlert result=update.value() />
                <input type="hidden" name="id" value=user.id.to_string() />
                <label for="edit-user-email">"Email"</label>
                <input id="edit-user-email" name="email" type="email" value=user.email.clone() required />
                <label for="edit-user-name">"Name"</label>
                <input id="edit-user-name" name="name" type="text" value=user.name.clone() required />
                <label for="edit-user-password">"New password (leave empty to keep)"</label>
                <input id="edit-user-password" name="password" type="password" minlength="8" autocomplete="new-password" />
                <label for="edit-user-quota">"Quota (GiB)"</label>
                <input id="edit-user-quota" name="quota_gib" type="number" min="0" step="any" placeholder="Unlimited" value=quota />
                <label class="checkbox">
                    <input type="checkbox" name="should_change_password" value="on" checked=user.should_change_password />
                    "Require password change on next login"
                </label>
                <div class="row">
                    <button type="submit" class="button">"Save"</button>
                    <button type="button" class="button secondary" on:click=move |_| editing.set(None)>"Cancel"</button>
                </div>
            </ActionForm>
        </div>
    }
}

/// The quota as the edit form shows it: GiB with up to two decimals, empty for unlimited.
pub fn quota_text(bytes: Option<i64>) -> String {
    bytes.map(|b| format!("{}", (b as f64 / (1024.0 * 1024.0 * 1024.0) * 100.0).round() / 100.0)).unwrap_or_default()
}
