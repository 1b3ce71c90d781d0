"""eventwire: news about armed conflict -> source-attributed events and casualty claims.

Pipeline (one package per stage): ingest -> clean -> annotate -> extract -> resolve -> store -> fuse -> serve.
"""

__version__ = "0.1.0"
