"""Pairwise scoring of event fusion: did the system put together the mentions the gold puts together?

A clustering is a mapping ``mention id -> cluster id``. Each clustering defines the set of unordered
mention pairs that share a cluster; precision is the share of the system's pairs the gold also has,
recall the share of the gold's pairs the system found. A mention missing from one mapping is a
singleton there (it pairs with nothing). Counting uses cluster-intersection sizes, so the cost is
linear in the number of mentions rather than quadratic in cluster sizes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping

from .report import f1, rate


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def fusion_pairwise(gold_clusters: Mapping[str, Hashable],
                    system_clusters: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """``(precision, recall, f1)`` over same-cluster mention pairs.

    With no pairs on a side the report's rule applies: 1.0 when the other side has none either,
    else 0.0 (all singletons against all singletons scores 1.0).
    """
    gold_pairs = sum(_pairs(n) for n in Counter(gold_clusters.values()).values())
    sys_pairs = sum(_pairs(n) for n in Counter(system_clusters.values()).values())
    both = Counter((gold_clusters[m], system_clusters[m]) for m in gold_clusters if m in system_clusters)
    common = sum(_pairs(n) for n in both.values())
    precision = rate(common, sys_pairs, gold_pairs)
    recall = rate(common, gold_pairs, sys_pairs)
    return precision, recall, f1(precision, recall)
