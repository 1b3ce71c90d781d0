"""Read endpoints under ``/api``: articles, events, claims, timeline, countries, places, actors, search.

Handlers only parse parameters and call :mod:`.views` / :mod:`.search`; a missing id raises
``NotFoundError``, which the app turns into a 404 JSON error.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from ..fuse.query import EventFilter
from ..model import EVENT_TYPES, OUTCOMES
from ..store import ARTICLE_SORTS, EVENT_SORTS, Store
from . import schemas, views
from .search import search_articles

router = APIRouter(prefix="/api")

EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Outcome = Literal[OUTCOMES]  # type: ignore[valid-type]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3 (or IGO/NGO), e.g. UKR")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]
Id = Annotated[str, Path(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")]
EVENT_SORT_VALUES = tuple(f"{sign}{k}" for k in EVENT_SORTS for sign in ("", "-"))
ARTICLE_SORT_VALUES = tuple(f"{sign}{k}" for k in ARTICLE_SORTS for sign in ("", "-"))


def get_store(request: Request) -> Store:
    """The app's store (set by ``create_app``)."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def invalid(loc: tuple[str, ...], msg: str) -> HTTPException:
    """A 422 shaped like FastAPI's own validation errors (the spec's HTTPValidationError)."""
    return HTTPException(422, [{"loc": list(loc), "msg": msg, "type": "value_error"}])


def event_filter(
    since: Annotated[date | None, Query(description="Events ending on or after this day")] = None,
    until: Annotated[date | None, Query(description="Events starting on or before this day")] = None,
    country: Country = None,
    type: Annotated[EventType | None, Query(description="PLOVER event type")] = None,
    place: Annotated[str | None, Query(min_length=1, max_length=200, description="A place name")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat "
                                      "(min_lon > max_lon: across the antimeridian)",
                                      pattern=r"^\s*-?[0-9.]+(\s*,\s*-?[0-9.]+){3}\s*$")] = None,
    min_deaths: Annotated[int | None, Query(ge=0, le=10_000_000, description="Best killed figure at least")] = None,
) -> EventFilter:
    """The filters of :class:`EventFilter` as query parameters (422 on a malformed bbox)."""
    box = None
    if bbox is not None:
        try:
            x0, y0, x1, y1 = (float(v) for v in bbox.split(","))
        except ValueError as e:
            raise invalid(("query", "bbox"), "bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from e
        # min_lon > max_lon is a box across the antimeridian (e.g. 170,-20,-170,-10 around Fiji)
        if not (-180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
            raise invalid(("query", "bbox"), "bbox must satisfy -180 <= min_lon, max_lon <= 180 and "
                                             "-90 <= min_lat <= max_lat <= 90 (min_lon > max_lon crosses "
                                             "the antimeridian)")
        box = (x0, y0, x1, y1)
    return EventFilter(since=since, until=until, country=country.upper() if country else None, type=type,
                       place=place, bbox=box, min_deaths=min_deaths)


Filter = Annotated[EventFilter, Depends(event_filter)]


def _has_filter(f: EventFilter) -> bool:
    return f != EventFilter()


@router.get("/articles", response_model=schemas.ArticlePage, tags=["articles"])
def list_articles(
    store: StoreDep,
    since: Annotated[date | None, Query(description="Published on or after")] = None,
    until: Annotated[date | None, Query(description="Published on or before")] = None,
    outlet: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    sort: Annotated[Literal[ARTICLE_SORT_VALUES], Query()] = "published",  # type: ignore[valid-type]
    limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:
    """Stored articles (metadata only); ``sort`` by published/title/outlet, ``-`` for descending."""
    return views.articles_page(store, since=since, until=until, outlet=outlet, sort=sort, limit=limit,
                               offset=offset)


@router.get("/articles/{article_id}", response_model=schemas.ArticleDetail, tags=["articles"],
            responses={404: {"model": schemas.Error}})
def get_article(store: StoreDep, article_id: Id) -> dict[str, Any]:
    """One article (id or unique prefix): raw text, metadata, mentions, claims and spans to highlight."""
    return views.article_detail(store.get_result(article_id))


@router.get("/events", response_model=schemas.EventPage, tags=["events"])
def list_events(
    store: StoreDep, f: Filter,
    sort: Annotated[Literal[EVENT_SORT_VALUES], Query()] = "date",  # type: ignore[valid-type]
    limit: Limit = 100, offset: Offset = 0,
) -> dict[str, Any]:
    """Fused events matching the filters; ``sort`` by date/deaths/reports/type, ``-`` for descending."""
    return views.events_page(store, f, sort=sort, limit=limit, offset=offset)


@router.get("/events/{event_id}", response_model=schemas.EventDetail, tags=["events"],
            responses={404: {"model": schemas.Error}})
def get_event(store: StoreDep, event_id: Id) -> dict[str, Any]:
    """One fused event (id or unique prefix) with every report and its claim series by claimant."""
    return views.event_view(store, event_id)


@router.get("/claims", response_model=schemas.ClaimPage, tags=["claims"], responses={404: {"model": schemas.Error}})
def list_claims(
    store: StoreDep, f: Filter,
    outcome: Annotated[Outcome | None, Query()] = None,
    victim_country: Country = None, claimant_country: Country = None,
    claimant: Annotated[str | None, Query(min_length=1, max_length=200, pattern=r"^[^\x00]*$",
                                          description="Claimant name contains this (case-insensitive)")] = None,
    article: Annotated[str | None, Query(min_length=1, max_length=128, description="Article id")] = None,
    event: Annotated[str | None, Query(min_length=1, max_length=128, description="Fused event id or prefix")] = None,
    limit: Limit = 100, offset: Offset = 0,
) -> dict[str, Any]:
    """Casualty claims; the event filters (since, until, country, type, ...) keep claims of matching events."""
    return views.claims_page(
        store, f if _has_filter(f) else None, outcome=outcome,
        victim_country=victim_country.upper() if victim_country else None,
        claimant_country=claimant_country.upper() if claimant_country else None, claimant=claimant,
        article_id=article, event_id=event, limit=limit, offset=offset)


@router.get("/timeline", response_model=list[schemas.TimelineBucketOut], tags=["events"])
def get_timeline(store: StoreDep, f: Filter,
                 by: Annotated[Literal["day", "week"], Query()] = "day") -> list[dict[str, Any]]:
    """Events and deaths by victim side (low/best/high) per day or ISO week of the event's start."""
    return views.timeline_view(store, f, by)


@router.get("/countries", response_model=list[schemas.CountryCount], tags=["events"])
def list_countries(store: StoreDep, f: Filter) -> list[dict[str, Any]]:
    """Countries listed as sides of the events matching the filters, with event counts, most first."""
    return views.countries_view(store, f)


@router.get("/places", response_model=schemas.PlacePage, tags=["places"])
def list_places(store: StoreDep, country: Country = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Resolved places named in stored event mentions, most mentioned first."""
    return views.places_page(store, country=country, limit=limit, offset=offset)


@router.get("/actors", response_model=schemas.ActorPage, tags=["actors"])
def list_actors(store: StoreDep, country: Country = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Normalised actors (agents and targets of stored mentions), most mentioned first."""
    return views.actors_page(store, country=country, limit=limit, offset=offset)


@router.get("/search", response_model=schemas.SearchPage, tags=["articles"])
def search(store: StoreDep,
           q: Annotated[str, Query(min_length=2, max_length=200, pattern=r"^[^\x00]*\S[^\x00]*$",
                                   description="Words that must all occur (case-insensitive)")],
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Articles whose title or text contains every word of ``q``, best match first (then by id)."""
    return search_articles(store, q, limit=limit, offset=offset)
