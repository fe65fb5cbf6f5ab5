#!/usr/bin/env bash
# The Python package in CI: a venv with the pinned test requirements, the wheel built from
# source with maturin, then pytest (the CLI it compares with is the debug build of `cargo test`).
# Prints how long each part took; the whole must stay under 10 minutes.
set -euo pipefail
cd "$(dirname "$0")/../../.."
repo=$PWD
venv=$repo/target/python-ci
start=$SECONDS

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r crates/transclean-py/ci/requirements.txt
installed=$SECONDS

rm -rf target/wheels
(cd crates/transclean-py && "$venv/bin/maturin" build --release --quiet --out "$repo/target/wheels")
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/transclean-*.whl
built=$SECONDS

cargo build --quiet --locked --bin transclean
export TRANSCLEAN_BIN=$repo/target/debug/transclean
status=0
(cd crates/transclean-py && "$venv/bin/python" -m pytest -q -p no:cacheprovider tests) || status=$?
echo "Python package: install $((installed - start)) s, wheel build $((built - installed)) s, tests $((SECONDS - built)) s"
exit $status
