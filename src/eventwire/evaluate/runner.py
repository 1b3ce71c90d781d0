"""Run an extractor over the articles a gold file names and score the result.

The extractor is passed in (the CLI hands in the real pipeline; tests hand in small fakes), so this
module opens only the gold file and checks the folder; it never loads a model itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import ConfigError, EvaluationError, EventwireError, LexiconError, ModelError, StoreError
from .gold import load_gold, validate_system
from .matching import PlaceMatcher
from .report import ArticleScore, Report
from .scoring import score_article

log = logging.getLogger(__name__)

Extractor = Callable[[Path], Mapping[str, Any]]
# Failures of the whole set-up, not of one article: scoring on would report zeros that mean nothing.
SYSTEMIC = (ConfigError, LexiconError, ModelError, StoreError, EvaluationError)


def evaluate_folder(gold_path: Path, articles_dir: Path, extract: Extractor, *,
                    place_matcher: PlaceMatcher | None = None) -> Report:
    """Load and validate ``gold_path``, run ``extract`` on each article it names, and score.

    ``extract(path)`` returns the system dict for that article (the shape of one element of
    ``eventwire extract --format json``); its ``file`` is taken to be the gold article's file. When
    ``extract`` raises an :class:`EventwireError` about the article (an ``InputError`` such as
    ``NoArticleError``, or a plain ``EventwireError``), the article scores as all missed and the row
    records the error; set-up failures (``SYSTEMIC``: config, lexicon, model, store, evaluation
    errors) propagate, since every article would fail the same way.

    Raises :class:`EvaluationError` when the gold file is unreadable or malformed, when
    ``articles_dir`` is not a folder, or when it lacks an article the gold names (all missing
    files are listed).
    """
    gold = load_gold(gold_path)
    folder = Path(articles_dir)
    if not folder.is_dir():
        raise EvaluationError(f"{folder}: not a folder of articles")
    files = [a["file"] for a in gold["articles"]]
    missing = [name for name in files if not (folder / name).is_file()]
    if missing:
        raise EvaluationError(
            f"{folder}: lacks {len(missing)} article(s) named in {gold_path}: {', '.join(missing)}")
    rows = []
    for art in gold["articles"]:
        path = folder / art["file"]
        try:
            system: Mapping[str, Any] | None = {**extract(path), "file": art["file"]}
            error = None
        except SYSTEMIC:
            raise
        except EventwireError as e:
            log.warning("%s: extraction failed, scored as all missed: %s", path, e)
            system, error = None, str(e)
        rows.append(_score_one(art, system, place_matcher, error))
    return Report(rows=tuple(rows))


def _score_one(gold: Mapping[str, Any], system: Mapping[str, Any] | None,
               place_matcher: PlaceMatcher | None, error: str | None) -> ArticleScore:
    """Score one article, validating the system dict first so a malformed one names its file."""
    if system is not None:
        validate_system([system])
    return score_article(gold, system, place_matcher=place_matcher, error=error)
