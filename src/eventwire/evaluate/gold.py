"""Load and validate gold files (schema ``eventwire-gold/1``) and system output in the same shape.

A gold file is ``{"schema": "eventwire-gold/1", "articles": [...]}``; each article has ``file``,
``published``, ``outlet``, ``byline``, ``events`` and ``claims`` (see shared/gold/README.md). System
output is a list of per-article dicts of the same shape (what ``eventwire extract --format json``
prints). Validation here checks only what scoring relies on, so a broken file fails with a message
naming the file, article and item instead of a ``KeyError`` deep inside the scorer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..model import EVENT_TYPES, OUTCOMES

SCHEMA = "eventwire-gold/1"
ARTICLE_KEYS = ("file", "published", "outlet", "byline", "events", "claims")
EVENT_KEYS = ("id", "type", "date", "places")
CLAIM_KEYS = ("id", "outcome", "low", "high", "victim_country", "claimant_country", "claimant", "as_of")
# System output may omit metadata it did not find and fields the scorer does not read; these it must have.
SYSTEM_EVENT_KEYS = ("type", "date")
SYSTEM_CLAIM_KEYS = ("outcome", "low", "high", "victim_country", "claimant_country")


def load_gold(path: Path) -> dict[str, Any]:
    """Read and validate a gold file; raise :class:`EvaluationError` saying what is wrong with it."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise EvaluationError(f"{path}: cannot read gold file ({e.strerror or e})") from e
    except UnicodeDecodeError as e:
        raise EvaluationError(f"{path}: gold file is not UTF-8 text") from e
    except json.JSONDecodeError as e:
        raise EvaluationError(f"{path}: gold file is not JSON (line {e.lineno}: {e.msg})") from e
    validate_gold(gold, source=str(path))
    return gold  # type: ignore[no-any-return]


def validate_gold(gold: Any, *, source: str = "gold") -> None:
    """Check a loaded gold file's shape; raise :class:`EvaluationError` naming the first problem.

    Checks: the schema tag, a non-empty ``articles`` list, the keys scoring reads, unique article
    files, event types among ``model.EVENT_TYPES``, event date ranges of two ISO days in order, claim
    outcomes among ``model.OUTCOMES``, integer ``low <= high`` and an ISO ``as_of`` day.
    """
    if not isinstance(gold, Mapping):
        raise EvaluationError(f"{source}: gold must be a JSON object, not {type(gold).__name__}")
    if gold.get("schema") != SCHEMA:
        raise EvaluationError(f"{source}: schema is {gold.get('schema')!r}, expected {SCHEMA!r}")
    articles = gold.get("articles")
    if not isinstance(articles, list) or not articles:
        raise EvaluationError(f"{source}: 'articles' must be a non-empty list")
    seen: set[str] = set()
    for i, art in enumerate(articles):
        where = f"{source}: article #{i}"
        _require(art, ARTICLE_KEYS, where)
        name = art["file"]
        if not isinstance(name, str) or not name:
            raise EvaluationError(f"{where}: 'file' must be a non-empty string")
        if name in seen:
            raise EvaluationError(f"{source}: article {name} appears twice")
        seen.add(name)
        where = f"{source}: {name}"
        for e in _items(art, "events", where):
            _require(e, EVENT_KEYS, f"{where} event {e.get('id')}")
            _check_event(e, f"{where} event {e['id']}")
            if not isinstance(e["places"], list):
                raise EvaluationError(f"{where} event {e['id']}: 'places' must be a list")
        for c in _items(art, "claims", where):
            _require(c, CLAIM_KEYS, f"{where} claim {c.get('id')}")
            _check_claim(c, f"{where} claim {c['id']}")
            parse_day(c["as_of"], f"{where} claim {c['id']} as_of")


def validate_system(system: Sequence[Any]) -> dict[str, Mapping[str, Any]]:
    """Check system output's shape and index it by ``file``; raise :class:`EvaluationError`."""
    if isinstance(system, (str, bytes, Mapping)) or not isinstance(system, Sequence):
        raise EvaluationError("system output must be a list of per-article objects")
    by_file: dict[str, Mapping[str, Any]] = {}
    for i, art in enumerate(system):
        if not isinstance(art, Mapping) or not isinstance(art.get("file"), str):
            raise EvaluationError(f"system output #{i}: an object with a 'file' name is required")
        name = art["file"]
        if name in by_file:
            raise EvaluationError(f"system output: article {name} appears twice")
        where = f"system output {name}"
        for j, e in enumerate(_items(art, "events", where)):
            _require(e, SYSTEM_EVENT_KEYS, f"{where} event {e.get('id', j)}")
            _check_event(e, f"{where} event {e.get('id', j)}", allow_undated=True)
        for j, c in enumerate(_items(art, "claims", where)):
            _require(c, SYSTEM_CLAIM_KEYS, f"{where} claim {c.get('id', j)}")
            _check_claim(c, f"{where} claim {c.get('id', j)}")
        by_file[name] = art
    return by_file


def parse_day(value: Any, where: str) -> date:
    """An ISO ``YYYY-MM-DD`` string as a date; raise :class:`EvaluationError` naming ``where``."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise EvaluationError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)")


def event_range(event: Mapping[str, Any], where: str) -> tuple[date, date] | None:
    """An event's inclusive ``(start, end)`` days; ``None`` when a system event has no date.

    ``date`` is ``[start, end]``; a single ISO string is read as a one-day range.
    """
    value = event.get("date")
    if value is None:
        return None
    if isinstance(value, str):
        day = parse_day(value, where)
        return day, day
    if isinstance(value, Sequence) and len(value) == 2:
        if value[0] is None or value[1] is None:
            return None
        return parse_day(value[0], where), parse_day(value[1], where)
    raise EvaluationError(f"{where}: 'date' must be [start, end], got {value!r}")


def _items(art: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    items = art.get(key, [])
    if not isinstance(items, list) or not all(isinstance(x, Mapping) for x in items):
        raise EvaluationError(f"{where}: '{key}' must be a list of objects")
    return items


def _require(obj: Any, keys: tuple[str, ...], where: str) -> None:
    if not isinstance(obj, Mapping):
        raise EvaluationError(f"{where}: expected an object")
    missing = [k for k in keys if k not in obj]
    if missing:
        raise EvaluationError(f"{where}: missing {', '.join(missing)}")


def _check_event(e: Mapping[str, Any], where: str, *, allow_undated: bool = False) -> None:
    if e["type"] not in EVENT_TYPES:
        raise EvaluationError(f"{where}: unknown event type {e['type']!r}")
    rng = event_range(e, where)
    if rng is None and not allow_undated:
        raise EvaluationError(f"{where}: gold events need a date range")
    if rng is not None and rng[1] < rng[0]:
        raise EvaluationError(f"{where}: date range ends before it starts")


def _check_claim(c: Mapping[str, Any], where: str) -> None:
    if c["outcome"] not in OUTCOMES:
        raise EvaluationError(f"{where}: unknown outcome {c['outcome']!r}")
    low, high = c["low"], c["high"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
        raise EvaluationError(f"{where}: low and high must be integers")
    if low > high:
        raise EvaluationError(f"{where}: low {low} > high {high}")
