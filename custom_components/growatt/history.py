"""Growatt's energy history in Home Assistant's long-term statistics.

Each flow the Energy dashboard uses gets an external statistic,
`growatt:<owner>_<flow>` (a plant's solar production, and a device's solar,
grid import and export, battery charge and discharge and home consumption):
hourly rows with a running `sum` in kWh.

- **Live.** From the moment the integration first sees a flow's lifetime
  sensor (the *join*), each hour's row adds what that sensor's value grew by
  in the hour. The sum at the join is the statistic's `base` (0 at first).
- **History.** Before the join, rows come from Growatt's daily energies:
  each day's energy is spread over its local hours by the sun's course
  (the day's total is exact; the hourly shape is an estimate), and the
  join's own day gets what the plant reported as "today" at the join.
  Sums run backwards from the base, so the past can be imported (or
  imported again) without changing a live hour's energy, and an interrupted
  import resumes where it stopped: rows are a function of Growatt's daily
  values alone, and writing a row again replaces it. After each window the
  whole statistic is shifted so that it starts at 0 (the base grows by the
  past's energy): the recorder counts a statistic's first period from 0.
- **A range of the past.** Where rows before the range already exist, the
  range is written forward from the sum before it, and every later row is
  shifted by what the range's energy changed (the recorder's own
  adjustment), so no hour is counted twice.

Growatt gives a plant's daily PV energy in one request per month
(password) or per 7 days (token). With a token, a device's flows come from
its history records, one request a day: a record's lifetime total minus its
day's value is the total at the day's start, and a day's energy is the next
day's start minus its own. An import sends one request every
`HISTORY_SPACING`, at most `HISTORY_REQUESTS_PER_DAY` a day, and waits
`HISTORY_RETRY` after an error: polling and the account come first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
import logging
import math
from typing import Any

from homeassistant.components.recorder.models import (
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import (
    async_add_external_statistics,
    statistics_during_period,
)
from homeassistant.const import UnitOfEnergy
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.recorder import get_instance
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util, slugify

from .api import DeviceListing, GrowattAccount, GrowattError
from .api.models import Device
from .const import DOMAIN
from .coordinator import GrowattCoordinator
from .counters import ENERGY_KINDS, EnergyReader, plant_tz

_LOGGER = logging.getLogger(__name__)

STORE_VERSION = 1
SAVE_DELAY = 10

# One history request at a time, this far apart, and at most this many a
# day: a plant's two years cost 25 requests with a password (one per month)
# or 107 with a token (one per week); a device's, with a token, one a day.
HISTORY_SPACING = timedelta(seconds=30)
HISTORY_REQUESTS_PER_DAY = 200
HISTORY_RETRY = timedelta(minutes=5)
# A plant whose creation date Growatt does not give: this much is imported.
DEFAULT_HISTORY = timedelta(days=2 * 366)
# A lifetime value below this share of the last one is a new counter (a
# replaced device), not a dip: it starts over without changing the sum.
RESET_SHARE = 0.5
# The sun's course is sampled this often to spread a day over its hours.
SAMPLES_PER_HOUR = 6


class Flow(StrEnum):
    """The Energy dashboard's flows."""

    SOLAR = "solar"
    GRID_IMPORT = "grid_import"
    GRID_EXPORT = "grid_export"
    BATTERY_CHARGE = "battery_charge"
    BATTERY_DISCHARGE = "battery_discharge"
    CONSUMPTION = "consumption"


FLOW_NAMES: Mapping[Flow, str] = {
    Flow.SOLAR: "solar production",
    Flow.GRID_IMPORT: "grid import",
    Flow.GRID_EXPORT: "grid export",
    Flow.BATTERY_CHARGE: "battery charge",
    Flow.BATTERY_DISCHARGE: "battery discharge",
    Flow.CONSUMPTION: "home consumption",
}

# A device's lifetime sensors per flow (unique id suffixes), the first
# present one feeds the statistic: Growatt's own total, else ours counted.
DEVICE_FLOWS: Mapping[Flow, tuple[str, ...]] = {
    Flow.SOLAR: ("pv_energy_total", "pv_energy_counted"),
    Flow.GRID_IMPORT: ("import_energy_total", "import_energy_counted"),
    Flow.GRID_EXPORT: ("export_energy_total", "export_energy_counted"),
    Flow.BATTERY_CHARGE: (
        "battery_charge_energy_total",
        "battery_charge_energy_counted",
    ),
    Flow.BATTERY_DISCHARGE: (
        "battery_discharge_energy_total",
        "battery_discharge_energy_counted",
    ),
    Flow.CONSUMPTION: ("load_energy_total",),
}
PLANT_TOTAL_KEY = "plant_pv_energy_total"
PLANT_TODAY_KEY = "plant_pv_energy_today"


def statistic_id(owner: str, flow: Flow) -> str:
    """`growatt:<owner>_<flow>`; the owner is a serial or `plant_<id>`."""
    return f"{DOMAIN}:{slugify(owner)}_{flow.value}"


def plant_statistic_id(plant_id: str) -> str:
    """The statistic of a plant's solar production."""
    return statistic_id(f"plant_{plant_id}", Flow.SOLAR)


def signal(entry_id: str) -> str:
    """Dispatched when an import of the entry progresses."""
    return f"{DOMAIN}_history_{entry_id}"


# -- spreading a day over its hours -------------------------------------------------


def local_hours(day: date, tz: tzinfo) -> list[datetime]:
    """The UTC starts of a local day's hours (23 or 25 at a DST change)."""
    start = datetime.combine(day, time(0), tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC)
    hours = []
    while start < end:
        hours.append(start)
        start += timedelta(hours=1)
    return hours


def sun_weights(
    hours: list[datetime], latitude: float, longitude: float
) -> list[float]:
    """Each hour's share of a day's solar energy, by the sun's height (sums to 1)."""
    if not hours:
        return []
    day = (hours[0] + (hours[-1] - hours[0]) / 2).timetuple().tm_yday
    declination = math.radians(23.44) * math.sin(2 * math.pi * (day - 81) / 365)
    lat = math.radians(latitude)
    weights = []
    for start in hours:
        weight = 0.0
        for sample in range(SAMPLES_PER_HOUR):
            moment = start + timedelta(hours=(sample + 0.5) / SAMPLES_PER_HOUR)
            solar_hours = moment.hour + moment.minute / 60 + longitude / 15
            angle = math.radians(15 * (solar_hours - 12))
            height = math.sin(lat) * math.sin(declination) + math.cos(lat) * math.cos(
                declination
            ) * math.cos(angle)
            weight += max(0.0, height)
        weights.append(weight)
    total = sum(weights)
    if total <= 0:
        return [1 / len(hours)] * len(hours)
    return [weight / total for weight in weights]


# -- what the recorder is given -------------------------------------------------------


def _metadata(stat_id: str, name: str) -> dict[str, Any]:
    """External statistic metadata, in the shape of the running recorder."""
    metadata: dict[str, Any] = {
        "mean_type": StatisticMeanType.NONE,
        "has_sum": True,
        "name": name,
        "source": DOMAIN,
        "statistic_id": stat_id,
        "unit_of_measurement": UnitOfEnergy.KILO_WATT_HOUR,
    }
    if "unit_class" in StatisticMetaData.__annotations__:
        metadata["unit_class"] = "energy"
    return metadata


def recorder_ready(hass: HomeAssistant) -> bool:
    """Whether statistics can be written (the recorder runs)."""
    return "recorder" in hass.config.components


def _write(
    hass: HomeAssistant, stat_id: str, name: str, rows: list[dict[str, Any]]
) -> None:
    if rows:
        async_add_external_statistics(hass, _metadata(stat_id, name), rows)  # type: ignore[arg-type]


async def _sum_at(hass: HomeAssistant, stat_id: str, moment: datetime) -> float | None:
    """The statistic's sum at `moment` (the end of the hour before it), if written."""
    instance = get_instance(hass)
    await instance.async_block_till_done()
    found = await instance.async_add_executor_job(
        statistics_during_period,
        hass,
        moment - timedelta(hours=1),
        moment,
        {stat_id},
        "hour",
        None,
        {"sum"},
    )
    rows = found.get(stat_id) or []
    value = rows[0].get("sum") if rows else None
    return None if value is None else float(value)


def _adjust(hass: HomeAssistant, stat_id: str, start: datetime, change: float) -> None:
    get_instance(hass).async_adjust_statistics(
        stat_id, start, change, UnitOfEnergy.KILO_WATT_HOUR
    )


def day_rows(
    energy: float, hours: list[datetime], weights: list[float], *, end_sum: float
) -> tuple[list[dict[str, Any]], float]:
    """A day's hourly rows ending at `end_sum`; and the sum at the day's start."""
    start_sum = end_sum - energy
    rows = []
    running = start_sum
    for hour, weight in zip(hours, weights, strict=True):
        running += energy * weight
        rows.append({"start": hour, "sum": round(running, 4)})
    if rows:
        rows[-1]["sum"] = round(end_sum, 4)
    return rows, start_sum


# -- imports ----------------------------------------------------------------------------

# The flows whose hours follow the sun; the others are spread evenly.
SUNNY_FLOWS = frozenset({Flow.SOLAR, Flow.GRID_EXPORT, Flow.BATTERY_CHARGE})

# A device flow's reading of the energy counters: its lifetime sensor's
# (the kind of DEVICE_FLOWS' first key). The difference of the lifetime and
# the day's value is the lifetime total at the day's start.
FLOW_READERS: Mapping[Flow, EnergyReader] = {
    flow: dict(ENERGY_KINDS)[keys[0].removesuffix("_total")]
    for flow, keys in DEVICE_FLOWS.items()
}


def day_start(records: Iterable[Device], flow: Flow) -> float | None:
    """A flow's lifetime total at the start of the records' day.

    Each record that has both values tells it; the median is taken, so a
    record with a stale day's value (yesterday's, just after midnight) or
    zeros does not decide. None when no record has the flow.
    """
    read = FLOW_READERS[flow]
    starts = sorted(
        max(0.0, total - today)
        for record in records
        if (total := read(record.energy, "total")) is not None
        and (today := read(record.energy, "today")) is not None
    )
    if not starts:
        return None
    middle = len(starts) // 2
    return (
        starts[middle] if len(starts) % 2 else (starts[middle - 1] + starts[middle]) / 2
    )


@dataclass
class Job:
    """An import of the days `first`..`last` of a plant's solar or of one device.

    A plant's job asks Growatt's daily production, a window of days a
    request, newest first. A device's job (`serial`) asks one of the
    device's records per day: each gives every flow's lifetime total at the
    start of its day, and a day's energy is the next day's start minus its own.
    """

    plant_id: str
    first: date
    last: date
    # Rows of days before `first` exist: write forward from their sum and
    # shift the later rows (a range of the past imported again).
    forward: bool = False
    manual: bool = False
    done: int = 0
    total: int = 0
    status: str = "running"
    serial: str | None = None
    # Going backwards, per statistic: the sum where the next (older) window
    # ends (the base where none is kept).
    boundaries: dict[str, float] = field(default_factory=dict)
    # A device's job, per statistic: the lifetime total at the start of the
    # day after the next one.
    anchors: dict[str, float] = field(default_factory=dict)
    # Going forward, per statistic: the day of the anchor (ISO date).
    anchor_days: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Where the entry keeps the job: the serial, or the plant id."""
        return self.serial or self.plant_id

    def as_dict(self) -> dict[str, Any]:
        """What the store keeps."""
        return {
            "plant_id": self.plant_id,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "forward": self.forward,
            "manual": self.manual,
            "done": self.done,
            "total": self.total,
            "status": self.status,
            "serial": self.serial,
            "boundaries": self.boundaries,
            "anchors": self.anchors,
            "anchor_days": self.anchor_days,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Job:
        """A job from the store."""
        return cls(
            plant_id=str(data["plant_id"]),
            first=date.fromisoformat(data["first"]),
            last=date.fromisoformat(data["last"]),
            forward=bool(data.get("forward")),
            manual=bool(data.get("manual")),
            done=int(data.get("done") or 0),
            total=int(data.get("total") or 0),
            status=str(data.get("status") or "running"),
            serial=data.get("serial"),
            boundaries=_boundaries(data),
            anchors=dict(data.get("anchors") or {}),
            anchor_days=dict(data.get("anchor_days") or {}),
        )


@dataclass
class Live:
    """Where a statistic's live rows stand."""

    value: float  # the lifetime sensor's last value
    sum: float  # the statistic's sum with it
    hour: datetime  # the hour being counted (UTC)
    join: datetime  # the first live hour
    base: float  # the sum at the join
    before: float | None = None  # the flow's "today" at the join (kWh)
    origin: float | None = None  # the lifetime value at the join

    def as_dict(self) -> dict[str, Any]:
        """What the store keeps."""
        return {
            "value": self.value,
            "sum": self.sum,
            "hour": self.hour.isoformat(),
            "join": self.join.isoformat(),
            "base": self.base,
            "before": self.before,
            "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Live:
        """A live state from the store."""
        return cls(
            value=float(data["value"]),
            sum=float(data["sum"]),
            hour=datetime.fromisoformat(data["hour"]),
            join=datetime.fromisoformat(data["join"]),
            base=float(data.get("base") or 0.0),
            before=data.get("before"),
            origin=data.get("origin"),
        )


@dataclass(frozen=True)
class Tracked:
    """A statistic fed by one of our lifetime sensors."""

    stat_id: str
    name: str
    entity_id: str
    plant_id: str
    today_entity_id: str | None = None
    flow: Flow = Flow.SOLAR
    # A device's flow fed by Growatt's lifetime total (not one we count):
    # its records give its past.
    serial: str | None = None


class NoHistoryError(Exception):
    """Growatt has no data for the requested days."""


class GrowattStatistics:
    """An entry's external statistics: live hourly rows and imports of the past."""

    def __init__(
        self,
        hass: HomeAssistant,
        coordinator: GrowattCoordinator,
        account: GrowattAccount,
        *,
        auto_import: bool,
    ) -> None:
        """Nothing is written before `async_start`."""
        self.hass = hass
        self.coordinator = coordinator
        self.account = account
        self.entry_id = coordinator.config_entry.entry_id
        self.auto_import = auto_import
        self._store: Store[dict[str, Any]] = history_store(hass, self.entry_id)
        self._live: dict[str, Live] = {}
        self.jobs: dict[str, Job] = {}
        self._auto_done: set[str] = set()
        self._timer: CALLBACK_TYPE | None = None
        self._running = False
        self._sent_today: tuple[date, int] = (date.min, 0)
        self._unsub: list[Callable[[], None]] = []
        self._tracked: list[Tracked] | None = None
        self._tracked_serials: set[str] = set()

    # -- life cycle ------------------------------------------------------------------

    async def async_start(self) -> None:
        """Resume from the store and follow the coordinator."""
        stored = await self._store.async_load() or {}
        self._live = {
            key: Live.from_dict(value)
            for key, value in (stored.get("live") or {}).items()
        }
        self.jobs = {
            key: Job.from_dict(value)
            for key, value in (stored.get("jobs") or {}).items()
        }
        self._auto_done = set(stored.get("auto_done") or [])
        if not self.auto_import:
            for job in self.jobs.values():
                if job.status == "running" and not job.manual:
                    job.status = "cancelled"
        self._unsub.append(self.coordinator.async_add_listener(self._on_update))
        self._unsub.append(
            self.hass.bus.async_listen(
                er.EVENT_ENTITY_REGISTRY_UPDATED, self._on_registry_update
            )
        )
        self._on_update()
        self._schedule(timedelta(0))

    async def async_save(self) -> None:
        """Write the store now (an entry reload reads it at once)."""
        await self._store.async_save(self._data())

    @callback
    def async_stop(self) -> None:
        """Stop the timer and the listeners."""
        if self._timer is not None:
            self._timer()
            self._timer = None
        for unsub in self._unsub:
            unsub()
        self._unsub.clear()

    def _save(self) -> None:
        self._store.async_delay_save(self._data, SAVE_DELAY)

    def _data(self) -> dict[str, Any]:
        return {
            "live": {key: live.as_dict() for key, live in self._live.items()},
            "jobs": {key: job.as_dict() for key, job in self.jobs.items()},
            "auto_done": sorted(self._auto_done),
        }

    # -- which statistics ------------------------------------------------------------

    @callback
    def _on_registry_update(self, _event: Event[Any]) -> None:
        self._tracked = None

    def tracked(self) -> list[Tracked]:
        """Our lifetime sensors that feed a statistic, found by unique id.

        Kept until the entity registry or the plants' devices change.
        """
        listings = {
            ref.serial
            for plant in self.coordinator.data.plants.values()
            for ref in plant.listings
        }
        if self._tracked is not None and listings == self._tracked_serials:
            return self._tracked
        self._tracked_serials = listings
        self._tracked = self._find_tracked()
        return self._tracked

    def _find_tracked(self) -> list[Tracked]:
        registry = er.async_get(self.hass)
        by_unique = {
            entry.unique_id: entry.entity_id
            for entry in er.async_entries_for_config_entry(registry, self.entry_id)
            if entry.domain == "sensor" and not entry.disabled
        }
        found: list[Tracked] = []
        for plant_id, plant in self.coordinator.data.plants.items():
            name = plant.ref.name or plant_id
            if (
                entity_id := by_unique.get(f"{plant_id}_{PLANT_TOTAL_KEY}")
            ) is not None:
                found.append(
                    Tracked(
                        stat_id=plant_statistic_id(plant_id),
                        name=f"{name} {FLOW_NAMES[Flow.SOLAR]}",
                        entity_id=entity_id,
                        plant_id=plant_id,
                        today_entity_id=by_unique.get(f"{plant_id}_{PLANT_TODAY_KEY}"),
                    )
                )
            for ref in plant.listings:
                label = ref.alias or ref.serial
                for flow, keys in DEVICE_FLOWS.items():
                    key = next(
                        (key for key in keys if f"{ref.serial}_{key}" in by_unique),
                        None,
                    )
                    if key is None:
                        continue
                    lifetime = key.endswith("_total")
                    today_key = f"{ref.serial}_{key.removesuffix('_total')}_today"
                    found.append(
                        Tracked(
                            stat_id=statistic_id(ref.serial, flow),
                            name=f"{label} {FLOW_NAMES[flow]}",
                            entity_id=by_unique[f"{ref.serial}_{key}"],
                            plant_id=plant_id,
                            today_entity_id=by_unique.get(today_key)
                            if lifetime
                            else None,
                            flow=flow,
                            serial=ref.serial if lifetime else None,
                        )
                    )
        return found

    def _value(self, entity_id: str | None) -> float | None:
        if entity_id is None or (state := self.hass.states.get(entity_id)) is None:
            return None
        try:
            return float(state.state)
        except ValueError:
            return None

    # -- live rows ---------------------------------------------------------------------

    @callback
    def _on_update(self) -> None:
        """Count what each lifetime sensor grew by; write the hours that ended."""
        if not recorder_ready(self.hass) or self.coordinator.data is None:
            return
        now = dt_util.utcnow()
        hour = now.replace(minute=0, second=0, microsecond=0)
        changed = False
        for item in self.tracked():
            value = self._value(item.entity_id)
            live = self._live.get(item.stat_id)
            if live is None:
                if value is None:
                    continue
                self._live[item.stat_id] = Live(
                    value=value,
                    sum=0.0,
                    hour=hour,
                    join=hour,
                    base=0.0,
                    before=self._value(item.today_entity_id),
                    origin=value,
                )
                # The hour before the join ends at the base: the statistic is
                # there at once (for the Energy dashboard's settings), and an
                # import of the past ends on this same row.
                _write(
                    self.hass,
                    item.stat_id,
                    item.name,
                    [{"start": hour - timedelta(hours=1), "sum": 0.0}],
                )
                changed = True
                continue
            if hour > live.hour:
                _write(
                    self.hass,
                    item.stat_id,
                    item.name,
                    [
                        {
                            "start": live.hour,
                            "state": live.value,
                            "sum": round(live.sum, 4),
                        }
                    ],
                )
                live.hour = hour
                changed = True
            if value is None or value == live.value:
                continue
            if value > live.value:
                live.sum += value - live.value
                live.value = value
            elif value < live.value * RESET_SHARE:
                live.value = value
            changed = True
        if changed:
            self._save()
            self._plan_auto_imports()

    # -- imports -----------------------------------------------------------------------

    def _device_stats(self, serial: str) -> list[Tracked]:
        """A device's statistics whose past its records give, once they joined."""
        return [
            item
            for item in self.tracked()
            if item.serial == serial and item.stat_id in self._live
        ]

    def keeps_days(self, plant_id: str, serial: str) -> bool:
        """Whether the device's records give its flows' past."""
        ref = self._listing(plant_id, serial)
        return ref is not None and self.account.keeps_device_days(ref)

    def _plan_auto_imports(self) -> None:
        """An import of each plant's past once its solar statistic has joined.

        Then one of each device whose records give its flows' past.
        """
        if not self.auto_import:
            return
        for plant_id, plant in self.coordinator.data.plants.items():
            if plant_id not in self._auto_done and plant_id not in self.jobs:
                live = self._live.get(plant_statistic_id(plant_id))
                if live is not None:
                    first = self._created(plant_id) or (
                        self._join_day(plant_id, live) - DEFAULT_HISTORY
                    )
                    self._auto_done.add(plant_id)
                    self._queue(Job(plant_id, first, self._join_day(plant_id, live)))
            for ref in plant.listings:
                serial = ref.serial
                if serial in self._auto_done or serial in self.jobs:
                    continue
                if not self.account.keeps_device_days(ref):
                    continue
                stats = self._device_stats(serial)
                if not stats:
                    continue
                last = self._last_day(plant_id, stats)
                first = self._created(plant_id) or (last - DEFAULT_HISTORY)
                self._auto_done.add(serial)
                self._queue(Job(plant_id, first, last, serial=serial))
        self._save()

    def _created(self, plant_id: str) -> date | None:
        plant = self.coordinator.data.plants.get(plant_id)
        return plant.plant.created if plant is not None else None

    def _tz(self, plant_id: str) -> tzinfo:
        return plant_tz(self.coordinator, plant_id)

    def _join_day(self, plant_id: str, live: Live) -> date:
        return live.join.astimezone(self._tz(plant_id)).date()

    def _last_day(self, plant_id: str, stats: Iterable[Tracked]) -> date:
        """The latest join day of the statistics: days after it are all live."""
        return max(self._join_day(plant_id, self._live[s.stat_id]) for s in stats)

    async def async_request(
        self,
        plant_id: str,
        start: date | None,
        end: date | None,
        serial: str | None = None,
    ) -> Job:
        """Import (again) the days `start`..`end` of a plant or a device, by default all.

        Days from the join on are counted live: the range ends before.
        Raises NoHistoryError for a range with no day Growatt could have.
        """
        if serial is None:
            live = self._live.get(plant_statistic_id(plant_id))
            if live is None:
                raise NoHistoryError
            stat_ids = [plant_statistic_id(plant_id)]
            join_day = self._join_day(plant_id, live)
        else:
            stats = self._device_stats(serial)
            if not stats or not self.keeps_days(plant_id, serial):
                raise NoHistoryError
            stat_ids = [item.stat_id for item in stats]
            join_day = self._last_day(plant_id, stats)
        created = self._created(plant_id) or (join_day - DEFAULT_HISTORY)
        first = max(start or created, created)
        last = min(end or join_day, join_day)
        if first > last:
            raise NoHistoryError
        job = Job(plant_id, first, last, manual=True, serial=serial)
        if last < join_day:
            # Between rows already written: forward from the sum before the
            # range, later rows shifted. Else backwards from the rows after
            # it, or from the join where there are none.
            after = self._day_start(plant_id, last + timedelta(days=1))
            before = self._day_start(plant_id, first)
            ends = {s: await _sum_at(self.hass, s, after) for s in stat_ids}
            starts = {s: await _sum_at(self.hass, s, before) for s in stat_ids}
            if any(value is None for value in ends.values()):
                job.last = join_day
            elif all(value is not None for value in starts.values()):
                job.forward = True
            else:
                job.boundaries = {s: v for s, v in ends.items() if v is not None}
        self._queue(job)
        return job

    @callback
    def async_cancel(self, plant_id: str | None = None) -> bool:
        """Cancel the running imports of a plant (or all); whether one ran."""
        cancelled = False
        for job in self.jobs.values():
            if job.status == "running" and plant_id in (None, job.plant_id):
                job.status = "cancelled"
                cancelled = True
        if cancelled:
            self._save()
            async_dispatcher_send(self.hass, signal(self.entry_id))
        return cancelled

    def plant_jobs(self, plant_id: str) -> list[Job]:
        """The imports of a plant's solar and of its devices."""
        return [job for job in self.jobs.values() if job.plant_id == plant_id]

    def _queue(self, job: Job) -> None:
        job.total = len(self._windows(job))
        self.jobs[job.key] = job
        self._save()
        async_dispatcher_send(self.hass, signal(self.entry_id))
        self._schedule(timedelta(0))

    def _windows(self, job: Job) -> list[tuple[date, date]]:
        """The job's windows in the order they are imported."""
        if job.serial is not None:
            return self._device_windows(job)
        live = self._live[plant_statistic_id(job.plant_id)]
        join_day = self._join_day(job.plant_id, live)
        last = min(job.last, join_day - timedelta(days=1))
        windows = (
            self.account.history_windows(job.first, last) if job.first <= last else []
        )
        if job.last >= join_day and not job.forward:
            # The join's own day: what the plant reported as today, no request.
            windows.append((join_day, join_day))
        return windows if job.forward else list(reversed(windows))

    def _device_windows(self, job: Job) -> list[tuple[date, date]]:
        """One day a request, with the day after the range where it is not live.

        Newest first; forward, oldest first. The day after the range gives
        the start of the range's last day.
        """
        last = job.last
        stats = self._device_stats(job.serial or "")
        if job.forward or (stats and last < self._last_day(job.plant_id, stats)):
            last += timedelta(days=1)
        days = [(day, day) for day in _days(job.first, last)]
        return days if job.forward else list(reversed(days))

    def _day_start(self, plant_id: str, day: date) -> datetime:
        return datetime.combine(day, time(0), self._tz(plant_id)).astimezone(UTC)

    def _schedule(self, delay: timedelta) -> None:
        if self._timer is not None:
            self._timer()
        self._timer = async_call_later(self.hass, delay, self._tick)

    @callback
    def _tick(self, _now: datetime) -> None:
        self._timer = None
        if self._running:
            return
        job = next((j for j in self.jobs.values() if j.status == "running"), None)
        if job is None or not recorder_ready(self.hass):
            return
        self._running = True
        self.coordinator.config_entry.async_create_background_task(
            self.hass, self._async_step(job), f"{DOMAIN} history import"
        )

    async def _async_step(self, job: Job) -> None:
        """Import the job's next window, then wait for the next one."""
        delay = HISTORY_SPACING
        try:
            delay = await self._async_window(job)
        finally:
            self._running = False
        # At once: the sums of the live state follow the rows' shift.
        await self.async_save()
        async_dispatcher_send(self.hass, signal(self.entry_id))
        if any(j.status == "running" for j in self.jobs.values()):
            self._schedule(delay)

    def _spend(self, plant_id: str) -> timedelta | None:
        """Count a request against the day's cap; the wait where it is spent."""
        today = dt_util.now(self._tz(plant_id)).date()
        if self._sent_today[0] != today:
            self._sent_today = (today, 0)
        if self._sent_today[1] >= HISTORY_REQUESTS_PER_DAY:
            return self._until_tomorrow(plant_id)
        self._sent_today = (today, self._sent_today[1] + 1)
        return None

    async def _async_window(self, job: Job) -> timedelta:
        ref = self._ref(job)
        if job.plant_id not in self.coordinator.data.plants or (
            job.serial is not None and ref is None
        ):
            # The plant or the device is no longer shown: nothing to import.
            job.status = "cancelled"
            return timedelta(0)
        windows = self._windows(job)
        job.total = len(windows)
        if job.done >= len(windows):
            job.status = "done"
            return timedelta(0)
        first, last = windows[job.done]
        if ref is not None:
            if (wait := self._spend(job.plant_id)) is not None:
                return wait
            try:
                records = await self.account.device_day(ref, first)
            except GrowattError as err:
                _LOGGER.debug(
                    "History of %s on %s not read, retrying: %s", job.serial, first, err
                )
                return HISTORY_RETRY
            await self._async_write_device_day(job, first, records)
        else:
            plant_id = job.plant_id
            live = self._live[plant_statistic_id(plant_id)]
            join_day = self._join_day(plant_id, live)
            days: dict[date, float]
            if first == join_day:
                days = {join_day: live.before or 0.0}
            else:
                if (wait := self._spend(plant_id)) is not None:
                    return wait
                try:
                    days = await self.account.daily_production(plant_id, first, last)
                except GrowattError as err:
                    _LOGGER.debug(
                        "History of plant %s not read, retrying: %s", plant_id, err
                    )
                    return HISTORY_RETRY
            await self._async_write_plant_window(job, live, first, last, days)
        job.done += 1
        if job.done >= len(windows):
            job.status = "done"
        return HISTORY_SPACING

    def _ref(self, job: Job) -> DeviceListing | None:
        """The listing of a device job's device, while its plant lists it."""
        return None if job.serial is None else self._listing(job.plant_id, job.serial)

    def _listing(self, plant_id: str, serial: str) -> DeviceListing | None:
        plant = self.coordinator.data.plants.get(plant_id)
        if plant is None:
            return None
        return next((ref for ref in plant.listings if ref.serial == serial), None)

    def _until_tomorrow(self, plant_id: str) -> timedelta:
        now = dt_util.now(self._tz(plant_id))
        midnight = datetime.combine(now.date() + timedelta(days=1), time(0), now.tzinfo)
        return midnight - now + timedelta(minutes=1)

    def _hours(
        self, plant_id: str, live: Live, day: date, flow: Flow
    ) -> tuple[list[datetime], list[float]]:
        """A day's hours before the join, and each one's share of the day."""
        hours = [
            hour for hour in local_hours(day, self._tz(plant_id)) if hour < live.join
        ]
        if flow in SUNNY_FLOWS:
            weights = sun_weights(
                hours, self.hass.config.latitude, self.hass.config.longitude
            )
        else:
            weights = [1 / len(hours)] * len(hours) if hours else []
        return hours, weights

    async def _async_write_forward(
        self,
        stat_id: str,
        name: str,
        live: Live,
        plant_id: str,
        days: list[tuple[date, float]],
        flow: Flow,
    ) -> None:
        """Rewrite days from the sum before them; shift the later rows by the change."""
        first, last = days[0][0], days[-1][0]
        start = self._day_start(plant_id, first)
        before = await _sum_at(self.hass, stat_id, start)
        end = self._day_start(plant_id, last + timedelta(days=1))
        old_end = await _sum_at(self.hass, stat_id, end)
        running = before or 0.0
        rows: list[dict[str, Any]] = []
        for day, energy in days:
            hours, weights = self._hours(plant_id, live, day, flow)
            running += energy
            day_part, _ = day_rows(energy, hours, weights, end_sum=running)
            rows.extend(day_part)
        _write(self.hass, stat_id, name, rows)
        if old_end is not None and abs(running - old_end) > 1e-6:
            change = running - old_end
            _adjust(self.hass, stat_id, end, change)
            live.sum += change
            live.base += change

    def _write_backward(
        self,
        stat_id: str,
        name: str,
        live: Live,
        plant_id: str,
        days: list[tuple[date, float]],
        flow: Flow,
        boundary: float,
    ) -> float:
        """Write days (oldest first) ending at `boundary`; the sum where they start.

        The statistic then starts at 0: every row from the oldest one written
        on is shifted by the same amount (the recorder takes the change of a
        statistic's first period from 0, so a negative start would show as a
        negative bar). The sum returned is that 0.
        """
        rows: list[dict[str, Any]] = []
        for day, energy in reversed(days):
            hours, weights = self._hours(plant_id, live, day, flow)
            day_part, boundary = day_rows(energy, hours, weights, end_sum=boundary)
            rows[:0] = day_part
        _write(self.hass, stat_id, name, rows)
        if rows and abs(boundary) > 1e-9:
            _adjust(self.hass, stat_id, rows[0]["start"], -boundary)
            live.sum -= boundary
            live.base -= boundary
            boundary = 0.0
        return boundary

    async def _async_write_plant_window(
        self, job: Job, live: Live, first: date, last: date, days: Mapping[date, float]
    ) -> None:
        plant_id = job.plant_id
        stat_id = plant_statistic_id(plant_id)
        name = f"{self.coordinator.data.plants[plant_id].ref.name or plant_id} {FLOW_NAMES[Flow.SOLAR]}"
        window = [(day, days.get(day, 0.0)) for day in _days(first, last)]
        if job.forward:
            await self._async_write_forward(
                stat_id, name, live, plant_id, window, Flow.SOLAR
            )
            return
        job.boundaries[stat_id] = self._write_backward(
            stat_id,
            name,
            live,
            plant_id,
            window,
            Flow.SOLAR,
            job.boundaries.get(stat_id, live.base),
        )

    async def _async_write_device_day(
        self, job: Job, day: date, records: list[Device]
    ) -> None:
        """One day of each of the device's flows, from one of its records.

        Going back, the records give the day's start: its energy is the
        start of the day after it (the previous request's) minus its own.
        Going forward, the day's start ends the day before it. A day without
        a record (the device uploaded nothing) counts 0: its energy, if any,
        falls on the first older day with a record. A flow no record has told
        anything yet gets no rows rather than zeros.
        """
        plant_id = job.plant_id
        for item in self._device_stats(job.serial or ""):
            live = self._live[item.stat_id]
            start = day_start(records, item.flow)
            join_day = self._join_day(plant_id, live)
            anchor = job.anchors.get(item.stat_id)
            anchor_day = job.anchor_days.get(item.stat_id)
            if start is not None:
                job.anchors[item.stat_id] = start
                job.anchor_days[item.stat_id] = day.isoformat()
            if job.forward:
                if day > join_day or start is None:
                    continue  # counted live, or the day says nothing yet
                if anchor is not None and anchor_day is not None:
                    # From the anchor's day up to this one: the anchor's day
                    # takes the energy, days without a record 0.
                    first = date.fromisoformat(anchor_day)
                    await self._async_write_forward(
                        item.stat_id,
                        item.name,
                        live,
                        plant_id,
                        [
                            (gap, max(0.0, start - anchor) if gap == first else 0.0)
                            for gap in _days(first, day - timedelta(days=1))
                        ],
                        item.flow,
                    )
                continue
            if day > join_day or day > job.last:
                continue  # counted live, or the day after the range
            if day == join_day:
                # Before the join: the day's value then, else what the
                # lifetime value had grown by since the day's start.
                before = live.before
                if before is None and start is not None and live.origin is not None:
                    before = max(0.0, live.origin - start)
                energy = before or 0.0
                if start is None and live.origin is not None:
                    job.anchors[item.stat_id] = live.origin - energy
            elif anchor is None and start is None:
                continue  # nothing tells this flow's day: no rows rather than zeros
            else:
                energy = (
                    max(0.0, anchor - start)
                    if anchor is not None and start is not None
                    else 0.0
                )
            job.boundaries[item.stat_id] = self._write_backward(
                item.stat_id,
                item.name,
                live,
                plant_id,
                [(day, energy)],
                item.flow,
                job.boundaries.get(item.stat_id, live.base),
            )


def _boundaries(data: Mapping[str, Any]) -> dict[str, float]:
    """A stored job's boundaries; a plant's job kept one `boundary` before."""
    boundaries = dict(data.get("boundaries") or {})
    if data.get("boundary") is not None and not data.get("serial"):
        boundaries[plant_statistic_id(str(data["plant_id"]))] = data["boundary"]
    return boundaries


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def history_store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    """Where an entry's statistics keep their live state and imports."""
    return Store(hass, STORE_VERSION, f"{DOMAIN}.history.{entry_id}")
