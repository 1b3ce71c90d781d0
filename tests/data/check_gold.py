#!/usr/bin/env python3
"""Check a gold file (schema ``eventwire-gold/1``) against the article texts it annotates.

Usage: ``python tests/data/check_gold.py GOLD.json ARTICLES_DIR`` — prints warnings and errors, one a
line, then a summary; exits 1 when there is any error.

Checks (errors unless noted): schema and ``about`` fields; every field of every article, event and
claim present; one entry per file and the file exists; 250-600 words; a ``" date YYYY-MM-DD"`` header
agrees with ``published``; outlet and byline occur verbatim; event types are the 17 of
``eventwire.model.EVENT_TYPES``; event date ranges are ordered and end on or before publication;
country codes are ISO 3166 alpha-3 (or ``IGO``/``NGO`` for claimants); places occur in the text
(case-only mismatch is a warning) and actors occur case-insensitively; claim ids unique and linked to
a FIGHT/ASSAULT event; ``low <= high``, both non-negative ints; ``as_of`` lies between the event's
first day and publication; the quote is verbatim and contains both numbers (digits, ``1,234`` or
words up to 999; a claim whose note says "named individual" may count one person without a number).
Warnings: two claims of one article with the same scoring key; an article without claims and without a
note; an article file in the folder that the gold does not annotate.

Written for this project rather than taken from a library: no published tool knows this schema.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pycountry

from eventwire.model import EVENT_TYPES, OUTCOMES, VICTIM_KINDS, VIOLENT_TYPES

SCHEMA = "eventwire-gold/1"
ARTICLE_KEYS = ("file", "published", "outlet", "byline", "events", "claims")
EVENT_KEYS = ("id", "type", "date", "actors", "countries", "places")
CLAIM_KEYS = ("id", "event", "outcome", "low", "high", "victim_country", "victim_kind", "claimant",
              "claimant_country", "as_of", "quote")
MIN_WORDS, MAX_WORDS = 250, 600
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ALPHA3 = frozenset(c.alpha_3 for c in pycountry.countries)


@dataclass
class Report:
    """Outcome of one check: error and warning lines plus counts of what was checked."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    articles: int = 0
    events: int = 0
    violent_events: int = 0
    claims: int = 0

    @property
    def ok(self) -> bool:
        """True when no error was found (warnings allowed)."""
        return not self.errors

    def summary(self) -> str:
        """One line: counts and the number of errors and warnings."""
        return (f"{self.articles} articles, {self.events} events ({self.violent_events} FIGHT/ASSAULT), "
                f"{self.claims} claims; {len(self.errors)} errors, {len(self.warnings)} warnings")


def number_words(n: int) -> set[str]:
    """English spellings of ``n`` for 0 <= n <= 999 ("forty-two", "forty two", "two hundred and six")."""
    if n < 0 or n > 999:
        return set()
    if n < 20:
        return {_ONES[n]}
    if n < 100:
        t, o = divmod(n, 10)
        return {_TENS[t]} if o == 0 else {f"{_TENS[t]}-{_ONES[o]}", f"{_TENS[t]} {_ONES[o]}"}
    h, rest = divmod(n, 100)
    head = f"{_ONES[h]} hundred"
    if rest == 0:
        return {head}
    return {f"{head} and {w}" for w in number_words(rest)} | {f"{head} {w}" for w in number_words(rest)}


def number_in(n: int, quote: str) -> bool:
    """True when ``n`` appears in ``quote`` as digits (``1234`` / ``1,234``) or in words."""
    q = quote.lower()
    for form in {str(n), f"{n:,}"}:
        if re.search(r"(?<![\d,])" + re.escape(form) + r"(?![\d])", q):
            return True
    return any(re.search(r"\b" + re.escape(w) + r"\b", q) for w in number_words(n))


def _day(value: Any, where: str, rep: Report) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        rep.errors.append(f"{where}: bad date {value!r}")
        return None


def _country_ok(code: Any, allow_org: bool) -> bool:
    return isinstance(code, str) and (code in _ALPHA3 or (allow_org and code in ("IGO", "NGO")))


def _missing(obj: dict[str, Any], keys: tuple[str, ...], where: str, rep: Report) -> bool:
    gone = [k for k in keys if k not in obj]
    for k in gone:
        rep.errors.append(f"{where}: missing {k}")
    return bool(gone)


def _check_events(a: dict[str, Any], f: str, text: str, pub: date | None,
                  rep: Report) -> dict[str, dict[str, Any]]:
    low = text.lower()
    evs: dict[str, dict[str, Any]] = {}
    for e in a["events"]:
        where = f"{f} {e.get('id')}"
        if _missing(e, EVENT_KEYS, where, rep):
            continue
        if e["id"] in evs:
            rep.errors.append(f"{f}: duplicate event id {e['id']}")
        evs[e["id"]] = e
        rep.events += 1
        rep.violent_events += e["type"] in VIOLENT_TYPES
        if e["type"] not in EVENT_TYPES:
            rep.errors.append(f"{where}: bad type {e['type']}")
        if not (isinstance(e["date"], list) and len(e["date"]) == 2):
            rep.errors.append(f"{where}: date must be [first, last]")
            continue
        d0, d1 = _day(e["date"][0], where, rep), _day(e["date"][1], where, rep)
        if d0 and d1 and d0 > d1:
            rep.errors.append(f"{where}: date range reversed")
        if d1 and pub and d1 > pub:
            rep.errors.append(f"{where}: event ends after publication")
        for c in e["countries"]:
            if not _country_ok(c, allow_org=False):
                rep.errors.append(f"{where}: bad country {c}")
        for p in e["places"]:
            if p not in text:
                (rep.warnings if p.lower() in low else rep.errors).append(
                    f"{where}: place '{p}' not verbatim in text")
        for ac in e["actors"]:
            if ac.lower() not in low:
                rep.errors.append(f"{where}: actor '{ac}' not in text")
    return evs


def _check_claims(a: dict[str, Any], f: str, text: str, pub: date | None,
                  evs: dict[str, dict[str, Any]], rep: Report) -> None:
    keys: dict[tuple[Any, ...], str] = {}
    ids: set[str] = set()
    for c in a["claims"]:
        where = f"{f} {c.get('id')}"
        if _missing(c, CLAIM_KEYS, where, rep):
            continue
        rep.claims += 1
        if c["id"] in ids:
            rep.errors.append(f"{f}: duplicate claim id {c['id']}")
        ids.add(c["id"])
        ev = evs.get(c["event"])
        if ev is None:
            rep.errors.append(f"{where}: unknown event {c['event']}")
        elif ev["type"] not in VIOLENT_TYPES:
            rep.errors.append(f"{where}: linked to non-violent event")
        if c["outcome"] not in OUTCOMES:
            rep.errors.append(f"{where}: bad outcome {c['outcome']!r}")
        if c["victim_kind"] not in VICTIM_KINDS:
            rep.errors.append(f"{where}: bad victim_kind {c['victim_kind']!r}")
        if not _country_ok(c["victim_country"], allow_org=False):
            rep.errors.append(f"{where}: bad victim_country {c['victim_country']!r}")
        if not _country_ok(c["claimant_country"], allow_org=True):
            rep.errors.append(f"{where}: bad claimant_country {c['claimant_country']!r}")
        if not (isinstance(c["claimant"], str) and c["claimant"]):
            rep.errors.append(f"{where}: empty claimant")
        lo, hi = c["low"], c["high"]
        if not (type(lo) is int and type(hi) is int):
            rep.errors.append(f"{where}: low/high not int")
            continue
        if lo < 0 or lo > hi:
            rep.errors.append(f"{where}: need 0 <= low <= high, got {lo}..{hi}")
        as_of = _day(c["as_of"], where, rep)
        if as_of and pub and as_of > pub:
            rep.errors.append(f"{where}: as_of after publication")
        if as_of and ev is not None and isinstance(ev.get("date"), list) and ev["date"]:
            first = _day(ev["date"][0], where, rep)
            if first and as_of < first:
                rep.errors.append(f"{where}: as_of before the event began")
        if c["quote"] not in text:
            rep.errors.append(f"{where}: quote not verbatim: {c['quote']!r}")
        for n in {lo, hi}:
            if not number_in(n, c["quote"]) and not (n == 1 and "named individual" in (c.get("note") or "")):
                rep.errors.append(f"{where}: number {n} not in quote")
        k = (c["outcome"], lo, hi, c["victim_country"], c["claimant_country"])
        if k in keys:
            rep.warnings.append(f"{where}: same scoring key as {keys[k]}")
        keys[k] = c["id"]


def check(gold_path: Path, articles_dir: Path) -> Report:
    """Check the gold file at ``gold_path`` against the ``.txt`` articles in ``articles_dir``."""
    rep = Report()
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    if gold.get("schema") != SCHEMA:
        rep.errors.append(f"schema field is {gold.get('schema')!r}, want {SCHEMA!r}")
    if not gold.get("about"):
        rep.errors.append("about field missing or empty")
    seen: set[str] = set()
    for a in gold.get("articles", []):
        f = str(a.get("file"))
        if _missing(a, ARTICLE_KEYS, f, rep):
            continue
        if f in seen:
            rep.errors.append(f"{f}: duplicate article entry")
        seen.add(f)
        path = Path(articles_dir) / f
        if not path.is_file():
            rep.errors.append(f"{f}: file missing")
            continue
        rep.articles += 1
        text = path.read_text(encoding="utf-8")
        nw = len(text.split())
        if not MIN_WORDS <= nw <= MAX_WORDS:
            rep.errors.append(f"{f}: {nw} words (want {MIN_WORDS}-{MAX_WORDS})")
        pub = _day(a["published"], f, rep)
        m = re.match(r"^ date (\d{4}-\d{2}-\d{2})", text)
        if m and m.group(1) != a["published"]:
            rep.errors.append(f"{f}: header date {m.group(1)} != published")
        if not a["outlet"] or a["outlet"] not in text:
            rep.errors.append(f"{f}: outlet {a['outlet']!r} not in text")
        if a["byline"] is not None and a["byline"] not in text:
            rep.errors.append(f"{f}: byline {a['byline']!r} not in text")
        evs = _check_events(a, f, text, pub, rep)
        _check_claims(a, f, text, pub, evs, rep)
        if not a["claims"] and "note" not in a:
            rep.warnings.append(f"{f}: no claims and no note")
    for p in sorted(Path(articles_dir).glob("*.txt")):
        if p.name not in seen:
            rep.warnings.append(f"{p.name}: article not annotated in gold")
    return rep


def main(argv: list[str] | None = None) -> int:
    """Command line: check GOLD against ARTICLES_DIR, print findings, return the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: check_gold.py GOLD.json ARTICLES_DIR", file=sys.stderr)
        return 2
    rep = check(Path(args[0]), Path(args[1]))
    for w in rep.warnings:
        print("WARN", w)
    for e in rep.errors:
        print("ERROR", e)
    print(rep.summary())
    return 0 if rep.ok else 1


if __name__ == "__main__":
    sys.exit(main())
