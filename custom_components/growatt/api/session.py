"""What a client keeps across restarts, as data a caller can persist and bring back.

The legacy login session (cookies, user, lockout, the recent login attempts
the login guard counts) and, for a token, when each identical v1 request was
last sent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from http.cookies import Morsel
from typing import Any

import aiohttp
from yarl import URL

from .exceptions import GrowattConnectionError, GrowattParameterError

SESSION_FORMAT_VERSION = 1

# Growatt locks an account for 24 hours after about 20 logins within a day,
# and it counts every attempt, also those whose answer got lost, and those of
# the app and of any other client of the account. The client allows itself
# half of that, at most 10 attempts in any 24 hours, so the others keep room;
# and at most 3 in any 15 minutes, so that a setup that fails once or twice
# still logs in at once, while Home Assistant's setup retries (every 80 s at
# most) no longer spend a day's logins in 25 minutes. Successful attempts
# count too: Growatt counts them.
LOGIN_CAPS: tuple[tuple[timedelta, int], ...] = (
    (timedelta(minutes=15), 3),
    (timedelta(hours=24), 10),
)


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
    # When recent login attempts were sent (oldest first), for the login guard.
    login_attempts: list[datetime] = field(default_factory=list)

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
            "login_attempts": [moment.isoformat() for moment in self.login_attempts],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionState:
        """Read what `to_dict` wrote; GrowattParameterError when it is not that.

        Sessions stored before the login guard existed have no
        `login_attempts`: they read as none.
        """
        if data.get("version") != SESSION_FORMAT_VERSION:
            raise GrowattParameterError(
                f"Unknown session format {data.get('version')!r}"
            )
        cookies = data.get("cookies") or {}
        if not isinstance(cookies, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in cookies.items()
        ):
            raise GrowattParameterError("Session cookies must map names to values")
        attempts = data.get("login_attempts") or []
        if not isinstance(attempts, list):
            raise GrowattParameterError("Session login attempts must be a list")
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
                login_attempts=sorted(_moment(raw) for raw in attempts),
            )
        except (KeyError, ValueError) as err:
            raise GrowattParameterError(f"Not an exported session: {err}") from err


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _parse(raw: object) -> datetime | None:
    if raw is None:
        return None
    return _moment(raw)


def _moment(raw: object) -> datetime:
    moment = datetime.fromisoformat(str(raw))
    if moment.tzinfo is None:
        raise ValueError(f"{raw!r} has no time zone")
    return moment


def reached_server(err: GrowattConnectionError) -> bool:
    """Whether a request that failed may have reached the server.

    Only a connection that could not be opened (DNS, refused, TLS) proves
    that nothing was sent; a timeout or a dropped connection may have been
    counted by Growatt.
    """
    return not isinstance(err.__cause__, aiohttp.ClientConnectorError)


class LoginGuard:
    """Counts login attempts and says when the next may go, within `caps`.

    Each cap is (window, most attempts in any such window). The attempts are
    part of the exported session, so the count survives new clients of the
    same account (a setup retry) and restarts.
    """

    def __init__(self, caps: Iterable[tuple[timedelta, int]] = LOGIN_CAPS) -> None:
        """Start without attempts."""
        self.caps = tuple(caps)
        self._attempts: list[datetime] = []

    @property
    def horizon(self) -> timedelta:
        """The longest window: older attempts no longer matter."""
        return max((window for window, _ in self.caps), default=timedelta(0))

    def attempts(self, now: datetime) -> list[datetime]:
        """The attempts that still count, oldest first."""
        self._prune(now)
        return list(self._attempts)

    def next_allowed(self, now: datetime) -> datetime | None:
        """When the next login may be sent; None when it may be sent now."""
        self._prune(now)
        allowed: datetime | None = None
        for window, cap in self.caps:
            recent = [moment for moment in self._attempts if moment > now - window]
            if len(recent) < cap:
                continue
            # One more fits once all but cap - 1 of them have left the window.
            until = recent[len(recent) - cap] + window
            allowed = until if allowed is None else max(allowed, until)
        return allowed

    def record(self, moment: datetime) -> None:
        """Count an attempt sent at `moment`."""
        self._attempts.append(moment)
        self._attempts.sort()

    def discard(self, moment: datetime) -> None:
        """Uncount an attempt that never left the machine."""
        if moment in self._attempts:
            self._attempts.remove(moment)

    def merge(self, moments: Iterable[datetime]) -> None:
        """Add attempts another client of the account counted (an imported session).

        An attempt both know counts once: attempts at the same moment count as
        often as the side that knows more of them says.
        """
        merged = Counter(self._attempts) | Counter(moments)
        self._attempts = sorted(merged.elements())

    def _prune(self, now: datetime) -> None:
        horizon = now - self.horizon
        self._attempts = [moment for moment in self._attempts if moment > horizon]


def request_key(path: str, *parts: Mapping[str, object] | None) -> str:
    """An identical request's identity: the path and its sorted parameters."""
    merged: dict[str, str] = {}
    for part in parts:
        if part:
            merged.update(
                {key: str(value) for key, value in part.items() if value is not None}
            )
    query = "&".join(f"{key}={merged[key]}" for key in sorted(merged))
    return f"{path}?{query}"


def key_path(key: str) -> str:
    """The path of a `request_key`."""
    return key.partition("?")[0]


class RecentRequests:
    """When each identical v1 request was last sent, while its window lasts.

    Growatt answers an identical v1 request once per window (the path's
    entry in `windows`); an identical request within it gets 10012. The
    times are exported and imported, so a new client of the same token (a
    setup retry, a restart) knows them too.
    """

    def __init__(self, windows: Mapping[str, float], default: float) -> None:
        """Know each path's window; paths not in `windows` take `default`."""
        self.windows = windows
        self.default = default
        self._sent: dict[str, datetime] = {}
        # The answer of each read whose window still runs: what an identical
        # read gets instead of a request Growatt would refuse.
        self._answers: dict[str, Any] = {}

    def window(self, path: str) -> float:
        """Seconds within which Growatt refuses an identical request."""
        return self.windows.get(path, self.default)

    def wait(self, key: str, now: datetime) -> float:
        """Seconds before the request may be sent again; 0 when it may go now."""
        sent = self._sent.get(key)
        if sent is None:
            return 0.0
        left = self.window(key_path(key)) - (now - sent).total_seconds()
        return max(0.0, left)

    def record(self, key: str, moment: datetime) -> None:
        """Remember that the request was sent at `moment`."""
        self._prune(moment)
        self._sent[key] = moment
        self._answers.pop(key, None)

    def _prune(self, now: datetime) -> None:
        """Forget the requests whose window ended, and their answers.

        Requests asked once (a history import's days) would otherwise be
        kept for good.
        """
        self._sent = {
            key: sent for key, sent in self._sent.items() if self.wait(key, now) > 0
        }
        self._answers = {
            key: answer for key, answer in self._answers.items() if key in self._sent
        }

    def remember(self, key: str, answer: Any) -> None:
        """Keep the answer of the request sent last, for its window."""
        if key in self._sent:
            self._answers[key] = answer

    def answer(self, key: str, now: datetime) -> Any | None:
        """The answer of an identical read within its window; None if none is kept."""
        if self.wait(key, now) <= 0:
            self._answers.pop(key, None)
            return None
        return self._answers.get(key)

    def export_answers(self, now: datetime) -> dict[str, Any]:
        """The kept answers whose window still runs, by request."""
        return {
            key: answer
            for key, answer in sorted(self._answers.items())
            if self.wait(key, now) > 0
        }

    def load_answers(self, data: object) -> None:
        """Take back what `export_answers` wrote (after `load` of the times)."""
        if not isinstance(data, dict):
            return
        for key, answer in data.items():
            if str(key) in self._sent and str(key) not in self._answers:
                self._answers[str(key)] = answer

    def discard(self, key: str, moment: datetime) -> None:
        """Forget a request that never left the machine."""
        if self._sent.get(key) == moment:
            del self._sent[key]

    def export(self, now: datetime) -> dict[str, str]:
        """The requests whose window still runs, as ISO times by request."""
        self._prune(now)
        return {key: sent.isoformat() for key, sent in sorted(self._sent.items())}

    def load(self, data: object) -> None:
        """Merge what `export` wrote; GrowattParameterError when it is not that."""
        if not isinstance(data, dict):
            raise GrowattParameterError("Recent v1 requests must map requests to times")
        loaded: dict[str, datetime] = {}
        for key, raw in data.items():
            try:
                loaded[str(key)] = _moment(raw)
            except ValueError as err:
                raise GrowattParameterError(
                    f"Not an exported request time: {err}"
                ) from err
        for key, sent in loaded.items():
            if key not in self._sent or self._sent[key] < sent:
                self._sent[key] = sent


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
