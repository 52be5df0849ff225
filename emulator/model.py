"""The emulated world: accounts, plants, devices, their settings and telemetry.

Everything a Growatt endpoint shows is derived from these objects, so a write
through one API is visible in every view of both APIs. Values here are
canonical (W, kWh, V, A, Hz, °C, %); the legacy and v1 views add Growatt's
string typing, units and misspellings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo


class Family(StrEnum):
    """A device family, named by its legacy `deviceType`."""

    INVERTER = "inverter"  # classic PV inverter (v1 type 1)
    TLX = "tlx"  # MIN / MIC / MOD / NEO / TL-XH (v1 type 7)
    MIX = "mix"  # SPH hybrid (v1 type 5)
    STORAGE = "storage"  # SPF off-grid storage (v1 type 2)
    SPA = "spa"  # AC-coupled storage (v1 type 6)
    MAX = "max"  # commercial three-phase inverter (v1 type 4)
    NOAH = "noah"  # balcony storage (no v1 device type)


V1_TYPE: dict[Family, int] = {
    Family.INVERTER: 1,
    Family.STORAGE: 2,
    Family.MAX: 4,
    Family.MIX: 5,
    Family.SPA: 6,
    Family.TLX: 7,
}

# Battery work modes shared by TLX time segments and priority settings.
MODE_LOAD_FIRST = 0
MODE_BATTERY_FIRST = 1
MODE_GRID_FIRST = 2


@dataclass
class TimeSegment:
    """One scheduled period (TLX time segment, MIX/SPA charge or discharge slot, Noah)."""

    mode: int = MODE_LOAD_FIRST
    start: time = time(0, 0)
    end: time = time(0, 0)
    enabled: bool = False
    power: int = 0  # Noah output power in W; unused elsewhere

    def covers(self, moment: time) -> bool:
        """Return whether an enabled segment includes the local time of day."""
        if not self.enabled or self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass
class Settings:
    """Writable state of a device. Families use the subset that applies to them."""

    on: bool = True
    active_power_rate: int = 100  # %
    reactive_power_rate: int = 100  # %
    power_factor: float = 1.0
    grid_voltage_high: float = 253.0
    grid_voltage_low: float = 195.5
    grid_frequency_high: float = 51.5
    grid_frequency_low: float = 47.5
    export_limit_mode: int = 0  # 0 off, 1 meter, 2 CT
    export_limit_rate: int = 100  # % of nominal power
    ac_charge: bool = False  # charge the battery from the grid
    charge_power: int = 100  # %
    charge_stop_soc: int = 100  # %
    discharge_power: int = 100  # %
    discharge_stop_soc: int = 10  # % off-grid (TLX) / grid-first floor (MIX)
    on_grid_discharge_stop_soc: int = 10  # %
    load_first_stop_soc: int = 10  # % (MIX)
    priority: int = MODE_LOAD_FIRST
    off_grid_enable: bool = False
    ac_discharge_frequency: int = 0  # 0 = 50 Hz, 1 = 60 Hz
    ac_discharge_voltage: int = 0  # 0 = 230 V, 1 = 208 V, 2 = 240 V
    # TLX: nine time segments. MIX/SPA: three charge and three discharge periods.
    time_segments: list[TimeSegment] = field(default_factory=list)
    charge_periods: list[TimeSegment] = field(default_factory=list)
    discharge_periods: list[TimeSegment] = field(default_factory=list)
    # Noah
    default_power: int = 200  # W output in load-first mode
    charging_soc_high: int = 100
    charging_soc_low: int = 10
    allow_grid_charging: bool = False
    # Inverter clock as last written (pf_sys_year); None = follows the server
    system_time: str | None = None
    # Setting types written that the emulator only stores (type -> params)
    extra: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Counters:
    """Energy counters in kWh: `today` resets at local midnight, `total` only grows.

    (`total` changes otherwise only when the plant's `create_date` does.)
    `today` belongs to the local day of the device's `sim_time`. At each local
    midnight the day's counters move to `days`, so the history of every day the
    simulation ran (or estimated across a long jump of the clock) is kept. The
    days from `first` (the plant's creation) up to `since` (the first simulated
    day) come from the simulation's day model (`emulator.simulation.model_day`),
    with the array power `array_w` the model was seeded with; `total` starts as
    their sum, so the days always add up to the lifetime totals.
    """

    today: dict[str, float] = field(default_factory=dict)
    total: dict[str, float] = field(default_factory=dict)
    # Completed local days by ISO date ("2025-06-01"): the counters of that day.
    days: dict[str, dict[str, float]] = field(default_factory=dict)
    since: str = ""  # ISO date of the first simulated local day ("" until seeded)
    first: str = ""  # ISO date of the first modelled day (the plant's creation)
    array_w: float = 0.0  # peak PV power (W) the day model used before `since`

    def add(self, key: str, kwh: float) -> None:
        """Add energy to both the daily and the lifetime counter."""
        self.today[key] = self.today.get(key, 0.0) + kwh
        self.total[key] = self.total.get(key, 0.0) + kwh

    def day(self, key: str) -> float:
        """Energy of the current local day."""
        return self.today.get(key, 0.0)

    def life(self, key: str) -> float:
        """Lifetime energy."""
        return self.total.get(key, 0.0)


# Counter keys used by the simulation:
#   pv, pv1..pv4 : PV production          ac      : inverter AC output
#   charge       : into the battery       discharge : out of the battery
#   ac_charge    : grid into the battery  export  : to the grid
#   import       : from the grid          load    : household consumption
#   self         : PV used locally (load - import)


@dataclass
class PvString:
    """One MPPT input."""

    voltage: float = 0.0
    current: float = 0.0
    power: float = 0.0


@dataclass
class Telemetry:
    """Instantaneous values of a device at the last simulation step."""

    pv_power: float = 0.0
    strings: list[PvString] = field(default_factory=list)
    ac_power: float = 0.0  # inverter output (W), negative never
    ac_voltage: float = 230.0
    ac_current: float = 0.0
    ac_frequency: float = 50.0
    load_power: float = 0.0
    import_power: float = 0.0  # from the grid
    export_power: float = 0.0  # to the grid
    charge_power: float = 0.0  # into the battery
    discharge_power: float = 0.0  # out of the battery
    ac_charge_power: float = 0.0  # the grid share of charge_power
    soc: float = 0.0
    battery_voltage: float = 0.0
    battery_current: float = 0.0  # positive = charging
    battery_temperature: float = 20.0
    temperature: float = 25.0
    ipm_temperature: float = 25.0
    bus_voltage: float = 0.0
    mode: int = MODE_LOAD_FIRST  # the work mode in force
    sleeping: bool = True  # no PV and nothing to do: the inverter sleeps


@dataclass
class Device:
    """One device in a plant."""

    sn: str
    family: Family
    plant_id: int
    alias: str = ""
    model: str = ""
    datalogger_sn: str = ""
    firmware: str = "AA1.0"
    inner_version: str = "AAAA01"
    nominal_power: int = 3000  # W (Noah: max output)
    strings: int = 2  # PV inputs
    battery_kwh: float = 0.0  # 0 = no battery
    battery_sn: str = ""  # TLX-H battery module ("bat" device) when set
    # A grid meter (or CT) at the connection point: grid and load are measured.
    # None: the family's usual set-up (see `has_meter`).
    meter: bool | None = None
    # Minutes between the datalogger's uploads ("update_interval").
    update_interval: int = 5
    online: bool = True  # False: the datalogger dropped off line
    ignore_writes: bool = False  # acknowledges writes but does not apply them
    device_id: int = 0  # v1 numeric id
    settings: Settings = field(default_factory=Settings)
    telemetry: Telemetry = field(default_factory=Telemetry)
    counters: Counters = field(default_factory=Counters)
    last_update: datetime | None = None  # time of the last upload received (UTC)
    sim_time: datetime | None = None  # how far the simulation has run (UTC)

    @property
    def has_battery(self) -> bool:
        """Whether a battery is attached."""
        return self.battery_kwh > 0

    @property
    def has_meter(self) -> bool:
        """Whether grid and load are measured.

        Hybrids and storage measure them (SPH and SPA need their meter, an
        off-grid SPF measures its own input and output, Noah its output);
        a grid-tied string inverter usually has none.
        """
        if self.meter is not None:
            return self.meter
        return self.family not in {Family.INVERTER, Family.MAX}

    @property
    def stays_awake(self) -> bool:
        """Whether the datalogger uploads at night: a battery keeps it powered."""
        return self.has_battery

    @property
    def logger(self) -> str:
        """The datalogger the device uploads through (its own serial if none)."""
        return self.datalogger_sn or self.sn


@dataclass
class Plant:
    """A plant (power station) with its devices."""

    plant_id: int
    name: str
    timezone: str = "Europe/Berlin"
    country: str = "Germany"
    city: str = "Ulm"
    latitude: float = 48.4
    longitude: float = 9.99
    currency: str = "EUR"
    money_per_kwh: float = 0.3
    create_date: str = "2024-01-01"
    devices: list[Device] = field(default_factory=list)

    @property
    def tz(self) -> ZoneInfo:
        """The plant's timezone."""
        return ZoneInfo(self.timezone)

    @property
    def nominal_power(self) -> int:
        """Sum of the nominal power of the plant's PV devices (W)."""
        return sum(d.nominal_power for d in self.devices if d.family != Family.NOAH)


@dataclass
class Account:
    """A Growatt user account."""

    username: str
    password: str  # plain; the login compares the c-substituted MD5
    user_id: int
    token: str = ""  # OpenAPI v1 token
    email: str = ""
    plants: list[Plant] = field(default_factory=list)
    # Lockout bookkeeping (monotonic simulated timestamps in seconds)
    login_times: list[float] = field(default_factory=list)
    locked_until: float | None = None

    def device(self, sn: str) -> Device | None:
        """Find one of the account's devices by serial number."""
        for plant in self.plants:
            for device in plant.devices:
                if sn in (device.sn, device.battery_sn):
                    return device
        return None

    def plant(self, plant_id: int | str) -> Plant | None:
        """Find one of the account's plants."""
        try:
            wanted = int(plant_id)
        except (TypeError, ValueError):
            return None
        return next((p for p in self.plants if p.plant_id == wanted), None)


def to_jsonable(value: Any) -> Any:
    """Render canonical values (times, enums) for the control API."""
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, StrEnum):
        return str(value)
    return value
