#!/usr/bin/env bash
# Trust benchmark: 50 schools sharing 30 model policies, and one roster of 20,000 fictional
# pupils with a School column, as a trust's information system exports it. Times `check`
# (every rule over every school's pages, with the roster), a first `build` (every page and
# PDF of every school) and a rebuild: whole process, wall clock (hyperfine, median) and peak
# memory (/usr/bin/time -v).
#
#   bench/trust.sh [--runs N] [--schools N] [--policies N] [--pupils N] [--languages]
#
# With --languages, every school publishes in English and Welsh, half the policies translated.
#
# Needs: a release build (cargo build --release), python3, hyperfine and GNU time
# (Debian: hyperfine, time). Everything is generated into a temporary folder, deleted after.
set -euo pipefail

runs=5
schools=50
policies=30
pupils=20000
languages=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="${2:?--runs needs a number}"; shift ;;
        --schools) schools="${2:?--schools needs a number}"; shift ;;
        --policies) policies="${2:?--policies needs a number}"; shift ;;
        --pupils) pupils="${2:?--pupils needs a number}"; shift ;;
        --languages) languages=(--languages) ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "trust.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${POLICYPRESS_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/policypress}"
[ -x "$bin" ] || { echo "trust.sh: build first: cargo build --release" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 "$root/bench/generate.py" "$work/trust" --policies "$policies" --schools "$schools" --roster "$pupils" "${languages[@]}"
roster="$work/trust/roster.csv"
export POLICYPRESS_TODAY=2026-11-23

peak() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {printf "peak %.0f MB", $2 / 1024} /Elapsed \(wall clock\)/ {w = $2} END {print ", wall " w}'
}

check=("$bin" --project "$work/trust" -q check --roster "$roster")
build=("$bin" --project "$work/trust" -q build --roster "$roster")
echo "== check: $schools schools x $policies policies, $pupils pupils"
echo "   $(peak "${check[@]}")"
hyperfine --warmup 1 --runs "$runs" "${check[*]}" | sed -n '2,3p'
echo "== first build (every page and PDF)"
echo "   $(peak "${build[@]}")"
echo "   $(find "$work/trust/public" -type f | wc -l) files, $(du -sm "$work/trust/public" | cut -f1) MB"
echo "== rebuild (PDFs kept)"
echo "   $(peak "${build[@]}")"
hyperfine --warmup 1 --runs "$runs" "${build[*]}" | sed -n '2,3p'
