#!/usr/bin/env bash
# Builds the seed corpora in fuzz/corpus/TARGET/ from the repository's own inputs and the shared
# external test material, at run time: the external files must not be copied into the repository.
# Re-running it only adds files (libFuzzer's own finds in fuzz/corpus/ are kept).
set -euo pipefail
cd "$(dirname "$0")"
repo=..
external=${TRANSCLEAN_EXTERNAL:-../../shared/external}

seed() { # TARGET FILE...: copies each file under a name derived from its path
  local target=$1; shift
  mkdir -p "corpus/$target"
  for file in "$@"; do
    [ -f "$file" ] || continue
    local name=${file#"$external"/}; name=${name#"$repo"/}
    cp "$file" "corpus/$target/seed-${name//\//_}"
  done
}

shopt -s nullglob globstar
texts=("$repo"/corpus/*.txt "$repo"/fixtures/**/*.txt "$repo"/fixtures/**/*.md
       "$repo"/tests/cmd/*.stdin "$external"/transcripts/**/*.md)
seed rule_file "$repo"/rules/*.toml "$repo"/fixtures/**/*.toml
seed engine "${texts[@]}"
seed transcript "${texts[@]}"
seed formats "$external"/subtitles/**/*.srt "$external"/subtitles/**/*.vtt \
  "$external"/subtitles/**/*.sbv "$repo"/tests/cmd/*.stdin "$repo"/tests/cmd/**/*.srt
# JSON Lines: a few records built here, so the reader's seeds need no dataset.
printf '%s\n' '{"id":1,"text":"Vladimir Putin: (00:41)\nThe situation in Dombas."}' \
  '{"text":"the the end  ","meta":{"a":[1,2]}}' '' 'not json' '{"text":3}' \
  > corpus/formats/seed-records.jsonl

if [ ! -d "$external" ]; then
  echo "note: $external not found; seeded from the repository only" >&2
fi
for dir in corpus/*/; do
  echo "$dir: $(find "$dir" -type f | wc -l) files"
done
