#!/usr/bin/env bash
# Agreements benchmark: a fictional roster of 2,000 pupils in 70 classes, printed for the
# example school Brookside (Reception to Year 6: three pupil tiers and a parents' form per
# pupil), whole-process wall time (hyperfine, median) and peak memory (/usr/bin/time -v).
#
#   bench/agreements.sh [--runs N]
#
# Needs: a release build (cargo build --release), hyperfine and GNU time (Debian:
# hyperfine, time). The roster is generated into a temporary folder and deleted after.
set -euo pipefail

runs=5
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="${2:?--runs needs a number}"; shift ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "agreements.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${POLICYPRESS_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/policypress}"
[ -x "$bin" ] || { echo "agreements.sh: build first: cargo build --release" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 2,000 pupils in 70 classes (10 classes of each year group, Reception to Year 6), names
# made up from syllables, with accents, apostrophes and hyphens among them.
python3 - "$work/roster.csv" <<'PY'
import random, sys
rng = random.Random(2026)
first = ["Zo", "Ma", "Łu", "Se", "Ŵy", "An", "Jo", "Ti", "Re", "Ol", "Ef", "Ka"]
second = ["ë", "ra", "cja", "án", "n", "aïs", "-Ann", "mo", "née", "iver", "a", "mil"]
sur_a = ["O'", "Mc", "Dą", "Ş", "Ad", "Wi", "Ng", "Mü", "ap ", "De"]
sur_b = ["Neill", "Brown", "browski", "ahin", "eyemi-Clarke", "śniewska", "uyễn", "ller-Lewis", "Rhys", "Souza"]
years = ["Reception"] + [f"Year {n}" for n in range(1, 7)]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("Forename,Surname,Year,Class\n")
    for i in range(2000):
        klass = i % 70
        year = years[klass // 10]
        out.write(f"{rng.choice(first)}{rng.choice(second)},{rng.choice(sur_a)}{rng.choice(sur_b)},{year},{year.replace(' ', '')}-{klass % 10 + 1}\n")
PY

run=("$bin" --project "$root" -q agreements --school brookside-community-primary --year 2025-26 --roster "$work/roster.csv" --out "$work/out")
"${run[@]}"
echo "PDFs: $(ls "$work/out" | wc -l), pages: $(for f in "$work"/out/*.pdf; do pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}'; done | paste -sd+ | bc), bytes: $(du -sb "$work/out" | cut -f1)"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/agreements.json" "${run[*]}" | sed -n '1,4p'
/usr/bin/time -v "${run[@]}" 2>&1 | awk -F': ' '/Maximum resident set size/ {printf "peak memory: %.0f MB\n", $2 / 1024} /Elapsed \(wall clock\)/ {print "wall: " $2}'
