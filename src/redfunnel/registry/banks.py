"""The built-in registry of Chinese banks.

The registry is data (``banks.csv``) rather than code so that the new-media team can review
it like any other table and so that a later user-maintained registry can share the format.
It is read through :mod:`importlib.resources` so that it works from an installed wheel as
well as from a source checkout.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

CATEGORIES: tuple[str, ...] = ("国有大行", "股份制", "城商行", "农商行", "民营", "外资", "其他")
"""Institution categories, in the order reports list them (regulatory size, then the rest)."""

HEADER: tuple[str, ...] = ("name", "short_name", "category", "region", "aliases")
ALIAS_SEPARATOR = "|"
REGISTRY_FILE = "banks.csv"


@dataclass(frozen=True)
class Institution:
    """A bank as the industry names it.

    ``region`` is the home province or municipality of a regionally licensed bank and
    ``None`` for banks licensed nationwide (国有大行, 股份制, 外资, policy banks), because
    for those a "home region" would wrongly suggest a regional peer group.
    """

    name: str
    short_name: str
    category: str
    region: str | None
    aliases: tuple[str, ...]

    @property
    def all_names(self) -> tuple[str, ...]:
        """Official name, short name and aliases without repeats: everything a matcher may find."""
        return tuple(dict.fromkeys((self.name, self.short_name, *self.aliases)))


class RegistryError(ValueError):
    """A registry file that cannot be trusted; the message names the file, row and field."""


def parse_registry(text: str, source: str = REGISTRY_FILE) -> tuple[Institution, ...]:
    """Parse registry CSV text, rejecting the whole file on the first bad row.

    All-or-nothing matters here: a half-loaded registry would silently leave accounts
    unmatched or, worse, matched to the wrong bank.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = tuple(cell.strip() for cell in next(reader, ()))
    if header != HEADER:
        raise RegistryError(f"文件 {source} 第 1 行：表头应为 {','.join(HEADER)}，实际为 {','.join(header)}")
    institutions: list[Institution] = []
    seen: set[str] = set()
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise RegistryError(f"文件 {source} 第 {line_no} 行：应有 {len(HEADER)} 列，实际 {len(row)} 列")
        name, short_name, category, region, aliases = (cell.strip() for cell in row)
        if not name:
            raise RegistryError(f"文件 {source} 第 {line_no} 行 字段 name：不能为空")
        if not short_name:
            raise RegistryError(f"文件 {source} 第 {line_no} 行 字段 short_name：不能为空")
        if category not in CATEGORIES:
            raise RegistryError(
                f"文件 {source} 第 {line_no} 行 字段 category：未知类别 {category!r}，"
                f"应为 {'、'.join(CATEGORIES)} 之一"
            )
        if name in seen:
            raise RegistryError(f"文件 {source} 第 {line_no} 行 字段 name：机构 {name} 重复")
        seen.add(name)
        alias_list = tuple(a.strip() for a in aliases.split(ALIAS_SEPARATOR) if a.strip())
        institutions.append(Institution(name, short_name, category, region or None, alias_list))
    return tuple(institutions)


@cache
def load_registry() -> tuple[Institution, ...]:
    """The built-in registry, parsed once per process."""
    text = files(__package__).joinpath(REGISTRY_FILE).read_text(encoding="utf-8")
    return parse_registry(text)
