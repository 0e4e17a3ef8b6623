//! The embedded mode's vector search: every stored embedding of a table in memory as 8-bit codes
//! (a scale per vector), all scanned for each query on both cores, then the best candidates
//! ranked again with their exact vectors from the database. The scan is bound by memory speed:
//! at 100 000 CLIP vectors the f32 scan read 195 MiB per query (p95 35-58 ms on a busy 2-core
//! machine, bench/vector_search.sh); the codes are a quarter of that, and the re-rank makes the
//! answer exact for what the scan keeps. No graph to build, no recall lost to one. The index
//! follows its table by the row count and last rowid, loading only new rows, and reloads wholly
//! when rows went away.

use crate::repositories::vectors::{self, VectorTable};
use crate::repositories::RepoResult;
use sea_orm::DatabaseConnection;
use std::collections::{HashMap, HashSet};
use tokio::sync::RwLock;
use uuid::Uuid;

pub struct VectorIndex {
    table: VectorTable,
    inner: RwLock<Inner>,
}

#[derive(Default)]
struct Inner {
    dimension: usize,
    keys: Vec<Uuid>,
    owners: Vec<Uuid>,
    /// `keys.len() × dimension` codes, row after row: component ≈ code × the row's scale.
    codes: Vec<i8>,
    scales: Vec<f32>,
    position: HashMap<Uuid, usize>,
    /// What of the table is loaded: (row count, last rowid) at the last look.
    loaded: Option<(i64, i64)>,
}

/// A neighbour: the row's key and its cosine distance (1 − cosine similarity).
pub type Neighbour = (Uuid, f32);

impl VectorIndex {
    pub fn new(table: VectorTable) -> VectorIndex {
        VectorIndex { table, inner: RwLock::new(Inner::default()) }
    }

    /// Brings the index up to date with the table: rows past the last rowid loaded are added (a
    /// replaced row gets a new rowid and overwrites its old vector); when the index then holds
    /// another number of rows than the table, rows went away and it reloads.
    pub async fn refresh(&self, db: &DatabaseConnection) -> RepoResult<()> {
        let (count, last) = vectors::generation(db, self.table).await?;
        if self.inner.read().await.loaded == Some((count, last)) {
            return Ok(());
        }
        let mut inner = self.inner.write().await;
        let from = match inner.loaded {
            Some((_, loaded_last)) if last >= loaded_last => loaded_last,
            _ => {
                *inner = Inner::default();
                0
            }
        };
        let (rows, _) = vectors::load_since(db, self.table, from).await?;
        for row in rows {
            inner.insert(row.key, row.owner_id, &row.vector);
        }
        if inner.keys.len() as i64 != count {
            tracing::debug!(table = self.table.table(), held = inner.keys.len(), count, "vector index reloads");
            *inner = Inner::default();
            let (rows, _) = vectors::load_since(db, self.table, 0).await?;
            for row in rows {
                inner.insert(row.key, row.owner_id, &row.vector);
            }
        }
        inner.loaded = Some((count, last));
        Ok(())
    }

    /// The `limit` nearest rows of the given owners within `max_distance`, nearest first, with
    /// exact distances: the codes pick candidates (more than asked, and a margin beyond
    /// `max_distance` for the codes' rounding), the stored vectors rank them.
    pub async fn nearest(
        &self,
        db: &DatabaseConnection,
        query: &[f32],
        owners: &HashSet<Uuid>,
        limit: usize,
        max_distance: Option<f32>,
    ) -> RepoResult<Vec<Neighbour>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let pool = limit.saturating_mul(4).saturating_add(32);
        let candidates = {
            let inner = self.inner.read().await;
            inner.nearest(query, owners, pool, max_distance.map(|m| m + ROUNDING_MARGIN))
        };
        let keys: Vec<Uuid> = candidates.iter().map(|c| c.0).collect();
        let exact = vectors::get_many(db, self.table, &keys).await?;
        let mut found: Vec<Neighbour> = exact
            .into_iter()
            .map(|(key, vector)| (key, 1.0 - dot(query, &vector)))
            .filter(|(_, distance)| max_distance.is_none_or(|max| *distance <= max))
            .collect();
        found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        found.truncate(limit);
        Ok(found)
    }

    /// The width of the vectors held, when there are any.
    pub async fn dimension(&self) -> Option<usize> {
        let inner = self.inner.read().await;
        (!inner.keys.is_empty()).then_some(inner.dimension)
    }

    pub async fn len(&self) -> usize {
        self.inner.read().await.keys.len()
    }

    pub async fn is_empty(&self) -> bool {
        self.len().await == 0
    }

    /// Bytes held for vectors (codes and scales), for the benchmark's memory figure.
    pub async fn vector_bytes(&self) -> usize {
        let inner = self.inner.read().await;
        inner.codes.len() + inner.scales.len() * std::mem::size_of::<f32>()
    }
}

/// How far a distance from the codes may be from the exact one: each component is rounded by
/// at most half its vector's step (max |component| / 254), which for unit vectors of 512
/// components moves a dot product by well under this; candidates this far past `max_distance`
/// are still looked at exactly.
const ROUNDING_MARGIN: f32 = 0.05;

/// 8-bit codes of a vector and the scale that turns them back (component ≈ code × scale).
fn quantize(vector: &[f32]) -> (Vec<i8>, f32) {
    let max = vector.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    if max == 0.0 || !max.is_finite() {
        return (vec![0; vector.len()], 0.0);
    }
    let scale = max / 127.0;
    (vector.iter().map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8).collect(), scale)
}

impl Inner {
    fn insert(&mut self, key: Uuid, owner: Uuid, vector: &[f32]) {
        if self.keys.is_empty() {
            self.dimension = vector.len();
        }
        if vector.len() != self.dimension {
            // A vector of another model's width cannot be compared; the table is reset when
            // the model changes, so this is a leftover.
            return;
        }
        let (codes, scale) = quantize(vector);
        match self.position.get(&key) {
            Some(&at) => {
                self.owners[at] = owner;
                self.scales[at] = scale;
                self.codes[at * self.dimension..(at + 1) * self.dimension].copy_from_slice(&codes);
            }
            None => {
                self.position.insert(key, self.keys.len());
                self.keys.push(key);
                self.owners.push(owner);
                self.scales.push(scale);
                self.codes.extend_from_slice(&codes);
            }
        }
    }

    /// Candidates by the codes' distances (approximate), nearest first.
    fn nearest(
        &self,
        query: &[f32],
        owners: &HashSet<Uuid>,
        limit: usize,
        max_distance: Option<f32>,
    ) -> Vec<Neighbour> {
        if self.keys.is_empty() || query.len() != self.dimension || limit == 0 {
            return Vec::new();
        }
        let (query_codes, query_scale) = quantize(query);
        let rows = self.keys.len();
        // Two halves on two threads: the scan is memory-bound and a second core nearly halves it.
        let threads =
            if rows >= 8192 { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(4) } else { 1 };
        let chunk = rows.div_ceil(threads);
        let scan = Scan { query: &query_codes, query_scale, owners, limit, max_distance };
        let mut found: Vec<Neighbour> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let (start, end) = (t * chunk, ((t + 1) * chunk).min(rows));
                    let scan = &scan;
                    scope.spawn(move || self.scan(scan, start, end))
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        });
        found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        found.truncate(limit);
        found
    }

    fn scan(&self, scan: &Scan<'_>, start: usize, end: usize) -> Vec<Neighbour> {
        let dimension = self.dimension;
        let mut best = TopK::new(scan.limit, end - start);
        for row in start..end {
            if !scan.owners.contains(&self.owners[row]) {
                continue;
            }
            let codes = &self.codes[row * dimension..(row + 1) * dimension];
            let similarity = dot_codes(scan.query, codes) as f32 * scan.query_scale * self.scales[row];
            let distance = 1.0 - similarity;
            if scan.max_distance.is_some_and(|max| distance > max) {
                continue;
            }
            best.offer(self.keys[row], distance);
        }
        best.into_vec()
    }
}

/// One query's scan parameters, shared by the threads.
struct Scan<'a> {
    query: &'a [i8],
    query_scale: f32,
    owners: &'a HashSet<Uuid>,
    limit: usize,
    max_distance: Option<f32>,
}

/// Dot product of two code rows in sixteen 32-bit lanes, which the compiler turns into SIMD
/// multiply-adds.
pub fn dot_codes(a: &[i8], b: &[i8]) -> i32 {
    let mut lanes = [0i32; 16];
    let (a_chunks, b_chunks) = (a.chunks_exact(16), b.chunks_exact(16));
    let tail: i32 =
        a_chunks.remainder().iter().zip(b_chunks.remainder()).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for i in 0..16 {
            lanes[i] += i32::from(x[i]) * i32::from(y[i]);
        }
    }
    lanes.iter().sum::<i32>() + tail
}

/// Dot product in eight lanes, which the compiler turns into SIMD adds and multiplies.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks.remainder().iter().zip(b_chunks.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// The `k` smallest distances seen, kept in a max-heap so each offer costs O(log k).
struct TopK {
    k: usize,
    heap: std::collections::BinaryHeap<Entry>,
}

#[derive(PartialEq)]
struct Entry(f32, Uuid);

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

impl TopK {
    /// The best `k` of at most `offered` rows: room for no more than can come (a caller may ask
    /// for far more than the index holds: a huge page number, say).
    fn new(k: usize, offered: usize) -> TopK {
        TopK { k, heap: std::collections::BinaryHeap::with_capacity(k.min(offered).saturating_add(1)) }
    }

    fn offer(&mut self, key: Uuid, distance: f32) {
        if self.heap.len() < self.k {
            self.heap.push(Entry(distance, key));
        } else if self.heap.peek().is_some_and(|worst| distance < worst.0) {
            self.heap.pop();
            self.heap.push(Entry(distance, key));
        }
    }

    fn into_vec(self) -> Vec<Neighbour> {
        self.heap.into_iter().map(|Entry(d, k)| (k, d)).collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / norm).collect()
    }

    #[test]
    fn dot_matches_a_plain_sum_for_any_length() {
        for len in [1, 7, 8, 9, 512, 515] {
            let a: Vec<f32> = (0..len).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..len).map(|i| (i as f32 * 0.11).cos()).collect();
            let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - plain).abs() < 1e-4, "len {len}");
        }
    }

    #[test]
    fn codes_keep_dot_products_within_the_margin() {
        for seed in 0..50u32 {
            let a = unit(&(0..512).map(|i| ((i as f32 + seed as f32) * 0.731).sin()).collect::<Vec<_>>());
            let b = unit(&(0..512).map(|i| ((i as f32 * 1.3 + seed as f32) * 0.377).cos()).collect::<Vec<_>>());
            let (ca, sa) = quantize(&a);
            let (cb, sb) = quantize(&b);
            let approx = dot_codes(&ca, &cb) as f32 * sa * sb;
            assert!((approx - dot(&a, &b)).abs() < ROUNDING_MARGIN / 10.0, "seed {seed}");
        }
        let (zero, scale) = quantize(&[0.0; 8]);
        assert_eq!((zero, scale), (vec![0; 8], 0.0));
        let codes: Vec<i8> = (0..37).map(|i| (i * 7 % 255 - 127) as i8).collect();
        let plain: i32 = codes.iter().map(|c| i32::from(*c) * i32::from(*c)).sum();
        assert_eq!(dot_codes(&codes, &codes), plain);
    }

    #[test]
    fn candidates_hold_the_exact_nearest_filtered_by_owner_and_distance() {
        let (me, other) = (Uuid::new_v4(), Uuid::new_v4());
        let mut inner = Inner::default();
        let rows: Vec<(Uuid, Uuid, Vec<f32>)> = (0..20000)
            .map(|i| {
                let angle = i as f32 * 0.0003;
                let owner = if i % 3 == 0 { other } else { me };
                (Uuid::from_u128(i as u128 + 1), owner, unit(&[angle.cos(), angle.sin(), 0.01 * (i % 7) as f32]))
            })
            .collect();
        for (key, owner, v) in &rows {
            inner.insert(*key, *owner, v);
        }
        let query = unit(&[1.0, 0.0, 0.0]);
        let owners: HashSet<Uuid> = [me].into();
        let mut exact: Vec<(Uuid, f32)> =
            rows.iter().filter(|(_, o, _)| *o == me).map(|(k, _, v)| (*k, 1.0 - dot(v, &query))).collect();
        exact.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        // The pool a query of 5 asks for holds the exact 5 nearest.
        let pool: HashSet<Uuid> = inner.nearest(&query, &owners, 5 * 4 + 32, None).iter().map(|n| n.0).collect();
        assert!(exact[..5].iter().all(|(k, _)| pool.contains(k)));
        assert!(pool.iter().all(|k| rows.iter().any(|(key, o, _)| key == k && *o == me)));
        let close = inner.nearest(&query, &owners, 100_000, Some(1e-3));
        assert!(close.iter().all(|n| n.1 <= 1e-3 + ROUNDING_MARGIN));
        assert!(exact.iter().filter(|e| e.1 <= 1e-3).all(|e| close.iter().any(|c| c.0 == e.0)));
        // Replacing a vector moves the row.
        inner.insert(Uuid::from_u128(19999), me, &unit(&[1.0, 0.0, 0.0]));
        assert_eq!(inner.nearest(&query, &owners, 1, None)[0].0, Uuid::from_u128(19999));
        // Asking for more than there is (a huge page) gives everything, and allocates for what is.
        let mine = inner.owners.iter().filter(|o| **o == me).count();
        assert_eq!(inner.nearest(&query, &owners, usize::MAX, None).len(), mine);
    }
}
