"""Type stubs for the compiled part of transclean (re-exported by ``transclean``)."""

from os import PathLike
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

__version__: str

StrPath = Union[str, "PathLike[str]"]

class RuleError(ValueError):
    """A rule file or config that cannot be used.

    ``str(error)`` is the message the CLI prints (``file:line:column: message (hint)``).
    """

    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    message: str
    hint: Optional[str]

class Change:
    """One change: the rule that made it and where it was in the original text.

    ``line`` and ``column`` are 1-based (the column in characters); ``start`` and ``end`` are
    byte offsets into the UTF-8 encoding of the original, as in the JSON report.
    """

    @property
    def rule(self) -> str: ...
    @property
    def source(self) -> str:
        """Where the rule is defined, ``file:line``."""
    @property
    def stage(self) -> str: ...
    @property
    def safety(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def range(self) -> Tuple[int, int]:
        """The byte range ``(start, end)`` of the original that this change rewrote."""
    @property
    def replay_at(self) -> int: ...
    @property
    def before(self) -> str: ...
    @property
    def after(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]:
        """The change as the JSON report writes it (``transclean diff --format json``), less ``file``."""

class Result:
    """The cleaned text and every change, in the order they were made."""

    @property
    def text(self) -> str: ...
    @property
    def changes(self) -> List[Change]: ...
    @property
    def counts(self) -> Dict[str, int]:
        """How many changes each rule made, by rule id."""
    @property
    def changed(self) -> bool: ...

class Cleaner:
    """Loads and compiles a rule set once, then cleans text with it.

    Layers, lowest first, as on the command line: the built-in rules (unless
    ``builtin=False``), ``config`` (like ``--config FILE``), each of ``rules`` (like
    ``--rules FILE``), then ``disable`` (rule ids, like ``--disable``). A rule file is a path
    (``str`` or ``PathLike``), or its TOML text: a ``str`` containing a newline. No project
    ``transclean.toml`` is discovered: name it as ``config``.

    ``unsafe_fixes`` applies the changes of unsafe rules too (those that can alter what was
    said, such as removing a doubled word in speech), like the CLI's ``--unsafe-fixes``; by
    default they are left out, as ``transclean clean`` leaves them.

    A ``Cleaner`` pickles by its rule sources (the files' text, not their paths), so Spark and
    Ray workers rebuild the same rules without the files. Every method releases the GIL.

    Raises :class:`RuleError` for a rule file that cannot be used.
    """

    def __init__(
        self,
        config: Optional[StrPath] = None,
        rules: Sequence[StrPath] = (),
        builtin: bool = True,
        disable: Sequence[str] = (),
        unsafe_fixes: bool = False,
    ) -> None: ...
    def clean(self, text: str) -> str:
        """The cleaned text."""
    def clean_with_changes(self, text: str) -> Result:
        """The cleaned text and every change, each with its rule and place in ``text``."""
    def clean_with_counts(self, text: str) -> Tuple[str, Dict[str, int]]:
        """The cleaned text and how many changes each rule made (cheaper than the changes)."""
    def check(self, text: str) -> bool:
        """``True`` if cleaning would change nothing, as ``transclean check`` passes."""
    def clean_batch(self, texts: Iterable[str], threads: Optional[int] = None) -> List[str]:
        """Cleans many texts in parallel with the GIL released; ``None`` uses every core."""
    def clean_arrow(self, array: Any) -> Any:
        """Cleans a ``pyarrow`` string, large_string or string_view array (or ChunkedArray).

        Returns an array of the same type and length; nulls stay null. The column goes
        through the Arrow C data interface: no Python object is made per row.
        """
    def clean_arrow_with_counts(self, array: Any) -> Tuple[Any, Any]:
        """``clean_arrow``, and an int64 array of how many changes each row got."""
    @property
    def rule_ids(self) -> List[str]: ...
    @property
    def fingerprint(self) -> str:
        """A short hash of the rules in force, as the JSON report's ``rule_set.fingerprint``."""
    @property
    def unsafe_fixes(self) -> bool: ...
