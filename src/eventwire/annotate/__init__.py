"""annotate stage: the spaCy pipeline (model + gazetteer entity ruler), loaded once per process."""

from .pipeline import PipelineSpec, has_parse, load_nlp

__all__ = ["PipelineSpec", "has_parse", "load_nlp"]
