"""OpenAPI v1 rate limits and pagination bounds (docs/growatt-api.md).

Growatt limits each token per *identical* request: the same path with the
same parameters inside the window answers 10012, while another device or
another date goes through. The showdoc pages give three windows; endpoints
the documentation does not cover take the window of their closest sibling:
storage and MAX follow MIN (realtime and details 5 minutes, history 10 s),
SPA follows SPH (realtime 10 s, history 5 minutes), `tlx_set_info` and the
classic inverter endpoints 5 minutes. The "only 10 times a day" note on
`plant/list`, `plant/user_plant_list` and `plant/energy` is not enforced.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..world import World

FIVE_MINUTES = 300.0
TEN_SECONDS = 10.0
FIVE_SECONDS = 5.0

RATE_WINDOWS: dict[str, float] = {
    # plants and device lists
    "plant/list": FIVE_MINUTES,
    "plant/user_plant_list": FIVE_MINUTES,
    "plant/details": FIVE_MINUTES,
    "plant/data": FIVE_MINUTES,
    "plant/power": FIVE_MINUTES,
    "plant/energy": FIVE_MINUTES,
    "device/list": FIVE_MINUTES,
    "device/datalogger/list": FIVE_MINUTES,
    "device/check/sn": FIVE_MINUTES,
    # MIN (TLX)
    "device/tlx/tlx_data_info": FIVE_MINUTES,
    "device/tlx/tlx_last_data": FIVE_MINUTES,
    "device/tlx/tlx_set_info": FIVE_MINUTES,
    "device/tlx/tlx_data": TEN_SECONDS,
    # SPH (MIX): realtime is the fast one here, history the slow one
    "device/mix/mix_data_info": FIVE_MINUTES,
    "device/mix/mix_last_data": TEN_SECONDS,
    "device/mix/mix_data": FIVE_MINUTES,
    # classic inverters
    "device/inverter/inv_data_info": FIVE_MINUTES,
    "device/inverter/last_new_data": FIVE_MINUTES,
    "device/inverter/data": TEN_SECONDS,
    # storage (SPF)
    "device/storage/storage_data_info": FIVE_MINUTES,
    "device/storage/storage_last_data": FIVE_MINUTES,
    "device/storage/storage_data": TEN_SECONDS,
    # MAX
    "device/max/max_data_info": FIVE_MINUTES,
    "device/max/max_last_data": FIVE_MINUTES,
    "device/max/max_data": TEN_SECONDS,
    # SPA
    "device/spa/spa_data_info": FIVE_MINUTES,
    "device/spa/spa_last_data": TEN_SECONDS,
    "device/spa/spa_data": FIVE_MINUTES,
    # setting reads and writes
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

RATE_LIMITED = 10012
RATE_LIMITED_MSG = "error_frequently_access"

PERPAGE_DEFAULT = 20
PERPAGE_MAX = 100
PAGE_MAX = 250
PERPAGE_TOO_BIG = 10013
PAGE_TOO_BIG = 10014


def rate_key(token: str, path: str, params: Mapping[str, str]) -> str:
    """The identity of a request for the limiter: token, path and sorted parameters."""
    query = "&".join(f"{key}={params[key]}" for key in sorted(params))
    return f"{token}|{path}|{query}"


def rate_limited(
    world: World, token: str, path: str, params: Mapping[str, str]
) -> bool:
    """Record a request; True when an identical one came within the path's window."""
    return world.rate_limited(rate_key(token, path, params), RATE_WINDOWS[path])


def _positive(raw: str, default: int) -> int:
    """A page number or size; empty or unreadable means the default."""
    try:
        value = int(raw.strip())
    except ValueError:
        return default
    return value if value > 0 else default


def page_bounds(params: Mapping[str, str]) -> tuple[int, int] | int:
    """`(page, perpage)`, or the error code when a bound is exceeded.

    The library sends `page=""` and `perpage=""` when the caller gives none:
    Growatt takes the defaults (page 1, 20 per page).
    """
    page = _positive(params.get("page", ""), 1)
    perpage = _positive(params.get("perpage", ""), PERPAGE_DEFAULT)
    if perpage > PERPAGE_MAX:
        return PERPAGE_TOO_BIG
    if page > PAGE_MAX:
        return PAGE_TOO_BIG
    return page, perpage
