"""transclean as a datatrove pipeline step: ``TranscleanFormatter`` cleans ``doc.text``.

Each document's change count goes to ``doc.metadata["transclean_changes"]`` and its counts by
rule to ``doc.metadata["transclean_by_rule"]``; the step's stats count ``changed`` and
``unchanged`` documents, ``changes`` in all, and ``rule:ID`` per rule.
"""

from typing import Optional

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.typeshelper import StatHints

from . import Cleaner


class TranscleanFormatter(PipelineStep):
    """Cleans ``doc.text`` with a :class:`~transclean.Cleaner` (default: the built-in rules).

    A formatter like datatrove's own, built on ``PipelineStep`` rather than ``BaseFormatter``,
    whose package imports the optional ``regex`` module.
    """

    type = "✂️ - FORMAT"
    name = "🧽 transclean"

    def __init__(self, cleaner: Optional[Cleaner] = None) -> None:
        super().__init__()
        self.cleaner = cleaner if cleaner is not None else Cleaner()

    def format(self, text: str) -> str:
        """The cleaned text, as ``BaseFormatter.format``."""
        return self.cleaner.clean(text)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                doc.text, by_rule = self.cleaner.clean_with_counts(doc.text)
            changes = sum(by_rule.values())
            doc.metadata["transclean_changes"] = changes
            doc.metadata["transclean_by_rule"] = by_rule
            self.stat_update("changed" if changes else "unchanged")
            self.stat_update("changes", value=changes)
            for rule, count in by_rule.items():
                self.stat_update(f"rule:{rule}", value=count)
            yield doc
