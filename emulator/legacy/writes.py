"""Legacy writes: `newTcpsetAPI.do`, `tcpSet.do`, `noahDeviceApi/noah/set`, `updatePlant`.

Every device write goes through `emulator.settings.apply_setting`; the views
only find the device, collect the raw string parameters in order and turn the
`WriteError` into Growatt's answer.
"""

from __future__ import annotations

from datetime import date
import math
from zoneinfo import ZoneInfo

from aiohttp import web

from ..http import json_response
from ..model import Family, Plant
from ..settings import WriteError, apply_setting
from .common import (
    NO_PERMISSION,
    DeviceView,
    Handler,
    Params,
    find_plant,
    find_view,
    simple,
    timezone_number,
)

SET_SUCCESS = "inv_set_success"

# "501" (offline) and "inv_set_time_format" are observed; the other texts are
# invented in the same style, since the real ones are unknown.
WRITE_ERROR_MSG = {
    WriteError.OFFLINE: "501",
    WriteError.TIME_FORMAT: "inv_set_time_format",
    WriteError.UNKNOWN_TYPE: "inv_set_type_error",
    WriteError.VALUE_EMPTY: "inv_set_value_empty",
    WriteError.OUT_OF_RANGE: "inv_set_value_error",
    WriteError.END_BEFORE_START: "inv_set_time_error",
}

MAX_PARAMS = 30


def numbered(params: Params, prefix: str = "param") -> list[str]:
    """`param1..paramN` in order, up to the first one missing."""
    values = []
    for index in range(1, MAX_PARAMS + 1):
        value = params.get(f"{prefix}{index}")
        if value is None:
            break
        values.append(value)
    return values


def ack(error: WriteError | None) -> web.Response:
    """Family E: `{"success": true, "msg": "inv_set_success"}` or the failure."""
    if error is None:
        return json_response({"success": True, "msg": SET_SUCCESS})
    return json_response({"success": False, "msg": WRITE_ERROR_MSG[error]})


def refused(msg: str = NO_PERMISSION) -> web.Response:
    """Family E failure for a device the account does not own (or of another family)."""
    return json_response({"success": False, "msg": msg})


def write(view: DeviceView, setting_type: str, values: list[str]) -> WriteError | None:
    """Apply one write to the device."""
    return apply_setting(view.device, setting_type, values)


def family_set(*families: Family) -> Handler:
    """A `newTcpsetAPI.do` op for devices of some families: `serialNum`, `type`, `param1..N`.

    The library puts everything in the query (empty body), except the TLX
    time-segment write, which sends a form body: both arrive merged.
    """

    async def handler(request: web.Request, params: Params) -> web.Response:
        view = find_view(request, params.get("serialNum", ""), families)
        if view is None:
            return refused()
        return ack(write(view, params.get("type", ""), numbered(params)))

    return handler


async def inverter_set(request: web.Request, params: Params) -> web.Response:
    """`POST tcpSet.do?action=inverterSet&serialNum&paramId&command_1&command_2` (query)."""
    view = find_view(
        request, params.get("serialNum", ""), (Family.INVERTER, Family.MAX)
    )
    if view is None:
        return refused()
    values = [params.get("command_1", ""), params.get("command_2", "")]
    return ack(write(view, params.get("paramId", ""), values))


async def max_set(request: web.Request, params: Params) -> web.Response:
    """`tcpSet.do?action=maxSet` (web portal): `type` and `param1..N` for MAX inverters."""
    view = find_view(request, params.get("serialNum", ""), (Family.MAX,))
    if view is None:
        return refused()
    return ack(write(view, params.get("type", ""), numbered(params)))


async def noah_set(request: web.Request, params: Params) -> web.Response:
    """`POST noahDeviceApi/noah/set`, form `serialNum`, `type`, `param1..N`: Family B.

    The real success text is unknown; the write acknowledgement text is reused.
    """
    view = find_view(request, params.get("serialNum", ""), (Family.NOAH,))
    if view is None:
        return json_response({"result": 0, "msg": NO_PERMISSION, "obj": None})
    error = write(view, params.get("type", ""), numbered(params))
    if error is None:
        return json_response({"result": 1, "msg": SET_SUCCESS, "obj": None})
    return json_response({"result": 0, "msg": WRITE_ERROR_MSG[error], "obj": None})


# -- plant settings ---------------------------------------------------------------


class PlantFieldError(ValueError):
    """A plant field that cannot be stored."""


def _float(params: Params, key: str, low: float, high: float) -> float | None:
    raw = params.get(key, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise PlantFieldError(key) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise PlantFieldError(key)
    return value


def update_plant_fields(plant: Plant, params: Params) -> None:
    """Validate every field first, then store them (all or nothing)."""
    name = params.get("plantName", plant.name).strip()
    if not name:
        raise PlantFieldError("plantName")
    latitude = _float(params, "plantLat", -90, 90)
    longitude = _float(params, "plantLng", -180, 180)
    income = _float(params, "plantIncome", 0, 1000)
    offset = _float(params, "plantTimezone", -12, 14)
    timezone = plant.timezone
    # Growatt stores a whole-hour offset; keep the named zone (and its DST)
    # unless the offset really changes.
    if offset is not None and offset != timezone_number(plant):
        if offset != int(offset):
            raise PlantFieldError("plantTimezone")
        hours = int(offset)
        timezone = "Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}"
        ZoneInfo(timezone)
    created = params.get("plantDate", "").strip()
    if created:
        try:
            date.fromisoformat(created)
        except ValueError:
            raise PlantFieldError("plantDate") from None
    plant.name = name
    plant.timezone = timezone
    plant.country = params.get("plantCountry", plant.country)
    plant.city = params.get("plantCity", plant.city)
    if latitude is not None:
        plant.latitude = latitude
    if longitude is not None:
        plant.longitude = longitude
    if income is not None:
        plant.money_per_kwh = income
    if params.get("plantMoney", "").strip():
        plant.currency = params["plantMoney"].strip()
    if created:
        plant.create_date = created


async def update_plant(request: web.Request, params: Params) -> web.Response:
    """`POST newTwoPlantAPI.do?op=updatePlant`, multipart text fields (`plantID`, `plantName`, ...).

    The answer shape is unverified; `plantPower`, `plantCoal`, `plantCo2` and
    `plantSo2` are accepted but not stored (the world derives them).
    """
    _, plant = find_plant(request, params.get("plantID", params.get("plantId", "")))
    if plant is None:
        return refused()
    try:
        update_plant_fields(plant, params)
    except PlantFieldError as err:
        return json_response({"success": False, "msg": f"{err} error"})
    return json_response({"success": True, "msg": ""})


TCPSET_OPS = {
    "tlxSet": family_set(Family.TLX),
    "mixSetApiNew": family_set(Family.MIX),
    "mixSetApi": family_set(Family.MIX),
    "spaSetApi": family_set(Family.SPA),
}

TCP_SET_OPS = {
    "inverterSet": inverter_set,
    "maxSet": max_set,
}

NEW_TWO_PLANT_OPS = {
    "updatePlant": update_plant,
}

PATHS = {
    "/noahDeviceApi/noah/set": simple(noah_set),
}
