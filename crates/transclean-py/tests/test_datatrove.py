"""transclean.datatrove.TranscleanFormatter in a LocalPipelineExecutor: JSONL in, JSONL out."""

import gzip
import json

import pytest

from transclean import Cleaner

pytest.importorskip("datatrove", reason="pip install datatrove")


def test_formatter_pipeline_equals_the_cli(tmp_path, corpus, expected, cli):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from transclean.datatrove import TranscleanFormatter

    source = tmp_path / "in"
    source.mkdir()
    with open(source / "docs.jsonl", "w", encoding="utf-8") as out:
        for path in corpus:
            out.write(json.dumps({"id": path.name, "text": path.read_text(encoding="utf-8")}) + "\n")
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(source)),
            TranscleanFormatter(Cleaner()),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=1,
        workers=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()

    docs = {}
    for written in (tmp_path / "out").glob("*.jsonl.gz"):
        with gzip.open(written, "rt", encoding="utf-8") as lines:
            docs.update((d["id"], d) for d in map(json.loads, lines))
    assert docs.keys() == expected.keys()
    total = 0
    for path in corpus:
        doc = docs[path.name]
        changes = cli.changes(path)
        by_rule = {}
        for change in changes:
            by_rule[change["rule"]] = by_rule.get(change["rule"], 0) + 1
        assert doc["text"] == expected[path.name], path
        assert doc["metadata"]["transclean_changes"] == len(changes), path
        assert doc["metadata"]["transclean_by_rule"] == by_rule, path
        total += len(changes)

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "transclean" in s["name"])
    assert step["stats"]["changes"]["total"] == total
    assert step["stats"]["total"] == len(corpus)
