"""Plant totals and history for the legacy charts.

Curves of the current day replay the simulation's power flows at each
5-minute mark with the device's present state. Energy by day comes from
`emulator.history` (the day's counters, the recorded days the simulation
ran, the day model before it), so day lists, month and year sums and the
lifetime totals agree: the days since the plant's creation add up to them.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .. import history
from ..model import Family, Plant
from ..simulation import flows_at as step_flows
from .common import FORMULA_CO2, DeviceView, compact, currency_symbol

CHART_STEP = timedelta(minutes=5)


@dataclass(frozen=True)
class PlantTotals:
    """A plant's headline figures: production (PV), money and CO2."""

    plant: Plant
    views: list[DeviceView]
    now: datetime  # UTC

    @property
    def today_energy(self) -> float:
        """PV energy of the local day (kWh)."""
        return sum(v.today("pv") for v in self.views)

    @property
    def total_energy(self) -> float:
        """Lifetime PV energy (kWh).

        The plant's own figures keep their value while its inverters sleep,
        even where the devices' lifetime totals read 0 then.
        """
        return sum(v.device.counters.life("pv") for v in self.views)

    @property
    def power(self) -> float:
        """Current PV power (W) of the devices that still report."""
        return sum(v.live.pv_power for v in self.views if not v.lost)

    @property
    def today_money(self) -> float:
        """Today's earnings in the plant currency."""
        return self.today_energy * self.plant.money_per_kwh

    @property
    def total_money(self) -> float:
        """Lifetime earnings in the plant currency."""
        # Derived from the devices' lifetime totals as reported: the money
        # reads low at night where those read 0.
        return sum(v.total("pv") for v in self.views) * self.plant.money_per_kwh

    @property
    def co2(self) -> float:
        """CO2 avoided (kg)."""
        return self.total_energy * FORMULA_CO2

    @property
    def currency(self) -> str:
        """The currency symbol ("€")."""
        return currency_symbol(self.plant.currency)

    @property
    def storage(self) -> list[DeviceView]:
        """Devices with a battery (Noah excluded, as the app's storage figures do)."""
        return [
            v
            for v in self.views
            if v.device.has_battery and v.device.family is not Family.NOAH
        ]

    @property
    def month_energy(self) -> float:
        """PV energy of the current month so far (kWh): the sum of its days."""
        return period_energy(self.views, *month_span(self.local_today))

    @property
    def year_energy(self) -> float:
        """PV energy of the current year so far (kWh): the sum of its days."""
        return period_energy(self.views, *year_span(self.local_today))

    @property
    def local_today(self) -> date:
        """The plant's local date."""
        return self.now.astimezone(self.plant.tz).date()


# -- curves of one day ---------------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    """Power flows (W) at one 5-minute mark."""

    moment: datetime  # plant local time
    pv: float
    ac: float
    load: float
    imported: float
    exported: float
    charge: float
    discharge: float

    @property
    def label(self) -> str:
        """The zero-padded "HH:MM" key of chartData."""
        return self.moment.strftime("%H:%M")


def chart_marks(view: DeviceView, day: date) -> Iterator[datetime]:
    """5-minute marks of a local day, up to now for the current day."""
    tz = view.plant.tz
    mark = datetime.combine(day, time(0), tz) + CHART_STEP
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    now = view.local_now
    while mark <= end and mark <= now:
        yield mark
        mark += CHART_STEP


def curve(view: DeviceView, day: date) -> list[ChartPoint]:
    """A device's 5-minute power curve of a day (zero while lost)."""
    points = []
    for mark in chart_marks(view, day):
        if not view.online:
            points.append(ChartPoint(mark, 0, 0, 0, 0, 0, 0, 0))
            continue
        flows = step_flows(view.plant, view.device, mark, CHART_STEP.total_seconds())
        points.append(
            ChartPoint(
                moment=mark,
                pv=flows.pv,
                ac=flows.ac,
                load=flows.load,
                imported=flows.imported,
                exported=flows.exported,
                charge=flows.charge,
                discharge=flows.discharge,
            )
        )
    if points and view.online and day == view.local_now.date():
        # The last mark shows what the device reports right now.
        live = view.live
        points[-1] = ChartPoint(
            points[-1].moment,
            live.pv_power,
            live.ac_power,
            live.load_power,
            live.import_power,
            live.export_power,
            live.charge_power,
            live.discharge_power,
        )
    return points


def plant_curve(views: list[DeviceView], day: date) -> list[ChartPoint]:
    """The sum of the curves of a plant's devices."""
    summed: dict[datetime, list[float]] = {}
    for view in views:
        for point in curve(view, day):
            values = summed.setdefault(point.moment, [0.0] * 7)
            for index, value in enumerate(
                (
                    point.pv,
                    point.ac,
                    point.load,
                    point.imported,
                    point.exported,
                    point.charge,
                    point.discharge,
                )
            ):
                values[index] += value
    return [ChartPoint(moment, *values) for moment, values in sorted(summed.items())]


# -- energy by day ---------------------------------------------------------------------


def day_energy(view: DeviceView, day: date) -> float:
    """PV energy (kWh) of a device's local day (see `emulator.history`)."""
    return history.day_energy(view.plant, view.device, day)


def period_energy(views: list[DeviceView], first: date, last: date) -> float:
    """PV energy (kWh) of devices over the local days `first..last`."""
    return sum(
        history.period_energy(view.plant, view.device, first, last) for view in views
    )


def month_span(anchor: date) -> tuple[date, date]:
    """The first and last day of the anchor's month."""
    return anchor.replace(day=1), anchor.replace(
        day=monthrange(anchor.year, anchor.month)[1]
    )


def year_span(anchor: date) -> tuple[date, date]:
    """The first and last day of the anchor's year."""
    return date(anchor.year, 1, 1), date(anchor.year, 12, 31)


def month_days(views: list[DeviceView], anchor: date) -> dict[str, float]:
    """Daily PV energy of the anchor's month, keyed "01".."31"."""
    values: dict[str, float] = {}
    day, last = month_span(anchor)
    while day <= last:
        values[f"{day.day:02d}"] = sum(day_energy(v, day) for v in views)
        day += timedelta(days=1)
    return values


def year_months(views: list[DeviceView], anchor: date) -> dict[str, float]:
    """Monthly PV energy of the anchor's year, keyed "01".."12": the sums of their days."""
    return {
        f"{month:02d}": period_energy(views, *month_span(date(anchor.year, month, 1)))
        for month in range(1, 13)
    }


# -- the app's energy breakdown of a day ------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """Today's energy split the way the app's storage charts explain it (kWh).

    Production is PV; what is not exported was used locally. Load is met by the
    grid (import) and the rest ("self-supplied"), which the battery and direct
    solar share: the dashboard's ratios are these quotients.
    """

    production: float
    exported: float
    load: float
    imported: float
    discharge: float
    charge_total: float  # lifetime battery charge

    @classmethod
    def of(cls, views: list[DeviceView]) -> Breakdown:
        """Sum the counters of the devices."""
        return cls(
            production=sum(v.today("pv") for v in views),
            exported=sum(v.today("export") for v in views),
            load=sum(v.today("load") for v in views),
            imported=sum(v.today("import") for v in views),
            discharge=sum(v.today("discharge") for v in views),
            charge_total=sum(v.total("charge") for v in views),
        )

    @property
    def used_locally(self) -> float:
        """Production not exported."""
        return max(0.0, self.production - self.exported)

    @property
    def self_supplied(self) -> float:
        """Load not imported."""
        return max(0.0, self.load - self.imported)

    @property
    def from_battery(self) -> float:
        """The battery's share of the self-supplied load."""
        return min(self.discharge, self.self_supplied)

    @property
    def direct_solar(self) -> float:
        """Solar's direct share of the self-supplied load."""
        return max(0.0, self.self_supplied - self.from_battery)

    def ratios(self) -> dict[str, str]:
        """ratio1..6 as "11.3%"."""
        pairs = (
            (self.used_locally, self.production),
            (self.exported, self.production),
            (self.self_supplied, self.load),
            (self.imported, self.load),
            (self.from_battery, self.self_supplied),
            (self.direct_solar, self.self_supplied),
        )
        return {
            f"ratio{index}": f"{compact(part / whole * 100 if whole else 0.0)}%"
            for index, (part, whole) in enumerate(pairs, start=1)
        }

    def totals(self, unit: str = "", *, without: str = "") -> dict[str, str]:
        """The totals next to chartData (with "kWh" appended on the dashboard).

        Each view lacks one of them: the dashboard `eChargeToday`, the device
        charts `eChargeToday2Echarge1` (`without`).
        """
        values = {
            "eCharge": self.production,
            "eAcCharge": self.exported,
            "eChargeToday": self.direct_solar,
            "eChargeToday1": self.used_locally,
            "eChargeToday2": self.self_supplied,
            "eChargeToday2Echarge1": self.direct_solar,
            "echarge1": self.from_battery,
            "echargeToat": self.charge_total,
            "elocalLoad": self.load,
            "etouser": self.imported,
            "photovoltaic": self.direct_solar,
        }
        return {
            key: f"{compact(value)}{unit}"
            for key, value in values.items()
            if key != without
        } | self.ratios()


def curve_sum_labels(views: list[DeviceView], day: date) -> dict[str, float]:
    """A plant's PV power (W) by "HH:MM" for a day."""
    return {point.label: point.pv for point in plant_curve(views, day)}
