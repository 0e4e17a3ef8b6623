#!/usr/bin/env python3
"""Timeline with 100 000 assets, embedded (SQLite) and scaled (PostgreSQL + Redis), release
build: `timeline/buckets` and one full month's `timeline/bucket` latency (median, p95 over many
requests), and in the browser (embedded) the time to the first thumbnails and the largest DOM.
Run through bench/timeline.sh."""

import collections
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("SHOEBOX_BIN", os.path.join(ROOT, "target/release/shoebox"))
WEB_ROOT = os.environ.get("SHOEBOX_WEB_ROOT", os.path.join(ROOT, "target/site"))
CORPUS = os.environ.get("SHOEBOX_CORPUS", os.path.join(ROOT, "../shared/corpus"))
PG = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
COUNT = int(os.environ.get("COUNT", "100000"))
RUNS = int(os.environ.get("RUNS", "40"))
EMAIL, PASSWORD = "bench@example.com", "bench-password-123"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, method="GET", body=None, token=None, headers=None, raw=None):
    hdrs = dict(headers or {})
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        hdrs["content-type"] = "application/json"
    if token:
        hdrs["authorization"] = f"Bearer {token}"
    with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method, headers=hdrs), timeout=60) as r:
        return r.status, r.read()


def upload(base, token, path):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in [("deviceAssetId", "bench"), ("deviceId", "bench"),
                        ("fileCreatedAt", "2026-11-01T00:00:00Z"), ("fileModifiedAt", "2026-11-01T00:00:00Z")]:
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode())
    with open(path, "rb") as f:
        content = f.read()
    parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"assetData\"; filename=\"template.jpg\"\r\n"
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    _, reply = request(f"{base}/api/assets", "POST", token=token, raw=b"".join(parts),
                       headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    return json.loads(reply)["id"]


def timed(url, token, runs):
    samples = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        _, body = request(url, token=token)
        samples.append((time.perf_counter() - start) * 1000)
        size = len(body)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], size


@contextlib.contextmanager
def bench_server(mode, prefix):
    """A release `shoebox serve` on a fresh data directory (scaled: also a fresh PostgreSQL
    database), with the admin signed in and one real photo processed, whose thumbnail seeded
    assets reuse. Yields a `Bench`; everything is removed afterwards."""
    work = tempfile.mkdtemp(prefix=prefix)
    port = free_port()
    env = dict(os.environ, SHOEBOX_OFFLINE="true", SHOEBOX_WEB_ROOT=WEB_ROOT, RUST_LOG="warn")
    args = [BIN, "serve", "--port", str(port), "--data-dir", work]
    db_name = None
    db = os.path.join(work, "shoebox.db")
    if mode == "scaled":
        db_name = f"{prefix.replace('-', '_')}{os.getpid()}"
        subprocess.run(["psql", PG, "-c", f"CREATE DATABASE {db_name}"], check=True, capture_output=True)
        db = PG.rsplit("/", 1)[0] + "/" + db_name
        args += ["--database-url", db, "--redis-url", REDIS]
    server = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                request(f"{base}/api/server/ping")
                break
            except OSError:
                time.sleep(0.1)
        request(f"{base}/api/auth/admin-sign-up", "POST", {"email": EMAIL, "password": PASSWORD, "name": "Bench"})
        _, reply = request(f"{base}/api/auth/login", "POST", {"email": EMAIL, "password": PASSWORD})
        login = json.loads(reply)
        token = login["accessToken"]
        template = upload(base, token, os.path.join(CORPUS, "exif-samples/jpg/Canon_40D.jpg"))
        for _ in range(600):
            try:
                request(f"{base}/api/assets/{template}/thumbnail?size=thumbnail", token=token)
                break
            except urllib.error.HTTPError:
                time.sleep(0.1)
        seed_target = ["--sqlite", db] if mode == "embedded" else ["--postgres", db]
        yield Bench(base, token, uuid.UUID(login["userId"]), template, db, seed_target)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if db_name:
            subprocess.run(["psql", PG, "-c", f"DROP DATABASE IF EXISTS {db_name}"], capture_output=True)
        subprocess.run(["rm", "-rf", work])


# `db`: the SQLite file or the PostgreSQL URL; `seed_target`: how seed_library.py is told it.
Bench = collections.namedtuple("Bench", "base token user_id template db seed_target")


def run(mode):
    with bench_server(mode, "shoebox-timeline-") as bench:
        base, token, template = bench.base, bench.token, bench.template
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/seed_library.py"), *bench.seed_target,
                        "--owner", EMAIL, "--template", template, "--count", str(COUNT)],
                       check=True, stdout=subprocess.DEVNULL)
        _, body = request(f"{base}/api/timeline/buckets", token=token)
        buckets = json.loads(body)
        busiest = max(buckets, key=lambda b: b["count"])
        timed(f"{base}/api/timeline/buckets", token, 5)  # warm caches
        result = {
            "mode": mode,
            "assets": sum(b["count"] for b in buckets),
            "months": len(buckets),
            "buckets": timed(f"{base}/api/timeline/buckets", token, RUNS),
            "bucket": timed(f"{base}/api/timeline/bucket?timeBucket={busiest['timeBucket']}", token, RUNS),
            "bucket_assets": busiest["count"],
        }
        if mode == "embedded":
            done = subprocess.run(["node", os.path.join(ROOT, "bench/timeline_browser.cjs"), base, token],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"browser measurement failed:\n{done.stderr}")
            result["browser"] = json.loads(done.stdout.strip().splitlines()[-1])
        return result


def main():
    results = [run(mode) for mode in os.environ.get("MODES", "embedded scaled").split()]
    print(f"\nTimeline with {COUNT} seeded assets (release build, {RUNS} requests each)")
    print(f"{'mode':10} {'months':>6} {'buckets p50/p95 ms':>20} {'bucket p50/p95 ms':>19} {'month size':>16}")
    for r in results:
        b, m = r["buckets"], r["bucket"]
        print(f"{r['mode']:10} {r['months']:>6} {b[0]:>9.1f} / {b[1]:<8.1f} {m[0]:>8.1f} / {m[1]:<8.1f} "
              f"{r['bucket_assets']:>5} assets {m[2] // 1024} KiB")
    browser = results[0].get("browser") if results else None
    if browser:
        print(f"browser (embedded): first thumbnails painted {browser['firstPaintMedianMs']:.0f} ms after navigation "
              f"(median of 5); largest DOM while visiting all {browser['months']} months: {browser['maxDomNodes']} nodes")


if __name__ == "__main__":
    main()
