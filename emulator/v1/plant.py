"""v1 plant and device-list endpoints (`plant/*`, `device/list`, ...).

Plant figures come from the same totals as the legacy views (PV production of
every device of the plant), so both APIs agree. `plant/data` sends its values
as strings except `current_power` (kW, as the documentation says; other
clients disagree about the unit) and `peak_power_actual`; `plant/list` sends
`current_power` (W) and `total_energy` as strings, as real accounts do.

Undocumented shapes, assumed: plant `status` 1 while a device reports, 4 when
every device is lost; `device/datalogger/list` answers
`{count, dataloggers: [{datalogger_sn, manufacturer, model, lost,
last_update_time}]}`; `device/check/sn` answers `{device_sn, type_info}` with
the type codes of docs/growatt-api.md (Device types); `plant/user_plant_list`
lists the plants of the token's own account only (an installer account would
see its customers').
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from aiohttp import web

from ..http import v1_error
from ..legacy.common import DeviceView, stamp, timezone_text
from ..legacy.energy import (
    PlantTotals,
    month_span,
    period_energy,
    plant_curve,
    year_span,
)
from ..legacy.plant import totals_of
from ..model import V1_TYPE, Family, Plant
from .common import (
    PERMISSION_DENIED,
    PERMISSION_DENIED_MSG,
    Handler,
    V1Call,
    device_status,
    find_plant,
    num,
    ok,
    page_of,
    parse_day,
    text,
)

# `device/check/sn` type_info codes (docs/growatt-api.md, Device types).
TYPE_INFO = {
    Family.INVERTER: 16,
    Family.MIX: 17,
    Family.MAX: 18,
    Family.SPA: 19,
    Family.TLX: 22,
    Family.STORAGE: 96,
    Family.NOAH: 1000,
}

MAX_MONTH_YEARS = 1
MAX_YEAR_SPAN = 20
MAX_DAY_SPAN = 7
TIME_UNITS = ("day", "month", "year")

PLANT_STATUS_ONLINE = 1
PLANT_STATUS_OFFLINE = 4

# Description fields the documentation's example shows as empty strings (they
# win over the null ones below).
EMPTY_DETAIL_FIELDS = (
    "description",
    "designerorganization",
    "fixed_azimuth",
    "fixed_tilt",
    "installed_dc_capacity",
    "installercontact",
    "installerorganization",
    "jurisdictioncontact",
    "jurisdictionorganization",
    "offtakercontact",
    "operatorcontact",
    "postal",
    "status",
    "weathersensor_man",
    "weathersensor_num",
)
# Contact and organisation fields plant/details carries, null on most accounts.
NULL_DETAIL_FIELDS = (
    "address1",
    "address2",
    "postcode",
    "owner_name",
    "owner_email",
    "owner_mobile",
    "contact_name",
    "contact_email",
    "contact_phone",
    "operator_name",
    "installer_name",
    "designer",
    "description",
    "image_url",
    "fixed_tariff",
    "money_unit_text",
)


def _totals(call: V1Call, plant: Plant) -> PlantTotals:
    return totals_of(call.world, call.account, plant)


def _plant_status(views: list[DeviceView]) -> int:
    if any(view.online for view in views):
        return PLANT_STATUS_ONLINE
    return PLANT_STATUS_OFFLINE


def plant_entry(call: V1Call, plant: Plant) -> dict[str, Any]:
    """One plant of `plant/list`."""
    totals = _totals(call, plant)
    return {
        "plant_id": plant.plant_id,
        "name": plant.name,
        "user_id": call.account.user_id,
        "status": _plant_status(totals.views),
        "locale": "en-US",
        "country": plant.country,
        "city": plant.city,
        "latitude": str(plant.latitude),
        "longitude": str(plant.longitude),
        "latitude_d": None,
        "latitude_f": None,
        "peak_power": num(plant.nominal_power / 1000, 2),
        "current_power": text(totals.power),
        "total_energy": text(totals.total_energy),
        "create_date": plant.create_date,
        "image_url": None,
        "installer": "0",
        "operator": "0",
    }


def _plant_page(call: V1Call, plants: list[Plant]) -> web.Response:
    paged = page_of(call, plants)
    if isinstance(paged, web.Response):
        return paged
    chunk, _ = paged
    return ok(
        {"count": len(plants), "plants": [plant_entry(call, plant) for plant in chunk]}
    )


def plant_list(call: V1Call) -> web.Response:
    """`GET plant/list` (form body on a GET): `{count, plants}`; search by name."""
    plants = call.account.plants
    keyword = call.param("search_keyword").lower()
    if keyword:
        plants = [p for p in plants if keyword in p.name.lower()]
    return _plant_page(call, plants)


def user_plant_list(call: V1Call) -> web.Response:
    """`POST plant/user_plant_list`, form `user_name, page, perpage`."""
    user_name = call.param("user_name")
    if user_name and user_name.lower() != call.account.username.lower():
        return v1_error(PERMISSION_DENIED, PERMISSION_DENIED_MSG)
    return _plant_page(call, call.account.plants)


def _grouped(
    views: list[DeviceView], families: tuple[Family, ...], prefix: str
) -> list[dict[str, Any]]:
    """Devices of some families counted by model: `[{<p>_man, <p>_md, <p>_num}]`."""
    models = Counter(v.device.model for v in views if v.device.family in families)
    return [
        {f"{prefix}_man": "Growatt", f"{prefix}_md": model, f"{prefix}_num": count}
        for model, count in models.items()
    ]


def plant_details(call: V1Call) -> web.Response:
    """`GET plant/details?plant_id=`: the plant's description."""
    plant = find_plant(call, empty=10003, missing=10002)
    if isinstance(plant, web.Response):
        return plant
    views = call.views(plant)
    loggers = Counter(v.device.datalogger_sn for v in views if v.device.datalogger_sn)
    pv_families = (Family.INVERTER, Family.TLX, Family.MIX, Family.SPA)
    return ok(
        {
            "name": plant.name,
            "city": plant.city,
            "country": plant.country,
            "create_date": plant.create_date,
            "currency": plant.currency,
            "latitude": str(plant.latitude),
            "longitude": str(plant.longitude),
            "locale": "en_US",
            "peak_power": num(plant.nominal_power / 1000, 2),
            "plant_type": 0,
            "timezone": timezone_text(plant),
            "user_id": call.account.user_id,
            "arrays": [
                {
                    "module_man": "Growatt",
                    "module_md": "",
                    "num_modules": sum(v.device.strings for v in views),
                }
            ],
            "dataloggers": [
                {
                    "datalogger_man": "Growatt",
                    "datalogger_md": "ShineWiFi-X",
                    "datalogger_num": len(loggers),
                }
            ]
            if loggers
            else [],
            "inverters": _grouped(views, pv_families, "inverter"),
            "storages": _grouped(views, (Family.STORAGE,), "storage"),
            "maxs": _grouped(views, (Family.MAX,), "max"),
            **dict.fromkeys(NULL_DETAIL_FIELDS),
            **dict.fromkeys(EMPTY_DETAIL_FIELDS, ""),
        }
    )


def plant_data(call: V1Call) -> web.Response:
    """`GET plant/data?plant_id=`: the energy overview, strings except the powers."""
    plant = find_plant(call, empty=10003, missing=10002)
    if isinstance(plant, web.Response):
        return plant
    totals = _totals(call, plant)
    last_update = max(
        (v.last_update for v in totals.views if v.online), default=totals.now
    )
    return ok(
        {
            "current_power": num(totals.power / 1000, 3),
            "today_energy": text(totals.today_energy),
            "monthly_energy": text(totals.month_energy),
            "yearly_energy": text(totals.year_energy),
            "total_energy": text(totals.total_energy),
            "peak_power_actual": num(plant.nominal_power / 1000, 2),
            "efficiency": "",
            "carbon_offset": text(totals.co2),
            "last_update_time": stamp(last_update, plant.tz),
            "timezone": timezone_text(plant),
        }
    )


def plant_power(call: V1Call) -> web.Response:
    """`GET plant/power?plant_id&date=`: the day's 5-minute PV power (W)."""
    plant = find_plant(call, empty=10003, missing=10002)
    if isinstance(plant, web.Response):
        return plant
    totals = _totals(call, plant)
    raw = call.param("date")
    day = parse_day(raw) if raw else totals.local_today
    if day is None:
        return v1_error(10003, "error_time_format")
    online = [v for v in totals.views if v.online]
    points = plant_curve(online, day) if online else []
    powers = [
        {"time": point.moment.strftime("%Y-%m-%d %H:%M"), "power": num(point.pv)}
        for point in points
    ]
    return ok({"count": len(powers), "powers": powers})


def _periods(unit: str, first: date, last: date) -> list[tuple[str, list[date]]]:
    """Labels and the days each covers, from `first` to `last` by unit."""
    if unit == "day":
        days = (last - first).days + 1
        return [
            ((first + timedelta(n)).isoformat(), [first + timedelta(n)])
            for n in range(days)
        ]
    if unit == "month":
        periods: list[tuple[str, list[date]]] = []
        month = first.replace(day=1)
        while month <= last:
            periods.append((month.strftime("%Y-%m"), [month]))
            month = (month + timedelta(days=32)).replace(day=1)
        return periods
    return [
        (str(year), [date(year, 1, 1)]) for year in range(first.year, last.year + 1)
    ]


def _period_energy(views: list[DeviceView], unit: str, anchor: date) -> float:
    """PV energy of the day, month or year of the anchor: the sum of its days."""
    if unit == "day":
        return period_energy(views, anchor, anchor)
    if unit == "month":
        return period_energy(views, *month_span(anchor))
    return period_energy(views, *year_span(anchor))


def plant_energy(call: V1Call) -> web.Response:
    """`GET plant/energy`: `{count, time_unit, energys: [{date, energy}]}`.

    A day range spans at most 7 days, a month range starts in the same or the
    previous year, a year range spans at most 20 years; a range outside these
    answers 10004 like a malformed date (the real code is not documented).
    """
    plant = find_plant(call, empty=10003, missing=10002)
    if isinstance(plant, web.Response):
        return plant
    unit = call.param("time_unit") or "day"
    first = parse_day(call.param("start_date"))
    last = parse_day(call.param("end_date"))
    if unit not in TIME_UNITS or first is None or last is None or last < first:
        return v1_error(10004, "error_time_format")
    too_long = {
        "day": (last - first).days > MAX_DAY_SPAN,
        "month": last.year - first.year > MAX_MONTH_YEARS,
        "year": last.year - first.year > MAX_YEAR_SPAN,
    }
    if too_long[unit]:
        return v1_error(10004, "error_time_format")
    periods = _periods(unit, first, last)
    paged = page_of(call, periods)
    if isinstance(paged, web.Response):
        return paged
    chunk, _ = paged
    totals = _totals(call, plant)
    energys = []
    for label, (anchor, *_rest) in chunk:
        energy = _period_energy(totals.views, unit, anchor)
        energys.append({"date": label, "energy": text(energy)})
    return ok({"count": len(periods), "time_unit": unit, "energys": energys})


def device_list(call: V1Call) -> web.Response:
    """`GET device/list?plant_id&page&perpage`: the plant's devices with v1 types.

    Noah has no v1 device type, so it is not listed.
    """
    plant = find_plant(call, empty=10002, missing=10003)
    if isinstance(plant, web.Response):
        return plant
    views = [v for v in call.views(plant) if v.device.family in V1_TYPE]
    paged = page_of(call, views)
    if isinstance(paged, web.Response):
        return paged
    chunk, _ = paged
    devices = [
        {
            "device_sn": v.device.sn,
            "device_id": v.device.device_id,
            "datalogger_sn": v.device.datalogger_sn,
            "type": V1_TYPE[v.device.family],
            "model": v.device.model,
            "manufacturer": "Growatt",
            "status": device_status(v),
            "lost": v.lost,
            "last_update_time": stamp(v.last_update, plant.tz),
        }
        for v in chunk
    ]
    return ok({"count": len(views), "devices": devices})


def datalogger_list(call: V1Call) -> web.Response:
    """`GET device/datalogger/list?plant_id`: the plant's dataloggers."""
    plant = find_plant(call, empty=10002, missing=10003)
    if isinstance(plant, web.Response):
        return plant
    loggers: dict[str, list[DeviceView]] = {}
    for view in call.views(plant):
        if view.device.datalogger_sn:
            loggers.setdefault(view.device.datalogger_sn, []).append(view)
    items = sorted(loggers.items())
    paged = page_of(call, items)
    if isinstance(paged, web.Response):
        return paged
    chunk, _ = paged
    dataloggers = [
        {
            "datalogger_sn": sn,
            "manufacturer": "Growatt",
            "model": "ShineWiFi-X",
            "lost": all(v.lost for v in views),
            "last_update_time": stamp(max(v.last_update for v in views), plant.tz),
        }
        for sn, views in chunk
    ]
    return ok({"count": len(items), "dataloggers": dataloggers})


def check_sn(call: V1Call) -> web.Response:
    """`GET device/check/sn?device_sn=`: the device's type_info code."""
    sn = call.param("device_sn")
    if not sn:
        return v1_error(10002, "error_device_sn_empty")
    device = call.account.device(sn)
    if device is None or device.sn != sn:
        if call.world.find_device(sn) is not None:
            return v1_error(PERMISSION_DENIED, PERMISSION_DENIED_MSG)
        return v1_error(10003, "error_device_not_exist")
    return ok({"device_sn": sn, "type_info": TYPE_INFO[device.family]})


ENDPOINTS: dict[str, Handler] = {
    "plant/list": plant_list,
    "plant/user_plant_list": user_plant_list,
    "plant/details": plant_details,
    "plant/data": plant_data,
    "plant/power": plant_power,
    "plant/energy": plant_energy,
    "device/list": device_list,
    "device/datalogger/list": datalogger_list,
    "device/check/sn": check_sn,
}
