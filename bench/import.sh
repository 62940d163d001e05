#!/usr/bin/env bash
# How long `policypress import` takes on each generated school document (tests/it/
# schooldocs.rs and the import tests' documents), and its peak memory: the whole process,
# into a fresh project of one school (`init`), under /usr/bin/time -v, then with hyperfine
# (median of 10) where it is installed.
#
#   bench/import.sh [FOLDER]      (default: a new temporary folder, kept)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d -t policypress-import-bench-XXXXXX)}
work=$(realpath -m "$work")
mkdir -p "$work/docs"
cargo build --quiet --release
POLICYPRESS_WRITE_DOCS="$work/docs" cargo test --quiet --release --test it write_school_documents -- --ignored >/dev/null
bin=$(realpath "${CARGO_TARGET_DIR:-target}/release/policypress")
printf '%-55s %10s %12s\n' "document" "seconds" "peak RSS KB"
for doc in "$work"/docs/*.docx; do
    name=$(basename "$doc")
    project="$work/project"
    rm -rf "$project" && "$bin" --quiet init "$project" >/dev/null
    /usr/bin/time -v "$bin" --project "$project" --quiet import "$doc" 2>"$work/time.txt" >/dev/null || true
    seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); print t[1] * 60 + t[2]}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    printf '%-55s %10s %12s\n' "$name" "$seconds" "$rss"
    if command -v hyperfine >/dev/null; then
        # Imported again over itself: the same work each run.
        hyperfine --style none --warmup 1 --runs 10 --export-json "$work/${name%.docx}.json" \
            "'$bin' --project '$project' --quiet import --replace '$doc'" >/dev/null 2>&1 || true
        python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f'  hyperfine median {r[\"median\"]*1000:.1f} ms')" "$work/${name%.docx}.json" 2>/dev/null || true
    fi
done
echo "work folder: $work"
