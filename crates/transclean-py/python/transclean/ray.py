"""transclean as a Ray Data stage: ``CleanBatch`` for ``Dataset.map_batches`` (pyarrow format).

Use an instance as the function (``ds.map_batches(CleanBatch("text"), batch_format="pyarrow")``),
or the class with ``fn_constructor_kwargs`` and ``concurrency`` to keep one ``Cleaner`` per actor.
"""

from typing import Optional

from . import Cleaner


class CleanBatch:
    """Cleans ``column`` of each ``pyarrow.Table`` batch; every other column is kept.

    The cleaned text goes to ``output`` (``column`` itself by default); with ``changes_column``,
    an int64 column of how many changes each row got is added. Nulls stay null. ``cleaner``
    defaults to ``Cleaner()``, the built-in rules; it pickles by its rule sources.
    """

    def __init__(
        self,
        column: str = "text",
        output: Optional[str] = None,
        cleaner: Optional[Cleaner] = None,
        changes_column: Optional[str] = None,
    ) -> None:
        self.column = column
        self.output = output or column
        self.cleaner = cleaner if cleaner is not None else Cleaner()
        self.changes_column = changes_column

    def __call__(self, batch):
        """Cleans one ``pyarrow.Table`` batch."""
        text = batch.column(self.column)
        if self.changes_column:
            cleaned, counts = self.cleaner.clean_arrow_with_counts(text)
            batch = _put_column(batch, self.output, cleaned)
            return _put_column(batch, self.changes_column, counts)
        return _put_column(batch, self.output, self.cleaner.clean_arrow(text))


def _put_column(table, name: str, values):
    """Replaces the column of that name in place, or adds it at the end."""
    at = table.schema.get_field_index(name)
    if at >= 0:
        return table.set_column(at, name, values)
    return table.append_column(name, values)
