//! The background jobs, one card per queue: on or off, how many assets are left, how many failed
//! and why the last one did (a model that cannot be downloaded, say), models downloading, and
//! "Run on missing" / "Run on all". It looks again every few seconds while work is left.

use super::{AdminTabs, NotForYou};
use crate::components::shell::use_current_user;
use crate::server_fns::admin::ml_queues::ml_queues;
use crate::server_fns::admin::run_ml_queue::run_ml_queue;
use domain::dto::jobs::{QueueName, QueueOverview};
use leptos::prelude::*;
use leptos_meta::Title;
use std::time::Duration;

const POLL_EVERY: Duration = Duration::from_secs(3);

/// Whether the page should look again soon: a queue has work left or a model is downloading.
pub fn busy(queues: &[QueueOverview]) -> bool {
    queues.iter().any(|q| (q.enabled && q.counts.waiting > 0) || q.download.is_some())
}

/// A recorded failure (`<RFC 3339 time> <reason>`) as (when, why).
pub fn failure_parts(text: &str) -> (Option<String>, String) {
    match text.split_once(' ') {
        Some((when, why)) if chrono::DateTime::parse_from_rfc3339(when).is_ok() => {
            let when = chrono::DateTime::parse_from_rfc3339(when).map(|t| t.format("%-d %b %Y, %H:%M UTC").to_string());
            (when.ok(), why.to_string())
        }
        _ => (None, text.to_string()),
    }
}

/// What "run on all" is called, and what confirming it says.
fn run_all_wording(queue: QueueName) -> (&'static str, &'static str) {
    match queue {
        QueueName::FacialRecognition => (
            "Re-cluster all",
            "Take every face off its person and recognise all faces again? Names stay only on people found again.",
        ),
        _ => ("Run on all", "Run this job again on every asset, including those already done?"),
    }
}

#[component]
pub fn AdminJobsPage() -> impl IntoView {
    let me = use_current_user();
    let poll = RwSignal::new(0_u64);
    let runs = RwSignal::new(0_u64);
    let message = RwSignal::new(None::<String>);
    let queues = Resource::new(move || (poll.get(), runs.get()), |_| ml_queues());
    // In the browser only (effects do not run on the server): while anything is left to do,
    // look again shortly.
    Effect::new(move |_| {
        let working = queues.with(|q| q.as_ref().and_then(|r| r.as_ref().ok()).is_some_and(|list| busy(list)));
        if working {
            let handle = set_timeout_with_handle(move || poll.update(|n| *n += 1), POLL_EVERY).ok();
            on_cleanup(move || {
                if let Some(handle) = handle {
                    handle.clear();
                }
            });
        }
    });
    let run = move |queue: QueueName, title: String, force: bool| {
        leptos::task::spawn_local(async move {
            match run_ml_queue(queue, force).await {
                Ok(0) => message.set(Some(format!("{title}: nothing to queue"))),
                Ok(1) => message.set(Some(format!("{title}: 1 job queued"))),
                Ok(n) => message.set(Some(format!("{title}: {n} jobs queued"))),
                Err(err) => message.set(Some(format!("{title}: {}", err.message()))),
            }
            runs.update(|n| *n += 1);
        });
    };
    view! {
        // `Transition`: the cards stay on screen while they refresh.
        <Transition fallback=|| view! { <p class="loading">"Loading jobs…"</p> }>
            {move || Suspend::new(async move {
                if !me.await.ok().flatten().is_some_and(|u| u.is_admin) {
                    return view! { <NotForYou /> }.into_any();
                }
                let list = queues.await;
                view! {
                    <Title text="Jobs" />
                    <AdminTabs />
                    <div class="page-header">
                        <h1>"Jobs"</h1>
                    </div>
                    <p class="muted">
                        "Each upload goes through these jobs in the background. “Waiting” counts the assets a job has not \
                        run on yet; a failure's reason shows on its card."
                    </p>
                    <p class="jobs-message" role="status">{move || message.get()}</p>
                    {match list {
                        Ok(list) => view! {
                            <div class="job-cards">
                                {list.into_iter().map(|queue| view! { <JobCard queue run=Callback::new(move |(q, t, f): (QueueName, String, bool)| run(q, t, f)) /> }).collect_view()}
                            </div>
                        }
                        .into_any(),
                        Err(err) => view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any(),
                    }}
                }
                .into_any()
            })}
        </Transition>
    }
}

#[component]
fn JobCard(queue: QueueOverview, run: Callback<(QueueName, String, bool)>) -> impl IntoView {
    let name = queue.name;
    let title = queue.title.clone();
    let heading = format!("job-{}", name.as_str());
    let labelled_by = heading.clone();
    let (all_label, all_question) = run_all_wording(name);
    let enabled = queue.enabled;
    let failure = queue.last_error.as_deref().map(failure_parts);
    let waiting = queue.counts.waiting;
    let failed = queue.counts.failed;
    let missing_title = title.clone();
    let all_title = title.clone();
    view! {
        <section class="job-card" class:job-off=!enabled aria-labelledby=labelled_by data-queue=name.as_str()>
            <header>
                <h2 id=heading>{title.clone()}</h2>
                <span class="job-state">{if enabled { "On" } else { "Off" }}</span>
            </header>
            <dl class="job-counts">
                <div><dt>"Waiting"</dt><dd class="job-waiting">{waiting}</dd></div>
                <div><dt>"Failed"</dt><dd class="job-failed">{failed}</dd></div>
            </dl>
            {queue.download.map(|d| view! { <p class="job-download" role="status">"Downloading model: " {d}</p> })}
            {failure.map(|(when, why)| view! {
                <div class="job-error">
                    <p class="job-error-title">{match when { Some(when) => format!("Last failure, {when}"), None => "Last failure".to_string() }}</p>
                    <p class="job-error-reason">{why}</p>
                </div>
            })}
            {if enabled {
                view! {
                    <div class="row">
                        <button type="button" class="button small" on:click=move |_| run.run((name, missing_title.clone(), false))>"Run on missing"</button>
                        <button type="button" class="button secondary small" on:click=move |_| {
                            if leptos::prelude::window().confirm_with_message(all_question).unwrap_or(false) {
                                run.run((name, all_title.clone(), true));
                            }
                        }>{all_label}</button>
                    </div>
                }
                .into_any()
            } else {
                view! { <p class="muted">"Turned off in the server's configuration."</p> }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::dto::jobs::QueueStatistics;

    fn queue(enabled: bool, waiting: u64, download: Option<&str>) -> QueueOverview {
        QueueOverview {
            name: QueueName::SmartSearch,
            title: "Smart search".into(),
            enabled,
            counts: QueueStatistics { waiting, ..QueueStatistics::default() },
            missing: waiting,
            last_error: None,
            download: download.map(str::to_string),
        }
    }

    #[test]
    fn the_page_polls_while_work_is_left_or_a_model_downloads() {
        assert!(!busy(&[queue(true, 0, None), queue(false, 12, None)]));
        assert!(busy(&[queue(true, 0, None), queue(true, 3, None)]));
        assert!(busy(&[queue(false, 0, Some("clip/ViT-B-32__openai: 1.0 of 2.0 MB"))]));
    }

    #[test]
    fn a_recorded_failure_reads_as_when_and_why() {
        assert_eq!(
            failure_parts("2024-06-01T10:20:30Z model missing: offline"),
            (Some("1 Jun 2024, 10:20 UTC".to_string()), "model missing: offline".to_string())
        );
        assert_eq!(failure_parts("no time here"), (None, "no time here".to_string()));
    }
}
