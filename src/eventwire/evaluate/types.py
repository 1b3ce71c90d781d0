"""Check an event-type classifier against PLOVER-style gold sentences (one type per sentence).

The table is a TSV file, ``type<TAB>sentence`` per line, with an optional ``type<TAB>sentence``
header, blank lines and ``#`` comment lines allowed. :func:`check_types` runs any
``classify(sentence) -> type | None`` over it and reports accuracy, per-type precision and recall,
and the confusions (gold type, predicted type, count, example sentences).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from ..errors import EvaluationError
from ..model import EVENT_TYPES
from .report import rate

NONE_LABEL = "(none)"
EXAMPLES_PER_CONFUSION = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeScore:
    """One type's figures: ``support`` gold sentences, ``predicted`` sentences given this type."""

    type: str
    support: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return rate(self.correct, self.predicted, self.support)

    @property
    def recall(self) -> float:
        return rate(self.correct, self.support, self.predicted)


@dataclass(frozen=True, slots=True, kw_only=True)
class Confusion:
    """``count`` sentences of gold type ``gold`` classified as ``predicted`` (``NONE_LABEL``: no type)."""

    gold: str
    predicted: str
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeReport:
    """Outcome of :func:`check_types`. ``per_type`` follows ``model.EVENT_TYPES`` order, listing
    every type that occurs in the gold or the predictions; ``confusions`` are sorted by count, most
    frequent first."""

    total: int
    correct: int
    per_type: tuple[TypeScore, ...]
    confusions: tuple[Confusion, ...]

    @property
    def accuracy(self) -> float:
        return rate(self.correct, self.total, 0)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form of the report."""
        return {
            "total": self.total, "correct": self.correct, "accuracy": self.accuracy,
            "per_type": [{"type": s.type, "support": s.support, "predicted": s.predicted,
                          "correct": s.correct, "precision": s.precision, "recall": s.recall}
                         for s in self.per_type],
            "confusions": [{"gold": c.gold, "predicted": c.predicted, "count": c.count,
                            "examples": list(c.examples)} for c in self.confusions],
        }

    def table(self) -> str:
        """Plain text: a per-type table, the confusions, then one accuracy line."""
        t = Table(title="event types", box=box.ASCII2)
        for name in ("type", "support", "predicted", "correct", "precision", "recall"):
            t.add_column(name, justify="left" if name == "type" else "right")
        for s in self.per_type:
            t.add_row(s.type, str(s.support), str(s.predicted), str(s.correct),
                      f"{s.precision:.3f}", f"{s.recall:.3f}")
        out = io.StringIO()
        Console(file=out, width=100, color_system=None, force_terminal=False).print(t)
        lines = [f"{c.gold} -> {c.predicted}: {c.count}  e.g. {c.examples[0]!r}" for c in self.confusions]
        lines.append(f"accuracy {self.accuracy:.3f} ({self.correct}/{self.total})")
        return out.getvalue() + "\n".join(lines)


def check_types(rows: Iterable[tuple[str, str]], classify: Callable[[str], str | None]) -> TypeReport:
    """Classify each ``(gold_type, sentence)`` and compare; ``None`` from ``classify`` means no type.

    A prediction outside ``model.EVENT_TYPES`` raises :class:`EvaluationError` (a classifier bug,
    not a miss).
    """
    pairs: list[tuple[str, str, str]] = []
    for gold, sentence in rows:
        predicted = classify(sentence)
        if predicted is not None and predicted not in EVENT_TYPES:
            raise EvaluationError(f"classifier returned unknown type {predicted!r} for {sentence!r}")
        pairs.append((gold, predicted or NONE_LABEL, sentence))
    support = Counter(g for g, _, _ in pairs)
    predicted_n = Counter(p for _, p, _ in pairs)
    correct_n = Counter(g for g, p, _ in pairs if g == p)
    seen = set(support) | set(predicted_n)
    per_type = tuple(TypeScore(type=t, support=support[t], predicted=predicted_n[t], correct=correct_n[t])
                     for t in EVENT_TYPES if t in seen)
    wrong: dict[tuple[str, str], list[str]] = {}
    for g, p, sentence in pairs:
        if g != p:
            wrong.setdefault((g, p), []).append(sentence)
    confusions = tuple(sorted(
        (Confusion(gold=g, predicted=p, count=len(s), examples=tuple(s[:EXAMPLES_PER_CONFUSION]))
         for (g, p), s in wrong.items()),
        key=lambda c: (-c.count, c.gold, c.predicted)))
    return TypeReport(total=len(pairs), correct=sum(correct_n.values()), per_type=per_type,
                      confusions=confusions)


def load_type_table(path: Path) -> list[tuple[str, str]]:
    """Read a ``type<TAB>sentence`` table; raise :class:`EvaluationError` naming ``path:line``.

    Each data line must have exactly two tab-separated fields, a type from ``model.EVENT_TYPES``
    and a non-empty sentence. An empty table is an error too.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise EvaluationError(f"{path}: cannot read type table ({e.strerror or e})") from e
    except UnicodeDecodeError as e:
        raise EvaluationError(f"{path}: type table is not UTF-8 text") from e
    rows: list[tuple[str, str]] = []
    header_allowed = True
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if header_allowed and [f.strip().casefold() for f in fields] == ["type", "sentence"]:
            header_allowed = False
            continue
        header_allowed = False
        if len(fields) != 2:
            raise EvaluationError(
                f"{path}:{lineno}: expected 'type<TAB>sentence', found {len(fields)} field(s)")
        etype, sentence = fields[0].strip(), fields[1].strip()
        if etype not in EVENT_TYPES:
            raise EvaluationError(f"{path}:{lineno}: unknown event type {etype!r}")
        if not sentence:
            raise EvaluationError(f"{path}:{lineno}: empty sentence")
        rows.append((etype, sentence))
    if not rows:
        raise EvaluationError(f"{path}: type table has no rows")
    return rows
