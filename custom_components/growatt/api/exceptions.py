"""Errors of the Growatt client; each says what the caller can do about it."""

from __future__ import annotations

from datetime import datetime


class GrowattError(Exception):
    """Base of every error the client raises."""


class GrowattParameterError(GrowattError, ValueError):
    """The caller passed arguments the API cannot take; nothing was sent."""


class GrowattConnectionError(GrowattError):
    """The server could not be reached; retry later."""


class GrowattTimeoutError(GrowattConnectionError):
    """The server did not answer within the request timeout; retry later."""


class GrowattResponseError(GrowattError):
    """The server answered, but not with what was asked for."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        """Keep the HTTP status alongside the message."""
        super().__init__(message)
        self.status = status


class GrowattAuthenticationError(GrowattResponseError):
    """Wrong user name, password, token or region: ask the user for new ones."""


class GrowattAccountLockedError(GrowattResponseError):
    """Growatt locked the account after too many logins; wait until `unlock_at`."""

    def __init__(self, message: str, *, unlock_at: datetime) -> None:
        """Keep the moment the lock ends."""
        super().__init__(message)
        self.unlock_at = unlock_at


class GrowattLoginPausedError(GrowattResponseError):
    """The client paused logins to stay clear of Growatt's lockout; none was sent.

    Too many login attempts went out recently (also those whose answer was
    lost); the next may go at `retry_at`.
    """

    def __init__(self, message: str, *, retry_at: datetime) -> None:
        """Keep the moment the next login may be sent."""
        super().__init__(message)
        self.retry_at = retry_at


class GrowattRateLimitError(GrowattResponseError):
    """The same v1 request came too soon; wait `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        """Keep how long to wait."""
        super().__init__(message)
        self.retry_after = retry_after


class GrowattSessionExpiredError(GrowattResponseError):
    """The login session ended and could not be renewed; log in again."""


class GrowattBlockedError(GrowattResponseError):
    """Growatt's edge refused the request (User-Agent or WAF); change the User-Agent."""


class GrowattApiError(GrowattResponseError):
    """Growatt reported a failure: `code` and `error_msg` as the server sent them."""

    def __init__(
        self,
        message: str,
        *,
        code: int | str | None = None,
        error_msg: str = "",
        status: int | None = None,
    ) -> None:
        """Keep the server's code and message."""
        super().__init__(message, status=status)
        self.code = code
        self.error_msg = error_msg


class GrowattParseError(GrowattError):
    """The answer could not be read (malformed or unexpected body); retry later."""
