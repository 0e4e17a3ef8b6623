//! Vector search at scale: p50/p95 latency and recall@10 against exact search, for the embedded
//! mode's in-process index (SQLite, 100 000 vectors) and PostgreSQL's HNSW index (1 000 000).
//! Run through `bench/vector_search.sh`; `cargo bench -p domain --features server --bench
//! vector_search -- embedded|postgres|all`. Lines starting with `RESULT` are the table's rows.
//!
//! The PostgreSQL database (`shoebox_bench_vectors`) is kept between runs: a later run that finds
//! it loaded with the same vectors only builds what is missing and queries. Environment:
//! `VS_EMBEDDED_COUNT`, `VS_PG_COUNT`, `VS_QUERIES` (sizes), `VS_PG_BASE` (server URL without a
//! database, default `postgres://postgres@127.0.0.1:5432`), `VS_RELOAD=1` (load PostgreSQL again),
//! `VS_HNSW` (index parameters, default the migration's `m = 16, ef_construction = 300`; a kept
//! index built otherwise is rebuilt), `VS_EF=500,600` (more ef_search values beside the
//! service's), `VS_EXTRA=1` (also ef_search 400, strict order, no iterative scan),
//! `VS_PREPARE_ONLY=1` (load and index PostgreSQL, then stop: query later on a quiet machine).

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Duration as ChronoDuration, TimeZone, Utc};
use domain::config::Settings;
use domain::entities::{asset, user};
use domain::repositories::search::{matching, AssetSearch};
use domain::repositories::vectors::{self, VectorTable};
use domain::vector_index::{dot, VectorIndex};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::sqlx::postgres::PgPoolCopyExt;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, EntityTrait, IntoActiveModel, Statement,
    TransactionTrait,
};
use std::collections::HashSet;
use std::time::{Duration, Instant};
use uuid::Uuid;

const DIM: usize = 512;
const K: usize = 10;
const SEED: u64 = 0x5eed_b0c5_2026_1207;
/// Bump when the generator or the row layout changes: a kept PostgreSQL database made by another
/// version is loaded again.
const GENERATOR_VERSION: u32 = 1;
const PG_DATABASE: &str = "shoebox_bench_vectors";
const OWNER_A: Uuid = Uuid::from_u128(0x0000_a000_0000_4000_8000_0000_0000_0001);
const OWNER_B: Uuid = Uuid::from_u128(0x0000_b000_0000_4000_8000_0000_0000_0002);

// ---------------------------------------------------------------------------------------------
// Vectors
//
// Uniform random unit vectors in 512 dimensions are all nearly orthogonal to each other: every
// point is about as far from a query as every other, there are no neighbourhoods, and HNSW is
// at its worst. Photo libraries are the opposite: bursts and near-duplicates (cosine ~0.99),
// events and subjects that recur (cats, beaches, documents), a shared "photo" direction that
// puts unrelated pictures at cosine ~0.3, and variation that lives in few directions (CLIP's
// intrinsic dimension is far below 512). The generator draws from such a mixture:
//   - a common direction `g`, 256 topics, 4000 cluster centres = normalise(g + topic + own part),
//     picked with Zipf-like weights (a few subjects dominate a library);
//   - each photo = normalise(centre + σ·noise), σ varying per photo from tight to loose, the noise
//     mostly in a 48-direction low-rank subspace with decaying variance plus some isotropic part;
//   - a quarter of the photos are near-duplicates of the one before (bursts).
// Queries are drawn apart from the data (their own random stream, so none is in the data set):
//   - `photo`: drawn as photos are ("more like this", duplicate detection);
//   - `text`: what smart search really sends, a CLIP text embedding: CLIP puts texts in a cone of
//     their own (the modality gap), so a query sits at cosine ~0.3 from its best images and far
//     from all of them, which graph searches find harder than in-distribution queries.
// Everything is seeded: the same vectors on every run and machine.
// ---------------------------------------------------------------------------------------------

/// SplitMix64: tiny, seedable, good enough for test data, and not tied to a `rand` version.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn uniform(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Two standard normals (Box–Muller).
    fn normals(&mut self) -> (f32, f32) {
        let u1 = ((self.next() >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
        let u2 = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let r = (-2.0 * u1.ln()).sqrt();
        let t = std::f64::consts::TAU * u2;
        ((r * t.cos()) as f32, (r * t.sin()) as f32)
    }

    /// A vector of independent normals with variance 1/DIM each: length ≈ 1.
    fn gaussian(&mut self, out: &mut [f32]) {
        let scale = 1.0 / (out.len() as f32).sqrt();
        for pair in out.chunks_mut(2) {
            let (a, b) = self.normals();
            pair[0] = a * scale;
            if let Some(second) = pair.get_mut(1) {
                *second = b * scale;
            }
        }
    }

    fn unit(&mut self) -> Vec<f32> {
        let mut v = vec![0.0; DIM];
        self.gaussian(&mut v);
        normalise(&mut v);
        v
    }
}

fn normalise(v: &mut [f32]) {
    let norm = dot(v, v).sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

const TOPICS: usize = 256;
const CLUSTERS: usize = 4000;
const STYLE_DIRECTIONS: usize = 48;
const BURST_PROBABILITY: f32 = 0.25;
/// Vectors per independently seeded chunk: generation runs on both cores and stays identical
/// however the chunks are spread over threads.
const CHUNK: usize = 4096;

struct Generator {
    centres: Vec<Vec<f32>>,
    /// Cumulative cluster weights, for picking one by a uniform draw.
    cumulative: Vec<f32>,
    /// The low-rank subspace photos vary in, each direction pre-scaled by its share.
    style: Vec<Vec<f32>>,
    /// Where CLIP text embeddings sit apart from images.
    text_modality: Vec<f32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum QueryKind {
    Photo,
    Text,
}

impl QueryKind {
    fn name(self) -> &'static str {
        match self {
            QueryKind::Photo => "photo",
            QueryKind::Text => "text",
        }
    }
}

impl Generator {
    fn new(seed: u64) -> Generator {
        let mut rng = Rng::new(seed, 1);
        let common = rng.unit();
        let topics: Vec<Vec<f32>> = (0..TOPICS).map(|_| rng.unit()).collect();
        let centres = (0..CLUSTERS)
            .map(|_| {
                let topic = &topics[(rng.next() % TOPICS as u64) as usize];
                let own = rng.unit();
                let mut centre: Vec<f32> = (0..DIM).map(|i| 0.7 * common[i] + 0.6 * topic[i] + 0.55 * own[i]).collect();
                normalise(&mut centre);
                centre
            })
            .collect();
        // Zipf-like: the biggest cluster ~200 times the smallest, in a shuffled order.
        let mut weights: Vec<f32> = (0..CLUSTERS).map(|rank| 1.0 / (rank as f32 + 10.0).powf(0.8)).collect();
        for i in (1..CLUSTERS).rev() {
            weights.swap(i, (rng.next() % (i as u64 + 1)) as usize);
        }
        let total: f32 = weights.iter().sum();
        let mut running = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                running += w / total;
                running
            })
            .collect();
        let shares: Vec<f32> = (0..STYLE_DIRECTIONS).map(|i| 1.0 / (1.0 + i as f32 / 4.0)).collect();
        let share_norm = shares.iter().sum::<f32>().sqrt();
        let style = shares
            .iter()
            .map(|share| {
                let scale = share.sqrt() / share_norm;
                rng.unit().into_iter().map(|x| x * scale).collect()
            })
            .collect();
        Generator { centres, cumulative, style, text_modality: rng.unit() }
    }

    fn cluster(&self, rng: &mut Rng) -> &[f32] {
        let u = rng.uniform();
        let at = self.cumulative.partition_point(|&c| c < u).min(CLUSTERS - 1);
        &self.centres[at]
    }

    /// Length ≈ 1: mostly along the style directions, partly isotropic.
    fn noise(&self, rng: &mut Rng, out: &mut [f32], scratch: &mut [f32]) {
        rng.gaussian(scratch);
        out.iter_mut().zip(scratch.iter()).for_each(|(o, s)| *o = 0.66 * s);
        for direction in &self.style {
            let (z, _) = rng.normals();
            let z = 0.75 * z;
            out.iter_mut().zip(direction).for_each(|(o, d)| *o += z * d);
        }
    }

    fn photo(&self, rng: &mut Rng, out: &mut [f32], scratch: &mut [f32]) {
        let centre = self.cluster(rng);
        let mut noise = vec![0.0; DIM];
        self.noise(rng, &mut noise, scratch);
        let spread = 0.3 + 0.6 * rng.uniform();
        out.iter_mut().zip(centre.iter().zip(&noise)).for_each(|(o, (c, n))| *o = c + spread * n);
        normalise(out);
    }

    /// `count` vectors from `stream`, row after row.
    fn data(&self, count: usize, stream: u64) -> Vec<f32> {
        let mut data = vec![0.0f32; count * DIM];
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        let chunks: Vec<(usize, &mut [f32])> = data.chunks_mut(CHUNK * DIM).enumerate().collect();
        let per_thread = chunks.len().div_ceil(threads).max(1);
        let mut groups: Vec<Vec<(usize, &mut [f32])>> = Vec::new();
        let mut chunks = chunks.into_iter().peekable();
        while chunks.peek().is_some() {
            groups.push(chunks.by_ref().take(per_thread).collect());
        }
        std::thread::scope(|scope| {
            for group in groups {
                scope.spawn(move || {
                    let mut scratch = vec![0.0; DIM];
                    for (index, chunk) in group {
                        let mut rng = Rng::new(SEED ^ stream.rotate_left(32), index as u64 + 1);
                        let mut previous: Option<usize> = None;
                        for row in 0..chunk.len() / DIM {
                            let (before, rest) = chunk.split_at_mut(row * DIM);
                            let out = &mut rest[..DIM];
                            match previous {
                                Some(p) if rng.uniform() < BURST_PROBABILITY => {
                                    // A burst: the same scene a moment later.
                                    rng.gaussian(&mut scratch);
                                    let prev = &before[p * DIM..(p + 1) * DIM];
                                    out.iter_mut()
                                        .zip(prev.iter().zip(&scratch))
                                        .for_each(|(o, (a, n))| *o = a + 0.15 * n);
                                    normalise(out);
                                }
                                _ => self.photo(&mut rng, out, &mut scratch),
                            }
                            previous = Some(row);
                        }
                    }
                });
            }
        });
        data
    }

    fn queries(&self, count: usize, kind: QueryKind) -> Vec<Vec<f32>> {
        let mut rng = Rng::new(SEED, 0x0e5 ^ kind as u64);
        let mut scratch = vec![0.0; DIM];
        (0..count)
            .map(|_| {
                let mut q = vec![0.0; DIM];
                match kind {
                    QueryKind::Photo => self.photo(&mut rng, &mut q, &mut scratch),
                    QueryKind::Text => {
                        let centre = self.cluster(&mut rng);
                        let mut noise = vec![0.0; DIM];
                        self.noise(&mut rng, &mut noise, &mut scratch);
                        for (i, out) in q.iter_mut().enumerate() {
                            *out = self.text_modality[i] + 0.6 * centre[i] + 0.3 * noise[i];
                        }
                        normalise(&mut q);
                    }
                }
                q
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

fn key(row: usize) -> Uuid {
    Uuid::from_u128((0x5b0e_ba5e_0000_4000_8000_u128 << 48) | row as u128)
}

fn row_of(key: Uuid) -> Option<usize> {
    let v = key.as_u128();
    (v >> 48 == 0x5b0e_ba5e_0000_4000_8000_u128).then_some((v & ((1 << 48) - 1)) as usize)
}

/// Who owns a row and whether a timeline search may find it.
#[derive(Clone, Copy)]
struct RowMeta {
    owner: Uuid,
    visibility: &'static str,
    trashed: bool,
}

/// Embedded: one library, everything on the timeline (the scan's worst case: every row compared).
/// PostgreSQL: a server with two libraries interleaved, A with 90 % of the rows and B with 10 %,
/// and in each 1 % hidden, 1 % archived, 0.5 % in the trash, so the search filter has something
/// to drop and B's searches show what a selective filter costs the graph.
fn meta(row: usize, shared_server: bool) -> RowMeta {
    if !shared_server {
        return RowMeta { owner: OWNER_A, visibility: "timeline", trashed: false };
    }
    let owner = if row % 10 == 9 { OWNER_B } else { OWNER_A };
    let visibility = match row % 100 {
        3 => "hidden",
        7 => "archive",
        _ => "timeline",
    };
    RowMeta { owner, visibility, trashed: row % 200 == 11 }
}

fn searchable(m: RowMeta, owner: Uuid) -> bool {
    m.owner == owner && matches!(m.visibility, "timeline" | "archive") && !m.trashed
}

fn file_time(row: usize) -> DateTime<Utc> {
    let base = Utc.with_ymd_and_hms(2005, 1, 1, 0, 0, 0).single().unwrap_or_default();
    base + ChronoDuration::seconds(row as i64 * 587)
}

fn asset_model(row: usize, m: RowMeta) -> asset::Model {
    let at = file_time(row);
    asset::Model {
        id: key(row),
        owner_id: m.owner,
        checksum: format!("{:040x}", row),
        asset_type: "IMAGE".into(),
        original_path: format!("upload/{row}.jpg"),
        original_file_name: format!("IMG_{row:07}.jpg"),
        sidecar_path: None,
        file_size: 2_000_000,
        file_created_at: at,
        file_modified_at: at,
        is_favorite: false,
        visibility: m.visibility.into(),
        duration: None,
        live_photo_video_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: m.trashed.then_some(at),
        width: Some(4000),
        height: Some(3000),
        thumbhash: None,
        taken_at: Some(at),
        local_date_time: Some(at),
        thumbnail_path: None,
        preview_path: None,
        metadata_extracted_at: Some(at),
        thumbnails_generated_at: Some(at),
        processing_error: None,
        duplicate_id: None,
    }
}

fn user_model(id: Uuid, name: &str) -> user::Model {
    let now = Utc::now();
    user::Model {
        id,
        email: format!("{name}@bench.example"),
        name: name.into(),
        password_hash: None,
        is_admin: false,
        should_change_password: false,
        quota_size_in_bytes: None,
        quota_usage_in_bytes: 0,
        storage_label: None,
        avatar_color: None,
        profile_image_path: String::new(),
        oauth_id: String::new(),
        status: "active".into(),
        created_at: now,
        updated_at: now,
        profile_changed_at: now,
        deleted_at: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Exact search and figures
// ---------------------------------------------------------------------------------------------

/// The `K` nearest allowed rows of every query, by brute force: rows outer, queries inner, so
/// the queries stay in cache while the data streams past once, split over the cores.
fn exact(data: &[f32], allowed: &[bool], queries: &[Vec<f32>]) -> Vec<Vec<(usize, f32)>> {
    let rows = allowed.len();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunk = rows.div_ceil(threads).max(1);
    let partial: Vec<Vec<Vec<(usize, f32)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut best: Vec<Vec<(usize, f32)>> = vec![Vec::with_capacity(K + 1); queries.len()];
                    for row in t * chunk..((t + 1) * chunk).min(rows) {
                        if !allowed[row] {
                            continue;
                        }
                        let v = &data[row * DIM..(row + 1) * DIM];
                        for (q, top) in queries.iter().zip(best.iter_mut()) {
                            let distance = 1.0 - dot(q, v);
                            if top.len() == K && distance >= top[K - 1].1 {
                                continue;
                            }
                            let at = top.partition_point(|&(_, d)| d <= distance);
                            top.insert(at, (row, distance));
                            top.truncate(K);
                        }
                    }
                    best
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    (0..queries.len())
        .map(|q| {
            let mut all: Vec<(usize, f32)> = partial.iter().filter_map(|p| p.get(q)).flatten().copied().collect();
            all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            all.truncate(K);
            all
        })
        .collect()
}

fn recall(found: &[Uuid], truth: &[(usize, f32)]) -> f64 {
    if truth.is_empty() {
        return 1.0;
    }
    let truth: HashSet<usize> = truth.iter().map(|t| t.0).collect();
    let hits = found.iter().filter_map(|k| row_of(*k)).filter(|r| truth.contains(r)).count();
    hits as f64 / truth.len() as f64
}

fn percentile(sorted_ms: &[f64], p: f64) -> f64 {
    if sorted_ms.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted_ms.len() as f64).ceil() as usize;
    sorted_ms[rank.clamp(1, sorted_ms.len()) - 1]
}

struct Measured {
    p50: f64,
    p95: f64,
    max: f64,
    recall: f64,
    min_recall: f64,
}

fn summarise(mut times_ms: Vec<f64>, recalls: &[f64]) -> Measured {
    times_ms.sort_by(f64::total_cmp);
    Measured {
        p50: percentile(&times_ms, 50.0),
        p95: percentile(&times_ms, 95.0),
        max: times_ms.last().copied().unwrap_or(f64::NAN),
        recall: recalls.iter().sum::<f64>() / recalls.len().max(1) as f64,
        min_recall: recalls.iter().copied().fold(1.0, f64::min),
    }
}

/// The neighbourhoods the vectors make, so a reader can judge them against real CLIP figures.
fn describe(data: &[f32], truth: &[Vec<(usize, f32)>], kind: QueryKind) {
    // Mean cosine similarity of the neighbour at `rank` (0-based) over the queries.
    let mean = |rank: usize| {
        let values: Vec<f32> = truth.iter().filter_map(|t| t.get(rank).map(|n| 1.0 - n.1)).collect();
        values.iter().sum::<f32>() / values.len().max(1) as f32
    };
    let (top1, top10) = (mean(0), mean(K - 1));
    let rows = data.len() / DIM;
    let mut rng = Rng::new(SEED, 77);
    let random: f32 = (0..2000)
        .map(|_| {
            let (a, b) = ((rng.next() % rows as u64) as usize, (rng.next() % rows as u64) as usize);
            dot(&data[a * DIM..(a + 1) * DIM], &data[b * DIM..(b + 1) * DIM])
        })
        .sum::<f32>()
        / 2000.0;
    println!(
        "  {} queries: mean cosine to the nearest {top1:.3}, to the 10th {top10:.3}; two random photos {random:.3}",
        kind.name()
    );
}

fn proc_status(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kib| kib * 1024)
}

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn result_row(mode: &str, vectors: usize, queries: &str, ef: &str, m: &Measured, load: &str, memory: &str) {
    // Timings on a shared machine mean little without how busy it was.
    let busy =
        std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split_whitespace().next().map(String::from));
    println!(
        "  {mode} {queries} ef={ef}: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms, recall@10 {:.4} (worst query {:.1}); load average {}",
        m.p50,
        m.p95,
        m.max,
        m.recall,
        m.min_recall,
        busy.unwrap_or_default()
    );
    println!(
        "RESULT\t{mode}\t{vectors}\t{queries}\t{ef}\t{:.2}\t{:.2}\t{:.4}\t{load}\t{memory}",
        m.p50, m.p95, m.recall
    );
}

fn env_usize(name: &str, default: usize) -> Result<usize> {
    match std::env::var(name) {
        Ok(v) => v.parse().with_context(|| format!("{name}={v}")),
        Err(_) => Ok(default),
    }
}

// ---------------------------------------------------------------------------------------------
// Embedded mode
// ---------------------------------------------------------------------------------------------

async fn embedded(generator: &Generator, count: usize, queries: &[(QueryKind, Vec<Vec<f32>>)]) -> Result<()> {
    println!("== embedded (SQLite, in-process exact index): {count} vectors");
    let started = Instant::now();
    let data = generator.data(count, 100);
    println!("  generated in {:.1} s", started.elapsed().as_secs_f64());

    let dir = tempfile::tempdir()?;
    let settings = Settings { data_dir: dir.path().join("data"), ..Settings::default() };
    let db = domain::db::connect(&settings).await?;
    let started = Instant::now();
    domain::repositories::users::insert(&db, user_model(OWNER_A, "a").into_active_model()).await?;
    let txn = db.begin().await?;
    let rows: Vec<usize> = (0..count).collect();
    for batch in rows.chunks(500) {
        let models = batch.iter().map(|&row| asset_model(row, meta(row, false)).into_active_model());
        asset::Entity::insert_many(models).exec(&txn).await?;
    }
    for row in 0..count {
        vectors::upsert(&txn, VectorTable::SmartSearch, key(row), &data[row * DIM..(row + 1) * DIM]).await?;
    }
    txn.commit().await?;
    let file_size = std::fs::metadata(settings.database_path()).map(|m| m.len()).unwrap_or(0);
    println!("  seeded SQLite in {:.1} s ({} before checkpoint)", started.elapsed().as_secs_f64(), mib(file_size));

    let index = VectorIndex::new(VectorTable::SmartSearch);
    let rss_before = proc_status("VmRSS:").unwrap_or(0);
    let started = Instant::now();
    index.refresh(&db).await?;
    let load = started.elapsed();
    if index.len().await != count {
        bail!("the index holds {} vectors, expected {count}", index.len().await);
    }
    let vector_bytes = index.vector_bytes().await as u64;
    let rss_after = proc_status("VmRSS:").unwrap_or(0);
    println!(
        "  cold load (refresh): {:.2} s; vectors {}; RSS grew {}",
        load.as_secs_f64(),
        mib(vector_bytes),
        mib(rss_after.saturating_sub(rss_before))
    );

    let allowed: Vec<bool> = (0..count).map(|row| meta(row, false).owner == OWNER_A).collect();
    let owners: HashSet<Uuid> = [OWNER_A].into();
    for (kind, set) in queries {
        let truth = exact(&data, &allowed, set);
        describe(&data, &truth, *kind);
        for q in set {
            index.nearest(&db, q, &owners, K, None).await?;
        }
        let mut times = Vec::with_capacity(set.len());
        let mut recalls = Vec::with_capacity(set.len());
        for (q, truth) in set.iter().zip(&truth) {
            let started = Instant::now();
            let found = index.nearest(&db, q, &owners, K, None).await?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            recalls.push(recall(&found.iter().map(|n| n.0).collect::<Vec<_>>(), truth));
        }
        // A plain scan of the same rows (this file's brute force, one query at a time, no owner
        // lookups) for comparison: when the index is no slower, its cost is streaming the vectors
        // through memory, and only fewer bytes per vector would make it faster.
        let mut floor: Vec<f64> = set
            .iter()
            .take(50)
            .map(|q| {
                let started = Instant::now();
                exact(&data, &allowed, std::slice::from_ref(q));
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        floor.sort_by(f64::total_cmp);
        println!(
            "  plain brute force over the same {} MiB, one query at a time: p50 {:.2} ms, p95 {:.2} ms",
            vector_bytes >> 20,
            percentile(&floor, 50.0),
            percentile(&floor, 95.0)
        );
        let peak = proc_status("VmHWM:").unwrap_or(0);
        result_row(
            "embedded",
            count,
            kind.name(),
            "exact",
            &summarise(times, &recalls),
            &format!("load {:.2}s", load.as_secs_f64()),
            &format!("{} vectors, peak RSS {}", mib(vector_bytes), mib(peak)),
        );
    }
    db.close().await.ok();
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

fn marker(count: usize) -> String {
    format!("v{GENERATOR_VERSION} seed={SEED:x} count={count}")
}

async fn scalar_i64(db: &DatabaseConnection, sql: &str) -> Result<Option<i64>> {
    let row = db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql.to_string())).await?;
    Ok(match row {
        Some(row) => row.try_get_by_index::<Option<i64>>(0)?,
        None => None,
    })
}

async fn metadata_value(db: &DatabaseConnection, key: &str) -> Result<Option<String>> {
    let sql = r#"SELECT "value" FROM "system_metadata" WHERE "key" = $1"#;
    let row = db.query_one_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, [key.into()])).await?;
    Ok(row.map(|r| r.try_get::<String>("", "value")).transpose()?)
}

async fn set_metadata_value(db: &DatabaseConnection, key: &str, value: &str) -> Result<()> {
    let sql = r#"INSERT INTO "system_metadata" ("key", "value") VALUES ($1, $2)
                 ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value""#;
    db.execute_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, [key.into(), value.into()])).await?;
    Ok(())
}

/// Connects to the kept database when it holds this generator's `count` vectors; `None` when
/// it must be loaded again.
async fn reuse(base: &str, count: usize) -> Result<Option<DatabaseConnection>> {
    if std::env::var("VS_RELOAD").is_ok_and(|v| v == "1") {
        return Ok(None);
    }
    let admin = Database::connect(format!("{base}/postgres")).await?;
    let exists = admin
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT 1 AS one FROM pg_database WHERE datname = '{PG_DATABASE}'"),
        ))
        .await?
        .is_some();
    admin.close().await.ok();
    if !exists {
        return Ok(None);
    }
    let db = connect_pg(base).await?;
    let loaded = metadata_value(&db, "bench.vector_search").await.ok().flatten();
    if loaded.as_deref() == Some(marker(count).as_str()) {
        return Ok(Some(db));
    }
    println!("  kept database holds {loaded:?}, not {:?}: loading again", marker(count));
    db.close().await.ok();
    Ok(None)
}

async fn connect_pg(base: &str) -> Result<DatabaseConnection> {
    let settings = Settings { database_url: Some(format!("{base}/{PG_DATABASE}")), ..Settings::default() };
    Ok(domain::db::connect(&settings).await?)
}

/// pgvector's binary form: dimension and a reserved word as int16, then big-endian float4s.
fn copy_row(out: &mut Vec<u8>, row: usize, vector: &[f32]) {
    out.extend_from_slice(&2i16.to_be_bytes());
    out.extend_from_slice(&16i32.to_be_bytes());
    out.extend_from_slice(key(row).as_bytes());
    out.extend_from_slice(&(4 + 4 * vector.len() as i32).to_be_bytes());
    out.extend_from_slice(&(vector.len() as i16).to_be_bytes());
    out.extend_from_slice(&0i16.to_be_bytes());
    for v in vector {
        out.extend_from_slice(&v.to_be_bytes());
    }
}

async fn load_pg(base: &str, data: &[f32], count: usize) -> Result<DatabaseConnection> {
    let admin = Database::connect(format!("{base}/postgres")).await?;
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")).await?;
    admin.execute_unprepared(&format!("CREATE DATABASE {PG_DATABASE}")).await?;
    admin.close().await.ok();
    let db = connect_pg(base).await?;
    for (id, name) in [(OWNER_A, "a"), (OWNER_B, "b")] {
        domain::repositories::users::insert(&db, user_model(id, name).into_active_model()).await?;
    }
    // Loading into an HNSW index inserts one by one; building it afterwards is far faster.
    db.execute_unprepared(r#"DROP INDEX IF EXISTS "idx_smart_search_embedding""#).await?;
    let pool = db.get_postgres_connection_pool();

    let started = Instant::now();
    let mut copy = pool
        .copy_in_raw(
            r#"COPY "assets" ("id", "owner_id", "checksum", "asset_type", "original_path", "original_file_name",
               "file_size", "file_created_at", "file_modified_at", "is_favorite", "visibility", "created_at",
               "updated_at", "deleted_at", "taken_at", "local_date_time", "width", "height") FROM STDIN"#,
        )
        .await?;
    let mut buffer = String::with_capacity(8 << 20);
    for row in 0..count {
        let m = asset_model(row, meta(row, true));
        let at = m.file_created_at.format("%Y-%m-%d %H:%M:%S+00");
        let deleted = if m.deleted_at.is_some() { at.to_string() } else { "\\N".into() };
        buffer.push_str(&format!(
            "{}\t{}\t{}\tIMAGE\t{}\t{}\t{}\t{at}\t{at}\tf\t{}\t{at}\t{at}\t{deleted}\t{at}\t{at}\t4000\t3000\n",
            m.id, m.owner_id, m.checksum, m.original_path, m.original_file_name, m.file_size, m.visibility
        ));
        if buffer.len() > (8 << 20) - 4096 {
            copy.send(buffer.as_bytes()).await?;
            buffer.clear();
        }
    }
    copy.send(buffer.as_bytes()).await?;
    copy.finish().await?;
    println!("  assets copied in {:.1} s", started.elapsed().as_secs_f64());

    let started = Instant::now();
    let mut copy =
        pool.copy_in_raw(r#"COPY "smart_search" ("asset_id", "embedding") FROM STDIN (FORMAT binary)"#).await?;
    let mut buffer: Vec<u8> = Vec::with_capacity(16 << 20);
    buffer.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
    buffer.extend_from_slice(&0i32.to_be_bytes());
    buffer.extend_from_slice(&0i32.to_be_bytes());
    for row in 0..count {
        copy_row(&mut buffer, row, &data[row * DIM..(row + 1) * DIM]);
        if buffer.len() > (16 << 20) - 4096 {
            copy.send(buffer.as_slice()).await?;
            buffer.clear();
        }
        if row > 0 && row % 200_000 == 0 {
            println!("    {row} embeddings sent ({:.0} s)", started.elapsed().as_secs_f64());
        }
    }
    buffer.extend_from_slice(&(-1i16).to_be_bytes());
    copy.send(buffer.as_slice()).await?;
    copy.finish().await?;
    println!("  embeddings copied in {:.1} s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    db.execute_unprepared("VACUUM ANALYZE").await?;
    println!("  vacuum analyze in {:.1} s", started.elapsed().as_secs_f64());
    set_metadata_value(&db, "bench.vector_search", &marker(count)).await?;
    Ok(db)
}

/// Builds the HNSW index the migration defines, on one connection of its own so the session
/// settings apply, reporting progress every minute. A build still running from an earlier,
/// interrupted run is waited for rather than started twice.
/// `m = 16, ef_construction = 64` → `m=16,ef_construction=64`, and the same from the `WITH (…)`
/// of `pg_indexes.indexdef` (`m='16', ef_construction='64'`), to tell whether the kept index
/// was built with the parameters asked for.
fn normalise_params(text: &str) -> String {
    let inner = text.rsplit_once("WITH (").map_or(text, |(_, rest)| rest);
    inner.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '=' | ',')).collect()
}

async fn build_index(base: &str, db: &DatabaseConnection, params: &str) -> Result<Option<f64>> {
    let running =
        format!("SELECT COUNT(*) FROM pg_stat_progress_create_index p JOIN pg_database d ON d.oid = p.datid WHERE d.datname = '{PG_DATABASE}'");
    while scalar_i64(db, &running).await? > Some(0) {
        println!("  an index build from an earlier run is still going; waiting");
        progress(db).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
    let sql = "SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_smart_search_embedding'";
    let existing = db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql.to_string()))
        .await?
        .map(|r| r.try_get_by_index::<String>(0))
        .transpose()?;
    match existing {
        Some(def) if normalise_params(&def) == normalise_params(params) => return Ok(None),
        Some(def) => {
            println!("  the kept index was built WITH ({}); dropping it for {params}", normalise_params(&def));
            db.execute_unprepared(r#"DROP INDEX "idx_smart_search_embedding""#).await?;
        }
        None => {}
    }
    let mut options = ConnectOptions::new(format!("{base}/{PG_DATABASE}"));
    options.max_connections(1).min_connections(1).sqlx_logging(false);
    let builder = Database::connect(options).await?;
    builder.execute_unprepared("SET maintenance_work_mem = '4GB'").await?;
    builder.execute_unprepared("SET max_parallel_maintenance_workers = 2").await?;
    println!("  building the HNSW index ({params}, 2 parallel workers)…");
    let started = Instant::now();
    {
        let sql = format!(
            r#"CREATE INDEX "idx_smart_search_embedding" ON "smart_search" USING hnsw ("embedding" vector_cosine_ops) WITH ({params})"#
        );
        let build = builder.execute_unprepared(&sql);
        tokio::pin!(build);
        let mut ticker = tokio::time::interval(Duration::from_secs(60));
        ticker.tick().await;
        loop {
            tokio::select! {
                done = &mut build => {
                    done?;
                    break;
                }
                _ = ticker.tick() => {
                    print!("    {:.0} min: ", started.elapsed().as_secs_f64() / 60.0);
                    progress(db).await;
                }
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    builder.close().await.ok();
    let key = format!("bench.vector_search.build_seconds {}", normalise_params(params));
    set_metadata_value(db, &key, &format!("{seconds:.0}")).await?;
    println!("  index built in {:.1} min", seconds / 60.0);
    Ok(Some(seconds))
}

async fn progress(db: &DatabaseConnection) {
    let sql = "SELECT phase, tuples_done, tuples_total, blocks_done, blocks_total FROM pg_stat_progress_create_index";
    match db.query_all_raw(Statement::from_string(DbBackend::Postgres, sql.to_string())).await {
        Ok(rows) => {
            for row in rows {
                let phase: String = row.try_get("", "phase").unwrap_or_default();
                let tuples: i64 = row.try_get("", "tuples_done").unwrap_or_default();
                let blocks: (i64, i64) = (
                    row.try_get("", "blocks_done").unwrap_or_default(),
                    row.try_get("", "blocks_total").unwrap_or_default(),
                );
                println!("{phase}, {tuples} tuples, blocks {}/{}", blocks.0, blocks.1);
            }
        }
        Err(error) => println!("(progress unavailable: {error})"),
    }
}

/// The search service's candidate filter for `owner`'s library.
fn candidates(owner: Uuid) -> SelectStatement {
    matching(&AssetSearch {
        owners: vec![owner],
        visibilities: vec!["timeline", "archive"],
        newest_first: true,
        ..Default::default()
    })
}

/// The statement `vectors::nearest_pg` runs, with another `ef_search` (it fixes `PG_EF_SEARCH`) and the
/// iterative scan mode as a parameter, to measure what those settings buy.
async fn nearest_with(
    db: &DatabaseConnection,
    query: &[f32],
    owner: Uuid,
    ef_search: u32,
    iterative: &str,
    explain: bool,
) -> Result<(Vec<(Uuid, f32)>, Vec<String>)> {
    let distance = Expr::cust(format!(r#""smart_search"."embedding" <=> '{}'::vector"#, vectors::to_pg_literal(query)));
    let select = Query::select()
        .expr_as(Expr::col((Alias::new("smart_search"), Alias::new("asset_id"))), Alias::new("key"))
        .expr_as(distance.clone(), Alias::new("distance"))
        .from(Alias::new("smart_search"))
        .and_where(Expr::col((Alias::new("smart_search"), Alias::new("asset_id"))).in_subquery(candidates(owner)))
        .order_by_expr(distance, Order::Asc)
        .offset(0)
        .limit(K as u64)
        .to_owned();
    let (sql, values) = select.build(sea_orm::sea_query::PostgresQueryBuilder);
    let sql = if explain { format!("EXPLAIN (ANALYZE, BUFFERS) {sql}") } else { sql };
    let txn = db.begin().await?;
    if iterative == "exact" {
        // No index: PostgreSQL's own exact answer, to check the one computed here.
        txn.execute_unprepared("SET LOCAL enable_indexscan = off").await?;
    } else {
        txn.execute_unprepared(&format!("SET LOCAL hnsw.ef_search = {ef_search}")).await?;
        txn.execute_unprepared(&format!("SET LOCAL hnsw.iterative_scan = {iterative}")).await?;
    }
    let rows = txn.query_all_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, values)).await?;
    txn.commit().await?;
    if explain {
        let plan = rows.iter().filter_map(|r| r.try_get_by_index::<String>(0).ok()).collect();
        return Ok((Vec::new(), plan));
    }
    let mut found: Vec<(Uuid, f64)> =
        rows.iter().map(|r| Ok((r.try_get("", "key")?, r.try_get("", "distance")?))).collect::<Result<_>>()?;
    found.sort_by(|a, b| a.1.total_cmp(&b.1));
    Ok((found.into_iter().map(|(k, d)| (k, d as f32)).collect(), Vec::new()))
}

/// The worst query of a set, answered again by PostgreSQL without the index: whether its exact
/// answer agrees with the one computed here (it should), and how far the graph's answer was.
async fn check_worst(
    db: &DatabaseConnection,
    query: &[f32],
    owner: Uuid,
    truth: &[(usize, f32)],
    found: &[(Uuid, f32)],
    lost: usize,
) -> Result<()> {
    let started = Instant::now();
    let (exact_pg, _) = nearest_with(db, query, owner, 0, "exact", false).await?;
    let agree = recall(&exact_pg.iter().map(|f| f.0).collect::<Vec<_>>(), truth);
    println!(
        "    worst query: HNSW nearest at distance {:.4}, exact nearest {:.4} and 10th {:.4}; PostgreSQL's exact scan \
         agrees {:.0} % with the exact answer here ({:.1} s); {lost} queries found fewer than half",
        found.first().map_or(f32::NAN, |f| f.1),
        truth.first().map_or(f32::NAN, |t| t.1),
        truth.last().map_or(f32::NAN, |t| t.1),
        agree * 100.0,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// How a PostgreSQL query set is run: through the service's own function, or the mirror with
/// other settings.
#[derive(Clone, Copy)]
enum Path {
    Service,
    Mirror { ef_search: u32, iterative: &'static str },
}

impl Path {
    fn label(self) -> String {
        match self {
            Path::Service => format!("{} svc", domain::repositories::vectors::PG_EF_SEARCH),
            Path::Mirror { ef_search, iterative: "relaxed_order" } => ef_search.to_string(),
            Path::Mirror { ef_search, iterative } => format!("{ef_search}/{iterative}"),
        }
    }

    async fn run(self, db: &DatabaseConnection, query: &[f32], owner: Uuid) -> Result<Vec<(Uuid, f32)>> {
        Ok(match self {
            Path::Service => {
                vectors::nearest_pg(db, VectorTable::SmartSearch, query, candidates(owner), None, 0, K as u64).await?
            }
            Path::Mirror { ef_search, iterative } => {
                nearest_with(db, query, owner, ef_search, iterative, false).await?.0
            }
        })
    }
}

async fn postgres(generator: &Generator, count: usize, queries: &[(QueryKind, Vec<Vec<f32>>)]) -> Result<()> {
    println!("== postgres (pgvector HNSW): {count} vectors");
    let base = std::env::var("VS_PG_BASE").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let started = Instant::now();
    let data = generator.data(count, 200);
    println!("  generated in {:.1} s", started.elapsed().as_secs_f64());
    let db = match reuse(&base, count).await? {
        Some(db) => {
            println!("  reusing the loaded database {PG_DATABASE}");
            db
        }
        None => load_pg(&base, &data, count).await?,
    };
    // The migration's parameters unless VS_HNSW asks for others (Immich: m = 16, ef_construction = 300).
    let params = std::env::var("VS_HNSW").unwrap_or_else(|_| "m = 16, ef_construction = 300".into());
    let built_now = build_index(&base, &db, &params).await?;
    if std::env::var("VS_PREPARE_ONLY").is_ok_and(|v| v == "1") {
        println!("  loaded and indexed; VS_PREPARE_ONLY=1: no queries");
        return Ok(());
    }
    let short = normalise_params(&params).replace("ef_construction", "efc");
    let build = match built_now {
        Some(seconds) => format!("{short} build {:.1}min", seconds / 60.0),
        None => {
            let key = format!("bench.vector_search.build_seconds {}", normalise_params(&params));
            match metadata_value(&db, &key).await? {
                Some(s) => format!("{short} build {:.1}min (earlier)", s.parse::<f64>().unwrap_or(f64::NAN) / 60.0),
                None => format!("{short} build ?"),
            }
        }
    };
    let index_bytes = scalar_i64(&db, "SELECT pg_relation_size('idx_smart_search_embedding')").await?.unwrap_or(0);
    let table_bytes = scalar_i64(&db, "SELECT pg_total_relation_size('smart_search')").await?.unwrap_or(0);
    let shared_buffers = db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, "SHOW shared_buffers".to_string()))
        .await?
        .and_then(|r| r.try_get_by_index::<String>(0).ok())
        .unwrap_or_default();
    println!(
        "  HNSW index {}, table with TOAST and indexes {}, shared_buffers {shared_buffers}",
        mib(index_bytes as u64),
        mib(table_bytes as u64)
    );
    let memory = format!("index {}", mib(index_bytes as u64));

    for (owner, label) in [(OWNER_A, "A (90%)"), (OWNER_B, "B (10%)")] {
        let allowed: Vec<bool> = (0..count).map(|row| searchable(meta(row, true), owner)).collect();
        let started = Instant::now();
        let all: Vec<Vec<f32>> = queries.iter().flat_map(|(_, set)| set.iter().cloned()).collect();
        let truth_all = exact(&data, &allowed, &all);
        println!(
            "  library {label}: {} searchable rows; exact top-10 of {} queries in {:.1} s",
            allowed.iter().filter(|a| **a).count(),
            all.len(),
            started.elapsed().as_secs_f64()
        );
        let mut offset = 0;
        for (kind, set) in queries {
            let truth = &truth_all[offset..offset + set.len()];
            offset += set.len();
            describe(&data, truth, *kind);
            if let Some(first) = set.first() {
                let (_, plan) = nearest_with(&db, first, owner, 100, "relaxed_order", true).await?;
                println!("    plan ({} library, one {} query, ef_search 100):", label, kind.name());
                for line in plan {
                    // The query vector's literal is 6 kB: its start is enough.
                    let short: String = line.chars().take(160).collect();
                    let more = if short.len() < line.len() { "…" } else { "" };
                    println!("      {short}{more}");
                }
            }
            let mut paths = vec![
                Path::Service,
                Path::Mirror { ef_search: 40, iterative: "relaxed_order" },
                Path::Mirror { ef_search: 200, iterative: "relaxed_order" },
            ];
            for ef_search in extra_ef_search()? {
                paths.push(Path::Mirror { ef_search, iterative: "relaxed_order" });
            }
            if std::env::var("VS_EXTRA").is_ok_and(|v| v == "1") {
                paths.push(Path::Mirror { ef_search: 400, iterative: "relaxed_order" });
                paths.push(Path::Mirror { ef_search: 100, iterative: "strict_order" });
                paths.push(Path::Mirror { ef_search: 100, iterative: "off" });
            }
            for path in paths {
                for q in set {
                    path.run(&db, q, owner).await?;
                }
                let mut times = Vec::with_capacity(set.len());
                let mut recalls = Vec::with_capacity(set.len());
                let mut worst: Option<(usize, Vec<(Uuid, f32)>)> = None;
                for (i, (q, truth)) in set.iter().zip(truth).enumerate() {
                    let started = Instant::now();
                    let found = path.run(&db, q, owner).await?;
                    times.push(started.elapsed().as_secs_f64() * 1000.0);
                    let r = recall(&found.iter().map(|f| f.0).collect::<Vec<_>>(), truth);
                    if worst.is_none() || recalls.iter().all(|&w| r < w) {
                        worst = Some((i, found));
                    }
                    recalls.push(r);
                }
                let lost = recalls.iter().filter(|&&r| r < 0.5).count();
                if let (Path::Service, Some((i, found))) = (path, worst) {
                    check_worst(&db, &set[i], owner, &truth[i], &found, lost).await?;
                }
                let mode = if owner == OWNER_A { "postgres" } else { "postgres-B10%" };
                result_row(mode, count, kind.name(), &path.label(), &summarise(times, &recalls), &build, &memory);
            }
        }
    }
    db.close().await.ok();
    Ok(())
}

/// `VS_EF=500,600`: more `ef_search` values to measure beside the service's.
fn extra_ef_search() -> Result<Vec<u32>> {
    match std::env::var("VS_EF") {
        Ok(list) if !list.trim().is_empty() => {
            list.split(',').map(|v| v.trim().parse::<u32>().with_context(|| format!("VS_EF={list}"))).collect()
        }
        _ => Ok(Vec::new()),
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    // `cargo bench` adds `--bench`; the first other argument picks the part.
    let mode = std::env::args().skip(1).find(|a| !a.starts_with("--")).unwrap_or_else(|| "all".into());
    if !matches!(mode.as_str(), "embedded" | "postgres" | "all") {
        bail!("unknown part {mode:?}: embedded, postgres or all");
    }
    let query_count = env_usize("VS_QUERIES", 200)?;
    let started = Instant::now();
    let generator = Generator::new(SEED);
    let queries: Vec<(QueryKind, Vec<Vec<f32>>)> =
        [QueryKind::Photo, QueryKind::Text].into_iter().map(|k| (k, generator.queries(query_count, k))).collect();
    println!("generator ready in {:.1} s", started.elapsed().as_secs_f64());
    if matches!(mode.as_str(), "embedded" | "all") {
        embedded(&generator, env_usize("VS_EMBEDDED_COUNT", 100_000)?, &queries).await?;
    }
    if matches!(mode.as_str(), "postgres" | "all") {
        postgres(&generator, env_usize("VS_PG_COUNT", 1_000_000)?, &queries).await?;
    }
    Ok(())
}
