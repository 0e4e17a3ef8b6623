//! Limits failed logins per account and per client address within a sliding window, so a
//! password cannot be guessed by volume. Kept in process: each server instance throttles on its
//! own, which bounds guessing per instance.

use crate::config::LoginThrottleSettings;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct LoginThrottle {
    settings: LoginThrottleSettings,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginThrottle {
    pub fn new(settings: LoginThrottleSettings) -> Self {
        LoginThrottle { settings, failures: Mutex::new(HashMap::new()) }
    }

    fn window(&self) -> Duration {
        Duration::from_secs(self.settings.window_seconds)
    }

    /// `Some(wait)` when either the account or the client has used up its attempts.
    pub fn check(&self, account: &str, client: Option<&str>, now: Instant) -> Option<Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut keys = vec![(account_key(account), self.settings.per_account)];
        if let Some(client) = client {
            keys.push((client_key(client), self.settings.per_client));
        }
        let window = self.window();
        keys.into_iter()
            .filter_map(|(key, limit)| {
                let entry = failures.get_mut(&key)?;
                while entry.front().is_some_and(|t| now.duration_since(*t) >= window) {
                    entry.pop_front();
                }
                if entry.len() as u32 >= limit {
                    entry.front().map(|oldest| window.saturating_sub(now.duration_since(*oldest)))
                } else {
                    None
                }
            })
            .max()
    }

    pub fn record_failure(&self, account: &str, client: Option<&str>, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.entry(account_key(account)).or_default().push_back(now);
        if let Some(client) = client {
            failures.entry(client_key(client)).or_default().push_back(now);
        }
        // Keep memory bounded under a flood of distinct accounts.
        if failures.len() > 100_000 {
            let window = self.window();
            failures.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < window));
        }
    }

    pub fn record_success(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&account_key(account));
    }
}

fn account_key(account: &str) -> String {
    format!("account:{}", account.to_lowercase())
}

fn client_key(client: &str) -> String {
    format!("client:{client}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(LoginThrottleSettings { per_account: 3, per_client: 5, window_seconds: 60 })
    }

    #[test]
    fn blocks_an_account_after_its_limit_then_frees_it() {
        let t = throttle();
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(t.check("a@x", Some("1.1.1.1"), start), None);
            t.record_failure("A@x", Some("1.1.1.1"), start);
        }
        let wait = t.check("a@x", Some("2.2.2.2"), start + Duration::from_secs(10));
        assert_eq!(wait, Some(Duration::from_secs(50)));
        assert_eq!(t.check("other@x", Some("2.2.2.2"), start), None);
        assert_eq!(t.check("a@x", None, start + Duration::from_secs(61)), None);
    }

    #[test]
    fn blocks_a_client_across_accounts() {
        let t = throttle();
        let now = Instant::now();
        for i in 0..5 {
            t.record_failure(&format!("user{i}@x"), Some("9.9.9.9"), now);
        }
        assert!(t.check("fresh@x", Some("9.9.9.9"), now).is_some());
        assert!(t.check("fresh@x", Some("8.8.8.8"), now).is_none());
    }

    #[test]
    fn success_clears_the_account() {
        let t = throttle();
        let now = Instant::now();
        for _ in 0..3 {
            t.record_failure("a@x", None, now);
        }
        t.record_success("a@x");
        assert_eq!(t.check("a@x", None, now), None);
    }
}
