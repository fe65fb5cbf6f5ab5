#!/usr/bin/env bash
# The Python package in CI: a venv with the pinned test requirements, the wheel built from
# source with maturin, then pytest (the CLI it compares with is the debug build of `cargo test`).
# Prints how long each part took; the whole must stay under 10 minutes.
#
# - The venv is kept under ~/.cache, by the hash of requirements.txt, so a second run on the
#   same machine installs nothing (a fresh machine installs everything: pyspark is built from its
#   sdist, about 320 MB of downloads in all).
# - The wheel is built with the dev profile: it reuses the core and its dependencies that
#   `cargo test` compiled just before, where a release build compiles them all again (11 minutes
#   against under one, measured at load 10-15 on 2 cores); the tests clean little text, so speed does not matter.
#   `pip install ./crates/transclean-py` (README) builds the release wheel.
set -euo pipefail
cd "$(dirname "$0")/../../.."
repo=$PWD
requirements=crates/transclean-py/ci/requirements.txt
key=$( (python3 --version; cat "$requirements") | sha256sum | cut -c1-16)
venv=${XDG_CACHE_HOME:-$HOME/.cache}/transclean/python-ci-$key
start=$SECONDS

# A venv cannot be moved (its scripts name their folder), so a marker says it is complete.
if [ ! -e "$venv/complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  touch "$venv/complete"
fi
installed=$SECONDS

rm -rf target/wheels
(cd crates/transclean-py && "$venv/bin/maturin" build --locked --profile dev --quiet --out "$repo/target/wheels")
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/transclean-*.whl
built=$SECONDS

cargo build --quiet --locked --bin transclean
export TRANSCLEAN_BIN=$repo/target/debug/transclean
status=0
(cd crates/transclean-py && "$venv/bin/python" -m pytest -q -p no:cacheprovider tests) || status=$?
echo "Python package: install $((installed - start)) s, wheel build $((built - installed)) s, tests $((SECONDS - built)) s"
exit $status
