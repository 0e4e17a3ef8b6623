#!/usr/bin/env python3
"""The map and metadata search with 100 000 geotagged assets, embedded (SQLite) and scaled
(PostgreSQL + Redis), release build: `GET /api/map/markers` latency (median, p95) and payload
(bytes per marker, plain and gzip), and `POST /api/search/metadata` p50/p95 for a combined search
(country + camera model + a five-year window + IMAGE, a few hundred matches) and a single-filter
one (the most photographed city). Checks every answer against what the seeder wrote. Run through
bench/map_search.sh; COUNT=…, RUNS=… (both), SEARCH_RUNS=…, MARKER_RUNS=…, MODES=… override."""

import collections
import datetime as dt
import gzip
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the imported scripts
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scripts"))
import seed_library  # noqa: E402
from timeline import (  # noqa: E402
    BIN, EMAIL, ROOT, bench_server, request, timed,
)

COUNT = int(os.environ.get("COUNT", "100000"))
SEARCH_RUNS = int(os.environ.get("SEARCH_RUNS", os.environ.get("RUNS", "30")))
MARKER_RUNS = int(os.environ.get("MARKER_RUNS", os.environ.get("RUNS", "15")))
SEED, YEARS = 1, 20
TARGET_MS = 50
# The combined search's window and the number of matches it aims at.
WINDOW = ("2016-01-01T00:00:00.000Z", "2020-12-31T23:59:59.999Z")
AIM = 400


def when(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def expectations():
    """What the seeder writes (everything but ids follows from the seed), and search filters
    picked from it."""
    template = {"original_path": "", "thumbnail_path": "", "preview_path": ""}
    seeded = list(seed_library.library(uuid.UUID(int=0), template, COUNT, YEARS, SEED, with_exif=True))
    after, before = when(WINDOW[0]), when(WINDOW[1])
    pairs = collections.Counter(
        (e["country"], e["model"]) for a, e in seeded
        if a["asset_type"] == "IMAGE" and after <= a["taken_at"] <= before)
    (country, model), combined = min(pairs.items(), key=lambda kv: (abs(kv[1] - AIM), kv[0]))
    city, in_city = collections.Counter(e["city"] for _, e in seeded).most_common(1)[0]
    return {
        "places": collections.Counter((e["city"], e["state"], e["country"]) for _, e in seeded),
        "combined": {"country": country, "model": model, "takenAfter": WINDOW[0], "takenBefore": WINDOW[1],
                     "type": "IMAGE"},
        "combined_count": combined,
        "city": {"city": city},
        "city_count": in_city,
    }


def timed_search(url, token, body, runs):
    """As timeline.timed, for a POST: median, p95 (ms) and the last answer's size."""
    samples = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        _, reply = request(url, "POST", body, token=token)
        samples.append((time.perf_counter() - start) * 1000)
        size = len(reply)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], size


def every_page(base, token, filters):
    """All matches, a thousand at a time, with their EXIF."""
    items, page = [], 1
    while True:
        _, reply = request(f"{base}/api/search/metadata", "POST",
                           {**filters, "withExif": True, "size": 1000, "page": page}, token=token)
        assets = json.loads(reply)["assets"]
        items += assets["items"]
        if not assets.get("nextPage"):
            return items
        page = int(assets["nextPage"])


def check_search(name, items, filters, expected, problems):
    ids = [a["id"] for a in items]
    if len(items) != expected:
        problems.append(f"{name}: {len(items)} matches, the seeded library has {expected}")
    if len(set(ids)) != len(ids):
        problems.append(f"{name}: the same asset on two pages")
    after, before = when(filters.get("takenAfter", "0001-01-01T00:00:00Z")), when(filters.get("takenBefore", "9999-12-31T00:00:00Z"))
    for a in items:
        exif = a.get("exifInfo") or {}
        wrong = [k for k in ("city", "country", "model") if k in filters and exif.get(k) != filters[k]]
        if "type" in filters and a["type"] != filters["type"]:
            wrong.append("type")
        if not exif.get("dateTimeOriginal") or not after <= when(exif["dateTimeOriginal"]) <= before:
            wrong.append("dateTimeOriginal")
        if wrong:
            problems.append(f"{name}: asset {a['id']} does not match on {', '.join(wrong)}")
            break
    taken = [when(a["exifInfo"]["dateTimeOriginal"]) for a in items if (a.get("exifInfo") or {}).get("dateTimeOriginal")]
    if taken != sorted(taken, reverse=True):
        problems.append(f"{name}: not newest first")


def database_side(mode, db, owner, filters):
    """The statements behind the three requests, written out as the repositories build them:
    time in the database alone (median of 5) and the plan."""
    taken = "COALESCE(assets.taken_at, assets.file_created_at)"
    search = ("SELECT assets.* FROM assets LEFT JOIN asset_exif ON assets.id = asset_exif.asset_id "
              "WHERE assets.owner_id IN (:owner) AND assets.visibility IN ('timeline', 'archive') "
              "AND assets.deleted_at IS NULL AND {} "
              f"ORDER BY {taken} DESC, assets.id DESC LIMIT 251 OFFSET 0")
    statements = {
        "markers": "SELECT assets.id, asset_exif.latitude, asset_exif.longitude, asset_exif.city, asset_exif.state, "
                   "asset_exif.country FROM assets INNER JOIN asset_exif ON assets.id = asset_exif.asset_id "
                   "WHERE asset_exif.latitude IS NOT NULL AND asset_exif.longitude IS NOT NULL "
                   "AND assets.deleted_at IS NULL AND assets.visibility IN ('timeline') AND assets.owner_id IN (:owner) "
                   "ORDER BY assets.file_created_at DESC, assets.id DESC",
        "combined": search.format(f"asset_exif.country = :country AND asset_exif.model = :model AND {taken} >= :after "
                                  f"AND {taken} <= :before AND assets.asset_type = 'IMAGE'"),
        "city": search.format("asset_exif.city = :city"),
    }
    combined = filters["combined"]
    # sqlx binds chrono times as RFC 3339 text on SQLite.
    values = {"owner": owner, "country": combined["country"], "model": combined["model"], "city": filters["city"]["city"],
              "after": when(combined["takenAfter"]).isoformat(), "before": when(combined["takenBefore"]).isoformat()}
    out = {}
    if mode == "embedded":
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        params = {**values, "owner": owner.bytes}
        for name, sql in statements.items():
            samples = []
            for _ in range(5):
                start = time.perf_counter()
                conn.execute(sql, params).fetchall()
                samples.append((time.perf_counter() - start) * 1000)
            plan = "\n".join(f"  {row[3]}" for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
            out[name] = (statistics.median(samples), plan)
        conn.close()
    else:
        for name, sql in statements.items():
            sql = re.sub(r":(\w+)", lambda m: "'" + str(values[m.group(1)]).replace("'", "''") + "'", sql)
            samples, plan = [], ""
            for _ in range(5):
                done = subprocess.run(["psql", db, "-At", "-c", f"EXPLAIN (ANALYZE, BUFFERS) {sql}"],
                                      capture_output=True, text=True, check=True)
                plan = done.stdout
                samples += [float(line.split()[2]) for line in plan.splitlines() if line.startswith("Execution Time")]
            out[name] = (statistics.median(samples), "\n".join("  " + line for line in plan.splitlines()))
    return out


def run(mode, expected):
    with bench_server(mode, "shoebox-map-") as bench:
        base, token, template, db = bench.base, bench.token, bench.template, bench.db
        problems = []
        _, reply = request(f"{base}/api/assets/{template}", token=token)
        template_geotagged = (json.loads(reply).get("exifInfo") or {}).get("latitude") is not None
        start = time.perf_counter()
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/seed_library.py"), *bench.seed_target,
                        "--owner", EMAIL, "--template", template, "--count", str(COUNT), "--years", str(YEARS),
                        "--seed", str(SEED), "--with-exif"], check=True, stdout=subprocess.DEVNULL)
        seeding = time.perf_counter() - start

        # The map: every marker, checked against the seeded places; then the timings.
        markers_url = f"{base}/api/map/markers"
        _, reply = request(markers_url, token=token)
        markers = json.loads(reply)
        places = collections.Counter((m.get("city"), m.get("state"), m.get("country"))
                                     for m in markers if m["id"] != template)
        if len(markers) != COUNT + template_geotagged:
            problems.append(f"markers: {len(markers)}, expected {COUNT + template_geotagged}")
        if places != expected["places"]:
            problems.append("markers: the places differ from the seeded ones")
        if any(m["lat"] is None or m["lon"] is None for m in markers):
            problems.append("markers: some without a position")
        timed(markers_url, token, 2)  # warm
        markers_timing = timed(markers_url, token, MARKER_RUNS)
        _, zipped = request(markers_url, token=token, headers={"accept-encoding": "gzip"})
        compressed = zipped[:2] == b"\x1f\x8b"
        gzip_size = len(zipped) if compressed else len(gzip.compress(reply, 6))

        # Metadata search: check every match once (with EXIF, page by page), then time page 1.
        search_url = f"{base}/api/search/metadata"
        searches = {}
        for name in ("combined", "city"):
            filters = expected[name]
            check_search(name, every_page(base, token, filters), filters, expected[f"{name}_count"], problems)
            body = {**filters, "size": 250, "withExif": False}
            _, reply = request(search_url, "POST", body, token=token)
            page = json.loads(reply)["assets"]
            if page["count"] != min(250, expected[f"{name}_count"]):
                problems.append(f"{name}: page 1 has {page['count']} assets")
            timed_search(search_url, token, body, 3)  # warm
            searches[name] = timed_search(search_url, token, body, SEARCH_RUNS)

        database = database_side(mode, db, bench.user_id, expected)
        return {"mode": mode, "seeding_s": seeding, "markers": len(markers), "markers_timing": markers_timing,
                "gzip": (compressed, gzip_size), "searches": searches, "database": database, "problems": problems}


def main():
    expected = expectations()
    results = [run(mode, expected) for mode in os.environ.get("MODES", "embedded scaled").split()]
    names = {"embedded": "SQLite", "scaled": "PostgreSQL"}
    col = 26

    def line(label, cells):
        print(f"{label:46}" + "".join(f"{c:>{col}}" for c in cells))

    combined, city = expected["combined"], expected["city"]
    print(f"\nMap and metadata search with {COUNT} seeded geotagged assets ({os.path.relpath(BIN, ROOT)})")
    line("", [names[r["mode"]] for r in results])
    line("seeding (assets + exif)", [f"{r['seeding_s']:.1f} s" for r in results])
    line(f"map markers p50 / p95 ms ({MARKER_RUNS} runs)",
         [f"{r['markers_timing'][0]:.1f} / {r['markers_timing'][1]:.1f}" for r in results])
    line("  markers", [str(r["markers"]) for r in results])
    line("  payload, plain", [f"{r['markers_timing'][2] / 2**20:.2f} MiB, {r['markers_timing'][2] / r['markers']:.1f} B/marker"
                               for r in results])
    line("  payload, gzip (*: not served, gzip -6 of it)" if not all(r["gzip"][0] for r in results) else "  payload, gzip",
         [f"{'' if r['gzip'][0] else '*'}{r['gzip'][1] / 2**20:.2f} MiB, {r['gzip'][1] / r['markers']:.1f} B/marker"
          for r in results])
    for name, label, count in [
        ("combined", f"combined search p50 / p95 ms ({SEARCH_RUNS} runs)", expected["combined_count"]),
        ("city", f"city search p50 / p95 ms ({SEARCH_RUNS} runs)", expected["city_count"]),
    ]:
        line(label, [f"{r['searches'][name][0]:.1f} / {r['searches'][name][1]:.1f}"
                     + (" !" if r["searches"][name][1] > TARGET_MS else "") for r in results])
        line(f"  {count} matches, page of 250", [f"{r['searches'][name][2] / 1024:.0f} KiB" for r in results])
    line("database alone, median ms: markers", [f"{r['database']['markers'][0]:.1f}" for r in results])
    line("  combined search", [f"{r['database']['combined'][0]:.1f}" for r in results])
    line("  city search", [f"{r['database']['city'][0]:.1f}" for r in results])
    print(f"combined: country={combined['country']!r} model={combined['model']!r} taken "
          f"{combined['takenAfter'][:10]}..{combined['takenBefore'][:10]} type=IMAGE size=250")
    print(f"city:     city={city['city']!r}   (! = p95 over the {TARGET_MS} ms target)")
    for r in results:
        slow = [n for n in ("combined", "city") if r["searches"][n][1] > TARGET_MS]
        for name in slow + (["markers"] if slow or os.environ.get("PLANS") else []):
            print(f"\n{names[r['mode']]} plan, {name}:\n{r['database'][name][1]}")
    problems = [f"{names[r['mode']]}: {p}" for r in results for p in r["problems"]]
    for p in problems:
        print(f"PROBLEM {p}")
    if problems:
        sys.exit(1)
    print("checks: marker count and places, every search match's EXIF, count and order: ok")


if __name__ == "__main__":
    main()
