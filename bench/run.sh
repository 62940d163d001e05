#!/usr/bin/env bash
# Build-time benchmark for policypress. See bench/README.md.
#
#   bench/run.sh [--enforce] [--runs N] [--keep]
#
#   --enforce  exit 1 if any budget fails (default: report only, exit 0)
#   --runs N   timed runs per case (default 10; the budgets are judged on the median)
#   --keep     keep the temporary folder with the generated projects and JSON results
#   --photos N photos for the scrub case (default 300, about 2.2 MB each)
#
# Budgets (from the issue): 1,000 generated policies of ~11 KB build, minified, in under
# 0.4 s wall with peak RSS under 150 MB on 2 cores; 4,000 policies cost at most 4.5x the
# time of 1,000.
set -euo pipefail

BUDGET_WALL_S=0.4
BUDGET_PEAK_MB=150
BUDGET_RATIO=4.5

enforce=0
runs=10
photos=300
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --enforce) enforce=1 ;;
        --runs) runs="${2:?--runs needs a number}"; shift ;;
        --runs=*) runs="${1#--runs=}" ;;
        --keep) keep=1 ;;
        --photos) photos="${2:?--photos needs a number}"; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bin="${CARGO_TARGET_DIR:-$root/target}/release/policypress"

need() { command -v "$1" >/dev/null 2>&1 || { echo "run.sh: $1 is required ($2)" >&2; exit 2; }; }
need python3 "for bench/generate.py"
need cargo "to build the release binary"
if [ ! -x /usr/bin/time ]; then
    echo "run.sh: /usr/bin/time is required for peak memory: apt-get install -y time" >&2
    exit 2
fi
have_hyperfine=0
if command -v hyperfine >/dev/null 2>&1; then
    have_hyperfine=1
else
    echo "run.sh: hyperfine not found (apt-get install -y hyperfine); timing with /usr/bin/time instead" >&2
fi

# The budget is for 2 cores: on a bigger machine, pin every timed command to two.
pin=()
cores="$(nproc)"
if [ "$cores" -gt 2 ] && command -v taskset >/dev/null 2>&1; then
    pin=(taskset -c 0,1)
    cores="2 (pinned with taskset; machine has $(nproc))"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/policypress-bench.XXXXXX")"
cleanup() { if [ "$keep" = 1 ]; then echo "kept: $tmp" >&2; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

echo "== cargo build --release" >&2
(cd "$root" && cargo build --release)

echo "== generating projects in $tmp" >&2
python3 "$here/generate.py" "$tmp/bench-1000" --policies 1000 --roster 2000 --large-roster 20000
python3 "$here/generate.py" "$tmp/bench-4000" --policies 4000
(cd "$root" && cargo run --release -q --example bench_photos -- "$tmp/photos" "$photos")
photo_bytes="$(du -sb "$tmp/photos" | cut -f1)"

# case name | project | command and arguments | the site it writes (cleared for the first build)
cases=(
    "examples|$root|build --out $tmp/examples-out|$tmp/examples-out"
    "bench-1000|$tmp/bench-1000|build|$tmp/bench-1000/public"
    "bench-4000|$tmp/bench-4000|build|$tmp/bench-4000/public"
    "check-1000-roster|$tmp/bench-1000|check --roster $tmp/bench-1000/roster.csv|"
    "check-1000-roster-20000|$tmp/bench-1000|check --roster $tmp/bench-1000/roster-large.csv|"
)

declare -A wall peak pages first_wall first_peak pdfs
broken=0

median_of() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
peak_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"; }
# "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:31.02" in seconds.
elapsed_s() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"; }

for spec in "${cases[@]}"; do
    IFS='|' read -r name project extra site <<<"$spec"
    # shellcheck disable=SC2206  # $extra is deliberately split into words
    cmd=("${pin[@]}" "$bin" --project "$project" $extra)
    echo "== $name: ${cmd[*]}" >&2

    # The first build, into an empty folder, typesets every PDF; a rebuild copies each
    # unchanged PDF from the site before. Both must succeed; each gives peak RSS.
    if [ -n "$site" ]; then
        rm -rf "$site"
        if ! /usr/bin/time -v -o "$tmp/$name.first.time" "${cmd[@]}" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
            echo "run.sh: $name: first build failed; its output:" >&2
            cat "$tmp/$name.out" "$tmp/$name.err" >&2
            broken=1
            continue
        fi
        first_wall[$name]="$(elapsed_s "$tmp/$name.first.time")"
        first_peak[$name]="$(peak_mb "$tmp/$name.first.time")"
        pdfs[$name]="$(find "$site" -name '*.pdf' | wc -l)"
    fi
    if ! /usr/bin/time -v -o "$tmp/$name.time" "${cmd[@]}" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
        echo "run.sh: $name: build failed; its output:" >&2
        cat "$tmp/$name.out" "$tmp/$name.err" >&2
        broken=1
        continue
    fi
    peak[$name]="$(peak_mb "$tmp/$name.time")"
    pages[$name]="$(grep -oE '[0-9]+ pages' "$tmp/$name.err" | tail -n1 | cut -d' ' -f1 || true)"
    pages[$name]="${pages[$name]:-?}"

    if [ "$have_hyperfine" = 1 ]; then
        hyperfine --warmup 1 --runs "$runs" --shell=none --style basic \
            --export-json "$tmp/$name.json" -n "$name" -- "${cmd[*]}" >&2
        wall[$name]="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$tmp/$name.json")"
    else
        "${cmd[@]}" >/dev/null 2>&1 # warm-up
        times=()
        for _ in $(seq "$runs"); do
            /usr/bin/time -f '%e' -o "$tmp/$name.t" "${cmd[@]}" >/dev/null 2>&1
            times+=("$(cat "$tmp/$name.t")")
        done
        wall[$name]="$(median_of "${times[@]}")"
    fi
done

# Scrub: each timed run cleans a fresh copy of the photos (the copy is not timed).
echo "== scrub: $photos photos, $photo_bytes bytes" >&2
scrub_cmd=("${pin[@]}" "$bin" scrub "$tmp/scrub-copy")
prepare="rm -rf $tmp/scrub-copy && cp -r $tmp/photos $tmp/scrub-copy"
if [ "$have_hyperfine" = 1 ]; then
    hyperfine --runs "$runs" --shell=bash --style basic --prepare "$prepare" \
        --export-json "$tmp/scrub.json" -n scrub -- "${scrub_cmd[*]}" >&2
    wall[scrub]="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$tmp/scrub.json")"
else
    times=()
    for _ in $(seq "$runs"); do
        bash -c "$prepare"
        /usr/bin/time -f '%e' -o "$tmp/scrub.t" "${scrub_cmd[@]}" >/dev/null 2>&1
        times+=("$(cat "$tmp/scrub.t")")
    done
    wall[scrub]="$(median_of "${times[@]}")"
fi
bash -c "$prepare"
/usr/bin/time -v -o "$tmp/scrub.time" "${scrub_cmd[@]}" >/dev/null 2>&1 || broken=1
peak[scrub]="$(peak_mb "$tmp/scrub.time")"
scrub_mbs="$(awk -v b="$photo_bytes" -v t="${wall[scrub]}" 'BEGIN { printf "%.0f", b / 1048576 / t }')"

if [ "$broken" = 1 ]; then
    echo "run.sh: a build failed, so there are no figures to judge" >&2
    exit 2
fi

verdict() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; then echo PASS; else echo FAIL; fi; }
verdict_le() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; then echo PASS; else echo FAIL; fi; }

# The scaling budget is judged on pairs run back to back (a 1,000-policy rebuild, then a
# 4,000-policy one): the two cases' medians come minutes apart, and a shared machine's
# speed drifts in between. The ratio of the medians is shown beside it.
echo "== 4000/1000 ratio: $runs pairs run back to back" >&2
ratio="$(python3 "$here/paired_ratio.py" "$runs" "${pin[@]}" "$bin" --project "$tmp/bench-1000" build \
    -- "${pin[@]}" "$bin" --project "$tmp/bench-4000" build)"
medians_ratio="$(awk -v a="${wall[bench-4000]}" -v b="${wall[bench-1000]}" 'BEGIN { printf "%.2f", a / b }')"
v_wall="$(verdict "${wall[bench-1000]}" "$BUDGET_WALL_S")"
v_peak="$(verdict "${peak[bench-1000]}" "$BUDGET_PEAK_MB")"
v_ratio="$(verdict_le "$ratio" "$BUDGET_RATIO")"

echo
echo "policypress build benchmark: $runs runs per case, cores: $cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-18s %7s %12s %9s %6s %12s %9s\n' case pages "rebuild s" "peak MB" PDFs "first s" "first MB"
for name in examples bench-1000 bench-4000 check-1000-roster check-1000-roster-20000; do
    printf '%-18s %7s %12.3f %9s %6s %12s %9s\n' "$name" "${pages[$name]}" "${wall[$name]}" "${peak[$name]}" \
        "${pdfs[$name]:--}" "${first_wall[$name]:--}" "${first_peak[$name]:--}"
done
printf '%-18s %7s %12.3f %9s   (%s MB/s over %s photos)\n' scrub - "${wall[scrub]}" "${peak[scrub]}" "$scrub_mbs" "$photos"
echo
printf 'budget  bench-1000 wall   %8.3f s  < %s s    %s\n' "${wall[bench-1000]}" "$BUDGET_WALL_S" "$v_wall"
printf 'budget  bench-1000 peak   %8s MB < %s MB   %s\n' "${peak[bench-1000]}" "$BUDGET_PEAK_MB" "$v_peak"
printf 'budget  4000/1000 ratio   %8s    <= %s     %s  (median of %s pairs; ratio of the medians %s)\n' \
    "$ratio" "$BUDGET_RATIO" "$v_ratio" "$runs" "$medians_ratio"

if [ "$v_wall$v_peak$v_ratio" != PASSPASSPASS ]; then
    echo "result: FAIL"
    [ "$enforce" = 1 ] && exit 1
else
    echo "result: PASS"
fi
exit 0
