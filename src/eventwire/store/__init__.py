"""store stage: articles and extraction results in SQLite or PostgreSQL (SQLAlchemy Core).

``Store.open(url)`` is the entry point; see :mod:`eventwire.store.store` for the contract,
:mod:`.schema` for the tables, :mod:`.migrations` for the named migrations, :mod:`.rows` for the
record <-> row conversion, :mod:`.events` / :mod:`.fused` / :mod:`.event_query` for fused events
(their methods, rows, and the SQL of list filters and orders) and :mod:`.search` for full text.
"""

from .event_query import EVENT_SORTS, EventSelection
from .migrations import MIGRATIONS
from .store import Store

__all__ = ["EVENT_SORTS", "MIGRATIONS", "EventSelection", "Store"]
