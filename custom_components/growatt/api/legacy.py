"""`GrowattApi`: the legacy ShinePhone API, async, with growattServer's method names."""

from __future__ import annotations

from .legacy_base import hash_password
from .legacy_writes import LegacyWritesMixin


class GrowattApi(LegacyWritesMixin):
    """The legacy ShinePhone API of the Growatt cloud.

    Methods carry growattServer's names and arguments and return what it
    returns, as coroutines; failures raise the errors of `exceptions`.
    `GrowattApi()` sends growattServer's User-Agent, `GrowattApi(True)` adds a
    random id to it, `GrowattApi(False, "my_agent")` replaces it. Keyword
    arguments: `session` (an aiohttp session whose cookie jar holds the login),
    `request_timeout`, `server_url`, `clock`, `on_request`.
    """


__all__ = ["GrowattApi", "hash_password"]
