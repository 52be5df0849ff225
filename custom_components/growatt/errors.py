"""What a client error means to the user: the translation key of every failure.

The coordinators, the write path and the config flow name a failure by the
same keys, with the same placeholders; each caller only decides what Home
Assistant does about it (fail an update, start a reauth, show a form error).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from homeassistant.util import dt as dt_util

from .api import (
    GrowattAccountLockedError,
    GrowattApiError,
    GrowattAuthenticationError,
    GrowattBlockedError,
    GrowattError,
    GrowattLoginPausedError,
    GrowattParameterError,
    GrowattParseError,
    GrowattRateLimitError,
    GrowattTimeoutError,
)

# Growatt's answers for a device that cannot be reached: legacy "501", v1
# 10003 (device offline) and 10005 (datalogger offline).
OFFLINE_CODES = frozenset({"501", "10003", "10005"})

# The errors the config flow's forms know; others show as `cannot_connect`
# (also `login_paused`: a flow's own client has no login guard to hit, only the
# options flow of a loaded entry reuses the entry's).
FORM_KEYS = frozenset({"invalid_auth", "account_locked", "blocked", "rate_limited"})


@dataclass(frozen=True, slots=True)
class Failure:
    """A translation key and its placeholders."""

    key: str
    placeholders: dict[str, str] = field(default_factory=dict)


def lock_time(until: datetime) -> str:
    """When a lockout or a login pause ends, as the user reads it (local, to the minute)."""
    return dt_util.as_local(until).strftime("%Y-%m-%d %H:%M")


def transport_key(err: GrowattError) -> str:
    """Growatt could not be reached, or its answer could not be read."""
    if isinstance(err, GrowattTimeoutError):
        return "timeout"
    if isinstance(err, GrowattBlockedError):
        return "blocked"
    if isinstance(err, GrowattParseError):
        return "invalid_response"
    return "cannot_connect"


def _account_failure(err: GrowattError) -> Failure | None:
    """Failures of the account itself, the same for every caller."""
    if isinstance(err, GrowattAuthenticationError):
        return Failure("invalid_auth")
    if isinstance(err, GrowattAccountLockedError):
        return Failure("account_locked", {"until": lock_time(err.unlock_at)})
    if isinstance(err, GrowattLoginPausedError):
        return Failure("login_paused", {"until": lock_time(err.retry_at)})
    if isinstance(err, GrowattRateLimitError):
        return Failure("rate_limited")
    return None


def update_failure(err: GrowattError) -> Failure:
    """Why a refresh failed."""
    if (found := _account_failure(err)) is not None:
        return found
    if isinstance(err, GrowattApiError):
        return Failure("api_error")
    return Failure(transport_key(err))


def write_failure(err: GrowattError) -> Failure:
    """Why a write failed: refused values and offline devices are told apart."""
    if (found := _account_failure(err)) is not None:
        return found
    if isinstance(err, GrowattParameterError):
        return Failure("invalid_value", {"error": str(err)})
    if isinstance(err, GrowattApiError):
        key = "device_offline" if str(err.code) in OFFLINE_CODES else "rejected"
        return Failure(key, {"error": err.error_msg or str(err.code)})
    return Failure(transport_key(err))


def read_back_failure(err: GrowattError) -> Failure:
    """A write went out but reading it back failed; the reason is a placeholder."""
    failure = write_failure(err)
    if failure.key in (
        "invalid_auth",
        "account_locked",
        "login_paused",
        "invalid_value",
    ):
        return failure
    return Failure("read_back_failed", {"error": failure.key})


def form_failure(err: GrowattError) -> Failure:
    """The error a config flow form shows."""
    found = _account_failure(err)
    if found is None and isinstance(err, GrowattBlockedError):
        found = Failure("blocked")
    if found is None or found.key not in FORM_KEYS:
        return Failure("cannot_connect")
    return found
