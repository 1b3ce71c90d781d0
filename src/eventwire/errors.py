"""All of eventwire's exceptions, in one tree.

    EventwireError                  base; the CLI prints ``str(e)`` as one line and exits non-zero
    ├── ConfigError                 unknown setting, bad value, bad --db URL
    ├── InputError                  an input cannot be ingested (names file, optional line, reason)
    │   ├── EmptyInputError
    │   ├── BinaryInputError
    │   ├── EncodingError
    │   ├── TooLargeError
    │   ├── NoArticleError          HTML page / feed entry / WARC record without article text
    │   └── FormatError             malformed feed, truncated WARC, bad JSON line, missing field
    ├── LexiconError                a data file under eventwire/data fails validation at load
    ├── ModelError                  the spaCy pipeline cannot be loaded
    ├── WorkerError                 a worker process or Ray actor died or returned garbage
    ├── StoreError                  database failure
    │   ├── MigrationError
    │   └── NotFoundError           no article/event with that id
    └── EvaluationError             gold file or article folder unusable
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""


class ConfigError(EventwireError):
    """A setting is unknown or has an invalid value."""


class InputError(EventwireError):
    """An input cannot be ingested. ``source`` names the file or URL, ``line`` the line if known."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary, not text."""


class EncodingError(InputError):
    """The input is not valid UTF-8 (or its declared encoding)."""


class TooLargeError(InputError):
    """The input exceeds the configured size limit."""


class NoArticleError(InputError):
    """A page or record holds no article text."""


class FormatError(InputError):
    """A structured input (feed, WARC, JSON Lines) is malformed."""


class LexiconError(EventwireError):
    """A lexicon data file is missing or invalid."""


class ModelError(EventwireError):
    """The NLP pipeline cannot be loaded."""


class WorkerError(EventwireError):
    """A worker process (or Ray actor) died or returned something unusable."""


class StoreError(EventwireError):
    """The store failed."""


class MigrationError(StoreError):
    """A schema migration failed or the schema is newer than this code."""


class NotFoundError(StoreError):
    """No record with the requested id."""


class EvaluationError(EventwireError):
    """The gold file or article folder cannot be used for evaluation."""
