"""The legacy login session as data a caller can persist and bring back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from http.cookies import Morsel
from typing import Any

import aiohttp
from yarl import URL

from .exceptions import GrowattParameterError

SESSION_FORMAT_VERSION = 1


@dataclass
class SessionState:
    """What survives a restart: cookies, the user, and the lockout.

    The password never is part of it.
    """

    server_url: str
    username: str | None = None
    user_id: int | str | None = None
    user_level: int | str | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    created_at: datetime | None = None  # the login that opened the session
    expires_at: datetime | None = (
        None  # earliest cookie expiry, when the server set one
    )
    locked_until: datetime | None = None  # no login before this moment

    @property
    def logged_in(self) -> bool:
        """Whether the state holds a session to reuse."""
        return bool(self.cookies) and self.user_id is not None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return {
            "version": SESSION_FORMAT_VERSION,
            "server_url": self.server_url,
            "username": self.username,
            "user_id": self.user_id,
            "user_level": self.user_level,
            "cookies": dict(self.cookies),
            "created_at": _iso(self.created_at),
            "expires_at": _iso(self.expires_at),
            "locked_until": _iso(self.locked_until),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionState:
        """Read what `to_dict` wrote; GrowattParameterError when it is not that."""
        if data.get("version") != SESSION_FORMAT_VERSION:
            raise GrowattParameterError(
                f"Unknown session format {data.get('version')!r}"
            )
        cookies = data.get("cookies") or {}
        if not isinstance(cookies, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in cookies.items()
        ):
            raise GrowattParameterError("Session cookies must map names to values")
        try:
            return cls(
                server_url=str(data["server_url"]),
                username=data.get("username"),
                user_id=data.get("user_id"),
                user_level=data.get("user_level"),
                cookies=cookies,
                created_at=_parse(data.get("created_at")),
                expires_at=_parse(data.get("expires_at")),
                locked_until=_parse(data.get("locked_until")),
            )
        except (KeyError, ValueError) as err:
            raise GrowattParameterError(f"Not an exported session: {err}") from err


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _parse(raw: object) -> datetime | None:
    if raw is None:
        return None
    moment = datetime.fromisoformat(str(raw))
    if moment.tzinfo is None:
        raise ValueError(f"{raw!r} has no time zone")
    return moment


def jar_cookies(jar: aiohttp.abc.AbstractCookieJar, server_url: str) -> dict[str, str]:
    """The cookies the jar would send to the server."""
    return {
        name: morsel.value
        for name, morsel in jar.filter_cookies(URL(server_url)).items()
    }


def cookie_expiry(
    jar: aiohttp.abc.AbstractCookieJar, server_url: str
) -> datetime | None:
    """The earliest expiry among the server's cookies, if any carries one."""
    expiries: list[datetime] = []
    url = URL(server_url)
    for morsel in jar:
        if not _matches(morsel, url):
            continue
        raw = morsel["expires"]
        if raw:
            try:
                expiries.append(_cookie_date(raw))
            except ValueError:
                continue
    return min(expiries, default=None)


def _matches(morsel: Morsel[str], url: URL) -> bool:
    domain = morsel["domain"].lstrip(".")
    host = url.raw_host or ""
    return not domain or host == domain or host.endswith("." + domain)


def _cookie_date(raw: str) -> datetime:
    # Cookies carry RFC 1123 dates ("Wed, 21 Oct 2026 07:28:00 GMT").
    return parsedate_to_datetime(raw)


def load_cookies(
    jar: aiohttp.abc.AbstractCookieJar, server_url: str, cookies: dict[str, str]
) -> None:
    """Put exported cookies back into a jar, as if the server had set them."""
    jar.update_cookies(cookies, response_url=URL(server_url))
