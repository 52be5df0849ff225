"""Growatt's past in the long-term statistics: import, resume, re-import, live rows.

The real client imports a plant created two years before the clock (both
DST changes in between) from the emulator over loopback; the statistics are
compared with what Growatt (the emulator) answers for each day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
import logging
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.growatt import history
from custom_components.growatt.api import DeviceListing, PasswordAccount, TokenAccount
from custom_components.growatt.api.models import (
    Device,
    DeviceFamily,
    DeviceIdentity,
    EnergyCounters,
)
from custom_components.growatt.const import CONF_IMPORT_HISTORY, DOMAIN
from custom_components.growatt.history import plant_statistic_id
from emulator.history import day_values
from emulator.world import World

from .conftest import (
    START,
    TOKEN,
    TZ,
    Emulator,
    async_move,
    device_id,
    entry_data,
    sensor_state,
)

# The test's own client reads the same windows again to compare: Growatt's
# 5-minute window on identical v1 requests would refuse it.
pytestmark = pytest.mark.emulator_config(v1_rate_scale=0.0)

PLANT = "1234567"
STAT = plant_statistic_id(PLANT)
CREATED = date(2023, 5, 20)
LOCAL = ZoneInfo(TZ)


@pytest.fixture(autouse=True)
def recorded(recorder_mock: Recorder, enable_custom_integrations: None) -> None:
    """The recorder first, then Home Assistant with this integration.

    Two years are some 18,000 hourly rows: the recorder's SQL is not logged.
    """
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logging.getLogger("homeassistant.components.recorder").setLevel(logging.INFO)


@pytest.fixture(autouse=True)
def two_years(world: World) -> None:
    """The Home plant was created two years before the clock."""
    for account in world.accounts:
        for plant in account.plants:
            plant.create_date = CREATED.isoformat()


async def _setup(
    hass: HomeAssistant, emulator: Emulator, auth: str, *, auto: bool = True
) -> MockConfigEntry:
    await hass.config.async_set_time_zone(TZ)
    hass.config.latitude, hass.config.longitude = 48.4, 10.0
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="demo",
        unique_id="demo",
        data=entry_data(emulator, auth, [PLANT]),
        options={CONF_IMPORT_HISTORY: auto},
        entry_id=f"growatt_history_{auth}",
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry


def _job(entry: MockConfigEntry) -> history.Job | None:
    return entry.runtime_data.statistics.jobs.get(PLANT)


async def _run_import(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    world: World,
    entry: MockConfigEntry,
    *,
    windows: int | None = None,
) -> None:
    """Let time pass until the plant's import is done (or `windows` more are in)."""
    job = _job(entry)
    assert job is not None
    target = job.done + windows if windows is not None else None

    def done() -> bool:
        job = _job(entry)
        assert job is not None
        return job.status != "running" or (target is not None and job.done >= target)

    await _tick_until(hass, freezer, done)


async def _tick_until(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, done: Callable[[], bool]
) -> None:
    """Move Home Assistant's clock an import step at a time until `done`.

    Home Assistant's clock alone: the history does not change meanwhile.
    """
    for _ in range(1000):
        if done():
            break
        freezer.tick(history.HISTORY_SPACING)
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)


async def _rows(
    hass: HomeAssistant, period: str = "hour", stat: str = STAT
) -> list[dict[str, Any]]:
    from homeassistant.helpers.recorder import get_instance

    await async_wait_recording_done(hass)
    found = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        datetime(2023, 1, 1, tzinfo=UTC),
        None,
        {stat},
        period,
        None,
        {"sum", "change"},
    )
    return [dict(row) for row in found.get(stat, [])]


async def _growatt_days(
    emulator: Emulator, auth: str, first: date, last: date
) -> dict[date, float]:
    """What Growatt answers for each day, read with a client of its own."""
    import aiohttp

    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        account = (
            PasswordAccount("demo", "demo", session=session, server_url=emulator.url)
            if auth == "password"
            else TokenAccount(TOKEN, session=session, server_url=emulator.url)
        )
        days: dict[date, float] = {}
        for a, b in account.history_windows(first, last):
            days |= await account.daily_production(PLANT, a, b)
        return days


def _local_day(row: dict[str, Any]) -> date:
    return datetime.fromtimestamp(row["start"], UTC).astimezone(LOCAL).date()


def _daily(rows: list[dict[str, Any]]) -> tuple[dict[date, float], dict[date, int]]:
    """Each local day's energy (what its rows' sums grew by) and its hourly rows.

    The first row's own energy is not seen (nothing before it); sums must
    never fall.
    """
    by_day: dict[date, float] = {}
    hours: dict[date, int] = {}
    previous = rows[0]["sum"]
    for row in rows:
        day = _local_day(row)
        by_day[day] = by_day.get(day, 0.0) + row["sum"] - previous
        hours[day] = hours.get(day, 0) + 1
        assert row["sum"] >= previous - 1e-6, day  # monotonic
        previous = row["sum"]
    return by_day, hours


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_two_years_import_matches_growatt(
    hass: HomeAssistant,
    emulator: Emulator,
    world: World,
    freezer: FrozenDateTimeFactory,
    auth: str,
) -> None:
    """Every day's and month's statistic equals Growatt's, across both DST changes."""
    freezer.move_to(START)
    entry = await _setup(hass, emulator, auth)
    job = _job(entry)
    assert job is not None
    assert job.first == CREATED
    join_day = START.astimezone(LOCAL).date()
    assert job.last == join_day
    before = len(world.requests)
    await _run_import(hass, freezer, world, entry)
    job = _job(entry)
    assert job is not None
    assert job.status == "done"
    history_requests = [
        r
        for r in world.requests[before:]
        if r.path.endswith(("PlantDetailAPI.do", "plant/energy"))
    ]
    # The budget the docs state: one request a month (password) or 7 days
    # (token); the join's own day needs none.
    assert len(history_requests) == (25 if auth == "password" else 107)
    assert job.total == len(history_requests) + 1
    state = sensor_state(hass, f"{PLANT}_history_import")
    if auth == "password":
        # Growatt gives a password account no device's past.
        assert set(entry.runtime_data.statistics.jobs) == {PLANT}
        assert state.state == "100.0"
    else:
        # The devices' imports follow, a record a day.
        assert state.attributes["devices"] == ["INV0000001", "TLX0000001"]
        assert state.attributes["status"] == "running"
        assert 0 < float(state.state) < 100
    # Counted today, but not against the polling's 24 hours: the import does
    # not slow the polling down.
    budget = entry.runtime_data.budget
    assert budget.used_today - budget.used_last_24h == len(history_requests)

    rows = await _rows(hass)
    growatt = await _growatt_days(emulator, auth, CREATED, join_day - timedelta(days=1))
    by_day, hours = _daily(rows)
    assert rows[0]["start"] == datetime(2023, 5, 19, 22, tzinfo=UTC).timestamp()
    # The statistic starts at 0 (the creation day's first hour, at night):
    # the recorder counts the first period from 0.
    assert rows[0]["sum"] == pytest.approx(0.0, abs=1e-6)
    # The first day's first hour carries its own energy: compare from day 2.
    for day, value in growatt.items():
        if day > CREATED:
            assert by_day.get(day, 0.0) == pytest.approx(value, abs=1e-3), day
    # Local days across DST: 23 and 25 hourly rows.
    assert hours[date(2024, 3, 31)] == 23
    assert hours[date(2024, 10, 27)] == 25
    assert hours[date(2024, 7, 1)] == 24
    # Monthly statistics are the months' sums.
    months = await _rows(hass, "month")
    # The first month: the creation day's energy and the rest of May.
    assert months[0]["change"] == pytest.approx(
        sum(v for d, v in growatt.items() if d < date(2023, 6, 1)), abs=1e-2
    )
    for row in months:
        month = _local_day(row)
        if month > CREATED and month.replace(day=28) < join_day.replace(day=1):
            expected = sum(v for d, v in growatt.items() if d.replace(day=1) == month)
            assert row["change"] == pytest.approx(expected, abs=1e-2), month


async def test_second_import_changes_nothing(
    hass: HomeAssistant,
    emulator: Emulator,
    world: World,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The action imports everything again: every row stays as it was."""
    freezer.move_to(START)
    entry = await _setup(hass, emulator, "password")
    await _run_import(hass, freezer, world, entry)
    first = [(r["start"], round(r["sum"], 4)) for r in await _rows(hass)]
    await hass.services.async_call(
        DOMAIN,
        "import_history",
        {"device_id": _plant_device(hass)},
        blocking=True,
    )
    job = _job(entry)
    assert job is not None
    assert job.status == "running"
    await _run_import(hass, freezer, world, entry)
    again = [(r["start"], round(r["sum"], 4)) for r in await _rows(hass)]
    # Live hours were added meanwhile; every earlier row is unchanged.
    assert again[: len(first)] == first


async def test_restart_resumes_and_ends_equal(
    hass: HomeAssistant,
    emulator: Emulator,
    world: World,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A restart in the middle resumes at the next window; the result is the same."""
    freezer.move_to(START)
    entry = await _setup(hass, emulator, "password")
    await _run_import(hass, freezer, world, entry, windows=10)
    job = _job(entry)
    assert job is not None
    assert job.done == 10
    assert job.status == "running"
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    before = len(world.requests)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    job = _job(entry)
    assert job is not None
    assert job.done == 10
    await _run_import(hass, freezer, world, entry)
    resumed = [
        r for r in world.requests[before:] if r.path.endswith("PlantDetailAPI.do")
    ]
    # 10 of 26 windows were in (the join's day needs no request).
    assert len(resumed) == 26 - 10
    rows = await _rows(hass)
    growatt = await _growatt_days(emulator, "password", CREATED, date(2025, 5, 31))
    # The sum before the join is every day's energy since creation, plus
    # today's (the first row is the creation day's first hour, at night).
    join = START.replace(minute=0)
    at_join = next(
        r for r in rows if r["start"] == (join - timedelta(hours=1)).timestamp()
    )
    first_sum = rows[0]["sum"]
    today_before = entry.runtime_data.statistics._live[STAT].before
    assert at_join["sum"] - first_sum == pytest.approx(
        sum(growatt.values()) + today_before, abs=1e-2
    )


async def test_live_rows_continue_without_jump(
    hass: HomeAssistant,
    emulator: Emulator,
    world: World,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Each live hour adds what the lifetime sensor grew by; the join adds nothing."""
    freezer.move_to(START)
    entry = await _setup(hass, emulator, "password")
    lifetime = float(sensor_state(hass, f"{PLANT}_plant_pv_energy_total").state)
    await _run_import(hass, freezer, world, entry)
    await async_move(hass, freezer, world, 2 * 3600, step=300)
    rows = await _rows(hass)
    join = START.replace(minute=0).timestamp()
    live = [r for r in rows if r["start"] >= join]
    assert len(live) >= 2
    previous = next(r for r in rows if r["start"] == join - 3600)
    counted = entry.runtime_data.statistics._live[STAT]
    # The history ends at the join, with all of the past's energy.
    assert previous["sum"] == pytest.approx(counted.base, abs=1e-6)
    assert counted.base > 1000
    now_total = float(sensor_state(hass, f"{PLANT}_plant_pv_energy_total").state)
    # The live sum grows by what the sensor grew by; the rows hold it up to
    # the last hour that ended.
    assert counted.sum - counted.base == pytest.approx(now_total - lifetime, abs=1e-6)
    assert counted.value == now_total
    assert 0 < live[-1]["sum"] <= counted.sum
    for row in live:
        assert 0 <= row["sum"] - previous["sum"] < 5  # a 5 kW plant's hour
        previous = row
    # The device statistics are live too.
    device_rows = await _rows(hass, stat="growatt:tlx0000001_grid_export")
    assert device_rows


async def test_range_imported_again_shifts_later_rows(
    hass: HomeAssistant,
    emulator: Emulator,
    world: World,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A month first imported short, then again: later hours keep their energy."""
    freezer.move_to(START)
    real = PasswordAccount.daily_production

    async def short(
        self: PasswordAccount, plant_id: str, first: date, last: date
    ) -> dict[date, float]:
        days = await real(self, plant_id, first, last)
        if first.replace(day=1) == date(2024, 7, 1):
            return {day: value / 2 for day, value in days.items()}
        return days

    monkeypatch.setattr(PasswordAccount, "daily_production", short)
    entry = await _setup(hass, emulator, "password")
    await _run_import(hass, freezer, world, entry)
    monkeypatch.setattr(PasswordAccount, "daily_production", real)
    before = {r["start"]: r["sum"] for r in await _rows(hass)}
    await hass.services.async_call(
        DOMAIN,
        "import_history",
        {"device_id": _plant_device(hass), "start": "2024-07-01", "end": "2024-07-31"},
        blocking=True,
    )
    job = _job(entry)
    assert job is not None
    assert job.forward
    assert job.total == 1
    await _run_import(hass, freezer, world, entry)
    after = {r["start"]: r["sum"] for r in await _rows(hass)}
    growatt = await _growatt_days(
        emulator, "password", date(2024, 7, 1), date(2024, 7, 31)
    )
    july = sum(growatt.values())
    start = datetime(2024, 6, 30, 22, tzinfo=UTC).timestamp()
    end = datetime(2024, 7, 31, 22, tzinfo=UTC).timestamp()
    # Rows before July are untouched, July has its full energy, and every
    # later row moved by the missing half: no later hour changed its energy.
    assert after[start - 3600] == pytest.approx(before[start - 3600])
    assert after[end - 3600] - after[start - 3600] == pytest.approx(july, abs=1e-3)
    later = [t for t in before if t >= end]
    shift = after[later[0]] - before[later[0]]
    assert shift == pytest.approx(july / 2, abs=1e-2)
    for moment in later:
        assert after[moment] - before[moment] == pytest.approx(shift, abs=1e-6)


async def test_cancel_and_errors(
    hass: HomeAssistant,
    emulator: Emulator,
    world: World,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Cancelling stops the import; a range Growatt has no data for is refused."""
    freezer.move_to(START)
    entry = await _setup(hass, emulator, "password")
    await _run_import(hass, freezer, world, entry, windows=3)
    response = await hass.services.async_call(
        DOMAIN, "cancel_history_import", {}, blocking=True, return_response=True
    )
    assert response == {"cancelled": True}
    job = _job(entry)
    assert job is not None
    assert job.status == "cancelled"
    state = sensor_state(hass, f"{PLANT}_history_import")
    assert state.attributes["status"] == "cancelled"
    sent = len(world.requests)
    await async_move(hass, freezer, world, 600)
    assert not [
        r for r in world.requests[sent:] if r.path.endswith("PlantDetailAPI.do")
    ]
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "import_history",
            {"device_id": _plant_device(hass), "start": "2026-01-01"},
            blocking=True,
        )
    assert err.value.translation_key == "history_no_data"
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "import_history",
            {
                "device_id": _plant_device(hass),
                "start": "2024-05-01",
                "end": "2024-04-01",
            },
            blocking=True,
        )
    assert err.value.translation_key == "history_range_reversed"


async def test_option_off_imports_nothing(
    hass: HomeAssistant,
    emulator: Emulator,
    world: World,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Without the option only live rows are written, and no history is asked for."""
    freezer.move_to(START)
    entry = await _setup(hass, emulator, "password", auto=False)
    await async_move(hass, freezer, world, 2 * 3600, step=300)
    assert _job(entry) is None
    assert not [r for r in world.requests if r.path.endswith("PlantDetailAPI.do")]
    rows = await _rows(hass)
    assert rows
    # The statistic starts with the hour before the join, at 0.
    assert (
        rows[0]["start"] == (START.replace(minute=0) - timedelta(hours=1)).timestamp()
    )
    assert rows[0]["sum"] == 0


def _plant_device(hass: HomeAssistant) -> str:
    return device_id(hass, f"plant_{PLANT}")


# A device statistic's flow, and the emulator's counter of it.
COUNTERS = {
    "solar": "pv",
    "grid_import": "import",
    "grid_export": "export",
    "battery_charge": "charge",
    "battery_discharge": "discharge",
    "consumption": "load",
}
# A day's start is a record's lifetime total minus its day's value, each
# printed to 0.1 kWh: a day (two starts) is exact to 0.2 kWh.
RECORD_ROUNDING = 0.2 + 1e-6


async def _run_all(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry
) -> None:
    """Let time pass until no import runs."""
    jobs = entry.runtime_data.statistics.jobs
    await _tick_until(
        hass,
        freezer,
        lambda: not any(job.status == "running" for job in jobs.values()),
    )


async def test_device_flows_import_matches_growatt(
    hass: HomeAssistant,
    emulator: Emulator,
    world: World,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A token account imports each device's flows from its records, a day each.

    Every day of every flow equals the emulator's day, the spring DST day
    has 23 hours, and importing a range again changes no row.
    """
    created = date(2025, 3, 27)
    plant = world.accounts[0].plants[0]
    plant.create_date = created.isoformat()
    freezer.move_to(START)
    before = len(world.requests)
    entry = await _setup(hass, emulator, "token")
    statistics = entry.runtime_data.statistics
    assert set(statistics.jobs) == {PLANT, "TLX0000001", "INV0000001"}
    await _run_all(hass, freezer, entry)
    assert {job.status for job in statistics.jobs.values()} == {"done"}
    assert sensor_state(hass, f"{PLANT}_history_import").state == "100.0"
    join_day = START.astimezone(LOCAL).date()
    records = [
        r for r in world.requests[before:] if r.path.endswith("device/tlx/tlx_data")
    ]
    # One request a day, the join's own day included.
    assert len(records) == (join_day - created).days + 1

    device = next(d for d in plant.devices if d.sn == "TLX0000001")
    for flow, counter in COUNTERS.items():
        rows = await _rows(hass, stat=f"growatt:tlx0000001_{flow}")
        assert rows[0]["start"] == datetime(2025, 3, 26, 23, tzinfo=UTC).timestamp()
        by_day, hours = _daily(rows)
        assert hours[date(2025, 3, 30)] == 23, flow
        # The statistic starts at 0: its first row holds the first hour.
        assert 0 <= rows[0]["sum"] < 2, flow
        total = 0.0
        for day in history._days(
            created + timedelta(days=1), join_day - timedelta(days=1)
        ):
            expected = day_values(plant, device, day).get(counter, 0.0)
            total += expected
            assert by_day.get(day, 0.0) == pytest.approx(
                expected, abs=RECORD_ROUNDING
            ), (flow, day)
        imported = sum(v for d, v in by_day.items() if created < d < join_day)
        # Days telescope: the range's sum is exact to one day's rounding.
        assert imported == pytest.approx(total, abs=RECORD_ROUNDING), flow
        assert total > 0, flow

    # A range imported again, forward between imported rows: nothing moves.
    stat = "growatt:tlx0000001_consumption"
    first = {r["start"]: r["sum"] for r in await _rows(hass, stat=stat)}
    await hass.services.async_call(
        DOMAIN,
        "import_history",
        {
            "device_id": device_id(hass, "TLX0000001"),
            "start": "2025-04-10",
            "end": "2025-04-20",
        },
        blocking=True,
    )
    job = statistics.jobs["TLX0000001"]
    assert job.forward
    assert job.total == 12  # the day after the range gives its last day's end
    await _run_all(hass, freezer, entry)
    again = {r["start"]: r["sum"] for r in await _rows(hass, stat=stat)}
    for moment, value in first.items():
        assert again[moment] == pytest.approx(value, abs=1e-3), moment


def test_day_start_outvotes_a_stale_record() -> None:
    """Records after midnight may still carry yesterday's value: the median decides."""

    def record(total: float, today: float) -> Device:
        return Device(
            identity=DeviceIdentity(serial="TLX0000001", family=DeviceFamily.TLX),
            energy=EnergyCounters(pv_total=total, pv_today=today),
        )

    # Yesterday's 12.0 kWh on the first two records, then today's values.
    records = [record(500.0, 12.0), record(500.0, 12.0)] + [
        record(500.0 + x, x) for x in (0.0, 0.1, 0.4, 1.0, 2.2)
    ]
    assert history.day_start(records, history.Flow.SOLAR) == pytest.approx(500.0)
    assert history.day_start(records, history.Flow.GRID_IMPORT) is None
    assert history.day_start([], history.Flow.SOLAR) is None


async def test_device_day_without_records(
    hass: HomeAssistant,
    emulator: Emulator,
    world: World,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A day the device uploaded nothing counts 0; the day before it takes the energy.

    Imported again forward across that day, nothing moves.
    """
    created, gap = date(2025, 5, 22), date(2025, 5, 26)
    plant = world.accounts[0].plants[0]
    plant.create_date = created.isoformat()
    real = TokenAccount.device_day

    async def with_gap(
        self: TokenAccount, device: DeviceListing, day: date
    ) -> list[Device]:
        return [] if day == gap else await real(self, device, day)

    monkeypatch.setattr(TokenAccount, "device_day", with_gap)
    freezer.move_to(START)
    entry = await _setup(hass, emulator, "token")
    await _run_all(hass, freezer, entry)
    stat = "growatt:tlx0000001_consumption"
    rows = await _rows(hass, stat=stat)
    by_day, _ = _daily(rows)
    device = next(d for d in plant.devices if d.sn == "TLX0000001")
    energy = {
        day: day_values(plant, device, day).get("load", 0.0)
        for day in history._days(created, gap)
    }
    assert energy[gap] > 1
    assert by_day[gap] == 0
    assert by_day[gap - timedelta(days=1)] == pytest.approx(
        energy[gap] + energy[gap - timedelta(days=1)], abs=RECORD_ROUNDING
    )
    assert by_day[gap + timedelta(days=1)] == pytest.approx(
        day_values(plant, device, gap + timedelta(days=1))["load"],
        abs=RECORD_ROUNDING,
    )

    first = {r["start"]: r["sum"] for r in rows}
    await hass.services.async_call(
        DOMAIN,
        "import_history",
        {
            "device_id": device_id(hass, "TLX0000001"),
            "start": "2025-05-24",
            "end": "2025-05-28",
        },
        blocking=True,
    )
    assert entry.runtime_data.statistics.jobs["TLX0000001"].forward
    await _run_all(hass, freezer, entry)
    again = {r["start"]: r["sum"] for r in await _rows(hass, stat=stat)}
    for moment, value in first.items():
        assert again[moment] == pytest.approx(value, abs=1e-3), moment
