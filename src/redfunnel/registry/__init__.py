"""Built-in registry of Chinese banks and the matcher from account names to institutions."""

from .banks import CATEGORIES, Institution, RegistryError, load_registry, parse_registry
from .match import (
    LOW_CONFIDENCE,
    ROLES,
    Match,
    Matcher,
    default_matcher,
    infer_region,
    infer_role,
    normalize_name,
)

__all__ = [
    "CATEGORIES",
    "LOW_CONFIDENCE",
    "ROLES",
    "Institution",
    "Match",
    "Matcher",
    "RegistryError",
    "default_matcher",
    "infer_region",
    "infer_role",
    "load_registry",
    "normalize_name",
    "parse_registry",
]
