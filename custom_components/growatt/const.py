"""Constants of the Growatt integration."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "growatt"
LOGGER = logging.getLogger(__package__)

CONF_AUTH_TYPE: Final = "auth_type"
CONF_REGION: Final = "region"
CONF_SERVER_URL: Final = "server_url"
CONF_PLANTS: Final = "plants"
CONF_SCAN_INTERVAL: Final = "scan_interval"

AUTH_PASSWORD: Final = "password"  # noqa: S105 - an auth type, not a secret
AUTH_TOKEN: Final = "token"  # noqa: S105 - an auth type, not a secret

REGION_AUTOMATIC: Final = "automatic"
REGION_CUSTOM: Final = "custom"

# Growatt locks an account for 24 hours after too many logins, and the v1 API
# serves most endpoints once per 5 minutes: never poll faster.
DEFAULT_SCAN_INTERVAL: Final = timedelta(minutes=5)
MIN_SCAN_INTERVAL: Final = timedelta(minutes=5)
MAX_SCAN_INTERVAL: Final = timedelta(hours=1)
# Slow things are read slowly: devices come and go rarely, and settings change
# mostly through us (a write reads its setting back at once).
DEVICE_LIST_INTERVAL: Final = timedelta(hours=4)
SETTINGS_INTERVAL: Final = timedelta(hours=1)

# Requests a day per polled device unless the user sets a daily budget: a read
# after every 5-minute upload (288), the device and plant lists every 4 hours
# and the settings hourly (30 for one device) and a few retries and logins.
DAILY_BUDGET_PER_DEVICE: Final = 360
CONF_DAILY_BUDGET: Final = "daily_budget"
# The daily budget a user may set for an account (requests a day).
MIN_DAILY_BUDGET: Final = 50
MAX_DAILY_BUDGET: Final = 5000

# Import Growatt's past into the statistics (on for new entries).
CONF_IMPORT_HISTORY: Final = "import_history"

REQUEST_TIMEOUT: Final = 30.0

# Growatt's battery modes (time segments, priority) and their state names.
BATTERY_MODES: Final = {0: "load_first", 1: "battery_first", 2: "grid_first"}
# Noah work modes (`workMode`, `defaultMode`).
NOAH_MODES: Final = {0: "load_first", 1: "battery_first", 2: "smart"}

# A device whose datalogger has not uploaded for this long (measured on Home
# Assistant's clock) is lost, whatever the answer says: dataloggers upload
# every 5 minutes by default, some every 10, and the flag of some answers is
# only updated with the device list.
SILENT_FOR: Final = timedelta(minutes=30)
