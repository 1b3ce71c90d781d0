"""store stage: articles and extraction results in SQLite or PostgreSQL (SQLAlchemy Core).

``Store.open(url)`` is the entry point; see :mod:`eventwire.store.store` for the contract,
:mod:`.schema` for the tables, :mod:`.migrations` for the named migrations, :mod:`.rows` for the
record <-> row conversion, :mod:`.articles` for the article reads, :mod:`.events` / :mod:`.fused` /
:mod:`.event_query` for fused events (their methods, rows, and the SQL of list filters and orders)
and :mod:`.search` for full text.
"""

from .articles import ARTICLE_SORTS
from .event_query import EVENT_SORTS, EventSelection
from .migrations import MIGRATIONS
from .store import Store

__all__ = ["ARTICLE_SORTS", "EVENT_SORTS", "MIGRATIONS", "EventSelection", "Store"]
