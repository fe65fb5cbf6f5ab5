"""The README's Python, Spark, Ray and datatrove examples, run as written, each in a fresh process."""

import gzip
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import REPO


def readme_example(name: str) -> str:
    """The code block after `<!-- example: NAME -->` in the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- example: {name} -->\n```python\n(.*?)```", readme, re.S)
    assert match, f"README.md has no example named {name}"
    return match.group(1)


def run_example(name: str, folder) -> str:
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    done = subprocess.run(
        [sys.executable, "-c", readme_example(name)], cwd=folder, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_python_example(tmp_path):
    out = run_example("python", tmp_path).splitlines()
    assert "donbas corrections 2 18 (41, 47) Dombas Donbas" in out
    assert any(line.startswith("<rules[0]> 4 ") for line in out), out


@pytest.mark.parametrize("name", ["spark", "ray"])
def test_engine_examples(name, tmp_path):
    pytest.importorskip("pyspark" if name == "spark" else "ray")
    run_example(name, tmp_path)


def test_datatrove_example(tmp_path):
    pytest.importorskip("datatrove")
    run_example("datatrove", tmp_path)
    [written] = (tmp_path / "out").glob("*.jsonl.gz")
    with gzip.open(written, "rt") as lines:
        [doc] = map(json.loads, lines)
    assert doc["text"] == "The situation in Donbas, in Russia.\n"
    assert doc["metadata"]["transclean_by_rule"] == {"donbas": 1, "whitespace": 1}
