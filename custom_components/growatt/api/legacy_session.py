"""The legacy ShinePhone client's core: login, the cookie session, its renewal, envelopes.

Every login, also the automatic one when the session expires, passes the
login guard (`session.LoginGuard`): attempts are counted when sent, also those
whose answer is lost, and beyond the cap none is sent (GrowattLoginPausedError).

Every legacy endpoint is a function of a `LegacySession` (`legacy_plant`,
`legacy_devices`, `legacy_writes`); `GrowattApi` and the account build on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
import hashlib
import secrets
from types import TracebackType
from typing import Any, Literal, Self

import aiohttp

from .const import (
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_SERVER_URL,
    DEFAULT_USER_AGENT,
    Timespan,
)
from .exceptions import (
    GrowattAccountLockedError,
    GrowattApiError,
    GrowattAuthenticationError,
    GrowattConnectionError,
    GrowattLoginPausedError,
    GrowattParseError,
    GrowattResponseError,
    GrowattSessionExpiredError,
)
from .session import (
    LOGIN_CAPS,
    LoginGuard,
    SessionState,
    cookie_expiry,
    jar_cookies,
    load_cookies,
    reached_server,
)
from .transport import Clock, Params, RequestInfo, RequestStats, Transport, utc_now

LOGIN_ENDPOINT = "newTwoLoginAPI.do"
# Login failure codes: 502 wrong credentials or wrong region, 501 a generic
# refusal also seen for a wrong password, 507 the 24-hour lockout.
AUTH_FAILURE_MSGS = frozenset({"501", "502"})
LOCKED_MSG = "507"
DEFAULT_LOCK_HOURS = 24


def hash_password(password: str) -> str:
    """Growatt's login hash: MD5 hex with every '0' at an even index turned into 'c'."""
    digest = hashlib.md5(password.encode("utf-8")).hexdigest()  # noqa: S324
    return "".join(
        "c" if index % 2 == 0 and char == "0" else char
        for index, char in enumerate(digest)
    )


def _failure_message(payload: Mapping[str, Any]) -> tuple[str, str]:
    """The `msg` code and the most readable text of a failure body."""
    msg = str(payload.get("msg") or "")
    text = str(payload.get("error") or msg or "unknown error")
    return msg, text


class LegacySession:
    """A ShinePhone account's transport, login, cookie session and answer envelopes."""

    server_url: str = DEFAULT_SERVER_URL
    agent_identifier: str = DEFAULT_USER_AGENT
    # After an automatic re-login, another expiry within this many seconds is not
    # answered with yet another login: logins are what gets an account locked.
    relogin_cooldown: float = 60.0
    # At most so many login attempts per window (see `session.LOGIN_CAPS`);
    # an empty tuple turns the login guard off.
    login_caps: tuple[tuple[timedelta, int], ...] = LOGIN_CAPS

    def __init__(
        self,
        add_random_user_id: bool = False,
        agent_identifier: str | None = None,
        *,
        session: aiohttp.ClientSession | None = None,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        server_url: str | None = None,
        clock: Clock = utc_now,
        on_request: Callable[[RequestInfo], None] | None = None,
    ) -> None:
        """Set up the client; `session` is used (and left open) when injected."""
        user_agent = (
            agent_identifier if agent_identifier is not None else DEFAULT_USER_AGENT
        )
        if add_random_user_id:
            user_agent += " - " + "".join(str(secrets.randbelow(10)) for _ in range(5))
        self.agent_identifier = user_agent
        if server_url is not None:
            self.server_url = server_url
        self._clock = clock
        self._transport = Transport(
            api="legacy",
            session=session,
            request_timeout=request_timeout,
            user_agent=user_agent,
            clock=clock,
            on_request=on_request,
        )
        self.user_id: int | str | None = None
        self.user_level: int | str | None = None
        self._username: str | None = None
        self._password_hash: str | None = None
        self._created_at: datetime | None = None
        self._locked_until: datetime | None = None
        self._login_guard = LoginGuard(self.login_caps)
        self._generation = 0
        # The generation whose session Growatt reported expired, until a login.
        self._expired_generation: int | None = None
        self._renewal: asyncio.Task[None] | None = None
        self._last_renewal: datetime | None = None

    # -- lifecycle --------------------------------------------------------------

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
    def request_timeout(self) -> float:
        """Seconds a request may take."""
        return self._transport.request_timeout

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

    def now(self) -> datetime:
        """The client's clock (UTC)."""
        return self._clock()

    def date_string(
        self, timespan: Timespan | int | None = None, date: datetime | None = None
    ) -> str:
        """A request date: month charts take "YYYY-MM", year/total "YYYY", others a day."""
        moment = date if date is not None else self._clock()
        if timespan == Timespan.month:
            return moment.strftime("%Y-%m")
        if timespan in (Timespan.year, Timespan.total):
            return moment.strftime("%Y")
        return moment.strftime("%Y-%m-%d")

    @property
    def locked_until(self) -> datetime | None:
        """When Growatt's login lock ends, while it lasts."""
        if self._locked_until is not None and self._clock() >= self._locked_until:
            self._locked_until = None
        return self._locked_until

    @property
    def login_paused_until(self) -> datetime | None:
        """When the login guard lets the next login go; None while it may go now."""
        return self._login_guard.next_allowed(self._clock())

    @property
    def login_needed(self) -> bool:
        """Whether requests need a login first: no session, or one Growatt ended."""
        return self.user_id is None or self._expired_generation == self._generation

    # -- login and session ------------------------------------------------------

    async def login(
        self, username: str, password: str, is_password_hashed: bool = False
    ) -> dict[str, Any]:
        """Log in; the `back` object of the answer plus `userId` and `userLevel`.

        Raises GrowattAuthenticationError (wrong credentials or region),
        GrowattAccountLockedError (too many logins; no request is sent until the
        lock ends), GrowattLoginPausedError (the login guard's cap of attempts
        is reached; nothing is sent), GrowattApiError for other refusals.
        """
        password_hash = password if is_password_hashed else hash_password(password)
        return await self._login(username, password_hash)

    def set_credentials(
        self, username: str, password: str, is_password_hashed: bool = False
    ) -> None:
        """Remember credentials for renewing an imported session, without logging in."""
        self._username = username
        self._password_hash = (
            password if is_password_hashed else hash_password(password)
        )

    async def _login(self, username: str, password_hash: str) -> dict[str, Any]:
        locked_until = self.locked_until
        if locked_until is not None:
            raise GrowattAccountLockedError(
                f"Growatt locked the account until {locked_until.isoformat()}; "
                "not logging in before then",
                unlock_at=locked_until,
            )
        retry_at = self.login_paused_until
        if retry_at is not None:
            raise GrowattLoginPausedError(
                f"{len(self._login_guard.attempts(self._clock()))} login attempts "
                "went out recently; not logging in again before "
                f"{retry_at.isoformat()}, to stay clear of Growatt's lockout",
                retry_at=retry_at,
            )
        # Counted before it is sent: Growatt counts an attempt whose answer
        # is lost (a timeout, a garbled body) all the same.
        attempt = self._clock()
        self._login_guard.record(attempt)
        try:
            payload = await self._send(
                "POST",
                LOGIN_ENDPOINT,
                data={"userName": username, "password": password_hash},
            )
        except GrowattConnectionError as err:
            if not reached_server(err):
                self._login_guard.discard(attempt)
            raise
        except GrowattSessionExpiredError as err:
            raise GrowattResponseError(
                "Growatt answered the login with an HTML page", status=err.status
            ) from err
        back = payload.get("back") if isinstance(payload, dict) else None
        if not isinstance(back, dict):
            raise GrowattParseError("Growatt's login answer has no `back` object")
        if not back.get("success"):
            self._raise_login_failure(back)
        user = back.get("user")
        if not isinstance(user, dict) or "id" not in user:
            raise GrowattParseError("Growatt's login answer has no user id")
        back.update({"userId": user["id"], "userLevel": user.get("rightlevel")})
        self._username = username
        self._password_hash = password_hash
        self.user_id = user["id"]
        self.user_level = user.get("rightlevel")
        self._created_at = self._clock()
        self._locked_until = None
        self._generation += 1
        return back

    def _raise_login_failure(self, back: Mapping[str, Any]) -> None:
        msg, text = _failure_message(back)
        if msg == LOCKED_MSG:
            try:
                hours = float(back.get("lockDuration") or DEFAULT_LOCK_HOURS)
            except (TypeError, ValueError):
                hours = DEFAULT_LOCK_HOURS
            self._locked_until = self._clock() + timedelta(hours=hours)
            raise GrowattAccountLockedError(
                f"Growatt locked the account ({text}); wait until "
                f"{self._locked_until.isoformat()} before logging in again",
                unlock_at=self._locked_until,
            )
        if msg in AUTH_FAILURE_MSGS:
            raise GrowattAuthenticationError(
                f"Growatt refused the login ({msg}): check the user name, the "
                "password and the server region"
            )
        raise GrowattApiError(
            f"Growatt refused the login: {text}", code=msg or None, error_msg=text
        )

    def export_session(self) -> dict[str, Any]:
        """The session (cookies, user, lockout, login attempts) as a JSON-able dict.

        Without the password.
        """
        jar = self._transport.session.cookie_jar
        return SessionState(
            server_url=self.server_url,
            username=self._username,
            user_id=self.user_id,
            user_level=self.user_level,
            cookies=jar_cookies(jar, self.server_url),
            created_at=self._created_at,
            expires_at=cookie_expiry(jar, self.server_url),
            locked_until=self.locked_until,
            login_attempts=self._login_guard.attempts(self._clock()),
        ).to_dict()

    def import_session(self, data: dict[str, Any]) -> None:
        """Resume an exported session: later calls skip the login.

        Renewing it when it expires needs `set_credentials` (or a `login`).
        """
        state = SessionState.from_dict(data)
        self.server_url = state.server_url
        if state.username is not None and state.username != self._username:
            self._username = state.username
            self._password_hash = None
        self.user_id = state.user_id
        self.user_level = state.user_level
        self._created_at = state.created_at
        self._locked_until = state.locked_until
        # Attempts another client of the account counted still count here.
        self._login_guard.merge(state.login_attempts)
        load_cookies(self._transport.session.cookie_jar, self.server_url, state.cookies)
        self._generation += 1

    # -- requests ---------------------------------------------------------------

    async def _send(
        self,
        method: str,
        endpoint: str,
        *,
        op: str | None = None,
        params: Params | None = None,
        data: Params | aiohttp.FormData | None = None,
        allow_redirects: bool = True,
        expect: Literal["json", "html"] = "json",
    ) -> Any:
        return await self._transport.request(
            method,
            self.server_url,
            endpoint,
            op=op,
            params=params,
            data=data,
            allow_redirects=allow_redirects,
            expect=expect,
        )

    async def request(
        self,
        method: str,
        endpoint: str,
        *,
        op: str | None = None,
        params: Params | None = None,
        data: Params | aiohttp.FormData | None = None,
        allow_redirects: bool = True,
        expect: Literal["json", "html"] = "json",
    ) -> Any:
        """Send a request; on an expired session log in once (shared) and retry once."""
        generation = self._generation
        try:
            answer = await self._send(
                method,
                endpoint,
                op=op,
                params=params,
                data=data,
                allow_redirects=allow_redirects,
                expect=expect,
            )
        except GrowattSessionExpiredError as err:
            self._expired_generation = generation
            if self._username is None or self._password_hash is None:
                raise GrowattSessionExpiredError(
                    "The Growatt session has expired and no credentials are known "
                    "to renew it: log in again",
                    status=err.status,
                ) from err
            await self._renew_session(generation)
        else:
            if self._expired_generation == self._generation:
                # The jar holds a live session after all (a login whose
                # answer was lost may have set its cookie).
                self._expired_generation = None
            return answer
        return await self._send(
            method,
            endpoint,
            op=op,
            params=params,
            data=data,
            allow_redirects=allow_redirects,
            expect=expect,
        )

    async def _renew_session(self, seen_generation: int) -> None:
        """Log in again, once for every caller that saw the same session expire."""
        if self._generation != seen_generation:
            return
        if self._renewal is None:
            now = self._clock()
            if (
                self._last_renewal is not None
                and (now - self._last_renewal).total_seconds() < self.relogin_cooldown
            ):
                raise GrowattSessionExpiredError(
                    "The Growatt session expired again right after a new login; "
                    "not logging in again so soon, to avoid a lockout"
                )
            self._renewal = asyncio.create_task(self._renew())
        renewal = self._renewal
        try:
            await asyncio.shield(renewal)
        finally:
            if renewal.done() and self._renewal is renewal:
                self._renewal = None

    async def _renew(self) -> None:
        assert self._username is not None
        assert self._password_hash is not None
        await self._login(self._username, self._password_hash)
        self._last_renewal = self._clock()

    # -- envelopes ----------------------------------------------------------------

    @staticmethod
    def _api_error(endpoint: str, payload: Mapping[str, Any]) -> GrowattApiError:
        msg, text = _failure_message(payload)
        code: int | str | None = None
        if msg.lstrip("-").isdigit():
            code = msg
        elif "result" in payload:
            code = payload["result"]
        return GrowattApiError(
            f"Growatt reported a failure for {endpoint}: {text}",
            code=code,
            error_msg=text,
        )

    def checked(self, endpoint: str, payload: Any) -> dict[str, Any]:
        """A whole answer, after the failure checks of the `result` and `success` forms."""
        if not isinstance(payload, dict):
            raise GrowattParseError(f"Growatt's answer to {endpoint} is not an object")
        if "result" in payload and str(payload["result"]) != "1":
            raise self._api_error(endpoint, payload)
        if payload.get("success") is False:
            raise self._api_error(endpoint, payload)
        return payload

    def back(self, endpoint: str, payload: Any) -> Any:
        """`back` of a Family A answer, checked."""
        whole = self.checked(endpoint, payload)
        back = whole.get("back", {})
        if isinstance(back, dict) and back.get("success") is False:
            raise self._api_error(endpoint, back)
        return back

    def obj(self, endpoint: str, payload: Any) -> Any:
        """`obj` of a Family B answer, checked."""
        return self.checked(endpoint, payload).get("obj", {})
