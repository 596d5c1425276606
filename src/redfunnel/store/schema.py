"""The whole schema: the canonical tables plus every domain's own tables.

Import ``metadata`` from here (not from ``store.models``) wherever the complete schema matters:
migrations, schema tests, table creation in benchmarks.
"""

from __future__ import annotations

from redfunnel.compliance import models as _compliance  # noqa: F401
from redfunnel.content import models as _content  # noqa: F401
from redfunnel.funnel import models as _funnel  # noqa: F401
from redfunnel.inbox import models as _inbox  # noqa: F401
from redfunnel.store.models import Base
from redfunnel.web import models as _web  # noqa: F401

metadata = Base.metadata

__all__ = ["Base", "metadata"]
