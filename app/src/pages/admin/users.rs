//! User administration: list, create, make admin, delete and restore.

use crate::components::error_alert::ErrorAlert;
use crate::components::shell::use_current_user;
use crate::server_fns::admin::create_user::CreateUser;
use crate::server_fns::admin::delete_user::DeleteUser;
use crate::server_fns::admin::list_users::list_users;
use crate::server_fns::admin::restore_user::RestoreUser;
use crate::server_fns::admin::set_user_admin::SetUserAdmin;
use domain::dto::users::UserAdminResponse;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let is_admin = use_current_user().is_some_and(|u| u.is_admin);
    if !is_admin {
        #[cfg(feature = "ssr")]
        crate::server_fns::context::set_status(http::StatusCode::FORBIDDEN);
        return view! {
            <Title text="Administration" />
            <h1>"Administration is for admins only"</h1>
            <p class="muted">"Ask an administrator of this server if you need something changed."</p>
        }
        .into_any();
    }
    view! { <UserAdministration /> }.into_any()
}

#[component]
fn UserAdministration() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let delete = ServerAction::<DeleteUser>::new();
    let restore = ServerAction::<RestoreUser>::new();
    let set_admin = ServerAction::<SetUserAdmin>::new();
    let creating = RwSignal::new(false);
    let users = Resource::new(
        move || (create.version().get(), delete.version().get(), restore.version().get(), set_admin.version().get()),
        |_| list_users(),
    );
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Ok(_))) {
            creating.set(false);
        }
    });
    view! {
        <Title text="Users" />
        <div class="page-header">
            <h1>"Users"</h1>
            <button type="button" class="button" on:click=move |_| creating.update(|c| *c = !*c)>"Create user"</button>
        </div>
        <div class="card" hidden=move || !creating.get()>
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
        </div>
        <ErrorAlert result=delete.value() />
        <ErrorAlert result=set_admin.value() />
        <Suspense fallback=|| view! { <p class="loading">"Loading users…"</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(list) => view! { <UsersTable list delete restore set_admin /> }.into_any(),
                    Err(err) => view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn format_quota(bytes: Option<i64>) -> String {
    match bytes {
        None => "Unlimited".into(),
        Some(b) => format!("{:.1} GiB", b as f64 / (1024.0 * 1024.0 * 1024.0)),
    }
}

#[component]
fn UsersTable(
    list: Vec<UserAdminResponse>,
    delete: ServerAction<DeleteUser>,
    restore: ServerAction<RestoreUser>,
    set_admin: ServerAction<SetUserAdmin>,
) -> impl IntoView {
    let me = use_current_user().map(|u| u.id);
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr><th>"Email"</th><th>"Name"</th><th>"Role"</th><th>"Quota"</th><th>"Status"</th><th>"Actions"</th></tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|u| {
                        let is_me = me == Some(u.id);
                        let deleted = u.deleted_at.is_some();
                        view! {
                            <tr>
                                <td>{u.email.clone()}</td>
                                <td>{u.name.clone()}</td>
                                <td>{if u.is_admin { "Admin" } else { "User" }}</td>
                                <td>{format_quota(u.quota_size_in_bytes)}</td>
                                <td>{if deleted { "Deleted (restorable)" } else { "Active" }}</td>
                                <td class="actions">
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
