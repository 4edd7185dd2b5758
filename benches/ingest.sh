#!/usr/bin/env bash
# Ingestion and classification benchmark (release build): speed and peak memory of
# `clearmotion inspect` and `clearmotion classify` on generated DOJ files.
# Generated data goes to benches/data/ (git-ignored).
#
#   benches/ingest.sh            # 1M, 2M, 10M rows, plus a non-contiguous worst case
#   QUICK=1 benches/ingest.sh    # 2M rows and the 2019-shape 200k-row file only
#
# Prints, per run: rows, best wall time of 3 runs, rows/s, peak RSS (MB, the largest of the 3).
# The machines are noisy: compare figures from one run of this script, not across days.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/clearmotion
data=benches/data
mkdir -p "$data"

generate() { # name rows [sample options...]
  local name=$1 rows=$2
  shift 2
  [ -s "$data/$name.dat" ] || "$bin" sample --rows "$rows" --seed 2024 --county "LOS ANGELES" --no-header "$@" --out "$data/$name.dat" 2>/dev/null
}

measure() { # label file rows [command...]
  local label=$1 file=$2 rows=$3 best="" rss=0
  shift 3
  local command=("$@")
  [ "${#command[@]}" -gt 0 ] || command=(inspect --json --out "$data/out")
  for _ in 1 2 3; do
    local out
    out=$( { /usr/bin/time -f "%e %M" "$bin" "${command[@]}" --quiet "$file" >/dev/null; } 2>&1 | tail -n 1)
    local secs=${out% *} kb=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  awk -v label="$label" -v rows="$rows" -v secs="$best" -v kb="$rss" \
    'BEGIN{printf "%-34s %11d rows %7.2f s %11.0f rows/s %8.1f MB peak\n", label, rows, secs, rows/secs, kb/1024}'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
generate 2m 2000000
measure "inspect 2M rows" "$data/2m.dat" 2000000
measure "classify 2M rows (LA, sample policy)" "$data/2m.dat" 2000000 \
  classify --county "LOS ANGELES" --as-of 2026-11-01 --policy samples/policy.toml --out "$data/out"
# The 2019 tool's shape: every optional column filled (about 805 bytes a row).
generate 200k-2019 200000 --fill-optional
measure "classify 200k rows, 2019 shape" "$data/200k-2019.dat" 200000 \
  classify --county "LOS ANGELES" --as-of 2026-11-01 --policy samples/policy.toml --out "$data/out"
measure "inspect 200k rows, 2019 shape" "$data/200k-2019.dat" 200000
if [ -z "${QUICK:-}" ]; then
  generate 1m 1000000
  generate 10m 10000000
  measure "inspect 1M rows" "$data/1m.dat" 1000000
  measure "inspect 10M rows" "$data/10m.dat" 10000000
  # Worst case for memory: every person's rows scattered (sorted by CNT_ORDER,
  # so each person appears once per cycle, far apart): all people are held
  # until the end of the file.
  [ -s "$data/1m-scattered.dat" ] || LC_ALL=C sort -t, -k52,52 -s "$data/1m.dat" > "$data/1m-scattered.dat"
  measure "inspect 1M rows, scattered (worst)" "$data/1m-scattered.dat" 1000000
  # Two deliveries: the same people split across two files.
  [ -s "$data/split/b.dat" ] || { mkdir -p "$data/split"; awk -F, 'NR%2' "$data/1m.dat" > "$data/split/a.dat"; awk -F, '!(NR%2)' "$data/1m.dat" > "$data/split/b.dat"; }
  measure "inspect 1M rows, split in 2 files" "$data/split" 1000000
fi
