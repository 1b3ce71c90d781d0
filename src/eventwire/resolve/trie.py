"""A regular expression for a large word list, shaped as a trie.

Python's ``re`` tries the branches of an alternation one after the other at every position, so a
pattern ``(?:Afghanistan|Afghan|Albania|...)`` over a thousand country forms costs a thousand
attempts per character of text. The same language written as a trie (``A(?:fghan(?:istan)?|lbania)``)
tries one branch per distinct next character. Hand-written because the libraries that do this
(``trieregex``, ``regex-trie``) are small unmaintained packages; it is twenty lines.

Matching semantics equal a longest-first alternation: every match starting at one position is a
prefix of the same text, so all of them lie on one path of the trie, and the greedy optional groups
try the longer one first (backtracking to shorter ones when what follows fails).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_END = ""  # a key no atom can be: marks that a word ends at this node


def trie_pattern(words: Iterable[str], atom: Callable[[str], str] = re.escape, *,
                 fold: bool = False) -> str:
    """A non-capturing regex fragment matching exactly the strings of ``words``.

    ``atom`` turns one character into its regex (default: escaped literally; e.g. map a space to
    ``\\s+``). ``fold``: merge branches that differ only in case (for patterns compiled with
    ``re.IGNORECASE``); characters whose lower case is longer than one character are kept as they are.
    """
    root: dict[str, dict] = {}
    for word in words:
        if not word:
            continue
        node = root
        for ch in word:
            if fold and len(low := ch.lower()) == 1:
                ch = low
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _emit(root, atom) if root else "(?!)"


def _emit(node: dict[str, dict], atom: Callable[[str], str]) -> str:
    branches = [atom(ch) + _emit(child, atom) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return "(?:" + body + ")?"
    return body
