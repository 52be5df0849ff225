"""Constants of the Growatt cloud APIs: servers, User-Agents, enums, rate windows."""

from __future__ import annotations

from enum import IntEnum
from types import MappingProxyType
from typing import Final

DEFAULT_SERVER_URL: Final = "https://openapi.growatt.com/"

# Accounts are bound to one region: the wrong server answers a login with 502.
# Keys are those of Home Assistant's growatt_server integration, in the order
# region discovery tries them.
REGIONS: Final = MappingProxyType(
    {
        "other_regions": "https://openapi.growatt.com/",
        "north_america": "https://openapi-us.growatt.com/",
        "australia_new_zealand": "https://openapi-au.growatt.com/",
        "china": "https://openapi-cn.growatt.com/",
        "smten_server": "http://server.smten.com/",
        "era_server": "http://ess-server.atesspower.com/",
    }
)

# Former library defaults; Home Assistant migrates them to the default server.
DEPRECATED_SERVER_URLS: Final = (
    "https://server.growatt.com/",
    "https://server-api.growatt.com/",
    "https://server-us.growatt.com/",
)

V1_TEST_SERVER_URL: Final = "https://test.growatt.com/"
# Public token of Growatt's v1 test server; production answers it with 10011.
V1_TEST_TOKEN: Final = "6eb6f069523055a339d71e5b1f6c88cc"  # noqa: S105 - published

# growattServer's agent. Growatt's CDN has blacklisted earlier library agents,
# which is why callers can replace it or add a random suffix.
DEFAULT_USER_AGENT: Final = "Dalvik/2.1.0 (Linux; U; Android 12; https://github.com/indykoning/PyPi_GrowattServer)"

DEFAULT_REQUEST_TIMEOUT: Final = 30.0


class Timespan(IntEnum):
    """The `type` of the legacy chart endpoints."""

    hour = 0
    day = 1
    month = 2
    year = 3
    total = 4


class BatteryMode(IntEnum):
    """Priority of a TLX/MIN time segment."""

    LOAD_FIRST = 0
    BATTERY_FIRST = 1
    GRID_FIRST = 2


BATT_MODE_LOAD_FIRST: Final = BatteryMode.LOAD_FIRST
BATT_MODE_BATTERY_FIRST: Final = BatteryMode.BATTERY_FIRST
BATT_MODE_GRID_FIRST: Final = BatteryMode.GRID_FIRST


class DeviceType(IntEnum):
    """The `type` of a device in the v1 `device/list`."""

    INVERTER = 1
    STORAGE = 2
    OTHER = 3
    MAX = 4
    SPH = 5
    SPA = 6
    MIN = 7
    PCS = 8
    HPS = 9
    PBD = 10
    GROBOOST = 11


class V1ErrorCode(IntEnum):
    """Error codes every v1 endpoint shares."""

    SUCCESS = 0
    NO_PRIVILEGE = 10011
    RATE_LIMITED = 10012
    PAGE_SIZE_TOO_LARGE = 10013
    PAGE_COUNT_TOO_LARGE = 10014
    WRONG_DOMAIN = -1


FIVE_MINUTES: Final = 300.0
TEN_SECONDS: Final = 10.0
FIVE_SECONDS: Final = 5.0

# Growatt limits each token per identical request. Windows from the showdoc
# pages; families the documentation barely names take their sibling's window.
V1_RATE_WINDOWS: Final = MappingProxyType(
    {
        "plant/list": FIVE_MINUTES,
        "plant/user_plant_list": FIVE_MINUTES,
        "plant/details": FIVE_MINUTES,
        "plant/data": FIVE_MINUTES,
        "plant/power": FIVE_MINUTES,
        "plant/energy": FIVE_MINUTES,
        "device/list": FIVE_MINUTES,
        "device/datalogger/list": FIVE_MINUTES,
        "device/check/sn": FIVE_MINUTES,
        "device/tlx/tlx_data_info": FIVE_MINUTES,
        "device/tlx/tlx_last_data": FIVE_MINUTES,
        "device/tlx/tlx_set_info": FIVE_MINUTES,
        "device/tlx/tlx_data": TEN_SECONDS,
        "device/mix/mix_data_info": FIVE_MINUTES,
        "device/mix/mix_last_data": TEN_SECONDS,
        "device/mix/mix_data": FIVE_MINUTES,
        "device/inverter/inv_data_info": FIVE_MINUTES,
        "device/inverter/last_new_data": FIVE_MINUTES,
        "device/inverter/data": TEN_SECONDS,
        "device/storage/storage_data_info": FIVE_MINUTES,
        "device/storage/storage_last_data": FIVE_MINUTES,
        "device/storage/storage_data": TEN_SECONDS,
        "device/max/max_data_info": FIVE_MINUTES,
        "device/max/max_last_data": FIVE_MINUTES,
        "device/max/max_data": TEN_SECONDS,
        "device/spa/spa_data_info": FIVE_MINUTES,
        "device/spa/spa_last_data": TEN_SECONDS,
        "device/spa/spa_data": FIVE_MINUTES,
        "readMinParam": FIVE_SECONDS,
        "tlxSet": FIVE_SECONDS,
        "readMixParam": FIVE_SECONDS,
        "mixSet": FIVE_SECONDS,
        "readInverterParam": FIVE_SECONDS,
        "inverterSet": FIVE_SECONDS,
        "readStorageParam": FIVE_SECONDS,
        "storageSet": FIVE_SECONDS,
        "readMaxParam": FIVE_SECONDS,
        "maxSet": FIVE_SECONDS,
        "readSpaParam": FIVE_SECONDS,
        "spaSet": FIVE_SECONDS,
    }
)
V1_DEFAULT_RATE_WINDOW: Final = FIVE_MINUTES
