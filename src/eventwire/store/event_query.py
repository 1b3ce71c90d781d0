"""Fused-event lists in SQL: which events a selection keeps, in what order, and how many there are.

:class:`EventSelection` (the query layer's :class:`~eventwire.fuse.query.EventFilter`) holds the
list filters (date range, country, type, place, bounding box, minimum deaths); :func:`conditions`
turns one into SQL conditions on ``events`` and :func:`ordering` a sort name into an ``ORDER BY``
that always ends in the event id, so pages never skip or repeat rows when sort keys tie. Everything
runs in the database on both backends; nothing is filtered or paged in Python.

Derived sort keys are computed in SQL from the stored JSON, not from extra columns (the schema keeps
one copy of each fact): *deaths* is the best ``killed`` figure summed over victim sides (as
:func:`eventwire.fuse.query.deaths`), *reports* the number of member mentions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from ..fuse.query import EventFilter
from . import schema as s
from .load import has_country

EVENT_SORTS = ("date", "deaths", "reports", "type")


#: The list filters are the query layer's record, one definition for the store, CLI, API and exports.
EventSelection = EventFilter


def _pg(conn: sa.Connection) -> bool:
    return conn.dialect.name == "postgresql"


def casefold(conn: sa.Connection, value: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    """``value`` case-folded in SQL: PostgreSQL ``lower`` (Unicode-aware), SQLite ``ew_casefold``
    (Python's ``str.casefold``, registered on every connection: SQLite's ``lower`` folds ASCII only)."""
    return sa.func.lower(value) if _pg(conn) else sa.func.ew_casefold(value)


def _place_elements(conn: sa.Connection) -> tuple[sa.TableValuedAlias, sa.ColumnElement[str],
                                                  sa.ColumnElement[str], sa.ColumnElement[float],
                                                  sa.ColumnElement[float]]:
    """The rows of ``events.places`` as a table valued function, with name/text/lat/lon accessors."""
    if _pg(conn):
        elems = sa.func.jsonb_array_elements(sa.type_coerce(s.events.c.places, JSONB)).table_valued("value")
        v = elems.c.value
        return (elems, v.op("->>")("name"), v.op("->>")("text"),
                sa.cast(v.op("->>")("lat"), sa.Float), sa.cast(v.op("->>")("lon"), sa.Float))
    elems = sa.func.json_each(s.events.c.places).table_valued("value")
    v = elems.c.value

    def field(name: str) -> sa.ColumnElement[object]:
        return sa.func.json_extract(v, f"$.{name}")

    return elems, field("name"), field("text"), field("lat"), field("lon")  # type: ignore[return-value]


def country_codes(conn: sa.Connection) -> tuple[sa.TableValuedAlias, sa.ColumnElement[str]]:
    """The codes of ``events.countries`` as a table valued function (one row per listed code), with
    the code column; join it to ``events`` to count events per country."""
    if _pg(conn):
        elems = sa.func.jsonb_array_elements_text(sa.type_coerce(s.events.c.countries, JSONB)).table_valued("value")
        return elems, elems.c.value
    elems = sa.func.json_each(s.events.c.countries).table_valued("value")
    return elems, elems.c.value


def deaths_best(conn: sa.Connection) -> sa.ColumnElement[int]:
    """Per event: the best killed figure summed over its claim series (0 without any)."""
    best: sa.ColumnElement[Any]
    outcome: sa.ColumnElement[Any]
    if _pg(conn):
        elems = sa.func.jsonb_array_elements(sa.type_coerce(s.events.c.series, JSONB)).table_valued("value")
        best = sa.cast(elems.c.value.op("->>")("best"), sa.Integer)
        outcome = elems.c.value.op("->>")("outcome")
    else:
        elems = sa.func.json_each(s.events.c.series).table_valued("value")
        best = sa.func.json_extract(elems.c.value, "$.best")
        outcome = sa.func.json_extract(elems.c.value, "$.outcome")
    total = sa.select(sa.func.coalesce(sa.func.sum(best), 0)).select_from(elems).where(outcome == "killed")
    return total.scalar_subquery()


def reports(conn: sa.Connection) -> sa.ColumnElement[int]:
    """Per event: how many mentions it fuses (served by the event_mentions primary key)."""
    em = s.event_mentions.c
    return (sa.select(sa.func.count()).select_from(s.event_mentions)
            .where(em.event_id == s.events.c.id).scalar_subquery())


def conditions(conn: sa.Connection, sel: EventSelection) -> list[sa.ColumnElement[bool]]:
    """SQL conditions on ``events`` keeping exactly the events ``sel`` selects."""
    e = s.events.c
    where: list[sa.ColumnElement[bool]] = []
    if sel.since is not None:
        where.append(e.date_end >= sel.since)
    if sel.until is not None:
        where.append(e.date_start <= sel.until)
    if sel.country is not None:
        where.append(has_country(conn, e.countries, sel.country.upper()))
    if sel.type is not None:
        where.append(e.type == sel.type.upper())
    if sel.place is not None:
        elems, name, text, _, _ = _place_elements(conn)
        wanted = sel.place.casefold()
        where.append(sa.exists(sa.select(sa.literal(1)).select_from(elems).where(
            sa.or_(casefold(conn, name) == wanted, casefold(conn, text) == wanted))))
    if sel.bbox is not None:
        where.append(_in_bbox(conn, sel.bbox))
    if sel.min_deaths is not None:
        where.append(deaths_best(conn) >= sel.min_deaths)
    return where


def member_mentions(conn: sa.Connection, sel: EventSelection) -> sa.Select[tuple[str]]:
    """A subquery: the member mention ids of the events ``sel`` selects (claims link to mentions)."""
    em = s.event_mentions.c
    return (sa.select(em.mention_id).join(s.events, s.events.c.id == em.event_id)
            .where(*conditions(conn, sel)))


def _in_bbox(conn: sa.Connection, bbox: tuple[float, float, float, float]) -> sa.ColumnElement[bool]:
    x0, y0, x1, y1 = bbox
    elems, _, _, lat, lon = _place_elements(conn)
    lon_ok = lon.between(x0, x1) if x0 <= x1 else sa.or_(lon >= x0, lon <= x1)  # across the antimeridian
    return sa.exists(sa.select(sa.literal(1)).select_from(elems).where(
        lat.is_not(None), lon.is_not(None), lat.between(y0, y1), lon_ok))


def ordering(conn: sa.Connection, sort: str) -> list[sa.ColumnElement[object]]:
    """``ORDER BY`` terms for ``sort`` (a name of :data:`EVENT_SORTS`, ``-`` prefix: descending).

    Every order ends in the event id, a unique key, so equal sort keys never make a page boundary
    ambiguous; descending reverses every term, the id too.
    """
    name = sort.removeprefix("-")
    e = s.events.c
    keys: dict[str, Sequence[sa.ColumnElement[Any]]] = {
        "date": (e.date_start, e.date_end, e.id),
        "deaths": (deaths_best(conn), e.date_start, e.id),
        "reports": (reports(conn), e.date_start, e.id),
        "type": (e.type, e.date_start, e.id),
    }
    if name not in keys:
        raise ValueError(f"event sort must be one of {', '.join(EVENT_SORTS)} (optionally with '-'), not {sort!r}")
    return [k.desc() if sort.startswith("-") else k.asc() for k in keys[name]]
