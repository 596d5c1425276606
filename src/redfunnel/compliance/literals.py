"""Required literals of a regular expression: a cheap screen in front of the rulebook's patterns.

Python's ``re`` has no literal prefilter for patterns that start with a look-behind or a
character class, which most rulebook patterns do (``(?<!不)保本``), so each ``search`` walks the
whole text; with ~180 patterns per draft that alone cost half of the 1 ms a draft may take. Nearly
every pattern, though, cannot match unless the text contains one of a few literal strings
(``保本`` or ``保息``). :func:`required_literals` derives that set from the parsed pattern, and
:class:`LiteralIndex` finds which of a rulebook's ~1,100 literals occur in a text in one
Aho-Corasick pass, so a rule whose literals are all absent is skipped without running its regexes.

The screen is exact by construction: a literal set is only returned when every match of the
pattern must contain one of its strings; anything the walker does not understand (classes of
more than a few characters, optional parts, back-references, letters under IGNORECASE) makes it
give up for that part, and a pattern it cannot screen is always run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import product

import ahocorasick

try:  # the regex parser is private API; without it nothing is screened, nothing is wrong
    from re import _constants as _c
    from re import _parser as _sre
except ImportError:  # pragma: no cover - other Python versions
    _sre = None  # type: ignore[assignment]

__all__ = ["ALWAYS", "LiteralIndex", "is_char_class", "required_literals"]

_MAX_SET = 24  # strings a concatenation may multiply out to before a new chain starts
_MAX_BRANCH = 400  # strings an alternation may collect before giving up on it
_MAX_CLASS = 8  # characters of a [...] class still treated as alternatives


def _caseless(ch: str) -> bool:
    """Characters IGNORECASE cannot fold (CJK, digits, punctuation): safe in a literal."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x9FFF
        or 0x3000 <= o <= 0x303F
        or 0xFF01 <= o <= 0xFF20
        or (o < 0x80 and not ch.isalpha())
    )


# A requirement is (strings, exact): every match contains one of ``strings``; when ``exact``,
# every match *is* one of them, so adjacent exact requirements concatenate.
_Req = tuple[frozenset[str], bool]
_UNKNOWN: _Req = (frozenset(), False)
_EMPTY: _Req = (frozenset({""}), True)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one, or ``None`` when no
    such set can be derived (then the pattern must always be run)."""
    if _sre is None:
        return None
    try:
        parsed = _sre.parse(pattern, re.IGNORECASE)
    except (re.error, TypeError, ValueError):
        return None
    strings, _exact = _sequence(list(parsed))
    if not strings or "" in strings:
        return None
    return strings


@lru_cache(maxsize=64)
def is_char_class(pattern: str) -> bool:
    """Whether ``pattern`` is one character or one ``[...]`` class (so it matches exactly the
    single characters it matches anywhere, and ``finditer`` over a text finds each of them)."""
    if _sre is None:
        return False
    try:
        parsed = list(_sre.parse(pattern, re.IGNORECASE))
    except (re.error, TypeError, ValueError):
        return False
    return len(parsed) == 1 and parsed[0][0] in (_c.LITERAL, _c.IN)


def _sequence(items: list[tuple[object, object]]) -> _Req:
    """A concatenation: exact parts chain into longer strings; the best requirement wins."""
    candidates: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    exact = True
    for op, av in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: the characters on either side stay adjacent
        strings, item_exact = _item(op, av)
        if item_exact and strings and len(run) * len(strings) <= _MAX_SET:
            run = frozenset(a + b for a, b in product(run, strings))
            continue
        if run != {""}:
            candidates.append(run)
        run = frozenset({""})
        exact = False
        if item_exact and strings and "" not in strings:
            run = strings  # too many combinations: start a new chain here
        elif strings and "" not in strings:
            candidates.append(strings)
    if exact:
        return run, True
    if run != {""}:
        candidates.append(run)
    if not candidates:
        return _UNKNOWN
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s))), False


def _item(op: object, av: object) -> _Req:
    if op is _c.LITERAL:
        ch = chr(av)  # type: ignore[arg-type]
        return (frozenset({ch}), True) if _caseless(ch) else _UNKNOWN
    if op is _c.IN:
        chars = []
        for sub_op, sub_av in av:  # type: ignore[union-attr]
            if sub_op is not _c.LITERAL or not _caseless(chr(sub_av)):
                return _UNKNOWN
            chars.append(chr(sub_av))
        return (frozenset(chars), True) if 0 < len(chars) <= _MAX_CLASS else _UNKNOWN
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]))  # type: ignore[index]
    if op is _c.BRANCH:
        branches = [_sequence(list(b)) for b in av[1]]  # type: ignore[index]
        if any(not s or "" in s for s, _ in branches):
            return _UNKNOWN
        union = frozenset().union(*(s for s, _ in branches))
        if len(union) > _MAX_BRANCH:
            return _UNKNOWN
        return union, all(e for _, e in branches)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, sub = av  # type: ignore[misc]
        if low == 0:
            return _EMPTY if high == 0 else _UNKNOWN
        strings, exact = _sequence(list(sub))
        if low == high == 1:
            return strings, exact
        return strings, False
    return _UNKNOWN


ALWAYS = -1
"""Screen id of a pattern group that cannot be screened: always run it."""


class LiteralIndex:
    """Screens for many pattern groups, answered for one text in a single pass.

    :meth:`add` registers a group of patterns and returns its screen id; :meth:`live` returns
    the ids of the groups that may match a text (one of their required literals occurs), so the
    checker tests ``id in live`` instead of running the group's regexes. All literals go into one
    Aho-Corasick automaton (pyahocorasick), which reports every occurrence, overlapping ones
    included, in one C-level pass over the text.
    """

    def __init__(self) -> None:
        self._screens: dict[str, set[int]] = {}
        self._count = 0
        self._automaton: ahocorasick.Automaton | None = None

    def add(self, patterns: Iterable[str]) -> int:
        """Register a pattern group (any of them matching counts); its screen id, or ``ALWAYS``
        when one of the patterns has no required literals (or there are none)."""
        found: set[str] = set()
        for pattern in patterns:
            strings = required_literals(pattern)
            if strings is None:
                return ALWAYS
            found |= strings
        if not found:
            return ALWAYS
        screen = self._count
        self._count += 1
        for s in found:
            self._screens.setdefault(s, set()).add(screen)
        self._automaton = None
        return screen

    def live(self, text: str) -> set[int]:
        """Screen ids of the groups that may match ``text`` (``ALWAYS`` included)."""
        automaton = self._automaton
        if automaton is None:
            automaton = self._automaton = self._build()
        if automaton is None:
            return {ALWAYS}
        # A common literal occurs many times in a long post; its (cached-hash) frozenset is
        # unioned once.
        return {ALWAYS}.union(*{screens for _end, screens in automaton.iter(text)})

    def _build(self) -> ahocorasick.Automaton | None:
        if not self._screens:
            return None
        automaton = ahocorasick.Automaton()
        for literal, screens in self._screens.items():
            automaton.add_word(literal, frozenset(screens))
        automaton.make_automaton()
        return automaton
