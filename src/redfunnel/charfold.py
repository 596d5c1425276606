"""Character-for-character folding of Chinese text: full-width forms to ASCII and traditional
characters to simplified ones.

Detectors that must point at the characters they found (the compliance checker's spans, the
masker's offsets) can only fold one character into one character, so offsets stay those of the
original text. Traditional characters come from Hong Kong, Macau and Taiwan customers and from
staff who type in Cantonese (大額存單係存款, 麻煩你send張信用卡嘅相俾我); folded, the rules written
in simplified Chinese read them too. The traditional-to-simplified table is OpenCC's own
(``t2s``), taken one character at a time, so words are never rewritten into other words.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["fold_fullwidth", "fold_traditional", "replace_chars"]

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULLWIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")
# The CJK blocks whose traditional forms OpenCC knows (basic and extension A).
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def replace_chars(text: str, found: re.Pattern[str], table: dict[int, int | str]) -> str:
    """``text.translate(table)`` where ``found`` matches exactly the table's characters and no
    replacement is itself a key, done as one ``str.replace`` per distinct character present.

    A translate with a table costs a dictionary lookup per character and a ``re.sub`` with a
    callback a Python call per match; Chinese text has many full-width commas but few kinds of
    character to fold, and ``str.replace`` is a C loop.
    """
    for char in set(found.findall(text)):
        new = table[ord(char)]
        text = text.replace(char, new if isinstance(new, str) else chr(new))
    return text


def fold_fullwidth(text: str) -> str:
    """Full-width forms folded to ASCII, character for character."""
    if text.isascii():
        return text
    return replace_chars(text, _FULLWIDTH_RE, _FULLWIDTH)


def fold_traditional(text: str) -> str:
    """Traditional Chinese characters replaced by their simplified forms, character for
    character (大額存單 → 大额存单); everything else is kept as written."""
    if text.isascii():
        return text
    table, pattern = traditional_table()
    return replace_chars(text, pattern, table)


@cache
def traditional_table() -> tuple[dict[int, str], re.Pattern[str]]:
    """OpenCC's single-character traditional-to-simplified mappings, and a pattern matching any
    of their keys. Built once per process from OpenCC's bundled dictionaries (about 60 ms)."""
    import opencc

    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1)]
    # One character per line: OpenCC converts phrases, and neighbours must not form one.
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        raise RuntimeError("OpenCC t2s changed the number of lines; cannot build a 1:1 table")
    table = {ord(t): s for t, s in zip(chars, converted, strict=True) if s != t and len(s) == 1}
    # No simplified form may itself be folded again (replace_chars applies keys in any order).
    table = {k: v for k, v in table.items() if ord(v) not in table}
    pattern = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(table)) + "]")
    return table, pattern
