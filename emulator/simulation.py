"""Physics of the simulated plants: sun, household load and battery, step by step.

Each device is advanced lazily to the moment a request reads it. Powers follow a
sun curve in the plant's local time, the battery follows the work mode that the
settings put in force, and energy counters integrate the powers, so PV, load,
grid and battery always balance. Daily counters reset at local midnight, where
the completed day is kept (`Counters.days`), and lifetime counters only grow.

The days before a device's first simulated day, and the days a long jump of
the clock skips, come from a day model on the same sun curve and weather; the
lifetime totals start as the model's sum since the plant's `create_date`, so
the days always add up to them (see `emulator.history`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
import math
import zlib
from zoneinfo import ZoneInfo

from .model import (
    MODE_BATTERY_FIRST,
    MODE_GRID_FIRST,
    MODE_LOAD_FIRST,
    Device,
    Family,
    Plant,
    PvString,
)

# Longest step of the integration; a big clock jump uses coarser steps.
FINE_STEP = 60.0
COARSE_STEP = 300.0
DAY_STEP = 900.0
# Beyond this gap the history is not simulated step by step but estimated.
MAX_SIMULATED_GAP = timedelta(days=14)

INITIAL_SOC = 40.0
# C-rate of the simulated batteries: a 10 kWh battery moves at most 5 kW.
BATTERY_C_RATE = 0.5
INVERTER_EFFICIENCY = 0.97
# Battery round trip losses are folded into charging.
CHARGE_EFFICIENCY = 0.95

HYBRID_FAMILIES = frozenset({Family.TLX, Family.MIX, Family.SPA, Family.STORAGE})

# Uploads land up to this long after the datalogger's nominal slot.
UPLOAD_JITTER = 20.0
# Growatt flags a device `lost` once this many uploads in a row are missing.
LOST_AFTER_UPLOADS = 3


def _noise(*parts: object) -> float:
    """A deterministic value in [0, 1) for the given key."""
    return (zlib.crc32("|".join(map(str, parts)).encode()) % 10_000) / 10_000


def daylight(day: date, latitude: float) -> tuple[float, float]:
    """Sunrise and sunset in local solar hours for a day at a latitude."""
    return _daylight_hours(day.timetuple().tm_yday, latitude)


def _daylight_hours(day_of_year: int, latitude: float) -> tuple[float, float]:
    declination = 23.44 * math.sin(2 * math.pi * (day_of_year - 81) / 365)
    lat = math.radians(max(-66.0, min(66.0, latitude)))
    dec = math.radians(declination)
    cos_hour_angle = max(-1.0, min(1.0, -math.tan(lat) * math.tan(dec)))
    half_day = math.degrees(math.acos(cos_hour_angle)) / 15
    noon = 13.0  # local clock noon, roughly, with daylight saving in mind
    return noon - half_day, noon + half_day


def sun_factor(local: datetime, latitude: float, sn: str) -> float:
    """Fraction (0..1) of the array's peak power the sky allows right now."""
    sunrise, sunset = daylight(local.date(), latitude)
    hour = local.hour + local.minute / 60 + local.second / 3600
    if hour <= sunrise or hour >= sunset:
        return 0.0
    elevation = math.sin(math.pi * (hour - sunrise) / (sunset - sunrise))
    season = 0.55 + 0.45 * math.sin(
        2 * math.pi * (local.timetuple().tm_yday - 81) / 365
    )
    # Each day has its own weather; clouds drift through it.
    clear = 0.45 + 0.55 * _noise(sn, local.date())
    drift = 0.88 + 0.12 * math.sin(hour * 2.1 + 10 * _noise("drift", sn, local.date()))
    return max(0.0, float(elevation**1.3) * max(0.25, season) * clear * drift)


def _base_load(hour: float) -> float:
    """The household's load in W without its appliances, at a local clock hour."""
    load = 180.0
    load += 550 * math.exp(-(((hour - 7.5) / 1.0) ** 2))
    load += 250 * math.exp(-(((hour - 12.5) / 1.5) ** 2))
    load += 900 * math.exp(-(((hour - 19.0) / 1.8) ** 2))
    return load


def household_load(local: datetime, sn: str) -> float:
    """Household consumption in W: a base load with morning and evening peaks."""
    hour = local.hour + local.minute / 60
    load = _base_load(hour)
    # Appliances switch on and off.
    slot = int(hour * 4)
    load += 600 * max(0.0, _noise("load", sn, local.date(), slot) - 0.75) * 4
    return round(load, 1)


@dataclass
class Flows:
    """Power flows of one step, in W."""

    pv: float = 0.0
    ac: float = 0.0
    load: float = 0.0
    imported: float = 0.0
    exported: float = 0.0
    charge: float = 0.0
    discharge: float = 0.0
    ac_charge: float = 0.0
    mode: int = MODE_LOAD_FIRST


def _active_mode(device: Device, moment: time) -> int:
    """The work mode the schedule or the priority puts in force."""
    settings = device.settings
    if device.family == Family.TLX:
        for segment in settings.time_segments:
            if segment.covers(moment):
                return segment.mode
        return settings.priority
    if device.family in (Family.MIX, Family.SPA):
        if any(p.covers(moment) for p in settings.charge_periods):
            return MODE_BATTERY_FIRST
        if any(p.covers(moment) for p in settings.discharge_periods):
            return MODE_GRID_FIRST
        return settings.priority
    return settings.priority


def _export_cap(device: Device) -> float:
    """Most power the device may push to the grid (W)."""
    settings = device.settings
    if settings.export_limit_mode == 0:
        return math.inf
    return device.nominal_power * settings.export_limit_rate / 100


def _battery_limits(device: Device, mode: int) -> tuple[float, float, float, float]:
    """Charge and discharge power limits (W) and the SOC ceiling and floor."""
    settings = device.settings
    rate = device.battery_kwh * 1000 * BATTERY_C_RATE
    charge_limit = rate * settings.charge_power / 100
    discharge_limit = rate * settings.discharge_power / 100
    ceiling = float(settings.charge_stop_soc)
    if device.family in (Family.MIX, Family.SPA):
        floor = float(
            settings.discharge_stop_soc
            if mode == MODE_GRID_FIRST
            else settings.load_first_stop_soc
        )
    elif device.family == Family.STORAGE:
        floor = float(settings.discharge_stop_soc)
    else:
        floor = float(settings.on_grid_discharge_stop_soc)
    return charge_limit, discharge_limit, ceiling, floor


def _energy_room(device: Device, soc: float, target: float, seconds: float) -> float:
    """Power (W) that moves the battery from soc to target within the step."""
    kwh = abs(target - soc) / 100 * device.battery_kwh
    return kwh * 1000 * 3600 / seconds if seconds > 0 else 0.0


def _pv_flows(device: Device, pv: float, load: float) -> Flows:
    """A PV inverter without battery: output, load and grid."""
    settings = device.settings
    max_ac = device.nominal_power * settings.active_power_rate / 100
    ac = min(pv * INVERTER_EFFICIENCY, max_ac)
    if not device.has_meter:
        # Without a meter the inverter sees no household: all output is export.
        cap = _export_cap(device)
        ac = min(ac, cap)
        return Flows(pv=ac / INVERTER_EFFICIENCY, ac=ac, exported=ac)
    cap = _export_cap(device)
    if ac - load > cap:
        ac = load + cap
    return Flows(
        pv=ac / INVERTER_EFFICIENCY,
        ac=ac,
        load=load,
        exported=max(0.0, ac - load),
        imported=max(0.0, load - ac),
    )


def _hybrid_flows(
    device: Device, pv: float, load: float, mode: int, seconds: float
) -> Flows:
    """A hybrid inverter with battery under the work mode in force."""
    settings = device.settings
    soc = device.telemetry.soc
    charge_limit, discharge_limit, ceiling, floor = _battery_limits(device, mode)
    room = _energy_room(device, soc, ceiling, seconds) if soc < ceiling else 0.0
    available = _energy_room(device, soc, floor, seconds) if soc > floor else 0.0
    max_ac = device.nominal_power * settings.active_power_rate / 100
    cap = _export_cap(device)
    off_grid = device.family == Family.STORAGE
    if off_grid:
        cap = 0.0

    charge = discharge = ac_charge = 0.0
    if mode == MODE_BATTERY_FIRST:
        charge = min(pv, charge_limit, room)
        if settings.ac_charge:
            ac_charge = max(0.0, min(charge_limit - charge, room - charge))
    elif mode == MODE_GRID_FIRST:
        discharge = min(discharge_limit, available)
    else:
        surplus = pv - load / INVERTER_EFFICIENCY
        if surplus >= 0:
            charge = min(surplus, charge_limit, room)
        else:
            discharge = min(-surplus * INVERTER_EFFICIENCY, discharge_limit, available)

    pv_to_ac = max(0.0, pv - charge)
    ac = min((pv_to_ac + discharge) * INVERTER_EFFICIENCY, max_ac)
    exported = max(0.0, ac - load)
    if exported > cap:
        # The export limit curtails discharge first, then PV.
        excess = exported - cap
        cut_discharge = min(discharge, excess / INVERTER_EFFICIENCY)
        discharge -= cut_discharge
        ac -= cut_discharge * INVERTER_EFFICIENCY
        excess = max(0.0, ac - load - cap)
        ac -= excess
        exported = max(0.0, ac - load)
        pv_to_ac = max(0.0, ac / INVERTER_EFFICIENCY - discharge)
        pv = pv_to_ac + charge
    imported = max(0.0, load - ac) + ac_charge
    return Flows(
        pv=pv,
        ac=ac,
        load=load,
        imported=imported,
        exported=exported,
        charge=charge + ac_charge,
        discharge=discharge,
        ac_charge=ac_charge,
        mode=mode,
    )


def _noah_flows(
    device: Device, pv: float, load: float, moment: time, seconds: float
) -> Flows:
    """A Noah balcony battery: PV in, a set output power to the house socket."""
    settings = device.settings
    soc = device.telemetry.soc
    mode = settings.priority
    target = float(settings.default_power)
    for segment in settings.time_segments:
        if segment.covers(moment):
            mode = segment.mode
            target = float(segment.power)
            break
    if mode == MODE_BATTERY_FIRST:
        target = 0.0
    elif mode == 2:  # smart: follow the household
        target = load
    target = min(target, float(device.nominal_power))
    charge_limit = device.battery_kwh * 1000 * BATTERY_C_RATE
    room = (
        _energy_room(device, soc, settings.charging_soc_high, seconds)
        if soc < settings.charging_soc_high
        else 0.0
    )
    available = (
        _energy_room(device, soc, settings.charging_soc_low, seconds)
        if soc > settings.charging_soc_low
        else 0.0
    )
    net = pv - target
    charge = discharge = 0.0
    if net >= 0:
        charge = min(net, charge_limit, room)
        # A full battery passes PV through, up to the output limit.
        output = min(pv - charge, float(device.nominal_power))
    else:
        discharge = min(-net, charge_limit, available)
        output = pv + discharge
    pv_used = output + charge - discharge
    return Flows(
        pv=pv_used,
        ac=output,
        load=load,
        imported=max(0.0, load - output),
        exported=max(0.0, output - load),
        charge=charge,
        discharge=discharge,
        mode=mode,
    )


def string_shares(count: int) -> list[float]:
    """How PV power splits over the strings (east-west roofs differ a little)."""
    weights = [1.0 - 0.04 * index for index in range(count)]
    total = sum(weights)
    return [w / total for w in weights]


def _battery_voltage(device: Device, soc: float) -> float:
    """A plausible pack voltage for the family."""
    if device.family == Family.TLX:
        return round(380 + soc * 0.4, 1)  # high-voltage ARK/APX pack
    return round(48.0 + soc * 0.06, 2)


def _fill_telemetry(device: Device, flows: Flows, local: datetime) -> None:
    """Write a step's flows into the device's instantaneous telemetry."""
    t = device.telemetry
    noise = _noise("v", device.sn, local.replace(second=0, microsecond=0))
    t.pv_power = round(flows.pv, 1)
    t.ac_power = round(flows.ac, 1)
    t.load_power = round(flows.load, 1)
    t.import_power = round(flows.imported, 1)
    t.export_power = round(flows.exported, 1)
    t.charge_power = round(flows.charge, 1)
    t.discharge_power = round(flows.discharge, 1)
    t.ac_charge_power = round(flows.ac_charge, 1)
    t.mode = flows.mode
    t.ac_voltage = round(229.0 + 4 * noise, 1)
    t.ac_frequency = round(49.98 + 0.04 * noise, 2)
    t.ac_current = round(flows.ac / t.ac_voltage, 2) if flows.ac else 0.0
    sun = min(1.0, flows.pv / max(1.0, device.nominal_power))
    string_voltage = 40.0 if device.family == Family.NOAH else 320.0
    t.strings = []
    for share in string_shares(device.strings):
        power = flows.pv * share
        voltage = string_voltage * (0.85 + 0.15 * sun) if power > 0 else 0.0
        t.strings.append(
            PvString(
                voltage=round(voltage, 1),
                current=round(power / voltage, 2) if voltage else 0.0,
                power=round(power, 1),
            )
        )
    t.temperature = round(24.0 + 22 * sun + 3 * noise, 1)
    t.ipm_temperature = round(t.temperature + 2.5, 1)
    t.bus_voltage = round(360 + 20 * sun, 1) if flows.ac else 0.0
    if device.has_battery:
        t.battery_voltage = _battery_voltage(device, t.soc)
        net = flows.charge - flows.discharge
        t.battery_current = (
            round(net / t.battery_voltage, 2) if t.battery_voltage else 0.0
        )
        t.battery_temperature = round(
            21.0 + abs(net) / max(1.0, device.battery_kwh * 500) * 6, 1
        )
    t.sleeping = (
        flows.pv < 1 and flows.charge == 0 and flows.discharge == 0 and flows.ac == 0
    )


def array_power(device: Device) -> float:
    """Peak PV power (W) of the device's array: 0 while off or without PV inputs."""
    if not device.settings.on or (
        not device.strings and device.family is not Family.SPA
    ):
        return 0.0
    return device.nominal_power * (2.0 if device.family is Family.NOAH else 1.1)


def flows_at(plant: Plant, device: Device, local: datetime, seconds: float) -> Flows:
    """The power flows of a device at a local moment."""
    settings = device.settings
    available_pv = 0.0
    array = array_power(device)
    if array:
        available_pv = array * sun_factor(local, plant.latitude, device.sn)
    load = household_load(local, device.sn) if device.has_meter else 0.0
    if not settings.on:
        if device.family == Family.NOAH:
            return Flows(load=load, imported=load)
        return Flows(load=load, imported=load if device.has_meter else 0.0)
    if device.family == Family.NOAH:
        return _noah_flows(device, available_pv, load, local.time(), seconds)
    if device.family in HYBRID_FAMILIES and device.has_battery:
        mode = _active_mode(device, local.time())
        return _hybrid_flows(device, available_pv, load, mode, seconds)
    return _pv_flows(device, available_pv, load)


def _integrate(device: Device, flows: Flows, seconds: float) -> None:
    """Add a step's energy to the counters and move the battery."""
    hours = seconds / 3600
    counters = device.counters

    def add(key: str, watts: float) -> None:
        if watts > 0:
            counters.add(key, watts * hours / 1000)

    add("pv", flows.pv)
    for index, share in enumerate(string_shares(device.strings)):
        add(f"pv{index + 1}", flows.pv * share)
    add("ac", flows.ac)
    add("load", flows.load)
    add("import", flows.imported)
    add("export", flows.exported)
    add("charge", flows.charge)
    add("discharge", flows.discharge)
    add("ac_charge", flows.ac_charge)
    add("self", flows.load - (flows.imported - flows.ac_charge))
    if device.has_battery:
        delta_kwh = (flows.charge * CHARGE_EFFICIENCY - flows.discharge) * hours / 1000
        soc = device.telemetry.soc + delta_kwh / device.battery_kwh * 100
        device.telemetry.soc = round(max(0.0, min(100.0, soc)), 3)


# -- the day model ------------------------------------------------------------------
#
# Days the simulation did not run (before a device's first simulated day, and
# days skipped by a long jump of the clock) come from a model of whole local
# days. PV is the simulation's sun curve (`sun_factor`, the same weather)
# integrated in quarter hours of the local clock; the household load is the
# load curve without its appliances over the local day (23 or 25 hours at DST
# changes) plus a daily appliance figure; PV meets part of the daylight load
# directly, and a battery stores what the rest of the day needs of the
# surplus and gives it back. The grid takes and gives the difference.

ESTIMATE_STEP_HOURS = 0.25
_MARKS = tuple(
    (index + 0.5) * ESTIMATE_STEP_HOURS
    for index in range(round(24 / ESTIMATE_STEP_HOURS))
)
_DRIFT_SIN = tuple(math.sin(hour * 2.1) for hour in _MARKS)
_DRIFT_COS = tuple(math.cos(hour * 2.1) for hour in _MARKS)
_BASE_LOAD = tuple(_base_load(hour) for hour in _MARKS)
_BASE_DAY_KWH = sum(_BASE_LOAD) * ESTIMATE_STEP_HOURS / 1000
# The appliances' mean power (W): 600 W x 4 x E[max(0, U - 0.75)] per quarter.
APPLIANCE_W = 2400 * 0.25**2 / 2
# Of the load while the sun is up, the share PV can meet directly.
DIRECT_USE = 0.8
# The share of a battery's capacity one day cycles at most (SOC floor 10 %).
BATTERY_CYCLE = 0.9
MODEL_KEYS = (
    "pv",
    "ac",
    "load",
    "import",
    "export",
    "charge",
    "discharge",
    "ac_charge",
    "self",
)


@dataclass(frozen=True)
class DayModel:
    """What the day model needs of a device and its plant (hashable, for the caches)."""

    sn: str
    array_w: float  # peak PV power (W), see `array_power`
    latitude: float
    timezone: str
    strings: int
    meter: bool
    battery_kwh: float
    off_grid: bool  # an off-grid inverter exports nothing

    def counters(self, values: tuple[float, ...]) -> dict[str, float]:
        """Model values (in `MODEL_KEYS` order) as the keys the device keeps."""
        named = dict(zip(MODEL_KEYS, values, strict=True))
        keys = ["pv", "ac", "export"]
        if self.meter:
            keys += ["load", "import", "self"]
        if self.battery_kwh > 0:
            keys += ["charge", "discharge", "ac_charge"]
        result = {key: named[key] for key in MODEL_KEYS if key in keys}
        for index, share in enumerate(string_shares(self.strings)):
            result[f"pv{index + 1}"] = named["pv"] * share
        return result


def day_model(plant: Plant, device: Device, array_w: float | None = None) -> DayModel:
    """The day model of a device (its array as set now unless `array_w` is given)."""
    return DayModel(
        sn=device.sn,
        array_w=array_power(device) if array_w is None else array_w,
        latitude=plant.latitude,
        timezone=plant.timezone,
        strings=device.strings,
        meter=device.has_meter,
        battery_kwh=device.battery_kwh,
        off_grid=device.family is Family.STORAGE,
    )


@dataclass(frozen=True)
class _DayShape:
    """What a day of the year at a latitude gives every device (see `_day_shape`)."""

    plain: float  # sum of the elevation term of `sun_factor` over the marks
    sine: float  # ... times sin(2.1 x hour), the drift's own part
    cosine: float  # ... times cos(2.1 x hour)
    season: float  # the season term of `sun_factor`
    daylight_hours: float  # sunset - sunrise
    daylight_load: float  # base load (kWh) while the sun is up


@lru_cache(maxsize=8192)
def _day_shape(latitude: float, day_of_year: int) -> _DayShape:
    """The sun's course and the base load of a day, over its quarter-hour marks."""
    sunrise, sunset = _daylight_hours(day_of_year, latitude)
    plain = sine = cosine = load = 0.0
    for hour, drift_sin, drift_cos, base in zip(
        _MARKS, _DRIFT_SIN, _DRIFT_COS, _BASE_LOAD, strict=True
    ):
        if hour <= sunrise or hour >= sunset:
            continue
        elevation = math.sin(math.pi * (hour - sunrise) / (sunset - sunrise))
        weight = float(elevation**1.3)
        plain += weight
        sine += weight * drift_sin
        cosine += weight * drift_cos
        load += base
    season = 0.55 + 0.45 * math.sin(2 * math.pi * (day_of_year - 81) / 365)
    return _DayShape(
        plain=plain,
        sine=sine,
        cosine=cosine,
        season=max(0.25, season),
        daylight_hours=sunset - sunrise,
        daylight_load=load * ESTIMATE_STEP_HOURS / 1000,
    )


def _day_pv(sn: str, array_w: float, shape: _DayShape, iso: str) -> float:
    """`day_pv` with the day's shape and ISO date at hand."""
    if array_w <= 0:
        return 0.0
    clear = 0.45 + 0.55 * _noise(sn, iso)
    phase = 10 * _noise("drift", sn, iso)
    drift = 0.88 * shape.plain + 0.12 * (
        math.cos(phase) * shape.sine + math.sin(phase) * shape.cosine
    )
    return array_w * shape.season * clear * drift * ESTIMATE_STEP_HOURS / 1000


def day_pv(sn: str, array_w: float, latitude: float, day: date) -> float:
    """PV energy (kWh) of a local day: the simulation's sun curve over the day.

    The sum of `array_w x sun_factor(...)` at the middle of each quarter hour
    of the local clock (the day's own weather), in closed form: the weather
    only scales the sun's course and shifts the drift's phase, and the
    drift's sine splits into the sine and cosine sums of `_day_shape`.
    """
    shape = _day_shape(latitude, day.timetuple().tm_yday)
    return _day_pv(sn, array_w, shape, day.isoformat())


@lru_cache(maxsize=256)
def _uneven_days(timezone: str, year: int) -> dict[date, float]:
    """The local days of a year that are not 24 hours long, with their hours."""
    tz = ZoneInfo(timezone)
    uneven: dict[date, float] = {}
    day = date(year, 1, 1)
    start = datetime.combine(day, time(0), tz).astimezone(UTC)
    while day.year == year:
        following = day + timedelta(days=1)
        end = datetime.combine(following, time(0), tz).astimezone(UTC)
        hours = (end - start).total_seconds() / 3600
        if hours != 24:
            uneven[day] = hours
        day, start = following, end
    return uneven


def day_hours(timezone: str, day: date) -> float:
    """Hours of a local day: 24, or 23 and 25 where daylight saving time changes."""
    return _uneven_days(timezone, day.year).get(day, 24.0)


@lru_cache(maxsize=1024)
def _base_load_kwh(timezone: str, day: date) -> float:
    """The base load (kWh) over a local day of 23 or 25 hours, in real time."""
    tz = ZoneInfo(timezone)
    start = datetime.combine(day, time(0), tz).astimezone(UTC)
    steps = round(day_hours(timezone, day) / ESTIMATE_STEP_HOURS)
    total = 0.0
    for index in range(steps):
        moment = start + timedelta(hours=(index + 0.5) * ESTIMATE_STEP_HOURS)
        local = moment.astimezone(tz)
        total += _base_load(local.hour + local.minute / 60 + local.second / 3600)
    return total * ESTIMATE_STEP_HOURS / 1000


def _compute_values(model: DayModel, day: date) -> tuple[float, ...]:
    """One day of the model, in `MODEL_KEYS` order (kWh)."""
    shape = _day_shape(model.latitude, day.timetuple().tm_yday)
    iso = day.isoformat()
    pv = _day_pv(model.sn, model.array_w, shape, iso)
    produced = pv * INVERTER_EFFICIENCY
    if not model.meter:
        # Without a meter the inverter sees no household: all output is export.
        return (pv, produced, 0.0, 0.0, produced, 0.0, 0.0, 0.0, 0.0)
    hours = day_hours(model.timezone, day)
    base = _BASE_DAY_KWH if hours == 24 else _base_load_kwh(model.timezone, day)
    appliances = APPLIANCE_W * hours / 1000 * (0.4 + 1.2 * _noise("day", model.sn, iso))
    load = base + appliances
    daylight_load = shape.daylight_load + appliances * shape.daylight_hours / hours
    direct = DIRECT_USE * min(produced, daylight_load)
    charge = discharge = 0.0
    if model.battery_kwh > 0:
        # The battery stores what the rest of the day needs of the surplus.
        surplus = max(0.0, pv - direct / INVERTER_EFFICIENCY)
        needed = (load - direct) / INVERTER_EFFICIENCY / CHARGE_EFFICIENCY
        room = model.battery_kwh * BATTERY_CYCLE / CHARGE_EFFICIENCY
        charge = min(surplus, needed, room)
        discharge = charge * CHARGE_EFFICIENCY
    self_used = direct + discharge * INVERTER_EFFICIENCY
    if model.off_grid:
        # Nothing goes to the grid: the inverter takes only the PV it uses,
        # as the simulation curtails it.
        pv = direct / INVERTER_EFFICIENCY + charge
        ac, exported = self_used, 0.0
    else:
        ac = (pv - charge + discharge) * INVERTER_EFFICIENCY
        exported = max(0.0, ac - self_used)
    imported = max(0.0, load - self_used)
    return (pv, ac, load, imported, exported, charge, discharge, 0.0, self_used)


_model_values = lru_cache(maxsize=65536)(_compute_values)


def model_day(
    plant: Plant, device: Device, day: date, array_w: float | None = None
) -> dict[str, float]:
    """The modelled counters (kWh) of a device for a local day.

    Every key the device keeps: pv, pv1..pvN, ac and export; load, import and
    self with a meter; charge, discharge and ac_charge with a battery. The
    array is as set now (off: no PV) unless `array_w` is given.
    """
    model = day_model(plant, device, array_w)
    return model.counters(_model_values(model, day))


@lru_cache(maxsize=4096)
def _model_range(model: DayModel, first: date, last: date) -> tuple[float, ...]:
    """The model's values summed over the local days `first..last`."""
    sums = [0.0] * len(MODEL_KEYS)
    day = first
    one_day = timedelta(days=1)
    while day <= last:
        sums = [
            total + value
            for total, value in zip(sums, _compute_values(model, day), strict=True)
        ]
        day += one_day
    return tuple(sums)


def model_days(model: DayModel, first: date, last: date) -> dict[str, float]:
    """The modelled counters (kWh) summed over the local days `first..last`."""
    if last < first:
        return {}
    return model.counters(_model_range(model, first, last))


def creation_day(plant: Plant, since: date) -> date:
    """The plant's first day of history (a year before `since` if unreadable)."""
    try:
        created = date.fromisoformat(plant.create_date)
    except ValueError:
        created = since - timedelta(days=365)
    return min(created, since)


def _add_totals(device: Device, values: Mapping[str, float], sign: float) -> None:
    total = device.counters.total
    for key, value in values.items():
        total[key] = max(0.0, total.get(key, 0.0) + sign * value)


def _follow_creation(plant: Plant, device: Device) -> None:
    """Keep the lifetime totals the sum of the days since the plant's creation.

    The totals hold the modelled days from the creation up to the first
    simulated day; when the plant's `create_date` changes, those days change.
    """
    counters = device.counters
    since = date.fromisoformat(counters.since)
    first = creation_day(plant, since)
    if counters.first == first.isoformat():
        return
    model = day_model(plant, device, counters.array_w)
    before = timedelta(days=1)
    if counters.first:
        old = date.fromisoformat(counters.first)
        _add_totals(device, model_days(model, old, since - before), -1)
    _add_totals(device, model_days(model, first, since - before), +1)
    counters.first = first.isoformat()


def _seed_lifetime(plant: Plant, device: Device, start: datetime) -> None:
    """Lifetime totals of the days before the simulation began: the day model's sum."""
    counters = device.counters
    counters.since = start.astimezone(plant.tz).date().isoformat()
    counters.first = ""
    counters.array_w = array_power(device)
    counters.total = {}
    _follow_creation(plant, device)


def _start(plant: Plant, device: Device, until: datetime) -> datetime:
    """Begin a device's history at the local midnight before `until`."""
    local_midnight = datetime.combine(
        until.astimezone(plant.tz).date(), time(0), plant.tz
    )
    start = local_midnight.astimezone(UTC)
    _seed_lifetime(plant, device, start)
    device.counters.today = {}
    if device.has_battery:
        device.telemetry.soc = INITIAL_SOC
    device.sim_time = start
    if device.stays_awake:
        device.last_update = start
    else:
        # Asleep since yesterday's sunset: that was its last upload.
        yesterday = local_midnight.date() - timedelta(days=1)
        _, sunset = daylight(yesterday, plant.latitude)
        dusk = local_midnight - timedelta(hours=24 - sunset)
        device.last_update = upload_before(device, dusk.astimezone(UTC))
    return start


# -- uploads ----------------------------------------------------------------

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _slot(device: Device, index: int) -> datetime:
    """When upload number `index` of the device's datalogger lands (UTC)."""
    period = device.update_interval * 60
    phase = _noise("phase", device.logger) * period
    jitter = _noise("jitter", device.logger, index) * UPLOAD_JITTER
    return _EPOCH + timedelta(seconds=index * period + phase + jitter)


def upload_before(device: Device, moment: datetime) -> datetime:
    """The datalogger's last upload slot at or before `moment` (UTC).

    A datalogger uploads every `update_interval` minutes at its own phase,
    each upload a few seconds late; values change only when one lands.
    """
    period = device.update_interval * 60
    index = math.floor((moment - _EPOCH).total_seconds() / period)
    while _slot(device, index) > moment:
        index -= 1
    return _slot(device, index)


def uploads_between(device: Device, start: datetime, end: datetime) -> list[datetime]:
    """The datalogger's upload slots after `start` up to `end` (UTC)."""
    slots: list[datetime] = []
    moment = upload_before(device, end)
    while moment > start:
        slots.append(moment)
        moment = upload_before(device, moment - timedelta(microseconds=1))
    slots.reverse()
    return slots


def is_lost(device: Device, now: datetime) -> bool:
    """Growatt's `lost`: the datalogger is off line or its uploads stopped."""
    if not device.online:
        return True
    if device.last_update is None:
        return False
    silence = (now - device.last_update).total_seconds()
    return silence > LOST_AFTER_UPLOADS * device.update_interval * 60 + UPLOAD_JITTER


def _next_midnight(plant: Plant, moment: datetime) -> datetime:
    """The next local midnight after a UTC moment, in UTC."""
    local = moment.astimezone(plant.tz)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(0), plant.tz)
    return tomorrow.astimezone(UTC)


def _close_day(device: Device, day: date) -> None:
    """Keep the counters of a completed local day and start the next one."""
    counters = device.counters
    recorded = counters.days.setdefault(day.isoformat(), {})
    for key, value in counters.today.items():
        recorded[key] = recorded.get(key, 0.0) + value
    counters.today = {}


def _simulate(
    plant: Plant, device: Device, current: datetime, target: datetime, step: float
) -> datetime | None:
    """Step a device from `current` to `target`, closing each local day it ends.

    Returns the end of the last step the device was awake in, if any.
    """
    tz = plant.tz
    day = current.astimezone(tz).date()
    midnight = _next_midnight(plant, current)
    awake_until: datetime | None = None
    while current < target:
        if current >= midnight:
            _close_day(device, day)
            day = current.astimezone(tz).date()
            midnight = _next_midnight(plant, current)
        end = min(target, midnight, current + timedelta(seconds=step))
        seconds = (end - current).total_seconds()
        local = (current + (end - current) / 2).astimezone(tz)
        flows = flows_at(plant, device, local, seconds)
        _integrate(device, flows, seconds)
        _fill_telemetry(device, flows, local)
        if device.stays_awake or not device.telemetry.sleeping:
            awake_until = end
        current = end
    if current >= midnight:
        _close_day(device, day)
    device.sim_time = current
    return awake_until


def advance_device(
    plant: Plant, device: Device, until: datetime, *, uploads: bool = True
) -> None:
    """Bring a device to what Growatt shows at `until` (UTC).

    With `uploads`, the device is simulated up to its datalogger's last upload
    slot only: its values and `last_update` change when an upload lands. An
    inverter without battery powers its datalogger from PV, so from dusk to
    dawn no upload lands and `last_update` stays at its last daylight upload.
    A datalogger off line uploads nothing: everything stays frozen.

    Each local day the simulation completes is kept in `counters.days`. A
    jump of the clock longer than `MAX_SIMULATED_GAP` is simulated to the
    end of the day it starts in; the whole days after it up to the last
    `MAX_SIMULATED_GAP` come from the day model, and the rest is simulated.
    """
    if device.sim_time is not None:
        _follow_creation(plant, device)
        if not device.online:
            return
    current = device.sim_time or _start(plant, device, until)
    target = upload_before(device, until) if uploads else until
    if target <= current:
        return
    awake_until: datetime | None = None
    if target - current > MAX_SIMULATED_GAP:
        resume_day = (target - MAX_SIMULATED_GAP).astimezone(plant.tz).date()
        resume = datetime.combine(resume_day, time(0), plant.tz).astimezone(UTC)
        day_end = _next_midnight(plant, current)
        if resume > day_end:
            awake_until = _simulate(plant, device, current, day_end, DAY_STEP)
            _estimate_gap(plant, device, day_end, resume)
            current = resume
    gap = (target - current).total_seconds()
    step_limit = (
        FINE_STEP if gap <= 6 * 3600 else COARSE_STEP if gap <= 2 * 86400 else DAY_STEP
    )
    awake_until = _simulate(plant, device, current, target, step_limit) or awake_until
    if not uploads:
        device.last_update = device.sim_time
    elif awake_until is not None:
        device.last_update = max(
            device.last_update or awake_until, upload_before(device, awake_until)
        )


def _estimate_gap(plant: Plant, device: Device, start: datetime, end: datetime) -> None:
    """The local days from midnight `start` to midnight `end`: the day model's days.

    Each day is kept in `counters.days` and added to the lifetime totals, with
    the device's settings as they are (a device switched off produces nothing).
    """
    tz = plant.tz
    model = day_model(plant, device)
    counters = device.counters
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day < last:
        values = model.counters(_model_values(model, day))
        _add_totals(device, values, +1)
        counters.days[day.isoformat()] = values
        day += timedelta(days=1)
    counters.today = {}
    device.sim_time = end
