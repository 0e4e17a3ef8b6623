#!/usr/bin/env python3
"""Seeds a large library straight into Shoebox's database, for the 100k-asset browser test and
the timeline benchmarks. Every seeded asset reuses the thumbnail and preview of one asset the
server really processed, so pages show real images; dates spread over many years so the
timeline has hundreds of months. With --with-exif every asset also gets an `asset_exif` row: a
camera from a short list and a position near one of ~200 real places (GeoNames' cities1000, as
scripts/fetch-geodata.sh fetches it, else a built-in list), with that place's city, state and
country, so the map and metadata search have a geotagged library to work on.

  seed_library.py --sqlite DATA_DIR/shoebox.db --owner EMAIL --count 100000 --template ASSET_ID
  seed_library.py --postgres URL ...   (same, through psql's COPY)
  seed_library.py ... --with-exif [--places 200] [--geodata rg_cities1000.csv]

Everything but the ids follows from --seed: library() gives the same assets and EXIF again, for
benchmarks that need to know what was seeded.
"""

import argparse
import bisect
import csv
import datetime as dt
import io
import itertools
import os
import random
import re
import sqlite3
import subprocess
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEODATA = os.path.join(ROOT, ".tools/geodata/rg_cities1000.csv")
COUNTRY_NAMES = os.path.join(ROOT, "domain/src/services/geocoding/countries.rs")

COLUMNS = [
    "id", "owner_id", "checksum", "asset_type", "original_path", "original_file_name", "file_size",
    "file_created_at", "file_modified_at", "is_favorite", "visibility", "created_at", "updated_at",
    "width", "height", "taken_at", "local_date_time", "thumbnail_path", "preview_path",
    "metadata_extracted_at", "thumbnails_generated_at", "duration",
]


def rows(owner, template, count, years, seed):
    """The seeded assets: one per step back in time from now, newest first, a few videos."""
    rnd = random.Random(seed)
    now = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.timezone.utc)
    span = dt.timedelta(days=365 * years)
    step = span / count
    ratios = [(4032, 3024), (3024, 4032), (1920, 1080), (3000, 3000), (6000, 4000)]
    for i in range(count):
        taken = now - step * i - dt.timedelta(seconds=rnd.randint(0, 60))
        width, height = ratios[rnd.randrange(len(ratios))]
        video = i % 50 == 7
        yield {
            "id": uuid.uuid4(),
            "owner_id": owner,
            "checksum": f"{i:040x}",
            "asset_type": "VIDEO" if video else "IMAGE",
            "original_path": template["original_path"],
            "original_file_name": f"seed_{i:07d}.{'mp4' if video else 'jpg'}",
            "file_size": 1000,
            "file_created_at": taken,
            "file_modified_at": taken,
            "is_favorite": i % 97 == 0,
            "visibility": "timeline",
            "created_at": now,
            "updated_at": now,
            "width": width,
            "height": height,
            "taken_at": taken,
            "local_date_time": taken,
            "thumbnail_path": template["thumbnail_path"],
            "preview_path": template["preview_path"],
            "metadata_extracted_at": now,
            "thumbnails_generated_at": now,
            "duration": 12_000 if video else None,
        }


EXIF_COLUMNS = [
    "asset_id", "date_time_original", "time_zone", "taken_at_source", "modify_date", "exif_image_width",
    "exif_image_height", "orientation", "make", "model", "lens_model", "f_number", "exposure_time", "iso",
    "focal_length", "latitude", "longitude", "altitude", "city", "state", "country", "color_profile",
    "video_codec", "audio_codec", "frame_rate",
]

# (make, model, lens, focal lengths, f-numbers, weight, shoots video): as the cameras write them.
CAMERAS = [
    ("Apple", "iPhone 13 Pro", "iPhone 13 Pro back triple camera 5.7mm f/1.5", [5.7, 1.57, 9.0], [1.5, 1.8, 2.8], 24, True),
    ("Apple", "iPhone 8", "iPhone 8 back camera 3.99mm f/1.8", [3.99], [1.8], 14, True),
    ("Google", "Pixel 7", "Pixel 7 back camera 6.81mm f/1.85", [6.81, 2.23], [1.85, 2.2], 12, True),
    ("samsung", "SM-G991B", None, [5.4, 2.2], [1.8, 2.2], 10, True),
    ("Canon", "Canon EOS 5D Mark IV", "EF24-105mm f/4L IS USM", [24.0, 35.0, 50.0, 70.0, 105.0], [4.0, 5.6, 8.0], 9, False),
    ("Canon", "Canon EOS R6", "RF24-105mm F4 L IS USM", [24.0, 50.0, 105.0], [4.0, 5.6, 8.0, 11.0], 7, False),
    ("NIKON CORPORATION", "NIKON D750", "AF-S NIKKOR 24-120mm f/4G ED VR", [24.0, 50.0, 85.0, 120.0], [4.0, 5.6, 8.0], 7, False),
    ("SONY", "ILCE-7M3", "FE 24-70mm F2.8 GM", [24.0, 35.0, 50.0, 70.0], [2.8, 4.0, 8.0], 7, False),
    ("FUJIFILM", "X-T3", "XF18-55mmF2.8-4 R LM OIS", [18.0, 23.0, 35.0, 55.0], [2.8, 4.0, 5.6], 6, False),
    ("Panasonic", "DC-GH5", "LUMIX G VARIO 12-60/F3.5-5.6", [12.0, 25.0, 60.0], [3.5, 5.6], 4, False),
]
EXPOSURES = ["1/30", "1/60", "1/125", "1/250", "1/500", "1/1000", "1/2000"]
ISOS = [50, 100, 200, 400, 800, 1600, 3200]

# When the GeoNames file is missing: (lat, lon, city, state, country code).
BUILTIN_PLACES = [
    (48.85341, 2.3488, "Paris", "Ile-de-France", "FR"), (51.50853, -0.12574, "London", "England", "GB"),
    (52.52437, 13.41053, "Berlin", "Berlin", "DE"), (41.89193, 12.51133, "Rome", "Latium", "IT"),
    (40.4165, -3.70256, "Madrid", "Madrid", "ES"), (41.38879, 2.15899, "Barcelona", "Catalonia", "ES"),
    (52.37403, 4.88969, "Amsterdam", "North Holland", "NL"), (48.20849, 16.37208, "Vienna", "Vienna", "AT"),
    (47.36667, 8.55, "Zurich", "Zurich", "CH"), (59.32938, 18.06871, "Stockholm", "Stockholm", "SE"),
    (38.71667, -9.13333, "Lisbon", "Lisbon", "PT"), (37.98376, 23.72784, "Athens", "Attica", "GR"),
    (50.08804, 14.42076, "Prague", "Prague", "CZ"), (53.33306, -6.24889, "Dublin", "Leinster", "IE"),
    (40.71427, -74.00597, "New York City", "New York", "US"), (37.77493, -122.41942, "San Francisco", "California", "US"),
    (34.05223, -118.24368, "Los Angeles", "California", "US"), (41.85003, -87.65005, "Chicago", "Illinois", "US"),
    (43.70011, -79.4163, "Toronto", "Ontario", "CA"), (49.24966, -123.11934, "Vancouver", "British Columbia", "CA"),
    (19.42847, -99.12766, "Mexico City", "Mexico City", "MX"), (-22.90642, -43.18223, "Rio de Janeiro", "Rio de Janeiro", "BR"),
    (-34.61315, -58.37723, "Buenos Aires", "Buenos Aires F.D.", "AR"), (35.6895, 139.69171, "Tokyo", "Tokyo", "JP"),
    (35.02107, 135.75385, "Kyoto", "Kyoto", "JP"), (37.566, 126.9784, "Seoul", "Seoul", "KR"),
    (1.28967, 103.85007, "Singapore", "Central Singapore", "SG"), (13.75398, 100.50144, "Bangkok", "Bangkok", "TH"),
    (-33.86785, 151.20732, "Sydney", "New South Wales", "AU"), (-36.84853, 174.76349, "Auckland", "Auckland", "NZ"),
    (-33.92584, 18.42322, "Cape Town", "Western Cape", "ZA"), (30.06263, 31.24967, "Cairo", "Cairo", "EG"),
    (41.01384, 28.94966, "Istanbul", "Istanbul", "TR"), (25.07725, 55.30927, "Dubai", "Dubai", "AE"),
    (19.07283, 72.88261, "Mumbai", "Maharashtra", "IN"), (64.13548, -21.89541, "Reykjavik", "Capital Region", "IS"),
]
BUILTIN_COUNTRIES = {
    "FR": "France", "GB": "United Kingdom", "DE": "Germany", "IT": "Italy", "ES": "Spain", "NL": "Netherlands",
    "AT": "Austria", "CH": "Switzerland", "SE": "Sweden", "PT": "Portugal", "GR": "Greece", "CZ": "Czechia",
    "IE": "Ireland", "US": "United States", "CA": "Canada", "MX": "Mexico", "BR": "Brazil", "AR": "Argentina",
    "JP": "Japan", "KR": "South Korea", "SG": "Singapore", "TH": "Thailand", "AU": "Australia",
    "NZ": "New Zealand", "ZA": "South Africa", "EG": "Egypt", "TR": "Turkey", "AE": "United Arab Emirates",
    "IN": "India", "IS": "Iceland",
}


def country_names():
    """Code to name, as the server's reverse geocoding names countries (its own table when readable)."""
    try:
        with open(COUNTRY_NAMES, encoding="utf-8") as f:
            found = dict(re.findall(r'\("([A-Z]{2})", "([^"]+)"\)', f.read()))
        if found:
            return found
    except OSError:
        pass
    return BUILTIN_COUNTRIES


def places(count=200, seed=1, geodata=GEODATA):
    """`count` places as (lat, lon, city, state, country), drawn with `seed` from the GeoNames file
    when there is one; the built-in list otherwise. The first are the most photographed."""
    names = country_names()
    if geodata and os.path.exists(geodata):
        with open(geodata, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)
            pool = [(float(r[0]), float(r[1]), r[2], r[3], r[5]) for r in reader if len(r) == 6]
    else:
        pool = list(BUILTIN_PLACES)
    chosen = random.Random(f"places-{seed}").sample(pool, min(count, len(pool)))
    return [(lat, lon, city, state or None, names.get(cc, cc)) for lat, lon, city, state, cc in chosen]


def exif_rows(assets, seed, place_list):
    """One EXIF row per asset: a Zipf-like spread over the places (home first, then trips), a
    camera by weight (phones for videos), the asset's date and size."""
    rnd = random.Random(f"exif-{seed}")
    place_weights = list(itertools.accumulate(1 / (k + 1) for k in range(len(place_list))))
    camera_weights = list(itertools.accumulate(c[5] for c in CAMERAS))
    phones = [c for c in CAMERAS if c[6]]
    for asset in assets:
        lat, lon, city, state, country = place_list[
            bisect.bisect(place_weights, rnd.random() * place_weights[-1])]
        video = asset["asset_type"] == "VIDEO"
        if video:
            camera = phones[rnd.randrange(len(phones))]
        else:
            camera = CAMERAS[bisect.bisect(camera_weights, rnd.random() * camera_weights[-1])]
        make, model, lens, focals, stops, _, _ = camera
        taken = asset["taken_at"]
        yield asset, {
            "asset_id": asset["id"],
            "date_time_original": taken,
            # No offset recorded: the seeded assets' local time is their UTC time.
            "time_zone": None,
            "taken_at_source": "container" if video else "date-time-original",
            "modify_date": taken,
            "exif_image_width": asset["width"],
            "exif_image_height": asset["height"],
            # Stored upright: the asset's width and height are the EXIF ones.
            "orientation": None if video else 1,
            "make": make,
            "model": model,
            "lens_model": None if video else lens,
            "f_number": None if video else rnd.choice(stops),
            "exposure_time": None if video else rnd.choice(EXPOSURES),
            "iso": None if video else rnd.choice(ISOS),
            "focal_length": rnd.choice(focals),
            # Within ~3 km of the place.
            "latitude": round(lat + rnd.uniform(-0.025, 0.025), 6),
            "longitude": round(lon + rnd.uniform(-0.025, 0.025), 6),
            "altitude": round(rnd.uniform(0, 400), 1),
            "city": city,
            "state": state,
            "country": country,
            "color_profile": "Display P3" if make == "Apple" else "sRGB IEC61966-2.1",
            "video_codec": "hevc" if video else None,
            "audio_codec": "aac" if video else None,
            "frame_rate": 30.0 if video else None,
        }


def library(owner, template, count, years, seed, with_exif=False, place_count=200, geodata=GEODATA):
    """(asset, exif or None) pairs, what the seeder writes; the same for the same arguments but ids."""
    assets = rows(owner, template, count, years, seed)
    if not with_exif:
        return ((a, None) for a in assets)
    return exif_rows(assets, seed, places(place_count, seed, geodata))


def sqlite_value(value):
    # sea-orm's SQLite encoding: UUIDs as 16 bytes, times as RFC 3339 text.
    if isinstance(value, uuid.UUID):
        return value.bytes
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def seed_sqlite(path, owner_email, template_id, count, years, seed, with_exif, place_count, geodata):
    db = sqlite3.connect(path, timeout=30)
    owner = db.execute("SELECT id FROM users WHERE email = ?", (owner_email,)).fetchone()
    if owner is None:
        raise SystemExit(f"no user {owner_email}")
    owner = uuid.UUID(bytes=owner[0])
    found = db.execute(
        "SELECT original_path, thumbnail_path, preview_path FROM assets WHERE id = ?",
        (uuid.UUID(template_id).bytes,),
    ).fetchone()
    if found is None or found[1] is None:
        raise SystemExit(f"template asset {template_id} missing or without thumbnails")
    template = dict(zip(["original_path", "thumbnail_path", "preview_path"], found))
    exif = []

    def assets():
        for asset, row in library(owner, template, count, years, seed, with_exif, place_count, geodata):
            if row is not None:
                exif.append([sqlite_value(row[c]) for c in EXIF_COLUMNS])
            yield [sqlite_value(asset[c]) for c in COLUMNS]

    with db:
        db.executemany(insert_sql("assets", COLUMNS), assets())
        if exif:
            db.executemany(insert_sql("asset_exif", EXIF_COLUMNS), exif)
    # As the server leaves a database at its next start (domain/src/db.rs): statistics current.
    db.execute("PRAGMA analysis_limit=400")
    db.execute("PRAGMA optimize=0x10002")
    db.close()


def insert_sql(table, columns):
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


def psql(url, sql, stdin=None):
    done = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], input=stdin,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"psql failed: {done.stderr}")
    return done.stdout.strip()


def copy_line(values):
    """One row in COPY's text format."""
    fields = []
    for v in values:
        if v is None:
            fields.append("\\N")
        elif isinstance(v, bool):
            fields.append("t" if v else "f")
        elif isinstance(v, dt.datetime):
            fields.append(v.isoformat())
        elif isinstance(v, str):
            fields.append(v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))
        else:
            fields.append(str(v))
    return "\t".join(fields) + "\n"


def seed_postgres(url, owner_email, template_id, count, years, seed, with_exif, place_count, geodata):
    owner = psql(url, f"SELECT id FROM users WHERE email = '{owner_email}'")
    if not owner:
        raise SystemExit(f"no user {owner_email}")
    found = psql(url, f"SELECT original_path, thumbnail_path, preview_path FROM assets WHERE id = '{template_id}'")
    parts = found.split("|")
    if len(parts) != 3 or not parts[1]:
        raise SystemExit(f"template asset {template_id} missing or without thumbnails")
    template = dict(zip(["original_path", "thumbnail_path", "preview_path"], parts))
    buffer = io.StringIO()
    exif = io.StringIO()
    for asset, row in library(uuid.UUID(owner), template, count, years, seed, with_exif, place_count, geodata):
        buffer.write(copy_line(asset[c] for c in COLUMNS))
        if row is not None:
            exif.write(copy_line(row[c] for c in EXIF_COLUMNS))
    psql(url, f"COPY assets ({', '.join(COLUMNS)}) FROM STDIN", stdin=buffer.getvalue())
    if with_exif:
        psql(url, f"COPY asset_exif ({', '.join(EXIF_COLUMNS)}) FROM STDIN", stdin=exif.getvalue())
    # As a settled database would be: statistics current and the visibility map set, so counts
    # can be answered from the index alone.
    psql(url, "VACUUM ANALYZE assets")
    if with_exif:
        psql(url, "VACUUM ANALYZE asset_exif")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--sqlite")
    target.add_argument("--postgres")
    parser.add_argument("--owner", required=True, help="the owner's email")
    parser.add_argument("--template", required=True, help="id of a processed asset whose files are reused")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--with-exif", action="store_true", help="also an asset_exif row per asset, geotagged")
    parser.add_argument("--places", type=int, default=200, help="how many places the positions spread over")
    parser.add_argument("--geodata", default=GEODATA, help="GeoNames cities1000 CSV (lat,lon,name,admin1,admin2,cc)")
    args = parser.parse_args()
    seed = seed_sqlite if args.sqlite else seed_postgres
    seed(args.sqlite or args.postgres, args.owner, args.template, args.count, args.years, args.seed,
         args.with_exif, args.places, args.geodata)
    print(f"seeded {args.count} assets" + (" with EXIF" if args.with_exif else ""))


if __name__ == "__main__":
    main()
