"""Required literals of a regular expression: a cheap screen in front of the rulebook's patterns.

Python's ``re`` has no literal prefilter for patterns that start with a look-behind or a
character class, which most rulebook patterns do (``(?<!不)保本``), so each ``search`` walks the
whole text; with ~180 patterns per draft that alone cost half of the 1 ms a draft may take. Nearly
every pattern, though, cannot match unless the text contains one of a few literal strings
(``保本`` or ``保息``). :func:`required_literals` derives that set from the parsed pattern, and
:class:`LiteralIndex` finds which of a rulebook's ~1,100 literals occur in a text in one
Aho-Corasick pass, so a rule whose literals are all absent is skipped without running its regexes.

A pattern that does run is tried only where it can start: :func:`first_chars` derives the set
of characters every match begins with, and :func:`scan` / :func:`search` hand that set to ``re``
as the skip set of the compiled pattern (:func:`_skipping`), so the engine itself jumps from one
such character to the next, finding the same matches.

The screen is exact by construction: a literal set is only returned when every match of the
pattern must contain one of its strings; anything the walker does not understand (classes of
more than a few characters, optional parts, back-references, letters under IGNORECASE) makes it
give up for that part, and a pattern it cannot screen is always run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache, partial
from itertools import product
from operator import methodcaller

from ahocorasick_rs import AhoCorasick, Implementation

try:  # the regex parser is private API; without it nothing is screened, nothing is wrong
    import _sre as _engine
    from re import _compiler as _cc
    from re import _constants as _c
    from re import _parser as _sre
except ImportError:  # pragma: no cover - other Python versions
    _sre = None  # type: ignore[assignment]

__all__ = [
    "ALWAYS", "Finder", "LiteralIndex", "Searcher", "anchors", "counter", "finder", "first_chars",
    "fold_case", "is_char_class", "required_literals", "scan", "search", "searcher", "skipping",
]

_MAX_SET = 24  # strings a concatenation may multiply out to before a new chain starts
_MAX_BRANCH = 400  # strings an alternation may collect before giving up on it
_MAX_CLASS = 8  # characters of a [...] class still treated as alternatives
_MAX_FIRST = 64  # characters a first-character class may have and still be worth scanning for


def _caseless(ch: str) -> bool:
    """Characters IGNORECASE cannot fold (CJK, digits, punctuation): safe in a literal."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x9FFF
        or 0x3000 <= o <= 0x303F
        or 0xFF01 <= o <= 0xFF20
        or (o < 0x80 and not ch.isalpha())
    )


def _literal_char(ch: str, fold: bool) -> str:
    """``ch`` as a screen literal: itself when IGNORECASE cannot fold it, an ASCII letter
    lower-cased when folding, else empty (no literal)."""
    if _caseless(ch):
        return ch
    if fold and ch.isascii() and ch.isalpha():
        return ch.lower()
    return ""


# Characters IGNORECASE matches with an ASCII letter that ``str.lower`` does not map to it.
_FOLD_ODD = {"\u0131": "i", "\u017f": "s", "i\u0307": "i"}  # dotless i, long s, İ lowered


def fold_case(text: str) -> str:
    """``text`` with every character IGNORECASE matches with an ASCII letter as that letter in
    lower case (K and the Kelvin sign as k, ſ as s), for the folded literals of
    :func:`required_literals`."""
    folded = text.lower()
    if "\u0131" in folded or "\u017f" in folded or "\u0307" in folded:
        for odd, letter in _FOLD_ODD.items():
            folded = folded.replace(odd, letter)
    return folded


# A requirement is (strings, exact): every match contains one of ``strings``; when ``exact``,
# every match *is* one of them, so adjacent exact requirements concatenate.
_Req = tuple[frozenset[str], bool]
_UNKNOWN: _Req = (frozenset(), False)
_EMPTY: _Req = (frozenset({""}), True)


def required_literals(pattern: str, fold: bool = False) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one, or ``None`` when no
    such set can be derived (then the pattern must always be run). With ``fold``, ASCII letters
    count too, lower-cased: the strings are then to be looked for in :func:`fold_case` of a text
    (an English phrase under IGNORECASE, "covered by", has no caseless literal)."""
    if _sre is None:
        return None
    try:
        parsed = _sre.parse(pattern, re.IGNORECASE)
    except (re.error, TypeError, ValueError):
        return None
    strings, _exact = _sequence(list(parsed), fold)
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


def _sequence(items: list[tuple[object, object]], fold: bool = False) -> _Req:
    """A concatenation: exact parts chain into longer strings; the best requirement wins."""
    candidates: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    exact = True
    for op, av in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: the characters on either side stay adjacent
        strings, item_exact = _item(op, av, fold)
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


def _item(op: object, av: object, fold: bool = False) -> _Req:
    if op is _c.LITERAL:
        ch = _literal_char(chr(av), fold)  # type: ignore[arg-type]
        return (frozenset({ch}), True) if ch else _UNKNOWN
    if op is _c.IN:
        chars = []
        for sub_op, sub_av in av:  # type: ignore[union-attr]
            ch = _literal_char(chr(sub_av), fold) if sub_op is _c.LITERAL else ""
            if not ch:
                return _UNKNOWN
            chars.append(ch)
        return (frozenset(chars), True) if 0 < len(chars) <= _MAX_CLASS else _UNKNOWN
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]), fold)  # type: ignore[index]
    if op is _c.BRANCH:
        branches = [_sequence(list(b), fold) for b in av[1]]  # type: ignore[index]
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
        strings, exact = _sequence(list(sub), fold)
        if low == high == 1:
            return strings, exact
        return strings, False
    return _UNKNOWN


@cache
def first_chars(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A one-character class matching the character every match of ``pattern`` starts with,
    when :func:`scan` should use it; ``None`` when the pattern is better searched as it is.

    ``re`` skips ahead to a pattern's first character on its own only when the pattern starts
    with a literal or a plain class; a rule pattern that opens with a look-behind or an
    alternation of groups (``(?<!不)(?:很|超|巨)稳|稳(?:得很|当得很)``) is tried at every position
    of the text. Scanning for its few possible first characters and trying the pattern only
    there finds the same matches at a fraction of the cost. Patterns that may match the empty
    string, start with ranges, categories or wide classes, or that ``re`` already skips for,
    get ``None``. Cached per pattern: rulebook patterns live as long as the process.
    """
    if _sre is None:
        return None
    try:
        items = list(_sre.parse(pattern.pattern, pattern.flags))
    except (re.error, TypeError, ValueError):
        return None
    if _engine_skips(items, pattern.flags):
        return None
    parts, nullable = _first(items)
    if parts is None or nullable or not 0 < sum(parts.values()) <= _MAX_FIRST:
        return None
    return re.compile("[" + "".join(sorted(parts)) + "]", pattern.flags)


def scan(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying the pattern only where its :func:`first_chars` occur
    (or, failing those, near its :func:`anchors`). ``match`` at a position is what a search
    tries there, and such a pattern never matches empty, so the matches are the same."""
    return _plan(pattern)[1](text)


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, tried only where its :func:`first_chars` occur (or near its
    :func:`anchors`)."""
    return _plan(pattern)[2](text)


def skipping(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern``, compiled so that ``re`` skips from one of its possible first characters to
    the next where its own compiler would try every position (a pattern opening with a
    look-behind, a class or a case-insensitive group): the same matches for ``search``,
    ``finditer`` and ``sub``, found several times faster. For patterns searched over whole
    texts outside the rulebook (the masker's, the request detector's); ``pattern`` itself when
    there is nothing to skip to."""
    return _skipping(pattern) or pattern


Finder = Callable[[str], Iterator[re.Match[str]]]
Searcher = Callable[[str], "re.Match[str] | None"]


def finder(pattern: re.Pattern[str]) -> Finder:
    """:func:`scan` for one pattern as a single callable, its way chosen once: the skip-compiled
    pattern's own ``finditer`` where there is one. The rulebook keeps these beside its patterns,
    so the checker's hundred scans a draft pay no plan lookup and no extra Python frame."""
    return _plan(pattern)[1]


def searcher(pattern: re.Pattern[str]) -> Searcher:
    """:func:`search` for one pattern as a single callable, its way chosen once (as
    :func:`finder`)."""
    return _plan(pattern)[2]


def counter(pattern: re.Pattern[str]) -> Callable[[str], int]:
    """How many matches :func:`scan` finds, as a single callable with its way chosen once (as
    :func:`finder`): a C-level ``str.count`` when the pattern is a plain string (理财, 存款: most
    product cues), whose matches are its non-overlapping occurrences."""
    plan = _plan(pattern)
    if plan[3] is not None:
        return methodcaller("count", plan[3])
    find = plan[1]
    return lambda text: sum(1 for _match in find(text))


_Anchors = tuple[tuple[re.Pattern[str], int, tuple[str, ...]], ...]
_Plan = tuple[re.Pattern[str], Finder, Searcher, "str | None"]
_PLANS: dict[int, _Plan] = {}


def _plan(pattern: re.Pattern[str]) -> _Plan:
    """(``pattern``, how :func:`scan` and :func:`search` run it, the string it is when it is a
    plain one), found by the pattern's identity. A compiled pattern's hash is not cached: every
    ``@cache`` lookup keyed by one hashes its whole compiled program (thousands of code words for
    a rule's alternation), which cost a tenth of the checker's time. The plan holds the pattern,
    so its id is not reused while the entry lives; rulebook patterns live as long as the process
    anyway."""
    plan = _PLANS.get(id(pattern))
    if plan is None or plan[0] is not pattern:
        plan = _new_plan(pattern)
    return plan


def _new_plan(pattern: re.Pattern[str]) -> _Plan:
    """The engine's own skip where :func:`_skipping` can compile one, else a Python scan from
    the :func:`first_chars`, else one near the :func:`anchors`, else the pattern as it is."""
    first = first_chars(pattern)
    skip = _skipping(pattern)
    anchored = anchors(pattern) if first is None else None
    find: Finder
    seek: Searcher
    if skip is not None:
        find, seek = skip.finditer, skip.search
    elif first is not None:
        find, seek = partial(_scan_from, first, pattern), partial(_search_from, first, pattern)
    elif anchored is not None:
        find = partial(_scan_near, anchored, pattern)
        seek = partial(_search_near, anchored, pattern)
    else:
        find, seek = pattern.finditer, pattern.search
    plan = _PLANS[id(pattern)] = (pattern, find, seek, _plain(pattern))
    return plan


def _plain(pattern: re.Pattern[str]) -> str | None:
    """The string a pattern matches when it is a plain one (no special characters, nothing a
    case-insensitive match could fold)."""
    text = pattern.pattern
    if not text or re.escape(text) != text:
        return None
    if pattern.flags & re.IGNORECASE and not all(_caseless(ch) for ch in text):
        return None
    return text


_MAX_REACH = 8  # characters a bounded part may span before the part an anchor opens


def anchors(pattern: re.Pattern[str]) -> _Anchors | None:
    """Where a pattern's matches can be found when it has no :func:`first_chars`: per
    alternative, a one-character class, a reach and the strings the alternative needs, such that
    every match of the alternative holds one of the class's characters at most ``reach``
    characters after its start, and one of the strings somewhere.

    An address pattern opens with up to six of any Chinese character (``[\\u4e00-\\u9fff]{1,6}
    (?:路|街|大道|巷|道)…``): ``re`` tries it at every position of a post, walking six
    characters and backtracking each time, which made it the checker's costliest pattern. The
    road word behind that prefix is an anchor with reach 6, and only the six positions before
    each road word can start a match; an alternative whose strings (单元, 号楼) are all absent
    is not tried at all. Of an alternative's parts behind a bounded prefix, the one opening
    with the fewest characters anchors it (村 rather than the comma of ，住…村). ``None`` when
    some alternative has no such part, when the pattern may match the empty string, or when
    ``re`` already skips ahead on its own."""
    if _sre is None:
        return None
    try:
        parsed = _sre.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError):
        return None
    items = list(parsed)
    if _engine_skips(items, pattern.flags) or parsed.getwidth()[0] == 0:
        return None
    found = _anchors(items, parsed.state)
    if not found:
        return None
    return tuple(
        (re.compile("[" + "".join(sorted(parts)) + "]", pattern.flags), reach, needs)
        for parts, reach, needs in found
    )


def _anchors(
    items: list[tuple[object, object]], state: object
) -> list[tuple[dict[str, int], int, tuple[str, ...]]] | None:
    while len(items) == 1 and items[0][0] is _c.SUBPATTERN and not any(items[0][1][1:3]):  # type: ignore[index]
        items = list(items[0][1][3])  # type: ignore[index]
    if len(items) == 1 and items[0][0] is _c.BRANCH:
        found: list[tuple[dict[str, int], int, tuple[str, ...]]] = []
        for branch in items[0][1][1]:  # type: ignore[index]
            got = _anchors(list(branch), state)
            if got is None:
                return None
            found += got
        return found
    strings, _exact = _sequence(items)
    needs = tuple(sorted(strings)) if strings and "" not in strings else ()
    best: tuple[int, int, dict[str, int]] | None = None
    reach = 0
    for index, (op, av) in enumerate(items):
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width
        parts, nullable = _first(items[index:])
        if parts is not None and not nullable and 0 < sum(parts.values()) <= _MAX_FIRST:
            if best is None or (sum(parts.values()), reach) < best[:2]:
                best = (sum(parts.values()), reach, parts)
        _low, high = _sre.SubPattern(state, [(op, av)]).getwidth()  # type: ignore[arg-type]
        reach += high
        if reach > _MAX_REACH:
            break
    return None if best is None else [(best[2], best[1], needs)]


def _scan_near(anchored: _Anchors, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` (as ``finditer`` finds them), tried only at the positions up
    to each anchor's reach before one of its characters, for the alternatives whose strings
    occur."""
    starts: set[int] = set()
    for anchor, reach, needs in anchored:
        if needs and not any(s in text for s in needs):
            continue
        for hit in anchor.finditer(text):
            at = hit.start()
            starts.update(range(max(0, at - reach), at + 1))
    match = pattern.match
    end = 0
    for at in sorted(starts):
        if at < end:
            continue
        found = match(text, at)
        if found is not None:
            yield found
            end = found.end()


@cache
def _skipping(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` compiled with its :func:`first_chars` as the engine's skip set.

    ``re`` compiles a pattern behind an info block that may name the characters a match starts
    with; its search then runs in C from one such character to the next and tries the pattern
    only there. The compiler fills that set only when the pattern's first item is a literal or a
    class without letters under IGNORECASE, so a pattern opening with a look-behind gets none.
    Here the same code is compiled behind an info block naming :func:`first_chars` (letters
    spelled in every case ``re`` folds them to) — the search :func:`_scan_from` does in Python,
    done by the engine. ``None`` (use :func:`_scan_from`) when the private compiler API is
    missing or the class holds what cannot be spelled out that way.
    """
    first = first_chars(pattern)
    if first is None or _sre is None:
        return None
    try:
        parsed = _sre.parse(pattern.pattern, pattern.flags)
        op, av = _sre.parse(first.pattern, first.flags).data[0]
        items = _uncased(av if op is _c.IN else [(op, av)], bool(first.flags & re.IGNORECASE))
        if items is None:
            return None
        head = _sre.SubPattern(parsed.state, [(_c.IN, items)])
        head.width = parsed.getwidth()  # the info block states the real pattern's widths
        flags = parsed.state.flags | pattern.flags
        code: list[int] = []
        _cc._compile_info(code, head, flags & ~re.IGNORECASE)  # the class is spelled out
        if not code[2] & _c.SRE_INFO_CHARSET:
            return None
        _cc._compile(code, parsed.data, flags)
        code.append(_c.SUCCESS)
        groups = parsed.state.groupdict
        names: list[str | None] = [None] * parsed.state.groups
        for name, index in groups.items():
            names[index] = name
        return _engine.compile(  # type: ignore[no-any-return]
            pattern.pattern, flags, code, parsed.state.groups - 1, groups, tuple(names)
        )
    except (AttributeError, IndexError, TypeError, ValueError, re.error):
        return None


def _uncased(
    items: list[tuple[object, object]], ignorecase: bool
) -> list[tuple[object, object]] | None:
    """Class items matching, case-sensitively, what ``items`` match under IGNORECASE: ASCII
    letters with all their partners, uncased characters and digits as they are; ``None`` for
    anything else (other letters, categories but ``\\d``, negation)."""
    if not ignorecase:
        return items
    partners = _ascii_case_partners()
    out: list[tuple[object, object]] = []
    for op, av in items:
        if op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            out.append((op, av))
            continue
        if op is _c.LITERAL:
            codes: Iterable[int] = [av]  # type: ignore[list-item]
        elif op is _c.RANGE:
            codes = range(av[0], av[1] + 1)  # type: ignore[index]
        else:
            return None
        for code in codes:
            ch = chr(code)
            if ch in partners:
                out += [(_c.LITERAL, ord(x)) for x in sorted(partners[ch])]
            elif _cased(code):
                return None
            else:
                out.append((_c.LITERAL, code))
    return out


@cache
def _ascii_case_partners() -> dict[str, frozenset[str]]:
    """Every character ``re`` matches each ASCII letter with under IGNORECASE (``k`` also
    matches the Kelvin sign, ``s`` the long s). Case partners of ASCII letters all lie in the
    Basic Multilingual Plane, which a test checks against the whole of Unicode."""
    found = re.findall("[a-z]", "".join(map(chr, range(0x10000))), re.IGNORECASE)
    return {
        letter: frozenset(x for x in found if re.fullmatch(letter, x, re.IGNORECASE))
        for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    }


def _search_from(
    first: re.Pattern[str], pattern: re.Pattern[str], text: str
) -> re.Match[str] | None:
    return next(_scan_from(first, pattern, text), None)


def _search_near(anchored: _Anchors, pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return next(_scan_near(anchored, pattern, text), None)


def _scan_from(
    first: re.Pattern[str], pattern: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    match = pattern.match
    end = 0
    for candidate in first.finditer(text):
        at = candidate.start()
        if at < end:
            continue  # inside the previous match: the search resumes where it ended
        hit = match(text, at)
        if hit is not None:
            yield hit
            end = hit.end()


def _engine_skips(items: list[tuple[object, object]], flags: int) -> bool:
    """Whether ``re`` itself skips to the pattern's first character: a literal, a class or an
    alternation of literals opens it, none of them a letter under IGNORECASE (the conditions of
    ``re._compiler``'s literal and charset prefixes). Only speed depends on this answer."""
    while items and items[0][0] is _c.SUBPATTERN and not any(items[0][1][1:3]):  # type: ignore[index]
        items = list(items[0][1][3])  # type: ignore[index]
    if not items:
        return False
    cased = _cased if flags & re.IGNORECASE else (lambda _code: False)
    op, av = items[0]
    if op is _c.LITERAL:
        return not cased(av)
    if op is _c.IN:
        return not any(sub_op is _c.LITERAL and cased(sub_av) for sub_op, sub_av in av)  # type: ignore[union-attr]
    return op is _c.BRANCH and all(
        b and b[0][0] is _c.LITERAL and not cased(b[0][1]) for b in av[1]  # type: ignore[index]
    )


def _cased(code: object) -> bool:
    ch = chr(code)  # type: ignore[arg-type]
    return ch.lower() != ch or ch.upper() != ch


_CLASS_ESCAPES = {_c.CATEGORY_DIGIT: (r"\d", 10)}  # classes narrow enough to scan for
# Wider ranges are too wide to scan for, except ASCII ones: [A-Z]{2,4}银行 (a bank's initials)
# opens with 26 letters, which are rare in a Chinese post.
_MAX_RANGE = 16


def _first(items: list[tuple[object, object]]) -> tuple[dict[str, int] | None, bool]:
    """What a match of this sequence can start with, as class fragments and how many
    characters each stands for (``None``: too many or unknown), and whether the sequence can
    match the empty string."""
    found: dict[str, int] = {}
    for op, av in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: the next item supplies the first character
        if op is _c.LITERAL:
            return found | {re.escape(chr(av)): 1}, False  # type: ignore[arg-type]
        if op is _c.IN:
            parts = _class_parts(av)  # type: ignore[arg-type]
            return (None if parts is None else found | parts), False
        if op is _c.SUBPATTERN:
            if any(av[1:3]):  # type: ignore[index]
                return None, False  # inline flags change what the characters match
            sub, nullable = _first(list(av[3]))  # type: ignore[index]
        elif op is _c.BRANCH:
            sub, nullable = {}, False
            for branch in av[1]:  # type: ignore[index]
                got, empty = _first(list(branch))
                if got is None:
                    return None, False
                sub |= got
                nullable = nullable or empty
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, body = av  # type: ignore[misc]
            sub, nullable = _first(list(body))
            nullable = nullable or low == 0
        else:
            return None, False
        if sub is None:
            return None, False
        found |= sub
        if not nullable:
            return found, False
    return found, True


def _class_parts(av: list[tuple[object, object]]) -> dict[str, int] | None:
    parts: dict[str, int] = {}
    for op, value in av:
        if op is _c.LITERAL:
            parts[re.escape(chr(value))] = 1  # type: ignore[arg-type]
        elif op is _c.RANGE and (value[1] - value[0] < _MAX_RANGE or value[1] < 0x80):  # type: ignore[index]
            lo, hi = value  # type: ignore[misc]
            parts[f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"] = hi - lo + 1
        elif op is _c.CATEGORY and value in _CLASS_ESCAPES:
            escape, size = _CLASS_ESCAPES[value]  # type: ignore[index]
            parts[escape] = size
        else:
            return None  # negation, wide ranges, other categories: too wide to scan for
    return parts


ALWAYS = -1
"""Screen id of a pattern group that cannot be screened: always run it."""


class LiteralIndex:
    """Screens for many pattern groups, answered for one text in a single pass.

    :meth:`add` registers a group of patterns and returns its screen id; :meth:`live` returns
    the ids of the groups that may match a text (one of their required literals occurs), so the
    checker tests ``id in live`` instead of running the group's regexes. All literals go into one
    Aho-Corasick automaton (ahocorasick-rs, a DFA over the text's UTF-8 bytes), which reports
    every occurrence, overlapping ones included, in one compiled pass over the text. (An automaton
    that looks a character up among the root's transitions one by one, as pyahocorasick's does,
    spent 0.3 µs a character on the root's 600 first characters.)
    """

    def __init__(self) -> None:
        self._screens: dict[str, set[int]] = {}
        # Whether some literals are lower-cased words: then the automaton runs over
        # fold_case(text), in which every caseless literal occurs exactly where it does in text.
        self._folds = False
        self._count = 0
        self._automaton: AhoCorasick | None = None
        self._values: list[frozenset[int]] = []  # the screens of the automaton's literals

    def add(self, patterns: Iterable[str]) -> int:
        """Register a pattern group (any of them matching counts); its screen id, or ``ALWAYS``
        when one of the patterns has no required literals, even with letters folded (or there
        are none). Patterns are taken as compiled with IGNORECASE, as the rulebook compiles them."""
        found: set[str] = set()
        for pattern in patterns:
            strings = required_literals(pattern)
            if _ASCII_LETTER_RE.search(pattern) is not None:
                # A phrase in English may leave only a space or a digit caseless; its folded
                # words screen far better.
                letters = required_literals(pattern, fold=True)
                if letters is not None and (
                    strings is None or min(map(len, letters)) > min(map(len, strings))
                ):
                    strings = letters
            if strings is None:
                return ALWAYS
            found |= strings
        if not found:
            return ALWAYS
        screen = self._count
        self._count += 1
        for s in found:
            self._screens.setdefault(s, set()).add(screen)
        self._folds = self._folds or any(_ASCII_LETTER_RE.search(s) for s in found)
        self._automaton = None
        return screen

    def live(self, text: str) -> set[int]:
        """Screen ids of the groups that may match ``text`` (``ALWAYS`` included)."""
        automaton = self._automaton
        if automaton is None:
            automaton = self._automaton = self._build()
        if automaton is None:
            return {ALWAYS}
        if self._folds:
            text = fold_case(text)
        # A common literal occurs many times in a long post (a hundred hits in 270 characters);
        # its frozenset of screens is unioned once.
        hits = automaton.find_matches_as_indexes(text, overlapping=True)
        return {ALWAYS}.union(*map(self._values.__getitem__, {i for i, _start, _end in hits}))

    def _build(self) -> AhoCorasick | None:
        if not self._screens:
            return None
        self._values = [frozenset(screens) for screens in self._screens.values()]
        return AhoCorasick(list(self._screens), implementation=Implementation.DFA)


_ASCII_LETTER_RE = re.compile("[A-Za-z]")
