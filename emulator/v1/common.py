"""Shared pieces of the v1 views: the call context, lookups, answers, formatting.

Error texts: only `error_permission_denied`, `error_frequently_access` and
`error_system error` are observed; the other `error_*` texts are invented in
the same style, since Growatt's real wording is unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from aiohttp import web

from ..http import v1_envelope, v1_error
from ..legacy.common import DeviceView, compact, stamp, view_for, whole_numbers
from ..model import Account, Device, Family, Plant
from ..settings import WriteError, apply_setting
from ..world import World
from .limits import page_bounds

type Params = dict[str, str]

PERMISSION_DENIED = 10011
PERMISSION_DENIED_MSG = "error_permission_denied"

# The documented write error codes, shared by every `*Set` endpoint.
WRITE_ERROR_CODES: dict[WriteError, tuple[int, str]] = {
    WriteError.OFFLINE: (10003, "error_device_offline"),
    WriteError.UNKNOWN_TYPE: (10006, "error_setting_type_not_exist"),
    WriteError.VALUE_EMPTY: (10007, "error_param_value_empty"),
    WriteError.OUT_OF_RANGE: (10008, "error_param_value_out_of_range"),
    WriteError.TIME_FORMAT: (10009, "error_time_format"),
    WriteError.END_BEFORE_START: (10013, "error_end_time_before_start_time"),
}

# The most `paramN` a write may carry (MIN sends 19, SPH 18).
MAX_WRITE_PARAMS = 19


@dataclass(frozen=True)
class V1Call:
    """One authenticated v1 request: the world, the token's account, the parameters."""

    world: World
    account: Account
    params: Params

    def param(self, key: str) -> str:
        """A parameter, stripped; empty when absent."""
        return self.params.get(key, "").strip()

    def view(self, device: Device) -> DeviceView:
        """Wrap one of the account's devices for rendering."""
        return view_for(self.world, self.account, device)

    def views(self, plant: Plant) -> list[DeviceView]:
        """Every device of one of the account's plants, wrapped."""
        return [self.view(device) for device in plant.devices]


type Handler = Callable[[V1Call], web.Response]


@dataclass(frozen=True)
class DeviceCodes:
    """An endpoint's codes for an empty serial number and an unknown device."""

    empty: int
    missing: int
    empty_msg: str = "error_device_sn_empty"
    missing_msg: str = "error_device_not_exist"


def find_device(
    call: V1Call, sn: str, families: Sequence[Family], codes: DeviceCodes
) -> DeviceView | web.Response:
    """The account's device `sn` of one of `families`, or the endpoint's error.

    A device that exists but belongs to another account answers 10011, as
    Growatt does for a token without privilege on the device.
    """
    if not sn:
        return v1_error(codes.empty, codes.empty_msg)
    device = call.account.device(sn)
    if device is None:
        if call.world.find_device(sn) is not None:
            return v1_error(PERMISSION_DENIED, PERMISSION_DENIED_MSG)
        return v1_error(codes.missing, codes.missing_msg)
    if device.family not in families or device.sn != sn:
        return v1_error(codes.missing, codes.missing_msg)
    return call.view(device)


def find_plant(
    call: V1Call, *, empty: int, missing: int, key: str = "plant_id"
) -> Plant | web.Response:
    """The account's plant named by `plant_id`, or the endpoint's error."""
    raw = call.param(key)
    if not raw:
        return v1_error(empty, "error_plant_id_empty")
    plant = call.account.plant(raw)
    if plant is not None:
        return plant
    others = (a for a in call.world.accounts if a is not call.account)
    if any(account.plant(raw) is not None for account in others):
        return v1_error(PERMISSION_DENIED, PERMISSION_DENIED_MSG)
    return v1_error(missing, "error_plant_not_exist")


def page_of[T](call: V1Call, items: Sequence[T]) -> tuple[list[T], int] | web.Response:
    """The requested page of `items` and the 1-based index after it (-1 at the end).

    Over-large `perpage`/`page` answer 10013/10014 (docs/growatt-api.md, Pagination).
    """
    bounds = page_bounds(call.params)
    if isinstance(bounds, int):
        return v1_error(bounds, "error_page_param")
    page, perpage = bounds
    first = (page - 1) * perpage
    chunk = list(items[first : first + perpage])
    following = first + perpage + 1 if first + perpage < len(items) else -1
    return chunk, following


def ok(data: Any, **extra: Any) -> web.Response:
    """A successful v1 answer; whole floats are written without a fraction (`168`)."""
    return v1_envelope(whole_numbers(data), **whole_numbers(extra))


# -- values -------------------------------------------------------------------------


def num(value: float, digits: int = 1) -> float:
    """A v1 number: rounded, with Python's -0.0 folded to 0.0."""
    rounded = round(value, digits)
    return rounded if rounded != 0 else 0.0


def text(value: float, digits: int = 1) -> str:
    """A v1 number sent as a string ("17.8", "36")."""
    return compact(value, digits)


def local_stamp(view: DeviceView, moment: datetime | None = None) -> str:
    """The moment (default: the last report) as "YYYY-MM-DD HH:MM:SS" local time."""
    return stamp(moment or view.last_update, view.plant.tz)


def parse_day(raw: str) -> date | None:
    """A "YYYY-MM-DD" date, or None when malformed."""
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def device_status(view: DeviceView) -> int:
    """The v1 `status` of device lists: 1 normal, 0 waiting or lost."""
    return 1 if view.status == 1 else 0


# -- writes ----------------------------------------------------------------------------


def numbered(call: V1Call, prefix: str = "param") -> list[str]:
    """`param1..N` in order without the trailing empty ones the library pads with."""
    values = [
        call.params.get(f"{prefix}{n}", "") for n in range(1, MAX_WRITE_PARAMS + 1)
    ]
    while values and not values[-1].strip():
        values.pop()
    return values


def write_answer(
    view: DeviceView, setting_type: str, values: list[str]
) -> web.Response:
    """Apply a write through the one write path and answer with the documented write codes."""
    error = apply_setting(view.device, setting_type, values)
    if error is None:
        return ok("")
    code, msg = WRITE_ERROR_CODES[error]
    return v1_error(code, msg)
