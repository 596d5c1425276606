"""Tracking codes, journeys/touchpoints and holdout designs: tables on the store's shared metadata.

Declared here, next to the code that uses them; ``redfunnel.store.schema`` imports this module so
that migrations and tests see every table. Schema changes go into migration
``store/migrations/versions/*_funnel.py``.
"""

from __future__ import annotations
