"""Realtime and history records of a device, in one shape for every renderer.

A `Snapshot` is what a device reports at one moment: its telemetry and its
daily and lifetime energy. The realtime endpoints render the device's current
snapshot; the history endpoints (`tlx_data`, `mix_data`, ...) render one
snapshot per 5-minute mark. The world keeps counters by day, not by mark
(`emulator.history`), so history spreads each day's counters over its marks
in the shares of the simulation's power flows replayed at each mark with the
device's present state; a mark's lifetime total is the total at the start of
its day plus the day's energy up to the mark.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web

from ..history import counter_day, day_values, period_values
from ..http import v1_error
from ..legacy.common import DeviceView, stamp
from ..model import Family, PvString, Telemetry
from ..simulation import (
    MODEL_KEYS,
    Flows,
    flows_at,
    string_shares,
    uploads_between,
)
from .common import DeviceCodes, V1Call, find_device, ok, page_of, parse_day

STEP = timedelta(minutes=5)
# Counter keys besides the per-string ones (see emulator.model.Counters).
ENERGY_KEYS = MODEL_KEYS


@dataclass(frozen=True)
class Snapshot:
    """A device's report at one moment."""

    view: DeviceView
    moment: datetime  # UTC
    live: Telemetry
    today: Mapping[str, float] = field(default_factory=dict)
    total: Mapping[str, float] = field(default_factory=dict)
    tz: ZoneInfo | None = None  # the request's timezone_id, else the plant's

    @property
    def time_text(self) -> str:
        """The moment as "YYYY-MM-DD HH:MM:SS" local time."""
        return stamp(self.moment, self.tz or self.view.plant.tz)

    def day(self, key: str) -> float:
        """Energy of the local day up to the moment (kWh)."""
        return self.today.get(key, 0.0)

    def life(self, key: str) -> float:
        """Lifetime energy up to the moment (kWh)."""
        return self.total.get(key, 0.0)

    def string(self, index: int) -> PvString:
        """PV input `index` (1-based), zero when the device has fewer inputs."""
        strings = self.live.strings
        return strings[index - 1] if index <= len(strings) else PvString()

    @property
    def self_power(self) -> float:
        """Load met without the grid (W)."""
        return max(0.0, self.live.load_power - self.live.import_power)


def _keys(view: DeviceView) -> list[str]:
    return [*ENERGY_KEYS, *(f"pv{n + 1}" for n in range(view.device.strings))]


def current(view: DeviceView) -> Snapshot:
    """What the device reports now (lifetime totals honour the sleep fault)."""
    keys = _keys(view)
    return Snapshot(
        view=view,
        moment=view.last_update,
        live=view.live,
        today={key: view.today(key) for key in keys},
        total={key: view.total(key) for key in keys},
    )


def _telemetry(view: DeviceView, flows: Flows) -> Telemetry:
    """Telemetry of a past mark: the flows, with the present voltages."""
    base = view.device.telemetry
    strings = []
    for index, share in enumerate(string_shares(view.device.strings)):
        power = flows.pv * share
        voltage = (
            base.strings[index].voltage if index < len(base.strings) else 0.0
        ) or 300.0
        strings.append(
            PvString(
                voltage=voltage if power > 0 else 0.0,
                current=round(power / voltage, 2) if power > 0 else 0.0,
                power=round(power, 1),
            )
        )
    ac_voltage = base.ac_voltage or 230.0
    return replace(
        base,
        pv_power=round(flows.pv, 1),
        strings=strings,
        ac_power=round(flows.ac, 1),
        ac_voltage=ac_voltage,
        ac_current=round(flows.ac / ac_voltage, 2),
        ac_frequency=base.ac_frequency or 50.0,
        load_power=round(flows.load, 1),
        import_power=round(flows.imported, 1),
        export_power=round(flows.exported, 1),
        charge_power=round(flows.charge, 1),
        discharge_power=round(flows.discharge, 1),
        ac_charge_power=round(flows.ac_charge, 1),
        mode=flows.mode,
        sleeping=flows.pv < 1 and not flows.charge and not flows.discharge,
    )


def _energies(view: DeviceView, flows: Flows, seconds: float) -> dict[str, float]:
    """Energy (kWh) of each counter over one step."""
    hours = seconds / 3600
    watts = {
        "pv": flows.pv,
        "ac": flows.ac,
        "load": flows.load,
        "import": flows.imported,
        "export": flows.exported,
        "charge": flows.charge,
        "discharge": flows.discharge,
        "ac_charge": flows.ac_charge,
        "self": flows.load - (flows.imported - flows.ac_charge),
    }
    for index, share in enumerate(string_shares(view.device.strings)):
        watts[f"pv{index + 1}"] = flows.pv * share
    return {key: max(0.0, value) * hours / 1000 for key, value in watts.items()}


def _day_start(
    view: DeviceView, day: date, current_day: date | None
) -> dict[str, float]:
    """The lifetime totals at the start of a local day: the total less the days since."""
    counters = view.device.counters
    since = period_values(
        view.plant, view.device, day, max(day, current_day or date.max)
    )
    return {
        key: max(0.0, counters.life(key) - since.get(key, 0.0)) for key in _keys(view)
    }


def _day_marks(
    view: DeviceView, first: date, last: date
) -> dict[date, list[tuple[datetime, Flows, float]]]:
    """The uploads of the local days `first..last` up to the last, by local day.

    Each with the flows replayed at it and the seconds since the upload
    before it (or the day's midnight). A device that does not stay awake
    uploads nothing while its PV is below 1 W.
    """
    tz = view.plant.tz
    days: dict[date, list[tuple[datetime, Flows, float]]] = {}
    begin = datetime.combine(first, time(0), tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tz).astimezone(UTC)
    if view.last_update <= begin:
        return days
    previous = begin
    day = first
    for mark in uploads_between(view.device, begin, min(end, view.last_update)):
        local_day = mark.astimezone(tz).date()
        if local_day > last:
            break
        if local_day != day:
            day = local_day
            previous = datetime.combine(day, time(0), tz).astimezone(UTC)
        seconds = (mark - previous).total_seconds()
        previous = mark
        flows = flows_at(
            view.plant, view.device, (mark - STEP / 2).astimezone(tz), seconds
        )
        if not (view.device.stays_awake or flows.pv >= 1):
            continue  # asleep: its datalogger uploaded nothing
        days.setdefault(local_day, []).append((mark, flows, seconds))
    return days


def _spread(
    keys: Sequence[str],
    energies: Sequence[Mapping[str, float]],
    values: Mapping[str, float],
) -> list[dict[str, float]]:
    """A day's energy (`values`) up to each mark, in the shares of the marks' energies.

    The last mark holds the whole day; a counter the marks' energies do not
    show grows evenly over them.
    """
    count = len(energies)
    todays: list[dict[str, float]] = [{} for _ in range(count)]
    for key in keys:
        value = values.get(key, 0.0)
        steps = [energy.get(key, 0.0) for energy in energies]
        whole = sum(steps)
        if whole <= 0:
            steps, whole = [1.0] * count, float(count)
        running = 0.0
        for index, step in enumerate(steps):
            running += step
            share = 1.0 if index == count - 1 else min(1.0, running / whole)
            todays[index][key] = value * share
    return todays


def history(
    view: DeviceView, first: date, last: date, shown_tz: ZoneInfo | None = None
) -> list[Snapshot]:
    """One snapshot per upload of the local days `first..last`, up to the last.

    A day's records add up to its counters as `emulator.history` keeps them
    (`day_values`): the day's energy grows over its uploads in the shares of
    the replayed flows, and reaches the day's value at its last upload (the
    current day's: `counters.today`). The lifetime totals are those at the
    start of the day, the lifetime counters less the days since, plus the
    day's energy so far. Only the marks of the requested days are replayed.

    The days are the plant's; `shown_tz` (the request's `timezone_id`) only
    changes how the records print their time. Days before the plant's
    creation have no records.
    """
    plant, device = view.plant, view.device
    keys = _keys(view)
    current_day = counter_day(plant, device)
    created = device.counters.first
    snapshots: list[Snapshot] = []
    for day, marks in sorted(_day_marks(view, first, last).items()):
        if created and day.isoformat() < created:
            continue  # before the plant's creation the device uploaded nothing
        energies = [_energies(view, flows, seconds) for _, flows, seconds in marks]
        todays = _spread(keys, energies, day_values(plant, device, day))
        start = _day_start(view, day, current_day)
        for (moment, flows, _), today in zip(marks, todays, strict=True):
            snapshots.append(
                Snapshot(
                    view=view,
                    moment=moment,
                    live=_telemetry(view, flows),
                    today=today,
                    total={key: start[key] + today[key] for key in keys},
                    tz=shown_tz,
                )
            )
    return snapshots


# -- the history endpoints ----------------------------------------------------------

MAX_HISTORY_DAYS = 7

type Renderer = Callable[[Snapshot], dict[str, Any]]


@dataclass(frozen=True)
class HistoryCodes:
    """tlx_data's documented codes, which the other history endpoints are assumed to share."""

    device: DeviceCodes = field(
        default_factory=lambda: DeviceCodes(empty=10002, missing=10005)
    )
    bad_start: int = 10003
    too_long: int = 10004


HISTORY_CODES = HistoryCodes()


def _timezone(raw: str) -> ZoneInfo | None:
    """The request's `timezone_id`; unknown names fall back to the plant's."""
    if not raw:
        return None
    try:
        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def history_answer(
    call: V1Call,
    sn_key: str,
    families: Sequence[Family],
    render: Renderer,
    codes: HistoryCodes = HISTORY_CODES,
) -> web.Response:
    """`{count, <sn_key>, datalogger_sn, next_page_start_id, datas}` of a date range.

    Form `<sn_key>, start_date, end_date, timezone_id, page, perpage`; the
    range spans at most 7 days (the library refuses longer ones before asking).
    """
    view = find_device(call, call.param(sn_key), families, codes.device)
    if isinstance(view, web.Response):
        return view
    first = parse_day(call.param("start_date"))
    last = parse_day(call.param("end_date") or call.param("start_date"))
    if first is None or last is None or last < first:
        return v1_error(codes.bad_start, "error_start_date")
    if (last - first).days > MAX_HISTORY_DAYS:
        return v1_error(codes.too_long, "error_date_interval_exceeds_7_days")
    snapshots = history(view, first, last, _timezone(call.param("timezone_id")))
    paged = page_of(call, snapshots)
    if isinstance(paged, web.Response):
        return paged
    chunk, following = paged
    return ok(
        {
            "count": len(snapshots),
            sn_key: view.device.sn,
            "datalogger_sn": view.device.datalogger_sn,
            "next_page_start_id": following,
            "datas": [render(snapshot) for snapshot in chunk],
        }
    )
