#!/usr/bin/env bash
# Court packets benchmark (release build): `clearmotion run` on a Los Angeles-scale
# DOJ file — enough rows for at least 66,000 dismiss/reduce convictions, the size of
# Los Angeles's 2020 motion — in bulk mode (one motion, one Exhibit A) and per-case
# mode (one form per case), with peak memory. Generated data goes to benches/data/.
#
#   benches/packets.sh              # ROWS=1000000 by default
#   ROWS=2000000 benches/packets.sh
#
# Prints, per mode: the relief rows, PDF pages, wall time (best of RUNS, default 2) and
# peak RSS. The machines are noisy: compare figures from one run of this script.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/clearmotion
data=benches/data
rows=${ROWS:-1000000}
runs=${RUNS:-2}
mkdir -p "$data"
input="$data/la-$rows.dat"
[ -s "$input" ] || "$bin" sample --rows "$rows" --seed 1 --county "LOS ANGELES" --out "$input" >/dev/null
# The sample office, as a Los Angeles office (a run for another county's office is refused).
sed 's/^county = "SAN FRANCISCO"/county = "LOS ANGELES"/' samples/office.toml > "$data/office-bulk.toml"
sed 's/^mode = "bulk"/mode = "per_case"/' "$data/office-bulk.toml" > "$data/office-per-case.toml"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for mode in bulk per-case; do
  out="$data/out-$mode"
  best="" rss=0
  for _ in $(seq "$runs"); do
    t=$( { /usr/bin/time -f "%e %M" "$bin" run "$input" --county "LOS ANGELES" --policy samples/policy.toml \
      --office "$data/office-$mode.toml" --as-of 2026-11-01 --out "$out" --quiet >/dev/null; } 2>&1 | tail -n 1)
    secs=${t% *} kb=${t#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  read -r relief pages files < <(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
pdfs = [r for r in rows if r["file"].endswith(".pdf") and r["kind"] != "combined"]
print(sum(int(r["rows"]) for r in pdfs if r["kind"] in ("exhibit", "forms")), sum(int(r["pages"]) for r in pdfs), len(pdfs))
' "$out/packets/index.csv")
  awk -v mode="$mode" -v rows="$rows" -v relief="$relief" -v pages="$pages" -v files="$files" -v secs="$best" -v kb="$rss" \
    'BEGIN{printf "run, %-8s %9d input rows %7d packet rows %3d PDFs %7d pages %7.2f s %8.1f MB peak\n", mode, rows, relief, files, pages, secs, kb/1024}'
done
