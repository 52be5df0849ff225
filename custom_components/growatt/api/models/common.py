"""Models shared by every device family, and the helpers that fill them.

Units: powers in W, energies in kWh, SOC and rates in %, voltages in V,
currents in A, frequencies in Hz, temperatures in °C. A value the source did
not report, or reported in a form that cannot be read, is None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from enum import IntEnum, StrEnum
from typing import Any, Final, Literal

from .coerce import to_bool, to_datetime, to_float, to_int, to_str, to_time


class DeviceFamily(StrEnum):
    """A device family, named by the legacy API's `deviceType`."""

    INVERTER = "inverter"  # classic PV inverter (v1 type 1)
    TLX = "tlx"  # MIN / MIC / MOD / NEO / TL-XH (v1 type 7, "min")
    MIX = "mix"  # SPH hybrid (v1 type 5, "sph")
    STORAGE = "storage"  # SPF off-grid storage (v1 type 2)
    SPA = "spa"  # AC-coupled storage (v1 type 6)
    MAX = "max"  # commercial three-phase inverter (v1 type 4)
    NOAH = "noah"  # balcony storage (legacy API only)


class BatteryMode(IntEnum):
    """Battery priority of TLX time segments and of MIX/SPA/TLX `priorityChoose`."""

    LOAD_FIRST = 0
    BATTERY_FIRST = 1
    GRID_FIRST = 2


@dataclass(frozen=True, kw_only=True)
class DeviceIdentity:
    """Who a device is and whether it reports."""

    serial: str
    family: DeviceFamily
    model: str | None = None
    alias: str | None = None
    firmware: str | None = None
    datalogger_serial: str | None = None
    online: bool | None = None
    last_update: datetime | None = None
    plant_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class PvString:
    """One PV input (MPPT)."""

    index: int
    voltage: float | None = None
    current: float | None = None
    power: float | None = None


@dataclass(frozen=True, kw_only=True)
class Telemetry:
    """Instantaneous values."""

    pv_power: float | None = None
    pv_strings: tuple[PvString, ...] = ()
    ac_power: float | None = None
    ac_voltage: float | None = None
    ac_current: float | None = None
    ac_frequency: float | None = None
    load_power: float | None = None
    import_power: float | None = None
    export_power: float | None = None
    battery_charge_power: float | None = None
    battery_discharge_power: float | None = None
    soc: float | None = None
    battery_voltage: float | None = None
    battery_current: float | None = None
    battery_temperature: float | None = None
    temperature: float | None = None
    ipm_temperature: float | None = None
    status: int | None = None
    status_text: str | None = None


# The current day (reset at local midnight) or the device's lifetime.
type EnergyPeriod = Literal["today", "total"]

ENERGY_PERIODS: Final[tuple[EnergyPeriod, ...]] = ("today", "total")


@dataclass(frozen=True, kw_only=True)
class PeriodEnergy:
    """The counters of one period as reported (None where not), kWh.

    Nothing here is derived: see `EnergyCounters.grid_import` and its siblings.
    """

    pv: float | None
    ac: float | None
    charge: float | None
    discharge: float | None
    ac_charge: float | None
    grid_export: float | None
    grid_import: float | None
    load: float | None
    self_consumption: float | None


@dataclass(frozen=True, kw_only=True)
class EnergyCounters:
    """Energy of the current day and lifetime, kWh.

    `ac` is the inverter's AC output; `ac_charge` is grid energy into the
    battery; `self` is load met without the grid (load minus import).
    """

    pv_today: float | None = None
    pv_total: float | None = None
    ac_today: float | None = None
    ac_total: float | None = None
    charge_today: float | None = None
    charge_total: float | None = None
    discharge_today: float | None = None
    discharge_total: float | None = None
    ac_charge_today: float | None = None
    ac_charge_total: float | None = None
    export_today: float | None = None
    export_total: float | None = None
    import_today: float | None = None
    import_total: float | None = None
    load_today: float | None = None
    load_total: float | None = None
    self_today: float | None = None
    self_total: float | None = None

    def reported(self, period: EnergyPeriod) -> PeriodEnergy:
        """The counters of `period` as reported, without derivations."""
        return _PERIOD_READERS[period](self)

    def grid_import(self, period: EnergyPeriod) -> float | None:
        """Grid import; where missing, load minus self-consumption.

        Self-consumption is by definition the load met without the grid, so the
        rest of the load came from the grid.
        """
        reported = self.reported(period)
        return either(
            reported.grid_import,
            difference(reported.load, reported.self_consumption),
        )

    def grid_export(self, period: EnergyPeriod) -> float | None:
        """Grid export; where missing, AC output plus import minus load.

        At the grid connection the inverter's AC output and the grid import feed
        the load; what the load did not take went to the grid.
        """
        reported = self.reported(period)
        return either(
            reported.grid_export,
            difference(plus(reported.ac, self.grid_import(period)), reported.load),
        )

    def load(self, period: EnergyPeriod) -> float | None:
        """Load; where missing, self-consumption plus import (see `grid_import`)."""
        reported = self.reported(period)
        return either(
            reported.load,
            plus(reported.self_consumption, reported.grid_import),
        )

    def self_consumption(self, period: EnergyPeriod) -> float | None:
        """Self-consumption; where missing, load minus import (its definition)."""
        reported = self.reported(period)
        return either(
            reported.self_consumption,
            difference(reported.load, reported.grid_import),
        )


# Which fields hold each period's counters.
_PERIOD_READERS: Final[
    Mapping[EnergyPeriod, Callable[[EnergyCounters], PeriodEnergy]]
] = {
    "today": lambda e: PeriodEnergy(
        pv=e.pv_today,
        ac=e.ac_today,
        charge=e.charge_today,
        discharge=e.discharge_today,
        ac_charge=e.ac_charge_today,
        grid_export=e.export_today,
        grid_import=e.import_today,
        load=e.load_today,
        self_consumption=e.self_today,
    ),
    "total": lambda e: PeriodEnergy(
        pv=e.pv_total,
        ac=e.ac_total,
        charge=e.charge_total,
        discharge=e.discharge_total,
        ac_charge=e.ac_charge_total,
        grid_export=e.export_total,
        grid_import=e.import_total,
        load=e.load_total,
        self_consumption=e.self_total,
    ),
}


@dataclass(frozen=True, kw_only=True)
class TimeSegment:
    """A scheduled period: TLX time segment, MIX/SPA charge or discharge slot, Noah segment.

    `mode` is a `BatteryMode` (Noah: a `NoahMode`); `power` is the Noah output
    power in W and None elsewhere.
    """

    index: int
    mode: int | None = None
    start: time | None = None
    end: time | None = None
    enabled: bool | None = None
    power: int | None = None


@dataclass(frozen=True, kw_only=True)
class DeviceSettings:
    """Writable state as read back. Each family fills the subset it has."""

    on: bool | None = None
    active_power_rate: int | None = None
    export_limit_enabled: bool | None = None
    # 0 off, 1 meter, 2 CT (TLX/MIX/MAX `exportLimit`); MIX writes it as on/off
    export_limit_mode: int | None = None
    export_limit_rate: float | None = None
    ac_charge: bool | None = None
    charge_power: int | None = None
    charge_stop_soc: int | None = None
    discharge_power: int | None = None
    discharge_stop_soc: int | None = None
    on_grid_discharge_stop_soc: int | None = None
    load_first_stop_soc: int | None = None
    priority: int | None = None
    time_segments: tuple[TimeSegment, ...] = ()
    charge_periods: tuple[TimeSegment, ...] = ()
    discharge_periods: tuple[TimeSegment, ...] = ()
    # Noah
    default_power: int | None = None
    charge_soc_high: int | None = None
    discharge_soc_low: int | None = None
    work_mode: int | None = None
    allow_grid_charging: bool | None = None


@dataclass(frozen=True, kw_only=True)
class Device:
    """One device: identity, telemetry, energy, settings and every raw field.

    `raw` merges the source payloads (the main detail payload wins on clashes)
    and takes no part in equality: the same state read through either API
    gives equal devices.
    """

    identity: DeviceIdentity
    telemetry: Telemetry = field(default_factory=Telemetry)
    energy: EnergyCounters = field(default_factory=EnergyCounters)
    settings: DeviceSettings | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def serial(self) -> str:
        """The serial number."""
        return self.identity.serial

    @property
    def family(self) -> DeviceFamily:
        """The device family."""
        return self.identity.family


@dataclass(frozen=True, kw_only=True)
class Plant:
    """A plant (power station)."""

    plant_id: str
    name: str | None = None
    timezone: str | None = None
    country: str | None = None
    city: str | None = None
    nominal_power: float | None = None
    current_power: float | None = None
    energy_today: float | None = None
    energy_total: float | None = None
    money_today: float | None = None
    money_total: float | None = None
    currency: str | None = None
    # The day the plant was created: Growatt's history starts there.
    created: date | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


# -- helpers shared by the family modules ------------------------------------------


type Raw = Mapping[str, Any]


def calendar_day(text: str | None) -> date | None:
    """A "YYYY-MM-DD" date (a longer "YYYY-MM-DD HH:MM:SS" is cut), else None."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def merge_raw(*sources: Raw | None) -> dict[str, Any]:
    """All fields of the sources in one dict; earlier sources win on clashes."""
    merged: dict[str, Any] = {}
    for source in reversed(sources):
        if source:
            merged.update(source)
    return merged


class Fields:
    """Typed look-ups over one or more raw payloads.

    Keys are tried in the order given, each across every source, so a read-back
    name (`chargePowerCommand`) wins over a write name (`charge_power`) that
    may be blank in the same bean. Blank strings and "null" count as missing.
    """

    def __init__(self, *sources: Raw | None) -> None:
        self._sources = tuple(source for source in sources if source)

    def __bool__(self) -> bool:
        return bool(self._sources)

    def values(self, *keys: str) -> list[Any]:
        """Every present value of `keys`, in lookup order."""
        found: list[Any] = []
        for key in keys:
            for source in self._sources:
                value = source.get(key)
                if value is None or (isinstance(value, str) and to_str(value) is None):
                    continue
                found.append(value)
        return found

    def has(self, *keys: str) -> bool:
        """Whether any source carries any of `keys` (even blank)."""
        return any(key in source for key in keys for source in self._sources)

    def num(
        self, *keys: str, unit: str | None = None, assumed: str | None = None
    ) -> float | None:
        """The first readable number."""
        for value in self.values(*keys):
            number = to_float(value, unit, assumed=assumed)
            if number is not None:
                return number
        return None

    def integer(self, *keys: str) -> int | None:
        """The first readable integer."""
        for value in self.values(*keys):
            number = to_int(value)
            if number is not None:
                return number
        return None

    def flag(self, *keys: str) -> bool | None:
        """The first readable flag."""
        for value in self.values(*keys):
            flag = to_bool(value)
            if flag is not None:
                return flag
        return None

    def text(self, *keys: str) -> str | None:
        """The first non-blank text."""
        for value in self.values(*keys):
            text = to_str(value)
            if text is not None:
                return text
        return None

    def ident(self, *keys: str) -> str | None:
        """The first id that is set.

        Device beans that are not joined to their plant carry `plantId` 0
        (a NEO's `getTlxParams` does), which names no plant.
        """
        for value in self.values(*keys):
            text = to_str(value)
            if text is not None and text != "0":
                return text
        return None

    def moment(self, *keys: str, tz: tzinfo | None = None) -> datetime | None:
        """The first readable moment."""
        for value in self.values(*keys):
            moment = to_datetime(value, tz)
            if moment is not None:
                return moment
        return None

    def sum(self, keys: list[str], unit: str | None = None) -> float | None:
        """The sum of the readable numbers of `keys`; None when none is readable."""
        return total_of(*(self.num(key, unit=unit) for key in keys))


def either[T](*values: T | None) -> T | None:
    """The first value that is not None."""
    return next((value for value in values if value is not None), None)


def battery_mode(value: Any) -> BatteryMode | None:
    """A `BatteryMode` from a raw mode; unknown modes give None."""
    number = to_int(value)
    if number is None:
        return None
    try:
        return BatteryMode(number)
    except ValueError:
        return None


def total_of(*values: float | None) -> float | None:
    """The sum of the values that are present; None when none is."""
    present = [value for value in values if value is not None]
    return round(sum(present), 6) if present else None


def difference(minuend: float | None, subtrahend: float | None) -> float | None:
    """`minuend - subtrahend`, floored at 0; None when either is missing."""
    if minuend is None or subtrahend is None:
        return None
    return round(max(0.0, minuend - subtrahend), 6)


def plus(augend: float | None, addend: float | None) -> float | None:
    """`augend + addend`; None when either is missing (unlike `total_of`)."""
    if augend is None or addend is None:
        return None
    return round(augend + addend, 6)


def pv_strings(
    raw: Raw | None,
    voltage: str = "vpv{}",
    current: str = "ipv{}",
    power: str = "ppv{}",
    *,
    power_unit: str = "W",
    assumed: str | None = None,
    limit: int = 32,
) -> tuple[PvString, ...]:
    """PV inputs 1..n, up to the last input any of whose keys is present."""
    if not raw:
        return ()
    strings: list[PvString] = []
    for index in range(1, limit + 1):
        keys = (voltage.format(index), current.format(index), power.format(index))
        if not any(key in raw for key in keys):
            break
        strings.append(
            PvString(
                index=index,
                voltage=to_float(raw.get(keys[0])),
                current=to_float(raw.get(keys[1])),
                power=to_float(raw.get(keys[2]), power_unit, assumed=assumed),
            )
        )
    return tuple(strings)


def segments(
    raw: Raw | None,
    count: int,
    *,
    start: str,
    stop: str,
    switch: str,
    mode: str | None = None,
    fixed_mode: BatteryMode | None = None,
    combined: str | None = None,
) -> tuple[TimeSegment, ...]:
    """Numbered periods from their per-field keys (`{}` is the number).

    TLX also sends each segment as one string "mode_H:M_H:M_enabled"
    (`combined`), used when the separate keys are missing.
    """
    if not raw:
        return ()
    result: list[TimeSegment] = []
    for index in range(1, count + 1):
        keys = [start.format(index), stop.format(index), switch.format(index)]
        if mode:
            keys.append(mode.format(index))
        parts: list[Any] = [raw.get(key) for key in keys]
        if combined and all(part is None for part in parts):
            text = to_str(raw.get(combined.format(index)))
            pieces = text.split("_") if text else []
            if len(pieces) >= 4:
                parts = [pieces[1], pieces[2], pieces[3], pieces[0]]
        if all(part is None for part in parts):
            continue
        result.append(
            TimeSegment(
                index=index,
                mode=fixed_mode if mode is None else battery_mode(parts[3]),
                start=to_time(parts[0]),
                end=to_time(parts[1]),
                enabled=to_bool(parts[2]),
            )
        )
    return tuple(result)


def online_from(lost: Any = None, status: Any = None) -> bool | None:
    """Whether a device reports: `lost` false, or else a status other than -1.

    `lost` is a bool, "true"/"false", or an i18n key ("tlx.status.lost" when
    lost, "tlx.status.operating" ...).
    """
    flag = to_bool(lost)
    if flag is not None:
        return not flag
    text = to_str(lost)
    if text is not None and "." in text:
        return not text.endswith(".lost")
    code = to_int(status)
    if code is not None:
        return code != -1
    return None


def as_text(value: str | int | None) -> str | None:
    """An id given by the caller, as text."""
    return None if value is None else str(value)
