"""The emulator's state: accounts, sessions, faults, the clock and the request log."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
import hashlib
import secrets
from typing import Any

from .clock import Clock
from .model import Account, Device, Plant
from .simulation import advance_device


def growatt_hash(password: str) -> str:
    """MD5 hex of the password with '0' at even positions replaced by 'c'."""
    digest = hashlib.md5(password.encode("utf-8")).hexdigest()  # noqa: S324
    return "".join(
        "c" if index % 2 == 0 and char == "0" else char
        for index, char in enumerate(digest)
    )


@dataclass
class EmulatorConfig:
    """Tunables; tests shorten the windows."""

    session_ttl: float = 24 * 3600.0  # seconds a login session lives
    expired_status: int = 200  # HTTP status of the "you have not login" page
    lockout_max_logins: int = 20  # logins allowed per window before the lock
    lockout_window: float = 24 * 3600.0  # seconds
    lock_hours: int = 24  # lockDuration reported and enforced
    v1_rate_scale: float = 1.0  # multiplies every v1 rate-limit window
    latency: float = 0.0  # seconds added to every response
    timeout_delay: float = 120.0  # how long a "timeout" fault stalls
    # Values change only when a datalogger upload lands (every device's
    # `update_interval`); False: every request sees the simulation's present.
    uploads: bool = True


@dataclass
class Faults:
    """Fault switches of one account (or of every account, under '*')."""

    ua_block: bool = False  # 403 Tengine page for every request
    waf_block: bool = False  # 405 WAF page for every request
    bad_credentials: bool = False  # login answers 502 even with the right password
    lock: bool = False  # login answers 507 (set by the lockout too)
    v1_error_code: int | None = None  # every v1 request answers this error_code
    v1_error_msg: str = "error_system error"
    http_status: int | None = None  # every request answers this HTTP status (5xx)
    delay: float = 0.0  # seconds added to every response
    timeout: bool = False  # stall for config.timeout_delay
    malformed_json: bool = False  # JSON bodies are cut in half
    sleep_zero_totals: bool = False  # lifetime totals read 0 while sleeping
    temporarily_unavailable: bool = False  # legacy answers result -5

    def to_dict(self) -> dict[str, Any]:
        """Render for the control API."""
        return asdict(self)


FAULT_NAMES = frozenset(Faults.__dataclass_fields__)


class LoginResult(StrEnum):
    """What a login attempt gave."""

    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"


@dataclass
class Session:
    """A legacy cookie session."""

    session_id: str
    username: str
    created: float
    expires: float


@dataclass
class RequestRecord:
    """One served request, for `GET /_emulator/requests`."""

    method: str
    path: str
    op: str | None
    account: str | None
    time: str
    status: int
    api: str  # legacy, v1, control
    params: dict[str, str] = field(default_factory=dict)  # query and body merged
    user_agent: str = ""
    query: dict[str, str] = field(default_factory=dict)  # the query string alone


class World:
    """Everything the emulator serves."""

    def __init__(
        self,
        accounts: list[Account],
        *,
        clock: Clock | None = None,
        config: EmulatorConfig | None = None,
    ) -> None:
        """Hold the accounts and simulate them from the clock's current day."""
        self.accounts = accounts
        self.clock = clock or Clock()
        self.config = config or EmulatorConfig()
        self.faults: dict[str, Faults] = {}
        self.sessions: dict[str, Session] = {}
        self.requests: list[RequestRecord] = []
        self.blocked_user_agents: list[str] = []
        self._rate_hits: dict[str, float] = {}

    # -- lookup ---------------------------------------------------------

    def account_by_username(self, username: str) -> Account | None:
        """Find an account by user name (case-insensitive, like Growatt)."""
        wanted = username.strip().lower()
        return next((a for a in self.accounts if a.username.lower() == wanted), None)

    def account_by_token(self, token: str) -> Account | None:
        """Find an account by its v1 token."""
        if not token:
            return None
        return next((a for a in self.accounts if a.token == token), None)

    def account_by_user_id(self, user_id: int | str) -> Account | None:
        """Find an account by its numeric user id."""
        try:
            wanted = int(user_id)
        except (TypeError, ValueError):
            return None
        return next((a for a in self.accounts if a.user_id == wanted), None)

    def find_device(self, sn: str) -> tuple[Account, Plant, Device] | None:
        """Find a device (or a TLX battery module) anywhere in the world."""
        for account in self.accounts:
            for plant in account.plants:
                for device in plant.devices:
                    if sn in (device.sn, device.battery_sn):
                        return account, plant, device
        return None

    # -- time and simulation ---------------------------------------------

    def now(self) -> datetime:
        """The simulated UTC time."""
        return self.clock.now()

    def sync(self, account: Account) -> None:
        """Advance every device of the account to the current simulated time."""
        now = self.now()
        for plant in account.plants:
            for device in plant.devices:
                advance_device(plant, device, now, uploads=self.config.uploads)

    def sync_all(self) -> None:
        """Advance every device in the world."""
        for account in self.accounts:
            self.sync(account)

    # -- faults ------------------------------------------------------------

    def faults_for(self, username: str | None) -> Faults:
        """Effective faults: the account's own, or the global ones under '*'."""
        if username is not None and username.lower() in self.faults:
            return self.faults[username.lower()]
        return self.faults.get("*", Faults())

    def set_faults(self, username: str, **changes: Any) -> Faults:
        """Switch faults for an account ('*' for all accounts)."""
        key = username.lower()
        current = self.faults.get(key, Faults())
        for name, value in changes.items():
            if name not in FAULT_NAMES:
                raise KeyError(name)
            setattr(current, name, value)
        self.faults[key] = current
        if key != "*" and not current.lock:
            account = self.account_by_username(key)
            if account is not None:
                account.locked_until = None
        return current

    def clear_faults(self) -> None:
        """Remove every fault and lock."""
        self.faults.clear()
        for account in self.accounts:
            account.locked_until = None
            account.login_times.clear()

    # -- legacy login and sessions -----------------------------------------

    def lock_remaining_hours(self, account: Account) -> int:
        """Hours left on a lock, rounded up, at least 1 while locked."""
        if account.locked_until is None:
            return self.config.lock_hours
        remaining = account.locked_until - self.clock.monotonic()
        return max(1, int(-(-remaining // 3600)))

    def is_locked(self, account: Account) -> bool:
        """Whether logins of the account are refused with 507."""
        if self.faults_for(account.username).lock:
            return True
        if account.locked_until is None:
            return False
        if self.clock.monotonic() >= account.locked_until:
            account.locked_until = None
            account.login_times.clear()
            return False
        return True

    def login(
        self, username: str, password_hash: str
    ) -> tuple[LoginResult, Account | None]:
        """Check credentials, count logins and apply the lockout."""
        account = self.account_by_username(username)
        if account is None:
            return LoginResult.BAD_CREDENTIALS, None
        if self.is_locked(account):
            return LoginResult.LOCKED, account
        now = self.clock.monotonic()
        window_start = now - self.config.lockout_window
        account.login_times = [t for t in account.login_times if t > window_start]
        account.login_times.append(now)
        if len(account.login_times) > self.config.lockout_max_logins:
            account.locked_until = now + self.config.lock_hours * 3600
            return LoginResult.LOCKED, account
        faults = self.faults_for(account.username)
        if faults.bad_credentials or password_hash != growatt_hash(account.password):
            return LoginResult.BAD_CREDENTIALS, account
        return LoginResult.OK, account

    def create_session(self, account: Account) -> Session:
        """Open a cookie session for a logged-in account."""
        now = self.clock.monotonic()
        session = Session(
            session_id=secrets.token_hex(16).upper(),
            username=account.username,
            created=now,
            expires=now + self.config.session_ttl,
        )
        self.sessions[session.session_id] = session
        return session

    def session_account(self, session_id: str | None) -> Account | None:
        """The account of a live session, or None when missing or expired."""
        if not session_id:
            return None
        session = self.sessions.get(session_id)
        if session is None:
            return None
        if self.clock.monotonic() >= session.expires:
            del self.sessions[session_id]
            return None
        return self.account_by_username(session.username)

    def expire_sessions(self, username: str | None = None) -> int:
        """End the sessions of one account (or all); returns how many."""
        doomed = [
            sid
            for sid, session in self.sessions.items()
            if username is None or session.username.lower() == username.lower()
        ]
        for sid in doomed:
            del self.sessions[sid]
        return len(doomed)

    # -- v1 rate limits ------------------------------------------------------

    def rate_limited(self, key: str, window: float) -> bool:
        """Record a v1 request; True when an identical one came within the window."""
        window *= self.config.v1_rate_scale
        now = self.clock.monotonic()
        last = self._rate_hits.get(key)
        if last is not None and now - last < window:
            return True
        self._rate_hits[key] = now
        return False

    def reset_rate_limits(self) -> None:
        """Forget every v1 request seen."""
        self._rate_hits.clear()
