#!/usr/bin/env python3
"""End-to-end ingest benchmark driver: uploads a library to a running Shoebox and waits until
every asset has thumbnails (or a recorded failure). Prints photos per second from the first
byte sent to the last thumbnail done. Used by bench/ingest.sh; stdlib only."""
import concurrent.futures, json, os, sys, time, urllib.request, uuid

base, token, library = sys.argv[1], sys.argv[2], sys.argv[3]
parallel = int(os.environ.get("UPLOADS", "4"))
files = sorted(os.path.join(library, f) for f in os.listdir(library))


def upload(path):
    boundary = uuid.uuid4().hex
    with open(path, "rb") as f:
        data = f.read()
    parts = []
    for k, v in (("fileCreatedAt", "2020-01-01T00:00:00Z"), ("fileModifiedAt", "2020-01-01T00:00:00Z")):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    name = os.path.basename(path)
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="assetData"; filename="{name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    req = urllib.request.Request(
        base + "/api/assets",
        data=b"".join(parts),
        headers={"authorization": "Bearer " + token, "content-type": "multipart/form-data; boundary=" + boundary},
    )
    with urllib.request.urlopen(req) as reply:
        return json.load(reply)["id"], len(data)


def asset(asset_id):
    req = urllib.request.Request(base + "/api/assets/" + asset_id, headers={"authorization": "Bearer " + token})
    with urllib.request.urlopen(req) as reply:
        return json.load(reply)


t0 = time.time()
with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
    results = list(pool.map(upload, files))
t_uploaded = time.time()
ids = [r[0] for r in results]
total_bytes = sum(r[1] for r in results)
pending = set(ids)
failed = 0
reasons = {}
while pending:
    for asset_id in list(pending):
        a = asset(asset_id)
        error = a.get("processingError") or ""
        # `<step>: …` is a failed step; other text is a warning and thumbnails still come.
        if a.get("thumbhash") or error.startswith(("metadata:", "thumbnail:")):
            pending.discard(asset_id)
            if error:
                failed += 1 if error.startswith(("metadata:", "thumbnail:")) else 0
                reasons[error] = reasons.get(error, 0) + 1
    if pending:
        time.sleep(0.25)
t_done = time.time()
print(json.dumps({
    "photos": len(ids),
    "megabytes": round(total_bytes / 1e6, 1),
    "upload_seconds": round(t_uploaded - t0, 2),
    "total_seconds": round(t_done - t0, 2),
    "photos_per_second": round(len(ids) / (t_done - t0), 2),
    "failed": failed,
}))
for reason, count in sorted(reasons.items()):
    print(f"  x{count}: {reason}", file=sys.stderr)
