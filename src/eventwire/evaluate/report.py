"""The evaluation report: per-article rows, totals, and their table, JSON, summary and diff forms.

Rates with an empty denominator follow one rule everywhere: 1.0 when the numerator's other side is
empty too (nothing expected, nothing emitted: nothing wrong), else 0.0 (e.g. precision of a system
that emitted nothing for gold that has claims). Shares over matched claims are ``None`` when
nothing matched.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

COUNTS = ("claims_tp", "claims_sys", "claims_gold", "claimant_ok", "as_of_ok", "events_matched",
          "events_matched_overlap", "events_gold", "events_sys", "violent_tp", "violent_sys", "violent_gold")


def rate(num: int, den: int, other: int) -> float:
    """``num / den``; with ``den == 0``: 1.0 when ``other`` (the opposite count) is 0 too, else 0.0."""
    if den:
        return num / den
    return 1.0 if other == 0 else 0.0


def f1(p: float, r: float) -> float:
    """Harmonic mean of precision and recall (0.0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleScore:
    """How one article scored.

    ``in_gold`` is False for a system article the gold does not annotate (its violent events and
    claims are false positives; it has no metadata score). ``present`` is False for a gold article
    the system did not return (all missed). ``events_matched_overlap`` is the secondary, lenient
    date reading (system range overlaps the gold range); ``events_matched`` is the score.
    ``missed_*`` are unmatched gold items, ``spurious_claims`` unmatched system claims and
    ``spurious_events`` unmatched system events of the violent types; ``partial_claims`` matched
    ``(gold, system)`` claim pairs whose claimant name or as_of disagrees; ``metadata_diff`` lists
    ``(field, gold, system)`` for each wrong metadata field.
    """

    file: str
    in_gold: bool = True
    present: bool = True
    claims_tp: int = 0
    claims_sys: int = 0
    claims_gold: int = 0
    claimant_ok: int = 0
    as_of_ok: int = 0
    events_matched: int = 0
    events_matched_overlap: int = 0
    events_gold: int = 0
    events_sys: int = 0
    violent_tp: int = 0
    violent_sys: int = 0
    violent_gold: int = 0
    metadata_ok: bool | None = None
    missed_claims: tuple[Mapping[str, Any], ...] = ()
    spurious_claims: tuple[Mapping[str, Any], ...] = ()
    missed_events: tuple[Mapping[str, Any], ...] = ()
    spurious_events: tuple[Mapping[str, Any], ...] = ()
    partial_claims: tuple[tuple[Mapping[str, Any], Mapping[str, Any]], ...] = ()
    metadata_diff: tuple[tuple[str, Any, Any], ...] = ()
    error: str | None = None

    def diff_lines(self) -> list[str]:
        """The article's differences, one a line: ``-`` unmatched gold item, ``+`` spurious system
        item, ``~`` matched claim whose claimant or as_of differs, ``!`` wrong metadata field; a header
        line names the file. Empty when all agree."""
        body = [f"  - claim {describe_claim(c)}" for c in self.missed_claims]
        body += [f"  + claim {describe_claim(c)}" for c in self.spurious_claims]
        body += [f"  ~ claim {g.get('id')} = {s.get('id', '?')}: claimant {g.get('claimant')!r} / "
                 f"{_claimant(s)!r}, as_of {g.get('as_of')} / {s.get('as_of')}" for g, s in self.partial_claims]
        body += [f"  - event {describe_event(e)}" for e in self.missed_events]
        body += [f"  + event {describe_event(e)}" for e in self.spurious_events]
        body += [f"  ! {k}: gold {g!r}, system {s!r}" for k, g, s in self.metadata_diff]
        if self.error:
            body.append(f"  ! extraction failed: {self.error}")
        if not body:
            return []
        return [self.file + ("" if self.present else " (no system output)")] + body


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Scores of a whole gold file: one :class:`ArticleScore` per gold article, then extra system ones."""

    rows: tuple[ArticleScore, ...] = field(default_factory=tuple)

    def total(self, name: str) -> int:
        """Sum of one count (a name in ``COUNTS``) over all rows."""
        return sum(int(getattr(r, name)) for r in self.rows)

    @property
    def claims_precision(self) -> float:
        return rate(self.total("claims_tp"), self.total("claims_sys"), self.total("claims_gold"))

    @property
    def claims_recall(self) -> float:
        return rate(self.total("claims_tp"), self.total("claims_gold"), self.total("claims_sys"))

    @property
    def claims_f1(self) -> float:
        return f1(self.claims_precision, self.claims_recall)

    @property
    def claimant_share(self) -> float | None:
        """Share of matched claims whose claimant name matches (see ``matching.names_match``)."""
        tp = self.total("claims_tp")
        return self.total("claimant_ok") / tp if tp else None

    @property
    def as_of_share(self) -> float | None:
        """Share of matched claims whose ``as_of`` is within one day of the gold's."""
        tp = self.total("claims_tp")
        return self.total("as_of_ok") / tp if tp else None

    @property
    def events_recall(self) -> float:
        """Matched gold events / all gold events (system range inside the gold range)."""
        return rate(self.total("events_matched"), self.total("events_gold"), self.total("events_sys"))

    @property
    def events_recall_overlap(self) -> float:
        """Secondary reading: as ``events_recall`` but a system range need only overlap the gold range."""
        return rate(self.total("events_matched_overlap"), self.total("events_gold"), self.total("events_sys"))

    @property
    def violent_precision(self) -> float:
        """Matched system FIGHT/ASSAULT events / all system FIGHT/ASSAULT events."""
        return rate(self.total("violent_tp"), self.total("violent_sys"), self.total("violent_gold"))

    @property
    def metadata(self) -> float:
        """Share of gold articles whose published, outlet and byline are all right."""
        scored = [r.metadata_ok for r in self.rows if r.in_gold]
        return rate(sum(1 for ok in scored if ok), len(scored), 0)

    def summary_line(self) -> str:
        """``claims P=… R=… F1=… | events R=… P(violent)=… | metadata=…``, three decimals each."""
        return (f"claims P={self.claims_precision:.3f} R={self.claims_recall:.3f} F1={self.claims_f1:.3f}"
                f" | events R={self.events_recall:.3f} P(violent)={self.violent_precision:.3f}"
                f" | metadata={self.metadata:.3f}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``totals`` (counts and rates) and ``articles`` (every row in full)."""
        totals: dict[str, Any] = {name: self.total(name) for name in COUNTS}
        totals.update(
            articles=sum(1 for r in self.rows if r.in_gold),
            extra_articles=sum(1 for r in self.rows if not r.in_gold),
            metadata_ok=sum(1 for r in self.rows if r.in_gold and r.metadata_ok),
            claims_precision=self.claims_precision, claims_recall=self.claims_recall,
            claims_f1=self.claims_f1, claimant_share=self.claimant_share, as_of_share=self.as_of_share,
            events_recall=self.events_recall, events_recall_overlap=self.events_recall_overlap,
            violent_precision=self.violent_precision, metadata=self.metadata,
        )
        articles = []
        for r in self.rows:
            row: dict[str, Any] = {}
            for f in fields(r):
                value = getattr(r, f.name)
                if f.name == "metadata_diff":
                    value = [{"field": k, "gold": g, "system": s} for k, g, s in value]
                elif f.name == "partial_claims":
                    value = [{"gold": dict(g), "system": dict(s)} for g, s in value]
                elif isinstance(value, tuple):
                    value = [dict(x) for x in value]
                row[f.name] = value
            articles.append(row)
        return {"totals": totals, "summary": self.summary_line(), "articles": articles}

    def table(self) -> str:
        """A plain-text table: one row per article, a total row, then the secondary figures."""
        t = Table(title="evaluation", box=box.ASCII2)
        for name in ("file", "claims tp/sys/gold", "claimant ok", "as_of ok", "events ok/gold",
                     "violent tp/sys", "metadata"):
            t.add_column(name, justify="left" if name == "file" else "right", no_wrap=True)
        for r in self.rows:
            meta = "-" if r.metadata_ok is None else ("ok" if r.metadata_ok else "WRONG")
            name = r.file + ("" if r.in_gold else " (not in gold)")
            name += "" if r.present else " (no system output)"
            t.add_row(name, f"{r.claims_tp}/{r.claims_sys}/{r.claims_gold}", str(r.claimant_ok),
                      str(r.as_of_ok), f"{r.events_matched}/{r.events_gold}",
                      f"{r.violent_tp}/{r.violent_sys}", meta)
        meta_ok = sum(1 for r in self.rows if r.in_gold and r.metadata_ok)
        t.add_section()
        claims = f"{self.total('claims_tp')}/{self.total('claims_sys')}/{self.total('claims_gold')}"
        t.add_row("total", claims,
                  str(self.total("claimant_ok")), str(self.total("as_of_ok")),
                  f"{self.total('events_matched')}/{self.total('events_gold')}",
                  f"{self.total('violent_tp')}/{self.total('violent_sys')}",
                  f"{meta_ok}/{sum(1 for r in self.rows if r.in_gold)}")
        out = io.StringIO()
        Console(file=out, width=200, color_system=None, force_terminal=False).print(t)
        extra = [f"claimant name agrees: {_share(self.claimant_share)}",
                 f"as_of within one day: {_share(self.as_of_share)}",
                 f"events R if overlap suffices: {self.events_recall_overlap:.3f}"]
        errors = [f"{r.file}: {r.error}" for r in self.rows if r.error]
        return out.getvalue() + "\n".join(extra + errors)

    def diff(self) -> str:
        """Per article: unmatched gold items (``-``), spurious system items (``+``), wrong metadata."""
        lines = [line for r in self.rows for line in r.diff_lines()]
        return "\n".join(lines) if lines else "no differences"


def _share(value: float | None) -> str:
    return "n/a (no matched claims)" if value is None else f"{value:.3f}"


def describe_claim(c: Mapping[str, Any]) -> str:
    """One line naming a claim by its scoring key, claimant and as_of."""
    figure = f"{c.get('low')}" if c.get("low") == c.get("high") else f"{c.get('low')}-{c.get('high')}"
    return (f"{c.get('id', '?')}: {c.get('outcome')} {figure} {c.get('victim_country')} "
            f"{c.get('victim_kind', '')} per {_claimant(c)} ({c.get('claimant_country')}) as of {c.get('as_of')}")


def _claimant(c: Mapping[str, Any]) -> Any:
    claimant = c.get("claimant")
    if isinstance(claimant, Mapping):
        return claimant.get("name") or claimant.get("text")
    return claimant


def describe_event(e: Mapping[str, Any]) -> str:
    """One line naming an event by type, date range and places."""
    places = [p if isinstance(p, str) else (p.get("name") or p.get("text")) for p in e.get("places") or []]
    when = e.get("date")
    when = " .. ".join(map(str, when)) if isinstance(when, (list, tuple)) else str(when)
    return f"{e.get('id', '?')}: {e.get('type')} {when} at {', '.join(map(str, places)) or '-'}"
