#!/usr/bin/env python3
"""Seeds a large library straight into Shoebox's database, for the 100k-asset browser test and
the timeline benchmarks. Every seeded asset reuses the thumbnail and preview of one asset the
server really processed, so pages show real images; dates spread over many years so the
timeline has hundreds of months.

  seed_library.py --sqlite DATA_DIR/shoebox.db --owner EMAIL --count 100000 --template ASSET_ID
  seed_library.py --postgres URL ...   (same, through psql's COPY)
"""

import argparse
import datetime as dt
import io
import random
import sqlite3
import subprocess
import uuid

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


def sqlite_value(value):
    # sea-orm's SQLite encoding: UUIDs as 16 bytes, times as RFC 3339 text.
    if isinstance(value, uuid.UUID):
        return value.bytes
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def seed_sqlite(path, owner_email, template_id, count, years, seed):
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
    marks = ", ".join("?" for _ in COLUMNS)
    sql = f"INSERT INTO assets ({', '.join(COLUMNS)}) VALUES ({marks})"
    with db:
        db.executemany(sql, ([sqlite_value(r[c]) for c in COLUMNS] for r in rows(owner, template, count, years, seed)))
    db.close()


def psql(url, sql, stdin=None):
    done = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], input=stdin,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"psql failed: {done.stderr}")
    return done.stdout.strip()


def seed_postgres(url, owner_email, template_id, count, years, seed):
    owner = psql(url, f"SELECT id FROM users WHERE email = '{owner_email}'")
    if not owner:
        raise SystemExit(f"no user {owner_email}")
    found = psql(url, f"SELECT original_path, thumbnail_path, preview_path FROM assets WHERE id = '{template_id}'")
    parts = found.split("|")
    if len(parts) != 3 or not parts[1]:
        raise SystemExit(f"template asset {template_id} missing or without thumbnails")
    template = dict(zip(["original_path", "thumbnail_path", "preview_path"], parts))
    buffer = io.StringIO()
    for r in rows(uuid.UUID(owner), template, count, years, seed):
        fields = []
        for c in COLUMNS:
            v = r[c]
            if v is None:
                fields.append("\\N")
            elif isinstance(v, bool):
                fields.append("t" if v else "f")
            elif isinstance(v, dt.datetime):
                fields.append(v.isoformat())
            else:
                fields.append(str(v))
        buffer.write("\t".join(fields) + "\n")
    psql(url, f"COPY assets ({', '.join(COLUMNS)}) FROM STDIN", stdin=buffer.getvalue())
    # As a settled database would be: statistics current and the visibility map set, so counts
    # can be answered from the index alone.
    psql(url, "VACUUM ANALYZE assets")


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
    args = parser.parse_args()
    if args.sqlite:
        seed_sqlite(args.sqlite, args.owner, args.template, args.count, args.years, args.seed)
    else:
        seed_postgres(args.postgres, args.owner, args.template, args.count, args.years, args.seed)
    print(f"seeded {args.count} assets")


if __name__ == "__main__":
    main()
