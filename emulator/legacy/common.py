"""Shared pieces of the legacy views: Growatt's value formatting, lookups, answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from ..http import (
    html_response,
    json_response,
    legacy_account,
    request_params,
    world_of,
)
from ..model import Account, Device, Family, Plant, PvString, Telemetry
from ..simulation import is_lost
from ..world import Faults, World

type Params = dict[str, str]
type Handler = Callable[[web.Request, Params], Awaitable[web.Response]]

# Growatt's servers run in China: Java Date dicts and Date.toString() carry UTC+8.
SERVER_TZ = ZoneInfo("Asia/Shanghai")

# Invented (the real text is unknown): the answer for a serial number or plant id
# that does not belong to the session's account.
NO_PERMISSION = "error_permission_denied"

CURRENCY_SYMBOLS = {
    "EUR": "€",
    "USD": "$",
    "GBP": "£",
    "AUD": "$",
    "CNY": "¥",
    "JPY": "¥",
}

# kg of CO2 / coal avoided per kWh, as the default plant formulas.
FORMULA_CO2 = 0.4
FORMULA_COAL = 0.4
FORMULA_TREE = 0.055

TOMCAT_400 = """<!doctype html><html lang="en"><head><title>HTTP Status 400 \u2013 Bad Request</title></head>
<body><h1>HTTP Status 400 \u2013 Bad Request</h1><hr class="line" /><p><b>Type</b> Status Report</p>
<p><b>Message</b> Parameter conditions "{conditions}" not met for actual request parameters: {actual}</p>
<p><b>Description</b> The server cannot or will not process the request due to something that is perceived to be a client error.</p>
<hr class="line" /><h3>Apache Tomcat</h3></body></html>"""


# -- number and text formatting ------------------------------------------------


def compact(value: float, digits: int = 1) -> str:
    """A number as Growatt prints it in most strings: rounded, no trailing zeros."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fixed(value: float, digits: int = 1) -> str:
    """A number with a fixed count of decimals ("18.0")."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def kw(watts: float) -> str:
    """Watts as the kW string of the `_KW` endpoints."""
    return compact(watts / 1000, 2)


def energy_text(kwh: float) -> str:
    """Energy as "12.3 kWh", and from 1000 kWh on "2.56 MWh" (plant_list totals)."""
    if abs(kwh) >= 1_000_000:
        return f"{kwh / 1_000_000:.2f} GWh"
    if abs(kwh) >= 1000:
        return f"{kwh / 1000:.2f} MWh"
    return f"{compact(kwh)} kWh"


def power_text(watts: float) -> str:
    """Power as "0 W", "430 W", and from 1000 W on "1.2 kW"."""
    if abs(watts) >= 1_000_000:
        return f"{compact(watts / 1_000_000, 2)} MW"
    if abs(watts) >= 1000:
        return f"{compact(watts / 1000, 2)} kW"
    return f"{compact(watts)} W"


def co2_text(kg: float) -> str:
    """The plant list's CO2 figure.

    Growatt computes kilograms but labels them "T", and divides by 1000 into
    "KT": 2562.4 kWh x 0.4 shows as "1.02 KT" in a real dump.
    """
    if abs(kg) >= 1000:
        return f"{kg / 1000:.2f} KT"
    return f"{kg:.2f} T"


def flag(value: bool) -> str:
    """A boolean as Growatt's "1"/"0" string."""
    return "1" if value else "0"


def bool_text(value: bool) -> str:
    """A boolean as Growatt's "true"/"false" string."""
    return "true" if value else "false"


def hm(moment: time) -> str:
    """Growatt's unpadded time of day: "6:0", "14:30"."""
    return f"{moment.hour}:{moment.minute}"


def currency_symbol(code: str) -> str:
    """The symbol Growatt shows for a currency code."""
    return CURRENCY_SYMBOLS.get(code.upper(), code)


def java_date(moment: datetime) -> dict[str, int]:
    """A java.util.Date as Growatt's Jackson serializes it (server time, UTC+8)."""
    local = moment.astimezone(SERVER_TZ)
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return {
        "year": local.year - 1900,
        "month": local.month - 1,
        "date": local.day,
        "day": (local.weekday() + 1) % 7,
        "hours": local.hour,
        "minutes": local.minute,
        "seconds": local.second,
        "time": int(moment.timestamp() * 1000),
        "timezoneOffset": -minutes,
    }


def java_date_text(moment: datetime) -> str:
    """java.util.Date.toString() on Growatt's server: "Wed Dec 20 06:09:18 CST 2023"."""
    return moment.astimezone(SERVER_TZ).strftime("%a %b %d %H:%M:%S CST %Y")


def stamp(moment: datetime, tz: ZoneInfo) -> str:
    """A moment as "YYYY-MM-DD HH:MM:SS" in a timezone."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def created_at(plant: Plant) -> datetime:
    """The plant's creation date as a UTC datetime (midnight, server time)."""
    try:
        day = date.fromisoformat(plant.create_date)
    except ValueError:
        day = date(2024, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=SERVER_TZ).astimezone(UTC)


def standard_offset_hours(plant: Plant) -> float:
    """The plant's timezone as Growatt stores it: hours east of UTC, without DST."""
    january = datetime(2025, 1, 1, 12, tzinfo=UTC).astimezone(plant.tz).utcoffset()
    return january.total_seconds() / 3600 if january is not None else 0.0


def timezone_number(plant: Plant) -> int | float:
    """The integer (or half-hour) timezone of plant beans: 1 for Berlin."""
    hours = standard_offset_hours(plant)
    return int(hours) if hours == int(hours) else hours


def timezone_text(plant: Plant) -> str:
    """The timezone as "GMT+1"."""
    hours = timezone_number(plant)
    sign = "+" if hours >= 0 else "-"
    return f"GMT{sign}{compact(abs(hours))}"


# -- one device as the views see it ---------------------------------------------


@dataclass(frozen=True)
class DeviceView:
    """A device with everything a view needs to render it."""

    world: World
    account: Account
    plant: Plant
    device: Device
    faults: Faults = field(default_factory=Faults)

    @property
    def now(self) -> datetime:
        """The simulated UTC time."""
        return self.world.now()

    @property
    def local_now(self) -> datetime:
        """The simulated time in the plant's timezone."""
        return self.now.astimezone(self.plant.tz)

    @property
    def online(self) -> bool:
        """Whether the device's uploads reach Growatt (it is not `lost`)."""
        return not self.lost

    @property
    def lost(self) -> bool:
        """Growatt's `lost` flag: the datalogger is off line or asleep."""
        return is_lost(self.device, self.now)

    @property
    def sleeping(self) -> bool:
        """Whether the inverter sleeps (no PV and nothing to do)."""
        return self.device.telemetry.sleeping

    @property
    def live(self) -> Telemetry:
        """The telemetry of the last upload; a lost device shows zero powers.

        Energy counters, SOC and temperatures keep their last values.
        """
        telemetry = self.device.telemetry
        if not self.lost:
            return telemetry
        return replace(
            telemetry,
            pv_power=0.0,
            strings=[PvString() for _ in telemetry.strings],
            ac_power=0.0,
            ac_voltage=0.0,
            ac_current=0.0,
            ac_frequency=0.0,
            load_power=0.0,
            import_power=0.0,
            export_power=0.0,
            charge_power=0.0,
            discharge_power=0.0,
            ac_charge_power=0.0,
            battery_current=0.0,
            bus_voltage=0.0,
        )

    def string(self, index: int) -> PvString:
        """PV input `index` (1-based), zero when the device has fewer inputs."""
        strings = self.live.strings
        return strings[index - 1] if index <= len(strings) else PvString()

    def today(self, key: str) -> float:
        """Energy of the current local day (kWh)."""
        return self.device.counters.day(key)

    def total(self, key: str) -> float:
        """Lifetime energy (kWh).

        Growatt reports lifetime totals as 0 while the inverter sleeps on some
        servers; the `sleep_zero_totals` fault reproduces it.
        """
        if self.faults.sleep_zero_totals and self.device.telemetry.sleeping:
            return 0.0
        return self.device.counters.life(key)

    @property
    def status(self) -> int:
        """App status code: -1 lost, 0 waiting/standby, 1 normal."""
        if self.lost:
            return -1
        return 0 if self.device.telemetry.sleeping else 1

    @property
    def last_update(self) -> datetime:
        """When the device last reported (UTC)."""
        return self.device.last_update or self.now


def plant_of(account: Account, device: Device) -> Plant:
    """The plant a device of the account belongs to."""
    plant = account.plant(device.plant_id)
    if plant is None:  # pragma: no cover - worlds keep plant ids consistent
        msg = f"device {device.sn} has no plant {device.plant_id}"
        raise LookupError(msg)
    return plant


def view_for(world: World, account: Account, device: Device) -> DeviceView:
    """Wrap a device of the account for rendering."""
    return DeviceView(
        world=world,
        account=account,
        plant=plant_of(account, device),
        device=device,
        faults=world.faults_for(account.username),
    )


def find_view(
    request: web.Request, sn: str, families: tuple[Family, ...] = ()
) -> DeviceView | None:
    """The session account's device `sn` (of one of `families` when given)."""
    account = legacy_account(request)
    device = account.device(sn) if sn else None
    if device is None or (families and device.family not in families):
        return None
    return view_for(world_of(request), account, device)


def find_plant(request: web.Request, plant_id: str) -> tuple[Account, Plant | None]:
    """The session account and its plant `plant_id` (None when not its own)."""
    account = legacy_account(request)
    return account, account.plant(plant_id)


def plant_views(world: World, account: Account, plant: Plant) -> list[DeviceView]:
    """Every device of a plant, wrapped."""
    faults = world.faults_for(account.username)
    return [
        DeviceView(world, account, plant, device, faults) for device in plant.devices
    ]


# -- answers ----------------------------------------------------------------------


def whole_numbers(value: Any) -> Any:
    """A payload as Growatt's serializer writes it: whole floats without a fraction.

    Real answers carry `0`, `168` and `800` where the value is a float that
    happens to be whole, and `258.6000061035156` where it is not; only
    `getInverterDetailData_two` keeps `0.0`.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [whole_numbers(item) for item in value]
    return value


def growatt_json(payload: Any, status: int = 200) -> web.Response:
    """A legacy JSON answer, its numbers written as Growatt writes them."""
    return json_response(whole_numbers(payload), status)


def back(payload: Mapping[str, Any]) -> web.Response:
    """Family A: `{"back": {...}}`."""
    return growatt_json({"back": dict(payload)})


def back_failure(msg: str) -> web.Response:
    """Family A failure."""
    return back({"success": False, "msg": msg})


def result_obj(obj: Any, msg: str = "") -> web.Response:
    """Family B success: `{"result": 1, "msg": ..., "obj": ...}`."""
    return growatt_json({"result": 1, "msg": msg, "obj": obj})


def result_failure(msg: str = NO_PERMISSION) -> web.Response:
    """Family B failure: result 0 and a message, no obj."""
    return json_response({"result": 0, "msg": msg, "obj": None})


def bare_failure(msg: str = NO_PERMISSION) -> web.Response:
    """The failure of bare (Family C/D) endpoints, as getInverterData answers for a TLX."""
    return json_response({"success": False, "msg": msg})


def dispatch(
    path: str, handlers: Mapping[str, Handler]
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """One `.do` path whose `op` (or `action`) picks the handler.

    The op sits in the query or the form; an unknown op gets Tomcat's 400 page,
    as Growatt's Spring controllers answer unmatched parameter conditions.
    """

    async def handle(request: web.Request) -> web.Response:
        params = await request_params(request)
        op = params.get("op") or params.get("action") or ""
        handler = handlers.get(op)
        if handler is None:
            conditions = " OR ".join(f"op={name}" for name in handlers)
            actual = ", ".join(
                f"{key}={{{value}}}"
                for key, value in params.items()
                if key in ("op", "action")
            )
            return html_response(
                TOMCAT_400.format(conditions=conditions, actual=actual or "[]"), 400
            )
        return await handler(request, params)

    handle.__name__ = f"legacy_{path.replace('/', '_').replace('.', '_')}"
    return handle


def add_paths(
    app: web.Application,
    routes: Mapping[str, Callable[[web.Request], Awaitable[web.Response]]],
) -> None:
    """Serve each path for GET and POST (the app uses both, inconsistently)."""
    for path, handler in routes.items():
        app.router.add_route("GET", path, handler)
        app.router.add_route("POST", path, handler)


def simple(handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
    """A path without op dispatch."""

    async def handle(request: web.Request) -> web.Response:
        return await handler(request, await request_params(request))

    handle.__name__ = handler.__name__
    return handle
