"""transclean: clean scraped transcripts with explainable rules, from Python.

The same rules, changes and speed as the ``transclean`` command line::

    from transclean import Cleaner

    cleaner = Cleaner()                      # the built-in rules
    cleaner.clean("Dombas, in Russia.")      # 'Donbas, in Russia.\\n'

Integrations, each imported on its own so that only what you use must be installed:
``transclean.spark`` (``clean_column``), ``transclean.ray`` (``CleanBatch``) and
``transclean.datatrove`` (``TranscleanFormatter``).
"""

from ._native import Change, Cleaner, Result, RuleError, __version__

__all__ = ["Change", "Cleaner", "Result", "RuleError", "__version__"]


def _restore_cleaner(state):
    """Rebuilds a pickled :class:`Cleaner` from its rule sources (used by ``pickle``)."""
    return Cleaner._from_state(state)
