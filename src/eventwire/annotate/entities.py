"""Entities of part of a Doc, read from the tokens' IOB tags.

``Span.ents`` walks every entity of the Doc and ``Doc.ents`` builds a Span for each of them on every
call; extraction asks for the entities of each sentence and of single tokens many times per article.
These read only the tokens concerned.
"""

from __future__ import annotations

from spacy.tokens import Span, Token


def entities_in(span: Span) -> list[Span]:
    """The entities inside ``span`` (an entity crossing its end is cut there), labelled."""
    doc = span.doc
    out: list[Span] = []
    start: int | None = None
    for tok in span:
        if tok.ent_iob_ != "I" and start is not None:
            out.append(Span(doc, start, tok.i, label=doc[start].ent_type_))
            start = None
        if tok.ent_iob_ == "B":
            start = tok.i
    if start is not None:
        out.append(Span(doc, start, span.end, label=doc[start].ent_type_))
    return out


def entity_at(tok: Token) -> Span | None:
    """The entity ``tok`` belongs to, or None."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type_)
