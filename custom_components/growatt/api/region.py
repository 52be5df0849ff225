"""Finding the server of an account: the regions are tried in order with a login."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

from .const import DEFAULT_REQUEST_TIMEOUT, REGIONS
from .exceptions import (
    GrowattAccountLockedError,
    GrowattAuthenticationError,
    GrowattBlockedError,
    GrowattConnectionError,
    GrowattError,
)
from .legacy import GrowattApi


@dataclass(frozen=True, slots=True)
class DiscoveredRegion:
    """Where the account lives, and the session its successful login opened."""

    region: str
    server_url: str
    session: dict[str, Any]  # export_session() of the login, for import_session()


async def discover_region(
    username: str,
    password: str,
    *,
    regions: Mapping[str, str] = REGIONS,
    session: aiohttp.ClientSession | None = None,
    add_random_user_id: bool = False,
    agent_identifier: str | None = None,
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
) -> DiscoveredRegion:
    """Log in on each region's server in turn; the first that accepts the account wins.

    Growatt offers no lookup of an account's server, and accounts are bound
    to one region: the others refuse the login as if the password were wrong.
    Raises GrowattAuthenticationError when every server that answered refused,
    GrowattConnectionError when none answered, and at once
    GrowattAccountLockedError or GrowattBlockedError, which another server
    cannot cure.
    """
    refused = False
    failed: list[str] = []
    for region, server_url in regions.items():
        async with GrowattApi(
            add_random_user_id,
            agent_identifier,
            session=session,
            request_timeout=request_timeout,
            server_url=server_url,
        ) as api:
            try:
                await api.login(username, password)
            except (GrowattAccountLockedError, GrowattBlockedError):
                raise
            except GrowattAuthenticationError:
                refused = True
                continue
            except GrowattError:
                failed.append(region)
                continue
            return DiscoveredRegion(
                region=region, server_url=server_url, session=api.export_session()
            )
    if refused or not failed:
        raise GrowattAuthenticationError(
            "No Growatt server accepted the account: check the user name and password"
        )
    raise GrowattConnectionError(
        "No Growatt server could be asked (" + ", ".join(failed) + "); retry later"
    )
