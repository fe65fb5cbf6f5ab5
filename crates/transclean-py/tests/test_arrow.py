"""clean_arrow: string columns in and out through the Arrow C data interface."""

import pyarrow as pa
import pytest

from transclean import Cleaner


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.string_view()])
def test_clean_arrow_keeps_type_and_nulls_and_equals_the_cli(kind, corpus_table, expected):
    cleaner = Cleaner()
    column = corpus_table.column("text").combine_chunks().cast(kind)
    cleaned = cleaner.clean_arrow(column)
    assert cleaned.type == kind and len(cleaned) == len(column)
    want = [expected.get(name) for name in corpus_table.column("name").to_pylist()]
    assert cleaned.to_pylist() == want  # the null row stays None

    cleaned, counts = cleaner.clean_arrow_with_counts(column)
    assert counts.type == pa.int64() and counts[len(counts) - 1].as_py() is None
    texts = column.to_pylist()
    assert counts.to_pylist()[:-1] == [sum(cleaner.clean_with_counts(t)[1].values()) for t in texts[:-1]]


def test_clean_arrow_on_chunked_and_sliced_arrays(corpus_table, expected):
    cleaner = Cleaner()
    chunked = corpus_table.column("text")
    chunked = pa.chunked_array(chunked.chunks + chunked.chunks, type=chunked.type)
    cleaned = cleaner.clean_arrow(chunked)
    assert isinstance(cleaned, pa.ChunkedArray) and cleaned.num_chunks == 2
    assert cleaned.to_pylist() == [cleaner.clean(t) if t is not None else None for t in chunked.to_pylist()]
    sliced = pa.array(["x", "Dombas in Russia", None, "y  z"]).slice(1, 2)
    assert cleaner.clean_arrow(sliced).to_pylist() == ["Donbas in Russia\n", None]


def test_clean_arrow_refuses_what_is_not_strings():
    with pytest.raises(TypeError, match="strings"):
        Cleaner().clean_arrow(pa.array([1, 2]))
    with pytest.raises(TypeError, match="pyarrow string"):
        Cleaner().clean_arrow(["a list"])
