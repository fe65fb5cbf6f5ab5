"""Shared fixtures: the corpus, and what the transclean CLI makes of it (the reference)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
EXTERNAL = REPO.parent / "shared" / "external" / "transcripts"


def cli_path() -> Path:
    """The CLI built from this checkout (`cargo build --bin transclean`, once per run)."""
    if "TRANSCLEAN_BIN" in os.environ:
        return Path(os.environ["TRANSCLEAN_BIN"])
    subprocess.run(["cargo", "build", "--quiet", "--bin", "transclean"], cwd=REPO, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "debug" / "transclean"


def corpus_files() -> list:
    """The repository's corpus and the real transcripts in ../shared/external."""
    if not EXTERNAL.is_dir():
        raise RuntimeError(f"{EXTERNAL} is missing: the tests need ../shared beside the repository")
    files = sorted((REPO / "corpus").glob("*.txt")) + sorted(EXTERNAL.rglob("*.md"))
    assert len(files) >= 10, files
    return files


class Cli:
    """Runs the CLI with no project config, as a `Cleaner()` has none."""

    def __init__(self, binary: Path):
        self.binary = binary

    def run(self, *args, check=True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.binary), "--no-config", *map(str, args)],
            capture_output=True,
            text=True,
            check=check,
        )

    def clean(self, path: Path, *flags) -> str:
        return self.run("clean", *flags, path).stdout

    def changes(self, path: Path, *flags) -> list:
        """The JSON report's changes for one file, without their `file` field."""
        report = json.loads(self.run("diff", "--format", "json", *flags, path, check=False).stdout)
        return [{k: v for k, v in c.items() if k != "file"} for c in report["changes"]]


@pytest.fixture(scope="session")
def cli() -> Cli:
    return Cli(cli_path())


@pytest.fixture(scope="session")
def corpus() -> list:
    return corpus_files()


@pytest.fixture(scope="session")
def expected(cli, corpus) -> dict:
    """Each corpus file's name -> the CLI's cleaned text."""
    return {path.name: cli.clean(path) for path in corpus}


@pytest.fixture(scope="session")
def corpus_table(corpus):
    """The corpus as an Arrow table (name, text), with a null text row that must stay null."""
    import pyarrow as pa

    names = [p.name for p in corpus] + ["null-row"]
    texts = [p.read_text(encoding="utf-8") for p in corpus] + [None]
    return pa.table({"name": names, "text": texts})


@pytest.fixture(scope="session")
def corpus_parquet(corpus_table, tmp_path_factory) -> Path:
    """The corpus as a Parquet dataset of three files, for Spark and Ray to read."""
    import pyarrow.parquet as pq

    folder = tmp_path_factory.mktemp("corpus-parquet")
    rows = corpus_table.num_rows
    for part, start in enumerate(range(0, rows, (rows + 2) // 3)):
        pq.write_table(corpus_table.slice(start, (rows + 2) // 3), folder / f"part-{part}.parquet")
    return folder
