"""transclean as a Spark stage: ``clean_column`` cleans a string column with ``mapInArrow``.

Each Arrow batch goes to :meth:`Cleaner.clean_arrow` as a whole (no Python object per row, the
GIL released); the ``Cleaner`` is pickled once into the job and rebuilt on each executor.
"""

from typing import Iterator, Optional

from . import Cleaner


def clean_column(
    df,
    column: str,
    output: Optional[str] = None,
    cleaner: Optional[Cleaner] = None,
    changes_column: Optional[str] = None,
):
    """Returns ``df`` with ``column`` cleaned, every other column kept as it was.

    The cleaned text goes to ``output`` (``column`` itself by default; a new column is added at
    the end, an existing one replaced in place). With ``changes_column``, a ``long`` column of
    how many changes each row got is added too. Nulls stay null. ``cleaner`` defaults to
    ``Cleaner()``, the built-in rules.
    """
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    cleaner = cleaner if cleaner is not None else Cleaner()
    output = output or column
    field = df.schema[column]
    if not isinstance(field.dataType, StringType):
        raise TypeError(f"clean_column cleans a string column; `{column}` is {field.dataType.simpleString()}")
    fields = list(df.schema.fields)
    _put_field(fields, StructField(output, StringType(), True))
    if changes_column:
        _put_field(fields, StructField(changes_column, LongType(), True))
    schema = StructType(fields)
    names = schema.names

    def clean_batches(batches: Iterator) -> Iterator:
        import pyarrow as pa

        for batch in batches:
            columns = dict(zip(batch.schema.names, batch.columns))
            if changes_column:
                columns[output], columns[changes_column] = cleaner.clean_arrow_with_counts(columns[column])
            else:
                columns[output] = cleaner.clean_arrow(columns[column])
            yield pa.RecordBatch.from_arrays([columns[name] for name in names], names=names)

    return df.mapInArrow(clean_batches, schema)


def _put_field(fields: list, field) -> None:
    """Replaces the field of that name in place, or adds it at the end."""
    for at, existing in enumerate(fields):
        if existing.name == field.name:
            fields[at] = field
            return
    fields.append(field)
