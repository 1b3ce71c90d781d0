"""The fused-event half of :class:`~eventwire.store.Store`: saving events and analyst decisions,
and listing, counting and looking up events with filters, sorting and paging done in SQL.

:class:`EventMethods` is mixed into ``Store``; row conversion lives in :mod:`.fused`, the SQL of
filters and orders in :mod:`.event_query`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa

from ..errors import NotFoundError
from ..model import Event, FusionLink
from . import event_query, fused, load
from . import schema as s
from .event_query import EventSelection

T = TypeVar("T")


class EventMethods:
    """Fused-event methods of ``Store`` (see :mod:`eventwire.store.store` for the contract)."""

    if TYPE_CHECKING:  # provided by Store
        def _errors(self, what: str) -> Any: ...
        def _read(self) -> AbstractContextManager[sa.Connection]: ...
        def _transact(self, what: str, fn: Callable[[sa.Connection], T]) -> T: ...

    def replace_events(self, events: Sequence[Event], links: Sequence[FusionLink], *,
                       remove_mention_sets: Sequence[Sequence[str]] = (), full: bool = False) -> None:
        """Save fused events in one transaction: all (``full``) or only changed/stale ones."""
        self._transact("replace_events", lambda conn: fused.write_events(
            conn, events, links, remove_mention_sets=remove_mention_sets, full=full))

    def add_analyst_decision(self, kind: str, a: str, b: str, *, analyst: str | None = None,
                             note: str | None = None) -> None:
        """Record an analyst's ``merge`` or ``split`` of two mentions (kept across re-fusions)."""
        if kind not in ("merge", "split"):
            raise ValueError(f"decision must be 'merge' or 'split', not {kind!r}")
        self._transact("add_analyst_decision", lambda conn: fused.add_decision(conn, kind, a, b, analyst, note))

    def analyst_decisions(self) -> list[tuple[str, str, str]]:
        """``(kind, mention_a, mention_b)`` of every analyst decision, oldest first."""
        with self._errors("analyst_decisions"), self._read() as conn:
            return fused.analyst_decisions(conn)

    def event_clusters(self) -> list[list[str]]:
        """The mention ids of every stored event."""
        with self._errors("event_clusters"), self._read() as conn:
            return fused.clusters(conn)

    def events(self, *, since: date | None = None, until: date | None = None, country: str | None = None,
               type: str | None = None, place: str | None = None,
               bbox: tuple[float, float, float, float] | None = None, min_deaths: int | None = None,
               sort: str = "date", limit: int | None = None, offset: int = 0) -> list[Event]:
        """Stored fused events matching every filter (see :class:`EventSelection`), one page.

        ``sort`` is ``date`` (default: earliest first), ``deaths``, ``reports`` or ``type``, ``-``
        prefixed for descending; ties are broken by event id, so consecutive pages neither skip
        nor repeat events. Filtering, ordering and paging all run in SQL.
        """
        sel = EventSelection(since=since, until=until, country=country, type=type, place=place, bbox=bbox,
                             min_deaths=min_deaths)
        with self._errors("events"), self._read() as conn:
            q = (sa.select(s.events).where(*event_query.conditions(conn, sel))
                 .order_by(*event_query.ordering(conn, sort)).offset(offset).limit(limit))
            return fused.events_of_rows(conn, list(conn.execute(q).mappings()))

    def count_events(self, *, since: date | None = None, until: date | None = None, country: str | None = None,
                     type: str | None = None, place: str | None = None,
                     bbox: tuple[float, float, float, float] | None = None, min_deaths: int | None = None) -> int:
        """How many stored events :meth:`events` would list with these filters (a SQL ``COUNT``)."""
        sel = EventSelection(since=since, until=until, country=country, type=type, place=place, bbox=bbox,
                             min_deaths=min_deaths)
        with self._errors("count_events"), self._read() as conn:
            q = sa.select(sa.func.count()).select_from(s.events).where(*event_query.conditions(conn, sel))
            return int(conn.execute(q).scalar_one())

    def event_countries(self, **filters: Any) -> list[tuple[str, int]]:
        """``(country, events)`` for every country listed by an event matching ``filters`` (the
        keywords of :meth:`count_events`): how many of those events list it, most first, then by code.

        Counted in SQL over the events' JSON country lists (an event counts once per country).
        """
        sel = EventSelection(**filters)
        with self._errors("event_countries"), self._read() as conn:
            codes, code = event_query.country_codes(conn)
            events = sa.func.count(s.events.c.id)
            q = (sa.select(code, events).select_from(s.events).join(codes, sa.true())
                 .where(*event_query.conditions(conn, sel)).group_by(code).order_by(events.desc(), code))
            return [(str(c), int(n)) for c, n in conn.execute(q)]

    def iter_events(self, *, chunk: int = 500, **filters: Any) -> Iterator[Event]:
        """Every event matching ``filters`` (the keywords of :meth:`count_events`), by id, read
        ``chunk`` events per short read (keyset paging on the id: no OFFSET rescans)."""
        sel = EventSelection(**filters)
        after = ""
        e = s.events.c
        while True:
            with self._errors("iter_events"), self._read() as conn:
                q = (sa.select(s.events).where(e.id > after, *event_query.conditions(conn, sel))
                     .order_by(e.id).limit(chunk))
                batch = fused.events_of_rows(conn, list(conn.execute(q).mappings()))
            if not batch:
                return
            yield from batch
            after = batch[-1].id

    def events_of_mentions(self, mention_ids: Sequence[str]) -> list[Event]:
        """The stored events that hold any of these mentions (any order)."""
        em = s.event_mentions.c
        out: dict[str, Event] = {}
        with self._errors("events_of_mentions"), self._read() as conn:
            for part in load.chunks(sorted(set(mention_ids))):
                ids = sa.select(em.event_id).where(em.mention_id.in_(part))
                q = sa.select(s.events).where(s.events.c.id.in_(ids.scalar_subquery()))
                out.update((x.id, x) for x in fused.events_of_rows(conn, list(conn.execute(q).mappings())))
        return list(out.values())

    def get_event(self, event_id: str) -> Event:
        """The fused event with this id or unique id prefix; NotFoundError if none or ambiguous."""
        e = s.events.c
        found: list[Event] = []
        if event_id:
            with self._errors("get_event"), self._read() as conn:
                q = sa.select(s.events).where(load.id_prefix(e.id, event_id)).order_by(e.id).limit(2)
                exact = sa.select(s.events).where(e.id == event_id)
                found = fused.events_of_rows(conn, list(conn.execute(exact).mappings())) or \
                    fused.events_of_rows(conn, list(conn.execute(q).mappings()))
        if len(found) != 1:
            raise NotFoundError(f"no single stored event with id {event_id!r}"
                                + (" (ambiguous prefix)" if found else ""))
        return found[0]
