"""Fusion over the store: load mentions, fuse (incrementally), reconcile claims, save events.

Only fresh mentions take part: mentions flagged historical, negated, planned or hypothetical are
kept in the store but describe no new event. Analyst decisions (``merge``/``split`` by mention id)
are read from the store and always win; re-running fusion respects them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import NotFoundError
from ..model import NOT_FRESH, Event, EventMention
from ..settings import Settings
from .events import build_event
from .fusion import Decision, Fuser
from .similarity import similarity_for

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class FusionRun:
    """What one fusion run did."""

    mentions: int
    new_mentions: int
    events: int
    changed_events: int
    compared_pairs: int


def fresh(mentions: Sequence[EventMention]) -> list[EventMention]:
    return [m for m in mentions if not (m.flags & NOT_FRESH)]


def fuse_store(store, *, full: bool = False, settings: Settings | None = None) -> FusionRun:  # type: ignore[no-untyped-def]
    """Fuse the store's mentions into events and save them.

    Incremental by default: stored events are seeded as they are and only mentions not yet in an
    event are compared (within their date window). ``full`` recomputes every event from scratch
    (still honouring analyst decisions). ``settings`` choose the text similarity
    (``fusion_similarity``; lexical without settings).
    """
    mentions = fresh(store.mentions())
    by_id = {m.id: m for m in mentions}
    decisions = [Decision(kind=k, a=a, b=b) for k, a, b in store.analyst_decisions()]
    fuser = Fuser(decisions=decisions, text_similarity=similarity_for(settings))
    old_clusters: list[list[str]] = [] if full else store.event_clusters()
    seeded = {mid for c in old_clusters for mid in c}
    fuser.seed([[by_id[mid] for mid in c if mid in by_id] for c in old_clusters if any(mid in by_id for mid in c)])
    new = [m for m in mentions if m.id not in seeded]
    fuser.add(new)
    clusters = fuser.clusters()
    old_keys = {frozenset(c) for c in old_clusters}
    new_keys = {frozenset(m.id for m in c) for c in clusters}
    changed = [c for c in clusters if frozenset(m.id for m in c) not in old_keys]
    touched_articles = {m.article_id for c in changed for m in c}
    claims_by_mention = defaultdict(list)
    for claim in store.claims_for_articles(sorted(touched_articles)):
        if claim.event_id:
            claims_by_mention[claim.event_id].append(claim)
    articles = {a.id: a for a in store.articles_by_ids(sorted(touched_articles))}
    events: list[Event] = []
    for cluster in changed:
        claims = [c for m in cluster for c in claims_by_mention.get(m.id, [])]
        events.append(build_event(cluster, claims, articles, fuser.links))
    stale = [c for c in old_clusters if frozenset(c) not in new_keys]
    store.replace_events(events, fuser.links, remove_mention_sets=stale, full=full)
    run = FusionRun(mentions=len(mentions), new_mentions=len(new), events=len(clusters),
                    changed_events=len(events), compared_pairs=fuser.compared)
    log.info("fusion: %s", run)
    return run


def split_event(store, event_id: str, analyst: str | None = None) -> FusionRun:  # type: ignore[no-untyped-def]
    """Undo a fusion: record cannot-link decisions between all of the event's mentions, re-fuse."""
    event = store.get_event(event_id)
    ids = list(event.mention_ids)
    if len(ids) < 2:
        raise NotFoundError(f"event {event_id} has a single report; nothing to split")
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            store.add_analyst_decision("split", a, b, analyst=analyst)
    return fuse_store(store, full=True)


def merge_events(store, event_ids: Sequence[str], analyst: str | None = None) -> FusionRun:  # type: ignore[no-untyped-def]
    """Force events together: record must-link decisions between their first mentions, re-fuse."""
    events = [store.get_event(e) for e in event_ids]
    anchor = events[0].mention_ids[0]
    for e in events[1:]:
        store.add_analyst_decision("merge", anchor, e.mention_ids[0], analyst=analyst)
    return fuse_store(store, full=True)
