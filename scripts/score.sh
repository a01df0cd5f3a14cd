#!/usr/bin/env bash
# Scores whosaid against the gold annotations with the project's scorer:
#   scripts/score.sh [EVAL_DIR]        (default ../shared/eval)
# Prints score.py's figures for the seed article and the dev set; add --explain to list misses.
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir=${1:-../shared/eval}
shift || true
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./target/release/whosaid extract seeds/000_7f991ce8c2ac45f0.txt > "$out/seed.jsonl"
./target/release/whosaid extract "$eval_dir/dev_articles.jsonl" > "$out/dev.jsonl"
echo "== seed ($eval_dir/seed_gold.jsonl)"
python3 "$eval_dir/score.py" --gold "$eval_dir/seed_gold.jsonl" --pred "$out/seed.jsonl" "$@"
echo "== dev ($eval_dir/dev_gold.jsonl)"
python3 "$eval_dir/score.py" --gold "$eval_dir/dev_gold.jsonl" --pred "$out/dev.jsonl" "$@"
