"""The OpenAPI v1 client's core: token header, transport, the error codes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
import platform
from types import TracebackType
from typing import Any, Self

import aiohttp

from .const import (
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_SERVER_URL,
    V1_DEFAULT_RATE_WINDOW,
    V1_RATE_WINDOWS,
    V1ErrorCode,
)
from .exceptions import (
    GrowattApiError,
    GrowattAuthenticationError,
    GrowattParseError,
    GrowattRateLimitError,
)
from .transport import Clock, Params, RequestInfo, RequestStats, Transport, utc_now

# On the setting writes 10012 also means "device does not exist"; only the
# message tells it from the rate limit there.
_SET_PATHS = frozenset(
    {"tlxSet", "mixSet", "inverterSet", "storageSet", "maxSet", "spaSet"}
)
_RATE_LIMIT_MSG = "frequently"


def default_user_agent() -> str:
    """The v1 agent of growattServer: `Python/<ver> (<system> <release>; <machine>)`."""
    return (
        f"Python/{platform.python_version()} "
        f"({platform.system()} {platform.release()}; {platform.machine()})"
    )


class V1Session:
    """A token's transport and error mapping: what every v1 request goes through.

    Every URL is built from the current `server_url`, so changing it takes
    effect at once. Errors: 10011 GrowattAuthenticationError, 10012
    GrowattRateLimitError (with the endpoint's window as `retry_after`), other
    codes GrowattApiError.
    """

    server_url: str = DEFAULT_SERVER_URL

    def __init__(
        self,
        token: str,
        *,
        session: aiohttp.ClientSession | None = None,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        server_url: str | None = None,
        user_agent: str | None = None,
        clock: Clock = utc_now,
        on_request: Callable[[RequestInfo], None] | None = None,
    ) -> None:
        """Set up the client; `session` is used (and left open) when injected."""
        if server_url is not None:
            self.server_url = server_url
        self._clock = clock
        self._transport = Transport(
            api="v1",
            session=session,
            request_timeout=request_timeout,
            user_agent=user_agent or default_user_agent(),
            clock=clock,
            on_request=on_request,
            headers={"token": token},
        )

    async def __aenter__(self) -> Self:
        """Use the client as an async context manager."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the client's own session."""
        await self.close()

    async def close(self) -> None:
        """Close the aiohttp session if the client created it."""
        await self._transport.close()

    @property
    def api_url(self) -> str:
        """The v1 root below the current server."""
        return self.server_url + "v1/"

    @property
    def request_stats(self) -> RequestStats:
        """Requests counted by endpoint and by day."""
        return self._transport.stats

    @property
    def on_request(self) -> Callable[[RequestInfo], None] | None:
        """The hook called after every request."""
        return self._transport.on_request

    @on_request.setter
    def on_request(self, hook: Callable[[RequestInfo], None] | None) -> None:
        self._transport.on_request = hook

    def local_today(self) -> date:
        """Today in the machine's time zone, as growattServer computes it."""
        return self._clock().astimezone().date()

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        data: Params | None = None,
    ) -> Any:
        """Send one v1 request; its `data`, or the error its `error_code` means."""
        payload = await self._transport.request(
            method, self.server_url, "v1/" + path, params=params, data=data
        )
        if not isinstance(payload, dict) or "error_code" not in payload:
            raise GrowattParseError(f"Growatt's answer to v1/{path} has no error_code")
        try:
            code = int(payload["error_code"])
        except (TypeError, ValueError) as err:
            raise GrowattParseError(
                f"Growatt's answer to v1/{path} has an unreadable error_code"
            ) from err
        if code == V1ErrorCode.SUCCESS:
            return payload.get("data")
        msg = str(payload.get("error_msg") or "")
        if code == V1ErrorCode.NO_PRIVILEGE:
            raise GrowattAuthenticationError(
                f"Growatt refused the token for v1/{path} ({msg or code}): check the "
                "token, the server region and that the device belongs to the account"
            )
        if code == V1ErrorCode.RATE_LIMITED and (
            path not in _SET_PATHS or _RATE_LIMIT_MSG in msg
        ):
            window = V1_RATE_WINDOWS.get(path, V1_DEFAULT_RATE_WINDOW)
            raise GrowattRateLimitError(
                f"Growatt rate-limited v1/{path}: wait {window:g} s before asking again",
                retry_after=window,
            )
        raise GrowattApiError(
            f"Growatt reported error {code} for v1/{path}: {msg}",
            code=code,
            error_msg=msg,
        )
