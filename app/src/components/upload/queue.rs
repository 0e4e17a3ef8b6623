//! The upload queue as plain data: which files wait, which are on the wire, how each ended, and
//! the totals the panel shows. No browser types here, so the rules are unit-tested on the host;
//! `browser.rs` does the sending and reports back through these methods.

use std::collections::VecDeque;

/// Files sent at the same time. Enough to hide each request's round trip, few enough that the
/// first files finish early and the server's disk is not asked for many streams at once.
pub const MAX_ACTIVE: usize = 3;

/// Speed is measured over the last few seconds, so it follows changes without jumping about.
const SPEED_WINDOW_MS: f64 = 3_000.0;

/// Never reused within a page's life, so a late answer for a cleared file finds nothing.
pub type ItemId = u64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemState {
    Queued,
    Uploading,
    /// Stored as a new asset.
    Done,
    /// The server already had the same file (by checksum) for this user.
    Duplicate,
    /// `retryable` is false for files refused before sending (their type), where a retry could
    /// not end differently.
    Failed {
        reason: String,
        retryable: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: ItemId,
    pub name: String,
    /// Where the file sat inside a dropped or picked folder; the name for single files.
    pub path: String,
    pub size: u64,
    /// Bytes of the request sent so far.
    pub loaded: u64,
    pub state: ItemState,
}

impl Item {
    pub fn is_finished(&self) -> bool {
        matches!(self.state, ItemState::Done | ItemState::Duplicate | ItemState::Failed { .. })
    }

    pub fn is_retryable(&self) -> bool {
        matches!(self.state, ItemState::Failed { retryable: true, .. })
    }

    /// Progress of this file in percent, 0 to 100.
    pub fn percent(&self) -> u8 {
        match self.state {
            ItemState::Done | ItemState::Duplicate => 100,
            ItemState::Queued | ItemState::Failed { .. } => 0,
            ItemState::Uploading => percent(self.loaded, self.size),
        }
    }
}

/// How an upload ended, as the browser side reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Duplicate,
    Failed(String),
}

/// The numbers in the panel's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub total: usize,
    pub finished: usize,
    pub uploaded: usize,
    pub duplicates: usize,
    pub failed: usize,
    pub retryable: usize,
    /// Queued or on the wire.
    pub pending: usize,
    pub bytes_total: u64,
    /// Finished files count whole, so the bar reaches the end when the last file ends.
    pub bytes_done: u64,
}

impl Summary {
    pub fn percent(&self) -> u8 {
        if self.total > 0 && self.finished == self.total {
            100
        } else {
            percent(self.bytes_done, self.bytes_total)
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queue {
    /// In the order they were added, which is the order they are sent in; ids ascend.
    items: Vec<Item>,
    next_id: ItemId,
    speed: SpeedMeter,
}

impl Queue {
    pub fn ids(&self) -> Vec<ItemId> {
        self.items.iter().map(|i| i.id).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn item(&self, id: ItemId) -> Option<&Item> {
        self.position(id).map(|i| &self.items[i])
    }

    fn item_mut(&mut self, id: ItemId) -> Option<&mut Item> {
        self.position(id).map(|i| &mut self.items[i])
    }

    fn position(&self, id: ItemId) -> Option<usize> {
        self.items.binary_search_by_key(&id, |i| i.id).ok()
    }

    /// Adds a file; one the server will not take is failed at once and never sent.
    pub fn add(&mut self, name: String, path: String, size: u64, accepted: bool) -> ItemId {
        let id = self.next_id;
        self.next_id += 1;
        let state = if accepted {
            ItemState::Queued
        } else {
            ItemState::Failed { reason: "unsupported file type".to_string(), retryable: false }
        };
        self.items.push(Item { id, name, path, size, loaded: 0, state });
        id
    }

    /// The files to start now, oldest first, so that at most `MAX_ACTIVE` are on the wire;
    /// they are marked as uploading.
    pub fn start_next(&mut self) -> Vec<ItemId> {
        let active = self.items.iter().filter(|i| i.state == ItemState::Uploading).count();
        let mut started = Vec::new();
        for item in self.items.iter_mut() {
            if active + started.len() >= MAX_ACTIVE {
                break;
            }
            if item.state == ItemState::Queued {
                item.state = ItemState::Uploading;
                item.loaded = 0;
                started.push(item.id);
            }
        }
        started
    }

    /// Bytes sent so far for a file on the wire; `now_ms` is a monotonic clock.
    pub fn progress(&mut self, id: ItemId, loaded: u64, now_ms: f64) {
        let Some(item) = self.item_mut(id) else { return };
        if item.state != ItemState::Uploading {
            return;
        }
        // Progress counts the multipart framing too: never more than the file itself.
        let loaded = loaded.min(item.size);
        let delta = loaded.saturating_sub(item.loaded);
        item.loaded = loaded;
        self.speed.record(delta, now_ms);
    }

    pub fn finish(&mut self, id: ItemId, outcome: Outcome, now_ms: f64) {
        let Some(item) = self.item_mut(id) else { return };
        if item.state != ItemState::Uploading {
            return;
        }
        let rest = item.size.saturating_sub(item.loaded);
        item.state = match outcome {
            Outcome::Created => ItemState::Done,
            Outcome::Duplicate => ItemState::Duplicate,
            Outcome::Failed(reason) => ItemState::Failed { reason, retryable: true },
        };
        if matches!(item.state, ItemState::Done | ItemState::Duplicate) {
            item.loaded = item.size;
            self.speed.record(rest, now_ms);
        }
        if !self.items.iter().any(|i| i.state == ItemState::Uploading) {
            self.speed.reset();
        }
    }

    /// Puts a failed file back in the queue; false when it cannot be retried.
    pub fn retry(&mut self, id: ItemId) -> bool {
        match self.item_mut(id) {
            Some(item) if item.is_retryable() => {
                item.state = ItemState::Queued;
                item.loaded = 0;
                true
            }
            _ => false,
        }
    }

    /// Retries every failed file that can be; returns how many.
    pub fn retry_all(&mut self) -> usize {
        let ids: Vec<ItemId> = self.items.iter().filter(|i| i.is_retryable()).map(|i| i.id).collect();
        ids.into_iter().filter(|&id| self.retry(id)).count()
    }

    /// Forgets every file, once none is waiting or on the wire; false if some still are.
    pub fn clear(&mut self) -> bool {
        if self.items.iter().any(|i| !i.is_finished()) {
            return false;
        }
        self.items.clear();
        self.speed.reset();
        true
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary { total: self.items.len(), ..Summary::default() };
        for item in &self.items {
            s.bytes_total += item.size;
            match &item.state {
                ItemState::Queued => s.pending += 1,
                ItemState::Uploading => {
                    s.pending += 1;
                    s.bytes_done += item.loaded;
                }
                ItemState::Done => s.uploaded += 1,
                ItemState::Duplicate => s.duplicates += 1,
                ItemState::Failed { retryable, .. } => {
                    s.failed += 1;
                    if *retryable {
                        s.retryable += 1;
                    }
                }
            }
            if item.is_finished() {
                s.finished += 1;
                s.bytes_done += item.size;
            }
        }
        s
    }

    /// Bytes per second over the last few seconds, while something is on the wire.
    pub fn bytes_per_second(&self) -> Option<f64> {
        self.speed.rate()
    }
}

/// Bytes sent, sampled as progress events arrive, over a sliding window.
#[derive(Debug, Clone, Default, PartialEq)]
struct SpeedMeter {
    /// (time in ms, bytes sent since the meter started), oldest first.
    samples: VecDeque<(f64, u64)>,
    sent: u64,
}

impl SpeedMeter {
    fn record(&mut self, delta: u64, now_ms: f64) {
        self.sent += delta;
        self.samples.push_back((now_ms, self.sent));
        // Keep one sample at or before the window's start, so the window is always spanned.
        while self.samples.len() > 2 && self.samples[1].0 <= now_ms - SPEED_WINDOW_MS {
            self.samples.pop_front();
        }
    }

    fn rate(&self) -> Option<f64> {
        let (first, last) = (self.samples.front()?, self.samples.back()?);
        let elapsed_ms = last.0 - first.0;
        // Under a quarter of a second says more about event timing than about the network.
        if elapsed_ms < 250.0 {
            return None;
        }
        Some((last.1 - first.1) as f64 * 1000.0 / elapsed_ms)
    }

    fn reset(&mut self) {
        self.samples.clear();
        self.sent = 0;
    }
}

fn percent(part: u64, whole: u64) -> u8 {
    if whole == 0 {
        return 0;
    }
    let p = part.min(whole).saturating_mul(100) / whole;
    u8::try_from(p).unwrap_or(100)
}

/// A byte count for people: "812 B", "7.9 KB", "1.2 MB", "3.40 GB" (powers of 1000, as file
/// managers show them).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// A transfer speed for people, in MB/s as the issue asks ("0.4 MB/s", "12 MB/s").
pub fn format_speed(bytes_per_second: f64) -> String {
    let mb = bytes_per_second / 1_000_000.0;
    if mb < 10.0 {
        format!("{mb:.1} MB/s")
    } else {
        format!("{mb:.0} MB/s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue_of(n: usize) -> (Queue, Vec<ItemId>) {
        let mut q = Queue::default();
        let ids = (0..n).map(|i| q.add(format!("f{i}.jpg"), format!("f{i}.jpg"), 1000, true)).collect();
        (q, ids)
    }

    #[test]
    fn sends_at_most_three_at_a_time_in_order() {
        let (mut q, ids) = queue_of(5);
        assert_eq!(q.start_next(), ids[..3].to_vec());
        assert_eq!(q.start_next(), Vec::<ItemId>::new(), "three are already on the wire");
        q.finish(ids[1], Outcome::Created, 10.0);
        assert_eq!(q.start_next(), vec![ids[3]]);
        q.finish(ids[0], Outcome::Duplicate, 20.0);
        q.finish(ids[2], Outcome::Failed("boom".into()), 30.0);
        assert_eq!(q.start_next(), vec![ids[4]]);
    }

    #[test]
    fn unsupported_files_fail_at_once_and_are_not_sent_or_retried() {
        let mut q = Queue::default();
        let bad = q.add("notes.xyz".into(), "notes.xyz".into(), 10, false);
        let good = q.add("a.jpg".into(), "a.jpg".into(), 10, true);
        assert_eq!(q.start_next(), vec![good]);
        let item = q.item(bad).cloned();
        assert_eq!(
            item.map(|i| i.state),
            Some(ItemState::Failed { reason: "unsupported file type".into(), retryable: false })
        );
        assert!(!q.retry(bad));
        assert_eq!(q.retry_all(), 0);
    }

    #[test]
    fn counts_and_bytes_add_up() {
        let (mut q, ids) = queue_of(4);
        q.add("x.xyz".into(), "x.xyz".into(), 500, false);
        q.start_next();
        q.progress(ids[0], 400, 0.0);
        q.progress(ids[1], 5000, 0.0); // multipart overhead: capped at the size
        q.finish(ids[2], Outcome::Created, 0.0);
        let s = q.summary();
        assert_eq!((s.total, s.finished, s.uploaded, s.failed, s.retryable, s.pending), (5, 2, 1, 1, 0, 3));
        assert_eq!(s.bytes_total, 4500);
        assert_eq!(s.bytes_done, 400 + 1000 + 1000 + 500);
        assert_eq!(s.percent(), 64);
        assert_eq!(q.item(ids[0]).map(Item::percent), Some(40));
    }

    #[test]
    fn retry_requeues_a_failed_upload_and_sends_it_again() {
        let (mut q, ids) = queue_of(1);
        q.start_next();
        q.progress(ids[0], 600, 0.0);
        q.finish(ids[0], Outcome::Failed("Quota exceeded".into()), 1.0);
        assert_eq!(q.summary().retryable, 1);
        assert_eq!(q.retry_all(), 1);
        let item = q.item(ids[0]).cloned();
        assert_eq!(item.map(|i| (i.state, i.loaded)), Some((ItemState::Queued, 0)));
        assert_eq!(q.start_next(), ids);
        assert!(!q.retry(ids[0]), "only failed files are retried");
    }

    #[test]
    fn late_reports_for_other_states_or_cleared_files_are_ignored() {
        let (mut q, ids) = queue_of(1);
        q.finish(ids[0], Outcome::Created, 0.0);
        assert_eq!(q.item(ids[0]).map(|i| i.state.clone()), Some(ItemState::Queued), "never started");
        q.start_next();
        assert!(!q.clear(), "not while a file is on the wire");
        q.finish(ids[0], Outcome::Created, 0.0);
        assert!(q.clear());
        q.progress(ids[0], 10, 0.0);
        q.finish(ids[0], Outcome::Failed("late".into()), 0.0);
        assert!(q.is_empty());
        let again = q.add("b.jpg".into(), "b.jpg".into(), 1, true);
        assert_ne!(again, ids[0], "ids are not reused");
    }

    #[test]
    fn speed_is_measured_over_a_sliding_window() {
        let (mut q, ids) = queue_of(1);
        q.items[0].size = 100_000_000;
        q.start_next();
        q.progress(ids[0], 0, 0.0);
        assert_eq!(q.bytes_per_second(), None, "one sample is no speed");
        q.progress(ids[0], 1_000_000, 1000.0);
        assert_eq!(q.bytes_per_second(), Some(1_000_000.0));
        // A slow stretch long after: the window forgets the fast start.
        q.progress(ids[0], 2_000_000, 2000.0);
        q.progress(ids[0], 2_100_000, 6000.0);
        q.progress(ids[0], 2_200_000, 7000.0);
        let rate = q.bytes_per_second().unwrap_or_default();
        assert!((rate - 40_000.0).abs() < 1.0, "{rate}");
        q.finish(ids[0], Outcome::Created, 8000.0);
        assert_eq!(q.bytes_per_second(), None, "nothing on the wire");
    }

    #[test]
    fn sizes_and_speeds_read_well() {
        assert_eq!(format_bytes(812), "812 B");
        assert_eq!(format_bytes(7_936), "7.9 KB");
        assert_eq!(format_bytes(161_713), "162 KB");
        assert_eq!(format_bytes(1_234_567), "1.2 MB");
        assert_eq!(format_bytes(3_400_000_000), "3.4 GB");
        assert_eq!(format_speed(420_000.0), "0.4 MB/s");
        assert_eq!(format_speed(12_300_000.0), "12 MB/s");
    }
}
