"""The emulator's energy history adds up: days, months, years and lifetime totals.

The plants were created two years before the clock (both DST changes of
Europe/Berlin in between). Whatever a view answers for a day, month or year
is the sum of the same days, and the days since the plant's creation add up
to the lifetime PV total the plant reports, within the rounding of the
answers' strings (0.05 kWh a value).
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import aiohttp
import pytest

from emulator import history
from emulator.clock import Clock
from emulator.legacy.common import compact
from emulator.model import Device, Plant
from emulator.simulation import day_hours, household_load, model_day
from emulator.v1 import history as v1_history
from emulator.world import World
from emulator.worlds import DEFAULT_WORLD, build_world
from tests.conftest import START, Emulator
from tests.emulator.conftest import V1Http, legacy_json

pytestmark = pytest.mark.usefixtures("socket_enabled")

HOME = 1234567
PLANT_IDS = (1234567, 1234568, 1234569, 1234570)
YEARS = 2
# A value in an answer string is rounded to 0.1 kWh.
ROUNDING = 0.05


def _created(start: datetime) -> date:
    return start.date().replace(year=start.year - YEARS)


@pytest.fixture
def world(request: pytest.FixtureRequest) -> World:
    """The demo world, its plants created two years before the clock (START unless told)."""
    start: datetime = getattr(request, "param", START)
    description = deepcopy(DEFAULT_WORLD)
    for plant in description["accounts"][0]["plants"]:
        plant["create_date"] = _created(start).isoformat()
    world = build_world(description, clock=Clock(start, frozen=True))
    world.config.v1_rate_scale = 0  # the same requests again on a frozen clock
    world.config.session_ttl = 400 * 86400  # the login outlives the clock's jumps
    return world


def _plant(world: World, plant_id: int) -> Plant:
    plant = world.accounts[0].plant(plant_id)
    assert plant is not None
    return plant


def _device(plant: Plant, sn: str) -> Device:
    return next(d for d in plant.devices if d.sn == sn)


def _months(first: date, last: date) -> Iterator[date]:
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)


def _local_today(world: World, plant: Plant) -> date:
    return world.now().astimezone(plant.tz).date()


def _tolerance(values: int) -> float:
    """How far a sum of `values` rounded values may be from the exact sum."""
    return ROUNDING * values + 1e-6


async def _month_days(
    session: aiohttp.ClientSession, emulator: Emulator, plant_id: int, month: date
) -> dict[date, str]:
    """Legacy `PlantDetailAPI.do?type=1`: the month's day values as served."""
    back = (
        await legacy_json(
            session,
            emulator.url + "PlantDetailAPI.do",
            params={
                "plantId": str(plant_id),
                "type": "1",
                "date": month.strftime("%Y-%m"),
            },
        )
    )["back"]
    assert back["success"] is True
    return {month.replace(day=int(key)): text for key, text in back["data"].items()}


async def _history_days(
    session: aiohttp.ClientSession, emulator: Emulator, plant: Plant, last: date
) -> dict[date, str]:
    """Every day of the legacy month views from the month before the creation to `last`."""
    created = date.fromisoformat(plant.create_date)
    first = (created.replace(day=1) - timedelta(days=1)).replace(day=1)
    days: dict[date, str] = {}
    for month in _months(first, last):
        days |= await _month_days(session, emulator, plant.plant_id, month)
    return days


async def _lifetime(
    session: aiohttp.ClientSession, emulator: Emulator, plant_id: int
) -> float:
    """The plant's lifetime PV total as the legacy plant list serves it (`eTotal`)."""
    body = await legacy_json(
        session,
        emulator.url + "newTwoPlantAPI.do",
        "POST",
        params={"op": "getAllPlantListTwo"},
    )
    bean = next(b for b in body["PlantList"] if b["id"] == plant_id)
    return float(bean["eTotal"])


def _served_sum(days: dict[date, str]) -> float:
    return sum(float(text) for text in days.values())


def _assert_history_adds_up_to_counters(world: World) -> None:
    """Every counter of every device: its days add up to its lifetime total."""
    for plant in world.accounts[0].plants:
        for device in plant.devices:
            summed = history.period_values(
                plant, device, date(2000, 1, 1), date(2100, 1, 1)
            )
            assert summed
            for key in {*summed, *device.counters.total}:
                assert summed.get(key, 0.0) == pytest.approx(
                    device.counters.life(key), abs=1e-6
                ), (device.sn, key)


@pytest.mark.parametrize("plant_id", PLANT_IDS)
async def test_legacy_days_add_up_to_the_lifetime_total(
    legacy_http: aiohttp.ClientSession,
    emulator: Emulator,
    world: World,
    plant_id: int,
) -> None:
    """The month views' days since the creation sum to the plant's lifetime PV total."""
    plant = _plant(world, plant_id)
    today = _local_today(world, plant)
    created = date.fromisoformat(plant.create_date)
    days = await _history_days(legacy_http, emulator, plant, today)
    # Nothing before the creation, nothing after today, something every day between.
    assert all(float(text) == 0 for day, text in days.items() if day < created)
    assert all(float(text) == 0 for day, text in days.items() if day > today)
    served = {day: text for day, text in days.items() if created <= day <= today}
    assert all(float(text) > 0 for text in served.values())
    assert len(served) == (today - created).days + 1
    # Both DST changes of both years are days like any other.
    for dst_day in (date(2024, 3, 31), date(2024, 10, 27), date(2025, 3, 30)):
        assert float(served[dst_day]) > 0
    lifetime = await _lifetime(legacy_http, emulator, plant_id)
    assert lifetime > 1000
    assert _served_sum(served) == pytest.approx(
        lifetime, abs=_tolerance(len(served) + 1)
    )
    # Today's value is today's counter.
    assert float(served[today]) == pytest.approx(
        sum(d.counters.day("pv") for d in plant.devices), abs=ROUNDING
    )
    _assert_history_adds_up_to_counters(world)


async def test_legacy_months_and_years_are_sums_of_days(
    legacy_http: aiohttp.ClientSession, emulator: Emulator, world: World
) -> None:
    """Months (type 2), years (type 4 of newPlantDetailAPI), the plant tab: the days."""
    plant = _plant(world, HOME)
    today = _local_today(world, plant)
    days = await _history_days(legacy_http, emulator, plant, today)
    for year in range(today.year - YEARS, today.year + 1):
        back = (
            await legacy_json(
                legacy_http,
                emulator.url + "PlantDetailAPI.do",
                params={"plantId": str(HOME), "type": "2", "date": str(year)},
            )
        )["back"]
        assert list(back["data"]) == [f"{m:02d}" for m in range(1, 13)]
        for key, text in back["data"].items():
            month = {
                d: t for d, t in days.items() if (d.year, d.month) == (year, int(key))
            }
            assert float(text) == pytest.approx(
                _served_sum(month), abs=_tolerance(len(month) + 1)
            ), (year, key)
    years = (
        await legacy_json(
            legacy_http,
            emulator.url + "newPlantDetailAPI.do",
            params={"plantId": str(HOME), "type": "4"},
        )
    )["back"]["data"]
    lifetime = await _lifetime(legacy_http, emulator, HOME)
    # No clipping: the years hold every day, and add up to the lifetime total.
    assert sum(float(v) for v in years.values()) == pytest.approx(
        lifetime, abs=_tolerance(len(years) + 1)
    )
    created = date.fromisoformat(plant.create_date)
    assert float(years[str(created.year)]) > 0
    tab = await legacy_json(
        legacy_http,
        emulator.url + "newTwoPlantAPI.do",
        params={"op": "getUserCenterEnertyDataByPlantid", "plantId": str(HOME)},
    )
    this_month = {
        d: t for d, t in days.items() if d.replace(day=1) == today.replace(day=1)
    }
    this_year = {d: t for d, t in days.items() if d.year == today.year}
    assert float(tab["monthValue"]) == pytest.approx(
        _served_sum(this_month), abs=_tolerance(len(this_month) + 1)
    )
    assert float(tab["yearValue"]) == pytest.approx(
        _served_sum(this_year), abs=_tolerance(len(this_year) + 1)
    )
    assert float(tab["totalValue"]) == pytest.approx(lifetime, abs=ROUNDING * 2)


async def test_v1_days_and_months_agree_with_legacy(
    legacy_http: aiohttp.ClientSession,
    v1_http: V1Http,
    emulator: Emulator,
    world: World,
) -> None:
    """v1 `plant/energy` by day (7-day windows), month and year: the legacy days."""
    plant = _plant(world, HOME)
    today = _local_today(world, plant)
    created = date.fromisoformat(plant.create_date)
    days = await _history_days(legacy_http, emulator, plant, today)
    v1_days: dict[date, str] = {}
    start = created
    while start <= today:
        end = min(today, start + timedelta(days=6))
        data = await v1_http.data(
            "GET",
            "plant/energy",
            params={
                "plant_id": str(HOME),
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "time_unit": "day",
            },
        )
        assert data["count"] == (end - start).days + 1
        v1_days |= {date.fromisoformat(e["date"]): e["energy"] for e in data["energys"]}
        start = end + timedelta(days=1)
    # The same days, to the digit.
    assert v1_days == {d: t for d, t in days.items() if created <= d <= today}
    overview = await v1_http.data("GET", "plant/data", params={"plant_id": str(HOME)})
    total = float(overview["total_energy"])
    assert _served_sum(v1_days) == pytest.approx(
        total, abs=_tolerance(len(v1_days) + 1)
    )
    # Months: at most this and the previous year a request.
    v1_months: dict[date, str] = {}
    for year in range(created.year, today.year + 1, 2):
        first = max(created, date(year, 1, 1))
        last = min(today, date(year + 1, 12, 31))
        data = await v1_http.data(
            "GET",
            "plant/energy",
            params={
                "plant_id": str(HOME),
                "start_date": first.isoformat(),
                "end_date": last.isoformat(),
                "time_unit": "month",
            },
        )
        v1_months |= {
            date.fromisoformat(e["date"] + "-01"): e["energy"] for e in data["energys"]
        }
    assert list(v1_months) == list(_months(created, today))
    for month, text in v1_months.items():
        legacy = {d: t for d, t in days.items() if d.replace(day=1) == month}
        assert float(text) == pytest.approx(
            _served_sum(legacy), abs=_tolerance(len(legacy) + 1)
        ), month
    assert overview["monthly_energy"] == v1_months[today.replace(day=1)]
    years = await v1_http.data(
        "GET",
        "plant/energy",
        params={
            "plant_id": str(HOME),
            "start_date": created.isoformat(),
            "end_date": today.isoformat(),
            "time_unit": "year",
        },
    )
    by_year = {int(e["date"]): float(e["energy"]) for e in years["energys"]}
    assert sum(by_year.values()) == pytest.approx(
        total, abs=_tolerance(len(by_year) + 1)
    )
    assert float(overview["yearly_energy"]) == by_year[today.year]


def _integrated_load(plant: Plant, device: Device, day: date) -> float:
    """Household load (kWh) of a device over a local day, minute by minute in real time."""
    tz = plant.tz
    moment = datetime.combine(day, time(0), tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    energy = 0.0
    while moment < end.astimezone(UTC):
        local = (moment + timedelta(seconds=30)).astimezone(tz)
        energy += household_load(local, device.sn) / 60 / 1000
        moment += timedelta(minutes=1)
    return energy


@pytest.mark.parametrize(
    ("world", "dst_day", "hours"),
    [
        # Thursday before the change to winter time (a 25-hour day).
        (datetime(2025, 10, 23, 10, tzinfo=UTC), date(2025, 10, 26), 25),
        # Thursday before the change to summer time (a 23-hour day).
        (datetime(2025, 3, 27, 11, tzinfo=UTC), date(2025, 3, 30), 23),
    ],
    indirect=["world"],
)
async def test_simulated_days_are_served_across_dst(
    legacy_http: aiohttp.ClientSession,
    emulator: Emulator,
    world: World,
    dst_day: date,
    hours: int,
) -> None:
    """Days the simulation ran are served as it counted them, local days at DST too."""
    plant = _plant(world, HOME)
    inverter = _device(plant, "INV0000001")
    hybrid = _device(plant, "TLX0000001")
    # Curtailed to 5 %: the simulation counts far less than the sun gives.
    inverter.settings.active_power_rate = 5
    first = _local_today(world, plant)
    # The clock moves night by night to half past midnight (local), where the
    # UTC date is still the day before, up to the second night after the change.
    nights = [
        datetime.combine(first + timedelta(days=n), time(0, 30), plant.tz)
        for n in range(1, (dst_day - first).days + 3)
    ]
    async with aiohttp.ClientSession() as control:
        for night in nights:
            assert night.astimezone(UTC).date() < night.date()
            async with control.post(
                emulator.url + "_emulator/clock", json={"set": night.isoformat()}
            ) as response:
                assert response.status == 200
    night = nights[-1]
    today = _local_today(world, plant)
    assert today == night.date()
    days = await _history_days(legacy_http, emulator, plant, today)
    simulated = [first + timedelta(days=n) for n in range((today - first).days)]
    assert dst_day in simulated
    for day in simulated:
        recorded = [d.counters.days[day.isoformat()] for d in plant.devices]
        assert days[day] == compact(sum(r.get("pv", 0.0) for r in recorded)), day
    # What the inverter counted, not the day model's sun curve.
    curtailed = [
        (
            inverter.counters.days[d.isoformat()]["pv"],
            model_day(plant, inverter, d)["pv"],
        )
        for d in simulated[1:]
    ]
    assert all(counted < 0.7 * modelled for counted, modelled in curtailed)
    # Today is today's counter (night: the battery hybrid's load, no PV).
    assert days[today] == "0"
    assert history.counter_day(plant, hybrid) == today
    # Each kept day is its local calendar day, the change's of 23 or 25 hours:
    # the load the hybrid counted is the household's over that day.
    for day in simulated:
        assert hybrid.counters.days[day.isoformat()]["load"] == pytest.approx(
            _integrated_load(plant, hybrid, day), rel=0.003
        ), day
    assert day_hours(plant.timezone, dst_day) == hours
    lifetime = await _lifetime(legacy_http, emulator, HOME)
    created = date.fromisoformat(plant.create_date)
    served = {d: t for d, t in days.items() if created <= d <= today}
    assert _served_sum(served) == pytest.approx(
        lifetime, abs=_tolerance(len(served) + 1)
    )
    _assert_history_adds_up_to_counters(world)


async def test_a_long_clock_jump_keeps_the_history(
    legacy_http: aiohttp.ClientSession,
    v1_http: V1Http,
    emulator: Emulator,
    world: World,
) -> None:
    """Days skipped by a long jump are the day model's, kept and added to the totals."""
    plant = _plant(world, HOME)
    before = _local_today(world, plant)
    async with (
        aiohttp.ClientSession() as control,
        control.post(
            emulator.url + "_emulator/clock", json={"advance": 75 * 86400}
        ) as response,
    ):
        assert response.status == 200
    today = _local_today(world, plant)
    assert today == before + timedelta(days=75)
    days = await _history_days(legacy_http, emulator, plant, today)
    hybrid = _device(plant, "TLX0000001")
    # The rest of the day the clock left was simulated, the skipped days modelled,
    # the last two weeks simulated again: every day is kept.
    kept = sorted(hybrid.counters.days)
    assert kept == [
        (before + timedelta(days=n)).isoformat() for n in range((today - before).days)
    ]
    skipped = before + timedelta(days=30)
    assert hybrid.counters.days[skipped.isoformat()] == model_day(
        plant, hybrid, skipped
    )
    assert days[skipped] == compact(
        sum(model_day(plant, d, skipped).get("pv", 0.0) for d in plant.devices)
    )
    assert all(float(days[before + timedelta(days=n)]) > 0 for n in range(76))
    lifetime = await _lifetime(legacy_http, emulator, HOME)
    created = date.fromisoformat(plant.create_date)
    served = {d: t for d, t in days.items() if created <= d <= today}
    assert _served_sum(served) == pytest.approx(
        lifetime, abs=_tolerance(len(served) + 1)
    )
    overview = await v1_http.data("GET", "plant/data", params={"plant_id": str(HOME)})
    assert float(overview["total_energy"]) == pytest.approx(lifetime, abs=ROUNDING * 2)
    _assert_history_adds_up_to_counters(world)


async def test_device_period_charts_follow_the_days(
    legacy_http: aiohttp.ClientSession, emulator: Emulator, world: World
) -> None:
    """TLX period lists and MIX period charts: the device's own days."""
    flat = _plant(world, 1234570)
    month = date(2024, 3, 1)
    plant_days = await _month_days(legacy_http, emulator, flat.plant_id, month)
    lists: list[Any] = []
    for device in flat.devices:
        body = await legacy_json(
            legacy_http,
            emulator.url + "newTlxApi.do",
            "POST",
            params={
                "op": "getEnergyProdAndCons_KW",
                "id": device.sn,
                "type": "1",
                "date": month.strftime("%Y-%m"),
            },
        )
        chart = body["obj"]["chartData"]
        assert chart["eac"] == chart["sysOut"]
        lists.append(chart["eac"])
    for index, (day, text) in enumerate(sorted(plant_days.items())):
        assert sum(values[index] for values in lists) == pytest.approx(
            float(text), abs=_tolerance(len(lists) + 1)
        ), day
    garage = _plant(world, 1234568)
    mix = _device(garage, "MIX0000001")
    body = await legacy_json(
        legacy_http,
        emulator.url + "newMixApi.do",
        "POST",
        params={
            "op": "getEnergyProdAndCons_KW",
            "mixId": mix.sn,
            "plantId": str(garage.plant_id),
            "type": "2",
            "date": "2024",
        },
    )
    chart = body["obj"]["chartData"]
    for key, value in chart.items():
        first = date(2024, int(key), 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        expected = sum(
            history.day_energy(garage, mix, first + timedelta(days=n))
            for n in range((last - first).days + 1)
        )
        assert float(value["ppv"]) == pytest.approx(expected, abs=ROUNDING + 1e-6)


# -- v1 device history: each day's records follow the day's counters ------------------


@dataclass(frozen=True)
class _V1History:
    """A device's v1 history and realtime endpoints and the names of its counters."""

    plant_id: int
    sn: str
    sn_key: str
    history: str
    realtime: str
    # Counter -> (today key, lifetime key) as the renderer prints them; PV has no
    # `epvToday`, its day is the strings' `epv<N>Today`.
    keys: dict[str, tuple[str, str]]


_V1_FAMILIES = {
    "tlx": _V1History(
        HOME,
        "TLX0000001",
        "tlx_sn",
        "device/tlx/tlx_data",
        "device/tlx/tlx_last_data",
        {
            "import": ("etoUserToday", "etoUserTotal"),
            "export": ("etoGridToday", "etoGridTotal"),
            "charge": ("echargeToday", "echargeTotal"),
            "discharge": ("edischargeToday", "edischargeTotal"),
            "load": ("elocalLoadToday", "elocalLoadTotal"),
        },
    ),
    "mix": _V1History(
        1234568,
        "MIX0000001",
        "mix_sn",
        "device/mix/mix_data",
        "device/mix/mix_last_data",
        {
            "import": ("etoUserToday", "etoUserTotal"),
            "export": ("etoGridToday", "etogridTotal"),
            "charge": ("echarge1Today", "echarge1Total"),
            "discharge": ("edischarge1Today", "edischarge1Total"),
            "load": ("elocalLoadToday", "elocalLoadTotal"),
        },
    ),
}
_COUNTERS = ("pv", "import", "export", "charge", "discharge", "load")


async def _move_clock(emulator: Emulator, moment: datetime) -> None:
    async with (
        aiohttp.ClientSession() as control,
        control.post(
            emulator.url + "_emulator/clock", json={"set": moment.isoformat()}
        ) as response,
    ):
        assert response.status == 200


async def _v1_records(
    v1_http: V1Http, family: _V1History, first: date, last: date
) -> list[dict[str, Any]]:
    """Every record of the history endpoint for the local days `first..last`, page by page."""
    records: list[dict[str, Any]] = []
    page = 1
    while True:
        data = await v1_http.data(
            "POST",
            family.history,
            data={
                family.sn_key: family.sn,
                "start_date": first.isoformat(),
                "end_date": last.isoformat(),
                "timezone_id": "",
                "page": str(page),
                "perpage": "100",
            },
        )
        records += data["datas"]
        if data["next_page_start_id"] == -1:
            break
        page += 1
    assert len(records) == data["count"]
    return records


def _reading(
    family: _V1History, device: Device, record: dict[str, Any], counter: str
) -> tuple[float, float, int]:
    """A record's (today, lifetime) energy of a counter and how many rounded values they are."""
    if counter == "pv":
        strings = range(1, device.strings + 1)
        today = sum(record[f"epv{n}Today"] for n in strings)
        return today, record["epvTotal"], device.strings + 1
    today_key, total_key = family.keys[counter]
    return record[today_key], record[total_key], 2


def _by_day(records: list[dict[str, Any]]) -> dict[date, list[dict[str, Any]]]:
    """The records by the local day of their time (the plant's, no `timezone_id`)."""
    days: dict[date, list[dict[str, Any]]] = {}
    for record in records:
        days.setdefault(date.fromisoformat(record["time"][:10]), []).append(record)
    return days


def _assert_records_follow_the_days(
    family: _V1History,
    plant: Plant,
    device: Device,
    records: list[dict[str, Any]],
) -> dict[date, list[dict[str, Any]]]:
    """(a) a day's total - today is its start; (b) the starts grow by the days."""
    current = history.counter_day(plant, device)
    assert current is not None
    days = _by_day(records)
    starts: dict[date, dict[str, float]] = {}
    for day, day_records in days.items():
        since = history.period_values(plant, device, day, max(day, current))
        starts[day] = {}
        for counter in _COUNTERS:
            # The lifetime total less the days since: the total at the day's start.
            expected = device.counters.life(counter) - since.get(counter, 0.0)
            readings = [_reading(family, device, r, counter) for r in day_records]
            for (today, total, values), record in zip(
                readings, day_records, strict=True
            ):
                assert total - today == pytest.approx(
                    expected, abs=_tolerance(values)
                ), (day, counter, record["time"])
            today, total, values = readings[0]
            starts[day][counter] = total - today
            # The day's last record holds the whole day.
            assert readings[-1][0] == pytest.approx(
                history.day_energy(plant, device, day, counter),
                abs=_tolerance(values - 1),
            ), (day, counter)
    for day in days:
        following = day + timedelta(days=1)
        if following not in days:
            continue
        values = history.day_values(plant, device, day)
        for counter in _COUNTERS:
            rounded = 2 * _reading(family, device, days[day][0], counter)[2]
            assert starts[following][counter] - starts[day][counter] == pytest.approx(
                values.get(counter, 0.0), abs=_tolerance(rounded)
            ), (day, counter)
    return days


async def _assert_today_is_realtime(
    v1_http: V1Http, family: _V1History, records: list[dict[str, Any]]
) -> None:
    """The current day's last record carries the realtime record's energies."""
    realtime = await v1_http.data(
        "POST", family.realtime, data={family.sn_key: family.sn}
    )
    last = records[-1]
    assert last["time"] == realtime["time"]
    # The energies (`pacToGridTotal`, `plocalLoadTotal`: powers, live telemetry).
    energies = [
        k for k in realtime if k.endswith(("Today", "Total")) and not k.startswith("p")
    ]
    assert "etoUserTotal" in energies
    assert {k: last[k] for k in energies} == {k: realtime[k] for k in energies}


@pytest.mark.parametrize("name", list(_V1_FAMILIES))
async def test_v1_device_history_follows_the_days(
    v1_http: V1Http, emulator: Emulator, world: World, name: str
) -> None:
    """Days a year ago, the DST changes, modelled, simulated days and today."""
    family = _V1_FAMILIES[name]
    plant = _plant(world, family.plant_id)
    device = _device(plant, family.sn)
    # Three days simulated (from the midnight before START), today up to noon.
    await _move_clock(emulator, START + timedelta(days=3))
    today = _local_today(world, plant)
    assert today == date(2025, 6, 4)
    # The last modelled day, the simulated ones, today.
    records = await _v1_records(v1_http, family, date(2025, 5, 31), today)
    assert sorted(device.counters.days) == ["2025-06-01", "2025-06-02", "2025-06-03"]
    assert device.counters.since == "2025-06-01"
    days = _assert_records_follow_the_days(family, plant, device, records)
    assert list(days) == [date(2025, 5, 31) + timedelta(days=n) for n in range(5)]
    # A battery keeps the datalogger awake: an upload every 5 minutes.
    assert all(287 <= len(days[day]) <= 289 for day in list(days)[:-1])
    assert 143 <= len(days[today]) <= 145
    await _assert_today_is_realtime(v1_http, family, records)
    # A year ago, and both DST changes of last year (23- and 25-hour days).
    for first, last, dst_day, uploads in (
        (date(2024, 6, 1), date(2024, 6, 2), None, 288),
        (date(2024, 3, 30), date(2024, 4, 1), date(2024, 3, 31), 276),
        (date(2024, 10, 26), date(2024, 10, 28), date(2024, 10, 27), 300),
    ):
        records = await _v1_records(v1_http, family, first, last)
        days = _assert_records_follow_the_days(family, plant, device, records)
        assert list(days) == [
            first + timedelta(days=n) for n in range(3 if dst_day else 2)
        ]
        if dst_day is not None:
            assert uploads - 1 <= len(days[dst_day]) <= uploads + 1
        assert history.day_energy(plant, device, first) > 0


@pytest.mark.parametrize(
    "world", [datetime(2025, 10, 23, 10, tzinfo=UTC)], indirect=["world"]
)
@pytest.mark.parametrize("name", list(_V1_FAMILIES))
async def test_v1_device_history_of_simulated_dst_days(
    v1_http: V1Http, emulator: Emulator, world: World, name: str
) -> None:
    """Simulated days across the change to winter time (a 25-hour day), and today."""
    family = _V1_FAMILIES[name]
    plant = _plant(world, family.plant_id)
    device = _device(plant, family.sn)
    await _move_clock(emulator, datetime(2025, 10, 28, 10, tzinfo=UTC))
    today = _local_today(world, plant)
    dst_day = date(2025, 10, 26)
    assert day_hours(plant.timezone, dst_day) == 25
    records = await _v1_records(v1_http, family, dst_day - timedelta(days=1), today)
    assert dst_day.isoformat() in device.counters.days
    days = _assert_records_follow_the_days(family, plant, device, records)
    assert list(days) == [dst_day + timedelta(days=n) for n in range(-1, 3)]
    assert 299 <= len(days[dst_day]) <= 301
    await _assert_today_is_realtime(v1_http, family, records)


@pytest.mark.parametrize("name", list(_V1_FAMILIES))
async def test_v1_device_history_of_a_year_ago_replays_only_that_day(
    v1_http: V1Http,
    emulator: Emulator,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    """A day a year ago replays its own uploads, not every upload up to now."""
    family = _V1_FAMILIES[name]
    plant = _plant(world, family.plant_id)
    device = _device(plant, family.sn)
    # The realtime request brings the device to the clock first.
    await v1_http.data("POST", family.realtime, data={family.sn_key: family.sn})
    replayed: list[datetime] = []
    spans: list[timedelta] = []
    flows_at = v1_history.flows_at
    uploads_between = v1_history.uploads_between

    def counting_flows_at(*args: Any) -> Any:
        replayed.append(args[2])
        return flows_at(*args)

    def spanning_uploads_between(
        device: Device, start: datetime, end: datetime
    ) -> list[datetime]:
        spans.append(end - start)
        return uploads_between(device, start, end)

    monkeypatch.setattr(v1_history, "flows_at", counting_flows_at)
    monkeypatch.setattr(v1_history, "uploads_between", spanning_uploads_between)
    day = date(2024, 6, 1)
    records = await _v1_records(v1_http, family, day, day)
    # One page of 100 records a request: each replays the day's 288 uploads only.
    assert len(records) == 288
    requests = 3
    assert len(spans) == requests
    assert all(span <= timedelta(days=1) for span in spans)
    assert len(replayed) == requests * 288
    # Each at the middle of its step: from just before the day's midnight on.
    midnight = datetime.combine(day, time(0), plant.tz)
    assert min(replayed) >= midnight - v1_history.STEP
    assert max(replayed) < midnight + timedelta(days=1)
    _assert_records_follow_the_days(family, plant, device, records)
