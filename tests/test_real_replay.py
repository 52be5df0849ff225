"""Real Growatt answers replayed through the integration: no emulator in between.

A replay server (`tests/replay.py`) answers every request with the answer a
real Growatt server gave to the same request: the captures of one real
account, a NEO 800M-X micro-inverter (two PV inputs, no battery, no meter)
recorded by the author of growattServer PR #94 (tests/fixtures/real/README.md).
The account is added through the real config flow (password, custom server)
and set up; the clock then moves so that the coordinator polls.

Most captures were taken while the NEO slept (lost, every value 0), at night:
the main scenario is the evening of the capture day in Ulm (the city the
plant's energy data names). Expected values are read from the captures.

What the integration asks and no capture answers is not invented: the replay
answers HTTP 404 and records the request as a gap. The read path has no gap;
a write (`tlxSet`) has no real answer, and the test of it says so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
import logging
import re
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import ClientSession, CookieJar
from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import (
    CONF_PASSWORD,
    CONF_USERNAME,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.recorder import get_instance
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.growatt import history, writes
from custom_components.growatt.api.hardware import Hardware
from custom_components.growatt.api.legacy_session import hash_password
from custom_components.growatt.cadence import ASLEEP_EVERY
from custom_components.growatt.const import (
    CONF_AUTH_TYPE,
    CONF_IMPORT_HISTORY,
    CONF_PLANTS,
    CONF_REGION,
    CONF_SERVER_URL,
    DOMAIN,
)
from custom_components.growatt.history import plant_statistic_id
from custom_components.growatt.runtime import GrowattConfigEntry

from .conftest import async_move, device_id
from .replay import Replay

TZ = "Europe/Berlin"
ULM = (48.4, 9.99)
# 22:00 in Ulm on the day of the NEO's captures (tlx_data_neo: 2025-01-31).
NIGHT = datetime(2025, 1, 31, 21, 0, tzinfo=UTC)
# Noon of the same day: the same answers (lost, zeros) mean a datalogger
# that dropped off line.
NOON = datetime(2025, 1, 31, 11, 0, tzinfo=UTC)

# What the NEO's account needs from Growatt to be set up and polled.
READ_PATH = {
    "login_neo",
    "plant_list_neo",
    "plant_list_two_neo",
    "plant_info_neo",
    "tlx_params_neo",
    "tlx_detail_neo_standby",
    "tlx_settings_neo",
}

BATTERY_SENSORS = {
    "soc",
    "battery_charge_power",
    "battery_discharge_power",
    "battery_voltage",
    "battery_current",
    "battery_temperature",
    *(
        f"{kind}_{period}"
        for kind in (
            "battery_charge_energy",
            "battery_discharge_energy",
            "grid_charge_energy",
        )
        for period in ("today", "total")
    ),
}
METER_SENSORS = {
    "load_power",
    "import_power",
    "export_power",
    *(
        f"{kind}_{period}"
        for kind in (
            "import_energy",
            "export_energy",
            "load_energy",
            "self_consumption_energy",
        )
        for period in ("today", "total")
    ),
}


# -- the replay server and the account -------------------------------------------------


@pytest.fixture
async def replay(
    socket_enabled: None, enable_custom_integrations: None
) -> AsyncIterator[Replay]:
    """The NEO's real answers served on 127.0.0.1 (and this integration loadable).

    Not a module mark: the recorder of the history test must come before
    Home Assistant, which `enable_custom_integrations` starts.
    """
    found = Replay()
    server = TestServer(found.app(), host="127.0.0.1")
    await server.start_server()
    found.url = str(server.make_url("/"))
    try:
        yield found
    finally:
        await server.close()


def answer(replay: Replay, name: str) -> Any:
    """A capture's whole answer, as served (identifiers filled in)."""
    return next(c.answer for c in replay.captures if c.name == name)


def amount(text: str) -> float:
    """The number of a Growatt text such as "12.3 kWh" or "1.2 "."""
    found = re.match(r"\s*(-?\d+(?:\.\d+)?)", text)
    assert found, text
    return float(found[1])


def assert_clean(replay: Replay) -> None:
    """Every request had a real answer, named the right things, held the session."""
    assert replay.gaps == [], f"requests without a real answer: {replay.gaps}"
    assert replay.problems == [], "\n".join(replay.problems)
    assert "not_logged_in" not in replay.names()


async def at_home(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, now: datetime
) -> None:
    """Home Assistant in Ulm, its clock at `now`: its sun is the plant's."""
    await hass.config.async_set_time_zone(TZ)
    hass.config.latitude, hass.config.longitude = ULM
    freezer.move_to(now)


async def add_account(hass: HomeAssistant, replay: Replay) -> dict[str, Any]:
    """The user flow: password, custom server, the replay's URL; the entry is set up."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "password"}
    )
    assert result["step_id"] == "password"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_USERNAME: replay.identity.username,
            CONF_PASSWORD: replay.identity.password,
            CONF_REGION: "custom",
        },
    )
    assert result["step_id"] == "custom_url"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_SERVER_URL: replay.url}
    )
    await hass.async_block_till_done()
    return dict(result)


@pytest.fixture
async def neo(
    hass: HomeAssistant, replay: Replay, freezer: FrozenDateTimeFactory
) -> GrowattConfigEntry:
    """The real account added and set up on the capture day's evening."""
    await at_home(hass, freezer, NIGHT)
    result = await add_account(hass, replay)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry: GrowattConfigEntry = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    return entry


async def move(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    seconds: float,
    step: float = 60,
) -> None:
    """Home Assistant's clock forward in ticks (the replay has no clock)."""
    await async_move(hass, freezer, None, seconds, step)


def entity_id(hass: HomeAssistant, domain: str, unique_id: str) -> str:
    """The entity id of one of this integration's entities."""
    found = er.async_get(hass).async_get_entity_id(domain, DOMAIN, unique_id)
    assert found, f"no {domain} {unique_id}"
    return found


def state(hass: HomeAssistant, unique_id: str, domain: str = "sensor") -> str:
    """An entity's state text."""
    found = hass.states.get(entity_id(hass, domain, unique_id))
    assert found is not None, unique_id
    return found.state


def number(hass: HomeAssistant, unique_id: str, domain: str = "sensor") -> float:
    """An entity's numeric state."""
    return float(state(hass, unique_id, domain))


def keys(hass: HomeAssistant, serial: str) -> dict[str, set[str]]:
    """A device's entity keys (unique ids without the serial), by platform."""
    registry = dr.async_get(hass)
    device = registry.async_get(device_id(hass, serial))
    assert device is not None, serial
    found: dict[str, set[str]] = {}
    for entry in er.async_entries_for_device(er.async_get(hass), device.id):
        found.setdefault(entry.domain, set()).add(
            entry.unique_id.removeprefix(f"{serial}_")
        )
    return found


def named_inputs(detail: dict[str, Any]) -> set[int]:
    """The PV inputs the detail's own `parameterName` lists (Ppv1(W), Vpv2(V), ...)."""
    return {int(n) for n in re.findall(r"[VIP]pv(\d+)\(", detail["parameterName"])}


# -- the replay itself -----------------------------------------------------------------


async def test_the_replay_serves_only_what_was_captured(replay: Replay) -> None:
    """Real answers by request; anything else is a recorded gap, not an invention."""
    # Every capture of the account answers a request of its own.
    captured = {capture.name for capture in replay.captures}
    assert captured >= READ_PATH
    overview = replay.url + "newTlxApi.do"
    query = {"op": "getEnergyOverview"}
    form = {"plantId": str(replay.identity.plant_id), "id": "OTHER"}
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as session:
        # Without a session: Growatt's login page, not the answer.
        async with session.post(overview, params=query, data=form) as response:
            assert response.content_type == "text/html"
        async with session.post(
            replay.url + "newTwoLoginAPI.do",
            data={
                "userName": replay.identity.username,
                "password": hash_password(replay.identity.password),
            },
        ) as response:
            assert response.cookies["JSESSIONID"].value
            login = await response.json()
        async with session.post(overview, params=query, data=form) as response:
            body = await response.json()
        async with session.get(
            replay.url + "newTlxApi.do", params={"op": "noSuchOp"}
        ) as response:
            assert response.status == 404
    assert login["back"]["user"]["id"] == replay.identity.user_id
    # The captured figure, in the envelope of the account's whole answers.
    assert body == {
        "result": 1,
        "msg": "",
        "obj": answer(replay, "tlx_energy_overview_neo")["obj"],
    }
    assert replay.names() == [
        "not_logged_in",
        "login_neo",
        "tlx_energy_overview_neo",
    ]
    assert replay.gaps == ["GET newTlxApi.do?op=noSuchOp"]
    # The serial asked for is not the NEO's (once without, once with a session).
    assert replay.problems == 2 * [
        "POST newTlxApi.do?op=getEnergyOverview: id='OTHER', "
        f"expected {replay.identity.serial!r}"
    ]


# -- adding the account ------------------------------------------------------------------


async def test_the_config_flow_adds_the_real_account(
    hass: HomeAssistant, replay: Replay, freezer: FrozenDateTimeFactory
) -> None:
    await at_home(hass, freezer, NIGHT)
    result = await add_account(hass, replay)

    login = answer(replay, "login_neo")["back"]
    listed = answer(replay, "plant_list_neo")["back"]["data"]
    # One plant: the plant step is skipped.
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == replay.identity.username
    assert result["data"] == {
        CONF_AUTH_TYPE: "password",
        CONF_USERNAME: replay.identity.username,
        CONF_PASSWORD: replay.identity.password,
        CONF_REGION: "custom",
        CONF_SERVER_URL: replay.url,
        CONF_PLANTS: [plant["plantId"] for plant in listed],
    }
    assert result["options"] == {CONF_IMPORT_HISTORY: True}
    # The user id of the real login answer (a number on the wire).
    assert isinstance(login["user"]["id"], int)
    assert result["result"].unique_id == str(login["user"]["id"])
    assert result["result"].state is ConfigEntryState.LOADED
    # The flow's login session is handed to the entry: one login in all.
    assert replay.count("login_neo") == 1
    assert set(replay.names()) == READ_PATH
    assert_clean(replay)


async def test_the_neo_as_its_real_answers_describe_it(
    hass: HomeAssistant, replay: Replay, neo: GrowattConfigEntry
) -> None:
    params = answer(replay, "tlx_params_neo")
    plant = answer(replay, "plant_list_neo")["back"]["data"][0]
    serial = replay.identity.serial
    registry = dr.async_get(hass)
    device = registry.async_get(device_id(hass, serial))
    assert device is not None
    assert device.manufacturer == "Growatt"
    assert device.model == params["inverterType"] == "NEO 800M-X"
    assert device.sw_version == params["newBean"]["fwVersion"]
    assert device.serial_number == serial
    # No alias anywhere (deviceAilas "", alias "" and null): the serial names it.
    assert device.name == serial
    hub = registry.async_get(device.via_device_id or "")
    assert hub is not None
    assert hub.name == plant["plantName"] == replay.identity.plant_name
    assert neo.runtime_data.coordinator.listings[0].datalogger == (
        replay.identity.datalogger
    )
    # The plant bean's fixed offset "GMT+1" is Ulm's standard time: the
    # plant's days follow Berlin's wall clock; its creation day and currency.
    bean = answer(replay, "plant_list_two_neo")["PlantList"][0]
    data = neo.runtime_data.coordinator.data.plants[str(replay.identity.plant_id)]
    assert data.plant.timezone == bean["timezoneText"] == "GMT+1"
    assert data.ref.timezone == TZ
    assert data.plant.created == date.fromisoformat(bean["createDateText"])
    assert data.plant.currency == bean["formulaMoneyUnitId"] == "EUR"


# -- what the NEO has ---------------------------------------------------------------------


async def test_entities_follow_what_the_neo_has(
    hass: HomeAssistant, replay: Replay, neo: GrowattConfigEntry
) -> None:
    """No battery, no meter: Growatt's zeros for them are not readings."""
    serial = replay.identity.serial
    found = keys(hass, serial)
    sensors = found["sensor"]
    assert {
        "pv_power",
        "ac_power",
        "pv1_power",
        "pv2_power",
        "pv_energy_today",
        "pv_energy_total",
        "status",
        "last_update",
    } <= sensors
    assert not BATTERY_SENSORS & sensors
    assert not METER_SENSORS & sensors
    # Controls: on/off and the export limit; nothing that steers a battery
    # (no charge from grid, no time segments, no charge or SOC numbers).
    assert found["switch"] == {"inverter_on", "export_limit"}
    assert found["number"] == {"active_power_rate", "export_limit_rate"}
    assert "select" not in found
    assert "time" not in found

    coordinator = neo.runtime_data.coordinator
    listing = coordinator.listings[0]
    # The device list's misspelt meter flag is 0 and no battery module is
    # listed on its datalogger; at night no input has shown a voltage yet.
    entry = answer(replay, "plant_info_neo")["invList"][0]
    assert entry["bMerterConnectFlag"] == 0
    assert answer(replay, "plant_info_neo")["batList"] == []
    assert listing.has_meter is False
    assert neo.runtime_data.account.hardware(listing) == Hardware(
        battery=False, meter=False, pv_inputs=None
    )


async def test_only_the_inputs_the_neo_has(
    hass: HomeAssistant, replay: Replay, neo: GrowattConfigEntry
) -> None:
    detail = answer(replay, "tlx_detail_neo_standby")
    assert named_inputs(detail) == {1, 2}
    sensors = keys(hass, replay.identity.serial)["sensor"]
    inputs = {int(m[1]) for key in sensors if (m := re.match(r"pv(\d+)_", key))}
    assert inputs == named_inputs(detail)


# -- values --------------------------------------------------------------------------------


async def test_values_come_from_the_real_answers(
    hass: HomeAssistant, replay: Replay, neo: GrowattConfigEntry
) -> None:
    serial = replay.identity.serial
    plant_id = str(replay.identity.plant_id)
    listed = answer(replay, "plant_list_neo")["back"]["data"][0]
    bean = answer(replay, "plant_list_two_neo")["PlantList"][0]
    detail = answer(replay, "tlx_detail_neo_standby")["data"]
    params = answer(replay, "tlx_params_neo")["newBean"]
    overview = answer(replay, "tlx_energy_overview_neo")["obj"]
    settings = answer(replay, "tlx_settings_neo")["obj"]["tlxSetBean"]

    # Lifetime PV: the sleeping NEO's detail says 0, which is not true; the
    # plant list's total (the NEO is the plant's only producer) stands in,
    # and it is the NEO's own epvTotal of its energy overview.
    assert detail["epvTotal"] == 0
    assert detail["lost"] is True
    lifetime = amount(listed["totalEnergy"])
    assert lifetime == float(overview["epvTotal"])
    assert number(hass, f"{plant_id}_plant_pv_energy_total") == lifetime
    assert number(hass, f"{serial}_pv_energy_total") == lifetime
    # Lifetime output has no such stand-in: unknown, not Growatt's 0.
    assert detail["eacTotal"] == 0
    assert state(hass, f"{serial}_ac_energy_total") == STATE_UNKNOWN

    # The money, with the currency of the plant's bean.
    money = hass.states.get(entity_id(hass, "sensor", f"{plant_id}_plant_money_total"))
    assert money is not None
    assert float(money.state) == amount(listed["plantMoneyText"])
    assert money.attributes["unit_of_measurement"] == bean["formulaMoneyUnitId"]
    assert money.attributes["device_class"] == "monetary"

    # Asleep at night (lost, no battery): powers read a true 0 W...
    assert detail["ppv"] == detail["ppv1"] == detail["pac"] == 0
    for key in ("pv_power", "ac_power", "pv1_power", "pv2_power"):
        assert number(hass, f"{serial}_{key}") == 0, key
    assert number(hass, f"{plant_id}_plant_pv_power") == 0
    # The last upload, from the device bean (a Java date in server time).
    uploaded = datetime.fromtimestamp(params["lastUpdateTime"]["time"] / 1000, UTC)
    assert datetime.fromisoformat(state(hass, f"{serial}_last_update")) == uploaded
    # It uploaded yesterday: today's energy is 0, not yesterday's.
    assert uploaded.date() < NIGHT.date()
    assert number(hass, f"{serial}_pv_energy_today") == 0
    assert number(hass, f"{plant_id}_plant_pv_energy_today") == 0
    assert state(hass, f"{serial}_status") == str(detail["status"])

    # Settings: on, no export limit, full power.
    assert settings["tlx_on_off"] == "1"
    assert state(hass, f"{serial}_inverter_on", "switch") == "on"
    assert settings["exportLimit"] == "0"
    assert state(hass, f"{serial}_export_limit", "switch") == "off"
    assert number(hass, f"{serial}_active_power_rate", "number") == float(
        settings["activeRate"]
    )
    assert number(hass, f"{serial}_export_limit_rate", "number") == float(
        settings["exportLimitPowerRateStr"]
    )

    # The request counter counts the entry's requests (the flow's are not).
    flow_requests = 3  # login, plant list, plant beans
    requests = number(hass, f"{neo.entry_id}_requests_today")
    assert requests == len(replay.served) - flow_requests
    assert_clean(replay)


# -- polls ---------------------------------------------------------------------------------


async def test_polls_keep_the_real_values(
    hass: HomeAssistant,
    replay: Replay,
    neo: GrowattConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    serial = replay.identity.serial
    plant_id = str(replay.identity.plant_id)
    lifetime = number(hass, f"{plant_id}_plant_pv_energy_total")
    before = replay.count("tlx_detail_neo_standby")

    # An asleep device is read every 30 minutes.
    await move(hass, freezer, 31 * 60)

    assert replay.count("tlx_detail_neo_standby") > before
    assert number(hass, f"{plant_id}_plant_pv_energy_total") == lifetime
    assert number(hass, f"{serial}_pv_energy_total") == lifetime
    assert number(hass, f"{serial}_pv_power") == 0
    assert state(hass, f"{serial}_inverter_on", "switch") == "on"
    # Identity (model, firmware) is read once; the session holds.
    assert replay.count("tlx_params_neo") == 1
    assert replay.count("login_neo") == 1
    assert_clean(replay)


async def test_an_asleep_neo_is_read_rarely(
    hass: HomeAssistant,
    replay: Replay,
    neo: GrowattConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    serial = replay.identity.serial
    coordinator = neo.runtime_data.coordinator
    assert coordinator.asleep(coordinator.listings[0])
    before = replay.count("tlx_detail_neo_standby")
    hour = timedelta(hours=1)

    await move(hass, freezer, hour.total_seconds())

    assert number(hass, f"{serial}_pv_power") == 0
    reads = replay.count("tlx_detail_neo_standby") - before
    assert reads <= hour / ASLEEP_EVERY


async def test_an_ended_session_logs_in_again_with_the_real_answer(
    hass: HomeAssistant,
    replay: Replay,
    neo: GrowattConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    serial = replay.identity.serial
    served = len(replay.served)
    replay.expire_sessions()

    await move(hass, freezer, 31 * 60)

    after = [s.capture for s in replay.served[served:]]
    # The login page, one login, the same request again.
    assert after[:3] == ["not_logged_in", "login_neo", "tlx_detail_neo_standby"]
    assert replay.count("login_neo") == 2
    assert neo.state is ConfigEntryState.LOADED
    assert number(hass, f"{serial}_pv_power") == 0
    assert replay.gaps == []
    assert replay.problems == []


# -- by day --------------------------------------------------------------------------------


async def test_by_day_the_lost_neo_is_unknown_not_zero(
    hass: HomeAssistant, replay: Replay, freezer: FrozenDateTimeFactory
) -> None:
    """The same answers at noon: the datalogger is off line, not the sun."""
    await at_home(hass, freezer, NOON)
    result = await add_account(hass, replay)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    serial = replay.identity.serial
    plant_id = str(replay.identity.plant_id)
    lifetime = amount(
        answer(replay, "plant_list_neo")["back"]["data"][0]["totalEnergy"]
    )

    for key in ("pv_power", "ac_power", "pv1_power", "pv2_power"):
        assert state(hass, f"{serial}_{key}") == STATE_UNAVAILABLE, key
    # Energy stays: lifetime from the plant list, the last upload shown.
    assert number(hass, f"{serial}_pv_energy_total") == lifetime
    assert number(hass, f"{plant_id}_plant_pv_energy_total") == lifetime
    assert state(hass, f"{serial}_last_update") != STATE_UNAVAILABLE
    detail = answer(replay, "tlx_detail_neo_standby")["data"]
    assert state(hass, f"{serial}_status") == str(detail["status"])

    # An asleep device is read every 30 minutes.
    await move(hass, freezer, 31 * 60)
    assert state(hass, f"{serial}_pv_power") == STATE_UNAVAILABLE
    assert number(hass, f"{serial}_pv_energy_total") == lifetime
    assert_clean(replay)


async def test_by_day_the_plant_power_of_a_lost_neo_is_not_zero(
    hass: HomeAssistant, replay: Replay, freezer: FrozenDateTimeFactory
) -> None:
    await at_home(hass, freezer, NOON)
    await add_account(hass, replay)
    serial = replay.identity.serial
    assert state(hass, f"{serial}_pv_power") == STATE_UNAVAILABLE
    plant = state(hass, f"{replay.identity.plant_id}_plant_pv_power")
    assert plant in (STATE_UNAVAILABLE, STATE_UNKNOWN)


# -- what has no real answer ----------------------------------------------------------------


async def test_a_write_has_no_real_answer(
    hass: HomeAssistant,
    replay: Replay,
    neo: GrowattConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No capture shows Growatt's answer to `newTcpsetAPI.do?op=tlxSet`: refused.

    Decided: no answer is invented (the emulator's is not a capture). The
    integration sees an HTTP error; the switch must keep the state the
    device reported, and the action must fail loudly.
    """
    monkeypatch.setattr(writes, "READ_BACK_DELAYS", (0.0, 0.0, 0.0))
    serial = replay.identity.serial
    switch = entity_id(hass, "switch", f"{serial}_inverter_on")

    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            "switch", "turn_off", {"entity_id": switch}, blocking=True
        )

    assert state(hass, f"{serial}_inverter_on", "switch") == "on"
    assert replay.gaps == ["POST newTcpsetAPI.do?op=tlxSet&type=tlx_on_off"]
    assert replay.problems == []
    assert neo.state is ConfigEntryState.LOADED


# -- the history import ------------------------------------------------------------------


async def test_the_history_import_takes_the_real_month(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    replay: Replay,
    freezer: FrozenDateTimeFactory,
) -> None:
    """`PlantDetailAPI.do?type=1` (a month's days) into the plant's statistic.

    The one real month answer (days 01, 02 and 31 shown, the rest cut in the
    source) is served for every month asked: its request names any day.
    """
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    await at_home(hass, freezer, NIGHT)
    result = await add_account(hass, replay)
    entry: GrowattConfigEntry = result["result"]
    plant_id = str(replay.identity.plant_id)
    created = date.fromisoformat(
        answer(replay, "plant_list_two_neo")["PlantList"][0]["createDateText"]
    )
    join_day = NIGHT.astimezone(ZoneInfo(TZ)).date()
    statistics = entry.runtime_data.statistics
    job = statistics.jobs[plant_id]
    assert (job.first, job.last, job.status) == (created, join_day, "running")

    for _ in range(10):
        if statistics.jobs[plant_id].status != "running":
            break
        freezer.tick(history.HISTORY_SPACING)
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)
    assert statistics.jobs[plant_id].status == "done"
    assert number(hass, f"{plant_id}_history_import") == 100

    # One request a month, newest first, each for its first day.
    asked = [s.params for s in replay.served if s.capture == "plant_detail_neo"]
    assert [(a["type"], a["date"]) for a in asked] == [
        ("1", "2025-01-01"),
        ("1", "2024-12-01"),
    ]
    month = answer(replay, "plant_detail_neo")["back"]["data"]
    expected: dict[date, float] = {}
    for first in (date.fromisoformat(a["date"]) for a in asked):
        for key, text in month.items():
            day = first.replace(day=int(key))
            if created <= day < join_day:
                expected[day] = float(text)
    # The real month carries energy (its "01"): the comparison below can fail.
    assert sum(expected.values()) > 0

    stat = plant_statistic_id(plant_id)
    found = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        datetime(2024, 11, 1, tzinfo=UTC),
        None,
        {stat},
        "hour",
        None,
        {"sum"},
    )
    sums: list[tuple[float, float]] = []
    for row in found[stat]:
        assert row["sum"] is not None
        sums.append((row["start"], row["sum"]))
    by_day: dict[date, float] = {}
    for (_, before), (start, after) in pairwise(sums):
        day = datetime.fromtimestamp(start, UTC).astimezone(ZoneInfo(TZ)).date()
        by_day[day] = by_day.get(day, 0.0) + after - before
    for day, energy in by_day.items():
        if day < join_day:
            assert energy == pytest.approx(expected.get(day, 0.0), abs=1e-4), day
    # The statistic starts at 0 (the creation day's first hour, at night),
    # and the past ends where the live statistic began: the sum of the real days.
    join = NIGHT.replace(minute=0) - timedelta(hours=1)
    at_join = dict(sums)[join.timestamp()]
    assert sums[0][1] == pytest.approx(0.0, abs=1e-6)
    assert at_join == pytest.approx(sum(expected.values()))
    assert at_join == pytest.approx(statistics._live[stat].base)
    assert_clean(replay)
