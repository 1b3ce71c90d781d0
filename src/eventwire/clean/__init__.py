"""clean stage: article hygiene (normalised text + offsets back to the raw text) and metadata.

``clean(doc)`` turns an ingested Document into an Article; ``content_id`` is the content hash that
makes ingestion idempotent; ``outlet_country`` gives a well-known outlet's country (alpha-3).
"""

from .article import clean
from .hygiene import content_id
from .outlets import outlet_country

__all__ = ["clean", "content_id", "outlet_country"]
