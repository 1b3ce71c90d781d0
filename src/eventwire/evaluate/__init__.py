"""Evaluation: score extraction against gold files (shared/gold/README.md), check event typing.

- :mod:`.gold`: load and validate ``eventwire-gold/1`` files and system output.
- :mod:`.matching`: name folding, claimant/place agreement, one-to-one maximum matching.
- :mod:`.scoring`: :func:`score` (claims, events, metadata) and :func:`fusion_pairwise`.
- :mod:`.report`: :class:`Report` with ``table()``, ``to_dict()``, ``summary_line()``, ``diff()``.
- :mod:`.runner`: :func:`evaluate_folder` runs an extractor over a gold file's articles and scores.
- :mod:`.types`: :func:`check_types` / :func:`load_type_table` for PLOVER type sentences.
"""

from .fusion import fusion_pairwise
from .report import ArticleScore, Report
from .runner import evaluate_folder
from .scoring import score
from .types import TypeReport, check_types, load_type_table

__all__ = ["ArticleScore", "Report", "TypeReport", "check_types", "evaluate_folder", "fusion_pairwise",
           "load_type_table", "score"]
