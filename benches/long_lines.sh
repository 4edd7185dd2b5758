#!/usr/bin/env bash
# Peak memory of `clearmotion inspect` on one very long line (issue 11, finding 4):
# a 200 MB line in a plain file, and a gzip of 1 GB of `A` with no newline.
# Lines over 64 KB are rejected with their line number and never held whole,
# so peak RSS should stay far below 100 MB in both cases.
#
#   benches/long_lines.sh              # release build
#   BIN=target/debug/clearmotion benches/long_lines.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-target/release/clearmotion}
[ -n "${BIN:-}" ] || cargo build --release --quiet
data=benches/data
mkdir -p "$data"
[ -s "$data/line-200mb.dat" ] || { head -c 209715200 /dev/zero | tr '\0' A; printf '\nnext,line\n'; } > "$data/line-200mb.dat"
[ -s "$data/doj-line-200mb.dat" ] || { printf 'RECORD_ID,SUBJECT_STATUS\n'; cat "$data/line-200mb.dat"; } > "$data/doj-line-200mb.dat"
[ -s "$data/a-1gb.gz" ] || head -c 1073741824 /dev/zero | tr '\0' A | gzip -1 > "$data/a-1gb.gz"
for file in "$data/line-200mb.dat" "$data/doj-line-200mb.dat" "$data/a-1gb.gz"; do
  # Exit status 1 is expected: the file holds a rejected line and nothing usable.
  /usr/bin/time -o "$data/time.txt" -f "%e %M" "$bin" inspect --quiet --out "$data/out-long" "$file" >/dev/null 2>&1 || true
  read -r secs kb < <(tail -n 1 "$data/time.txt")
  printf '%-22s %8s s  peak RSS %6d MB\n' "$(basename "$file")" "$secs" "$((kb / 1024))"
done
