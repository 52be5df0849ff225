"""Async client for the Growatt cloud: the legacy ShinePhone API and OpenAPI v1.

Imports nothing from Home Assistant, so it can move to PyPI unchanged.
"""

from __future__ import annotations

from .account import DeviceListing, GrowattAccount, read_each
from .account_legacy import PasswordAccount
from .account_v1 import TokenAccount
from .const import (
    BATT_MODE_BATTERY_FIRST,
    BATT_MODE_GRID_FIRST,
    BATT_MODE_LOAD_FIRST,
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_SERVER_URL,
    DEFAULT_USER_AGENT,
    DEPRECATED_SERVER_URLS,
    REGIONS,
    V1_RATE_WINDOWS,
    V1_TEST_SERVER_URL,
    V1_TEST_TOKEN,
    BatteryMode,
    DeviceType,
    Timespan,
    V1ErrorCode,
)
from .exceptions import (
    GrowattAccountLockedError,
    GrowattApiError,
    GrowattAuthenticationError,
    GrowattBlockedError,
    GrowattConnectionError,
    GrowattError,
    GrowattLoginPausedError,
    GrowattParameterError,
    GrowattParseError,
    GrowattRateLimitError,
    GrowattResponseError,
    GrowattSessionExpiredError,
    GrowattTimeoutError,
)
from .legacy import GrowattApi, hash_password
from .region import DiscoveredRegion, discover_region
from .session import SessionState
from .transport import RequestInfo, RequestStats
from .v1 import OpenApiV1
from .v1_devices import ChargePeriod, Inverter, Max, Min, Spa, Sph, Storage, V1Device

__all__ = [
    "BATT_MODE_BATTERY_FIRST",
    "BATT_MODE_GRID_FIRST",
    "BATT_MODE_LOAD_FIRST",
    "DEFAULT_REQUEST_TIMEOUT",
    "DEFAULT_SERVER_URL",
    "DEFAULT_USER_AGENT",
    "DEPRECATED_SERVER_URLS",
    "REGIONS",
    "V1_RATE_WINDOWS",
    "V1_TEST_SERVER_URL",
    "V1_TEST_TOKEN",
    "BatteryMode",
    "ChargePeriod",
    "DeviceListing",
    "DeviceType",
    "DiscoveredRegion",
    "GrowattAccount",
    "GrowattAccountLockedError",
    "GrowattApi",
    "GrowattApiError",
    "GrowattAuthenticationError",
    "GrowattBlockedError",
    "GrowattConnectionError",
    "GrowattError",
    "GrowattLoginPausedError",
    "GrowattParameterError",
    "GrowattParseError",
    "GrowattRateLimitError",
    "GrowattResponseError",
    "GrowattSessionExpiredError",
    "GrowattTimeoutError",
    "Inverter",
    "Max",
    "Min",
    "OpenApiV1",
    "PasswordAccount",
    "RequestInfo",
    "RequestStats",
    "SessionState",
    "Spa",
    "Sph",
    "Storage",
    "Timespan",
    "TokenAccount",
    "V1Device",
    "V1ErrorCode",
    "discover_region",
    "hash_password",
    "read_each",
]
