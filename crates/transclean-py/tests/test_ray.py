"""transclean.ray.CleanBatch in Ray local (num_cpus=2) over a Parquet dataset of the corpus."""

import pytest

from transclean import Cleaner

ray = pytest.importorskip("ray", reason="pip install 'ray[data]'")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_clean_batch_equals_the_cli(local_ray, corpus_parquet, expected, cli, corpus):
    from transclean.ray import CleanBatch

    ds = ray.data.read_parquet(str(corpus_parquet))
    cleaned = ds.map_batches(
        CleanBatch("text", output="clean", changes_column="changes"), batch_format="pyarrow"
    )
    rows = {row["name"]: row for row in cleaned.take_all()}
    for path in corpus:
        assert rows[path.name]["clean"] == expected[path.name], path
        assert rows[path.name]["changes"] == len(cli.changes(path)), path
    assert rows["null-row"]["clean"] is None


def test_clean_batch_as_an_actor_class(local_ray, corpus_parquet, expected):
    from transclean.ray import CleanBatch

    ds = ray.data.read_parquet(str(corpus_parquet))
    cleaned = ds.map_batches(
        CleanBatch,
        fn_constructor_kwargs={"column": "text", "cleaner": Cleaner(disable=["donbas"])},
        batch_format="pyarrow",
        concurrency=1,
    )
    rows = {row["name"]: row["text"] for row in cleaned.take_all()}
    assert rows["null-row"] is None
    assert rows.keys() == set(expected) | {"null-row"}


def test_a_pickled_cleaner_works_in_a_ray_task(local_ray):
    @ray.remote
    def clean(cleaner, text):
        return cleaner.clean(text)

    rules = '[[rule]]\nid = "teh"\nkind = "replace"\nfind = ["teh"]\nreplace = "the"\n'
    assert ray.get(clean.remote(Cleaner(rules=[rules]), "teh Dombas")) == "the Dombas\n"
