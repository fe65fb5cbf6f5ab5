"""transclean.spark.clean_column in Spark local[2] over a Parquet dataset of the corpus."""

import os
import sys

import pytest

from transclean import Cleaner

pyspark = pytest.importorskip("pyspark", reason="pip install pyspark")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # The Python workers run this interpreter (with transclean and pyarrow), on loopback only.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        SparkSession.builder.master("local[2]")
        .appName("transclean-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_clean_column_equals_the_cli_and_keeps_the_other_columns(spark, corpus_parquet, expected, cli, corpus):
    from transclean.spark import clean_column

    df = spark.read.parquet(str(corpus_parquet))
    cleaned = clean_column(df, "text", output="clean", cleaner=Cleaner(), changes_column="changes")
    assert cleaned.columns == ["name", "text", "clean", "changes"]
    rows = {row["name"]: row for row in cleaned.collect()}
    assert set(rows) == set(expected) | {"null-row"}
    for path in corpus:
        row = rows[path.name]
        assert row["clean"] == expected[path.name], path
        assert row["text"] == path.read_text(encoding="utf-8")
        assert row["changes"] == len(cli.changes(path)), path
    assert rows["null-row"]["clean"] is None and rows["null-row"]["changes"] is None


def test_clean_column_in_place_with_the_default_cleaner(spark, corpus_parquet, expected):
    from transclean.spark import clean_column

    df = spark.read.parquet(str(corpus_parquet))
    rows = clean_column(df, "text").collect()
    assert {r["name"]: r["text"] for r in rows if r["text"] is not None} == expected
    with pytest.raises(TypeError, match="string column"):
        clean_column(df.selectExpr("name", "length(text) AS n"), "n")
