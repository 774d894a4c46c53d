"""The HTTP side of ``openwatch verify``: fetch claims' links, read their text, find archived copies.

A layer-3 package beside store/, render/ and exchange/: it imports core and
none of them. httpx, trafilatura and pypdf are imported inside functions, so
importing this package costs nothing until a check runs.
"""

from openwatch.fetch.archive import ArchiveEndpoints, ArchiveMode
from openwatch.fetch.checker import check_links
from openwatch.fetch.settings import USER_AGENT, CheckTarget, FetchSettings

__all__ = ["USER_AGENT", "ArchiveEndpoints", "ArchiveMode", "CheckTarget", "FetchSettings", "check_links"]
