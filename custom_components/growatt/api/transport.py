"""The one request path both clients share: timeout, User-Agent, parsing, errors, accounting."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
import json
import logging
import time
from typing import Any, Literal

import aiohttp

from .exceptions import (
    GrowattBlockedError,
    GrowattConnectionError,
    GrowattError,
    GrowattParseError,
    GrowattResponseError,
    GrowattSessionExpiredError,
    GrowattTimeoutError,
)

_LOGGER = logging.getLogger(__name__)

type Api = Literal["legacy", "v1"]
type Clock = Callable[[], datetime]
type Params = Mapping[str, object]

# Markers of the page Growatt serves instead of JSON when the session is gone
# ("Dear user, you have not login to the system"), of the login page it may
# redirect to, and of the web API's error redirect.
_LOGIN_MARKERS = (
    "have not login",
    'id="login"',
    'data-name="login"',
    "errorNoLogin",
    "login.do",
)
_BLOCKED_STATUSES = (403, 405)


def utc_now() -> datetime:
    """The default clock: now, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """One request as the `on_request` hook sees it."""

    api: Api
    method: str
    endpoint: str  # path below the server root, e.g. "newTlxApi.do", "v1/plant/list"
    op: str | None  # the legacy `op`/`action` the server dispatches on
    status: int | None  # HTTP status, None when no answer came
    duration: float  # seconds
    error: str | None  # name of the error raised, None on success
    time: datetime  # when the request started (client clock)

    @property
    def name(self) -> str:
        """The endpoint the counters use: path plus op."""
        return self.endpoint if self.op is None else f"{self.endpoint}?op={self.op}"


@dataclass
class RequestStats:
    """Requests counted by endpoint, by day (UTC) and by both."""

    by_endpoint: Counter[str] = field(default_factory=Counter)
    by_day: Counter[str] = field(default_factory=Counter)
    by_day_and_endpoint: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """Every request so far."""
        return sum(self.by_day.values())

    def record(self, info: RequestInfo) -> None:
        """Count one request."""
        day = info.time.astimezone(UTC).date().isoformat()
        self.by_endpoint[info.name] += 1
        self.by_day[day] += 1
        self.by_day_and_endpoint[day, info.name] += 1

    def count(self, day: str, endpoint: str | None = None) -> int:
        """Requests of one day (ISO date), optionally of one endpoint only."""
        if endpoint is None:
            return self.by_day[day]
        return self.by_day_and_endpoint[day, endpoint]


def clean(params: Params | None) -> dict[str, str] | None:
    """Drop None values (aiohttp rejects them, requests silently drops them); stringify."""
    if params is None:
        return None
    return {key: str(value) for key, value in params.items() if value is not None}


def _looks_like_html(text: str) -> bool:
    return text.lstrip().startswith("<")


def _is_login_page(text: str) -> bool:
    return any(marker in text for marker in _LOGIN_MARKERS)


class Transport:
    """Sends requests for one client; owns its aiohttp session only if none was injected."""

    def __init__(
        self,
        *,
        api: Api,
        session: aiohttp.ClientSession | None,
        request_timeout: float,
        user_agent: str,
        clock: Clock,
        on_request: Callable[[RequestInfo], None] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Set up; the session is created lazily, inside the event loop."""
        self.api: Api = api
        self.request_timeout = request_timeout
        self.user_agent = user_agent
        self.clock = clock
        self.on_request = on_request
        self.headers = dict(headers or {})
        self.stats = RequestStats()
        self._session = session
        self._owns_session = session is None

    @property
    def session(self) -> aiohttp.ClientSession:
        """The aiohttp session, created on first use when none was injected."""
        if self._session is None:
            # An unsafe jar keeps cookies of IP-address hosts (test servers).
            self._session = aiohttp.ClientSession(
                cookie_jar=aiohttp.CookieJar(unsafe=True)
            )
        return self._session

    async def close(self) -> None:
        """Close the session if this transport created it."""
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def request(
        self,
        method: str,
        base_url: str,
        endpoint: str,
        *,
        op: str | None = None,
        params: Params | None = None,
        data: Params | aiohttp.FormData | None = None,
        allow_redirects: bool = True,
        expect: Literal["json", "html"] = "json",
    ) -> Any:
        """Send one request; the parsed JSON (or the HTML text when `expect="html"`)."""
        if isinstance(data, aiohttp.FormData):
            body: dict[str, str] | aiohttp.FormData | None = data
        else:
            body = clean(data)
        headers = {**self.headers, "User-Agent": self.user_agent}
        started_at = self.clock()
        started = time.monotonic()
        status: int | None = None
        error: str | None = None
        try:
            try:
                async with (
                    asyncio.timeout(self.request_timeout),
                    self.session.request(
                        method,
                        base_url + endpoint,
                        params=clean(params),
                        data=body,
                        headers=headers,
                        allow_redirects=allow_redirects,
                    ) as response,
                ):
                    status = response.status
                    text = await response.text(errors="replace")
            except TimeoutError as err:
                raise GrowattTimeoutError(
                    f"Growatt did not answer {endpoint} within {self.request_timeout} s"
                ) from err
            except aiohttp.ClientError as err:
                raise GrowattConnectionError(
                    f"Cannot reach Growatt at {base_url}: {type(err).__name__}"
                ) from err
            return self._parse(endpoint, status, text, expect)
        except GrowattError as err:
            error = type(err).__name__
            raise
        finally:
            self._account(
                RequestInfo(
                    api=self.api,
                    method=method,
                    endpoint=endpoint,
                    op=op,
                    status=status,
                    duration=time.monotonic() - started,
                    error=error,
                    time=started_at,
                )
            )

    def _parse(
        self, endpoint: str, status: int, text: str, expect: Literal["json", "html"]
    ) -> Any:
        """Map Growatt's ways of failing to errors; parse JSON from text."""
        if status in _BLOCKED_STATUSES:
            raise GrowattBlockedError(
                f"Growatt's edge refused {endpoint} with HTTP {status}: the "
                "User-Agent is blocked; configure another one",
                status=status,
            )
        legacy = self.api == "legacy"
        if legacy and 300 <= status < 400:
            # Legacy list endpoints are fetched without following redirects:
            # an expired session redirects to the login or error page.
            raise GrowattSessionExpiredError(
                f"Growatt redirected {endpoint}: the session has expired",
                status=status,
            )
        if _looks_like_html(text):
            if legacy and _is_login_page(text):
                raise GrowattSessionExpiredError(
                    f"Growatt answered {endpoint} with its login page: the session has expired",
                    status=status,
                )
            if status >= 400:
                raise GrowattResponseError(
                    f"Growatt answered {endpoint} with HTTP {status}", status=status
                )
            if expect == "html":
                return text
            if legacy:
                # An HTML page where JSON belongs is how an ended session shows.
                raise GrowattSessionExpiredError(
                    f"Growatt answered {endpoint} with HTML: the session has expired",
                    status=status,
                )
            raise GrowattResponseError(
                f"Growatt answered {endpoint} with HTML instead of JSON", status=status
            )
        if status >= 400:
            raise GrowattResponseError(
                f"Growatt answered {endpoint} with HTTP {status}", status=status
            )
        if expect == "html":
            return text
        try:
            return json.loads(text)
        except ValueError as err:
            raise GrowattParseError(
                f"Growatt answered {endpoint} with a body that is not JSON"
            ) from err

    def _account(self, info: RequestInfo) -> None:
        """Count the request, log it without secrets, tell the hook."""
        self.stats.record(info)
        _LOGGER.debug(
            "%s %s %s -> %s in %.3f s%s",
            info.method,
            info.name,
            self.api,
            info.status,
            info.duration,
            f" ({info.error})" if info.error else "",
        )
        if self.on_request is not None:
            try:
                self.on_request(info)
            except Exception:
                _LOGGER.exception("The on_request hook failed for %s", info.name)
