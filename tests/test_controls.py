"""Controls: every switch, number, select and time of every family, in both auth modes.

Each write goes through the real client to the emulator; the tests check the
request Growatt receives (endpoint, where the parameters travel, their exact
layout, as docs/growatt-api.md describes the writes of both APIs), the
device's settings afterwards, and the state the entity shows, which comes
from the read-back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.growatt import writes
from custom_components.growatt.api import GrowattTimeoutError, TokenAccount
from custom_components.growatt.api.setting_types import Target
from custom_components.growatt.const import DOMAIN
from emulator.world import RequestRecord

from .conftest import Emulator, async_setup, plain

TLX, MIX, SPA = "TLX0000001", "MIX0000001", "SPA0000001"
INV, MAX, NOAH = "INV0000001", "MAX0000001", "0PVP50ZR16ST00CB"

pytestmark = [
    pytest.mark.usefixtures(
        "enable_custom_integrations",
        "entity_registry_enabled_by_default",
        "quick_writes",
    ),
    # v1 rate-limit windows off: the frozen emulator clock never lets them pass.
    pytest.mark.emulator_config(v1_rate_scale=0.0),
]

# MIX/SPA slots as the emulator starts them: three empty, disabled periods.
EMPTY_SLOTS = ["0", "0", "0", "0", "0"] * 3


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots with Home Assistant's serializer, next to the sensors' ones."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


def entity_id(hass: HomeAssistant, domain: str, unique_id: str) -> str:
    """The entity id of a control by its unique id."""
    found = er.async_get(hass).async_get_entity_id(domain, DOMAIN, unique_id)
    assert found, f"no {domain} {unique_id}"
    return found


async def act(
    hass: HomeAssistant, domain: str, serial: str, key: str, value: Any
) -> str:
    """Use a control as a user or an automation would; its entity id."""
    target = entity_id(hass, domain, f"{serial}_{key}")
    if domain == "switch":
        service, data = ("turn_on" if value else "turn_off"), {}
    elif domain == "number":
        service, data = "set_value", {"value": value}
    elif domain == "select":
        service, data = "select_option", {"option": value}
    else:
        service, data = "set_value", {"time": value}
    await hass.services.async_call(
        domain, service, {"entity_id": target, **data}, blocking=True
    )
    return target


WRITE_PATHS = frozenset(
    {
        "/newTcpsetAPI.do",
        "/tcpSet.do",
        "/noahDeviceApi/noah/set",
        "/v1/tlxSet",
        "/v1/mixSet",
        "/v1/spaSet",
        "/v1/inverterSet",
        "/v1/maxSet",
    }
)


def writes_of(emulator: Emulator) -> list[RequestRecord]:
    """The write requests served, in order."""
    return [r for r in emulator.world.requests if r.path in WRITE_PATHS]


def numbered(record: RequestRecord, prefix: str = "param") -> list[str]:
    """`param1..N` of a request, in order, as sent (empty ones included)."""
    values = []
    n = 1
    while f"{prefix}{n}" in record.params:
        values.append(record.params[f"{prefix}{n}"])
        n += 1
    return values


# -- the exact layout of each write -------------------------------------------------------

# (serial, domain, key, value, setting type, params per auth, state shown)
# Params are param1..N (or command_1/2 for classic inverters); a dict gives the
# legacy and v1 layouts where they differ.
CASES: list[tuple[str, str, str, Any, str, Any, str]] = [
    # TLX / MIN (legacy tlxSet, v1 tlxSet)
    (TLX, "switch", "inverter_on", False, "tlx_on_off", ["0000"], "off"),
    (TLX, "number", "active_power_rate", 60, "pv_active_p_rate", ["60"], "60"),
    (TLX, "switch", "export_limit", True, "backflow_setting", ["1", "100"], "on"),
    (TLX, "number", "export_limit_rate", 40, "backflow_setting", ["0", "40"], "40"),
    (TLX, "switch", "ac_charge", True, "ac_charge", ["1"], "on"),
    (TLX, "number", "charge_power", 50, "charge_power", ["50"], "50"),
    (TLX, "number", "discharge_power", 70, "discharge_power", ["70"], "70"),
    (TLX, "number", "charge_stop_soc", 90, "charge_stop_soc", ["90"], "90"),
    (TLX, "number", "discharge_stop_soc", 20, "discharge_stop_soc", ["20"], "20"),
    (
        TLX,
        "number",
        "on_grid_discharge_stop_soc",
        15,
        "on_grid_discharge_stop_soc",
        ["15"],
        "15",
    ),
    (
        TLX,
        "select",
        "time_segment_1_mode",
        "battery_first",
        "time_segment1",
        {
            "password": ["1", "00", "00", "00", "00", "0"],
            "token": ["1", "0", "0", "0", "0", "0"],
        },
        "battery_first",
    ),
    (
        TLX,
        "time",
        "time_segment_3_end",
        time(6, 30),
        "time_segment3",
        {
            "password": ["0", "00", "00", "06", "30", "0"],
            "token": ["0", "0", "0", "6", "30", "0"],
        },
        "06:30:00",
    ),
    (
        TLX,
        "switch",
        "time_segment_9_enabled",
        True,
        "time_segment9",
        {
            "password": ["0", "00", "00", "00", "00", "1"],
            "token": ["0", "0", "0", "0", "0", "1"],
        },
        "on",
    ),
    # MIX / SPH (legacy mixSetApiNew, v1 mixSet)
    (MIX, "switch", "inverter_on", False, "pv_on_off", ["0000"], "off"),
    (MIX, "number", "active_power_rate", 80, "pv_active_p_rate", ["80"], "80"),
    (MIX, "switch", "export_limit", True, "backflow_setting", ["1", "100"], "on"),
    (
        MIX,
        "switch",
        "ac_charge",
        True,
        "mix_ac_charge_time_period",
        ["100", "100", "1", *EMPTY_SLOTS],
        "on",
    ),
    (
        MIX,
        "number",
        "charge_power",
        55,
        "mix_ac_charge_time_period",
        ["55", "100", "0", *EMPTY_SLOTS],
        "55",
    ),
    (
        MIX,
        "number",
        "charge_stop_soc",
        95,
        "mix_ac_charge_time_period",
        ["100", "95", "0", *EMPTY_SLOTS],
        "95",
    ),
    (
        MIX,
        "time",
        "charge_period_2_end",
        time(5, 0),
        "mix_ac_charge_time_period",
        ["100", "100", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0"]
        + ["0"] * 5,
        "05:00:00",
    ),
    (
        MIX,
        "switch",
        "charge_period_1_enabled",
        True,
        "mix_ac_charge_time_period",
        ["100", "100", "0", "0", "0", "0", "0", "1", *(["0"] * 10)],
        "on",
    ),
    (
        MIX,
        "number",
        "discharge_power",
        65,
        "mix_ac_discharge_time_period",
        ["65", "10", *EMPTY_SLOTS],
        "65",
    ),
    (
        MIX,
        "number",
        "discharge_stop_soc",
        25,
        "mix_ac_discharge_time_period",
        ["100", "25", *EMPTY_SLOTS],
        "25",
    ),
    (
        MIX,
        "time",
        "discharge_period_1_end",
        time(19, 0),
        "mix_ac_discharge_time_period",
        ["100", "10", "0", "0", "19", "0", "0", *(["0"] * 10)],
        "19:00:00",
    ),
    (
        MIX,
        "number",
        "load_first_stop_soc",
        30,
        "mix_load_flast_value_multi",
        ["30"],
        "30",
    ),
    # SPA (legacy spaSetApi, v1 spaSet)
    (
        SPA,
        "number",
        "charge_power",
        45,
        "spa_ac_charge_time_period",
        ["45", "100", *EMPTY_SLOTS],
        "45",
    ),
    (
        SPA,
        "time",
        "charge_period_1_end",
        time(4, 15),
        "spa_ac_charge_time_period",
        ["100", "100", "0", "0", "4", "15", "0", *(["0"] * 10)],
        "04:15:00",
    ),
    (
        SPA,
        "number",
        "discharge_stop_soc",
        35,
        "spa_ac_discharge_time_period",
        ["100", "35", *EMPTY_SLOTS],
        "35",
    ),
    # classic inverter and MAX (legacy tcpSet.do inverterSet, v1 inverterSet/maxSet)
    (INV, "switch", "inverter_on", False, "pv_on_off", ["0000"], "off"),
    (INV, "number", "active_power_rate", 70, "pv_active_p_rate", ["70"], "70"),
    (MAX, "switch", "inverter_on", False, "pv_on_off", ["0000"], "off"),
    (MAX, "number", "active_power_rate", 30, "pv_active_p_rate", ["30"], "30"),
]

NOAH_CASES: list[tuple[str, str, str, Any, str, Any, str]] = [
    (NOAH, "number", "output_power", 350, "default_power", ["350"], "350"),
    (NOAH, "number", "charge_soc_limit", 90, "charging_soc", ["90", "10"], "90"),
    (NOAH, "number", "discharge_soc_limit", 20, "charging_soc", ["100", "20"], "20"),
    (NOAH, "select", "work_mode", "battery_first", "work_mode", ["1"], "battery_first"),
    (
        NOAH,
        "select",
        "time_segment_1_mode",
        "battery_first",
        "time_segment1",
        ["1", "0", "0", "23", "59", "200", "1"],
        "battery_first",
    ),
    (
        NOAH,
        "number",
        "time_segment_1_power",
        400,
        "time_segment1",
        ["0", "0", "0", "23", "59", "400", "1"],
        "400",
    ),
    (
        NOAH,
        "time",
        "time_segment_1_start",
        time(7, 0),
        "time_segment1",
        ["0", "7", "0", "23", "59", "200", "1"],
        "07:00:00",
    ),
]

# Where each family's writes go: (legacy path, legacy op, v1 path, v1 serial key)
ENDPOINTS = {
    TLX: ("/newTcpsetAPI.do", "tlxSet", "/v1/tlxSet", "tlx_sn"),
    MIX: ("/newTcpsetAPI.do", "mixSetApiNew", "/v1/mixSet", "mix_sn"),
    SPA: ("/newTcpsetAPI.do", "spaSetApi", "/v1/spaSet", "spa_sn"),
    INV: ("/tcpSet.do", "inverterSet", "/v1/inverterSet", "device_sn"),
    MAX: ("/tcpSet.do", "inverterSet", "/v1/maxSet", "max_sn"),
    NOAH: ("/noahDeviceApi/noah/set", None, "", ""),
}

# v1 sends every parameter of the family's write, unused ones empty;
# the charge-period writes send exactly their own keys.
V1_PARAM_COUNTS = {
    "mix_ac_charge_time_period": 18,
    "mix_ac_discharge_time_period": 17,
    "spa_ac_charge_time_period": 17,
}


def _check_layout(
    record: RequestRecord,
    serial: str,
    auth: str,
    setting: str,
    expected: list[str],
) -> None:
    """The request has Growatt's endpoint, parameter placement and values."""
    legacy_path, legacy_op, v1_path, v1_sn = ENDPOINTS[serial]
    classic = serial in (INV,) or (serial == MAX and auth == "password")
    if auth == "password":
        assert record.path == legacy_path
        if serial == NOAH or (setting.startswith("time_segment") and serial == TLX):
            # Form body (TLX time segments, Noah): only the op travels in the query.
            assert set(record.query) <= {"op"}
            assert record.params["serialNum"] == serial
        else:
            # Everything in the query string, an empty body.
            assert record.query == record.params
            assert record.query["serialNum"] == serial
        if legacy_op:
            assert record.op == legacy_op
    else:
        assert record.path == v1_path
        assert record.query == {}, "v1 writes send a form body"
        assert record.params[v1_sn] == serial
    if classic or (serial == INV):
        assert record.params["paramId"] == setting
        sent = [record.params["command_1"], record.params["command_2"]]
        assert sent == [*expected, *[""] * (2 - len(expected))]
        return
    assert record.params["type"] == setting
    sent = numbered(record)
    if auth == "token":
        count = V1_PARAM_COUNTS.get(setting, 18 if serial in (MIX, SPA) else 19)
        assert len(sent) == count, sent
        assert sent[len(expected) :] == [""] * (count - len(expected))
        sent = sent[: len(expected)]
    assert sent == expected


@pytest.mark.parametrize("auth", ["password", "token"])
@pytest.mark.parametrize(
    ("serial", "domain", "key", "value", "setting", "params", "shown"),
    CASES,
    ids=[f"{c[0][:3]}-{c[2]}" for c in CASES],
)
async def test_each_control_writes_the_spec_layout_and_shows_the_read_back(
    hass: HomeAssistant,
    emulator: Emulator,
    auth: str,
    serial: str,
    domain: str,
    key: str,
    value: Any,
    setting: str,
    params: Any,
    shown: str,
) -> None:
    await async_setup(hass, emulator, auth)
    emulator.world.requests.clear()

    target = await act(hass, domain, serial, key, value)

    sent = writes_of(emulator)
    assert len(sent) == 1, [(r.path, r.params) for r in sent]
    expected = params[auth] if isinstance(params, dict) else params
    _check_layout(sent[0], serial, auth, setting, expected)
    state = hass.states.get(target)
    assert state is not None
    assert state.state == shown


@pytest.mark.parametrize(
    ("serial", "domain", "key", "value", "setting", "params", "shown"),
    NOAH_CASES,
    ids=[c[2] for c in NOAH_CASES],
)
async def test_each_noah_control_writes_the_spec_layout(
    hass: HomeAssistant,
    emulator: Emulator,
    serial: str,
    domain: str,
    key: str,
    value: Any,
    setting: str,
    params: list[str],
    shown: str,
) -> None:
    """Noah is a ShinePhone (password) device only: v1 does not list it."""
    await async_setup(hass, emulator, "password")
    emulator.world.requests.clear()

    target = await act(hass, domain, serial, key, value)

    sent = [r for r in emulator.world.requests if r.path == "/noahDeviceApi/noah/set"]
    assert len(sent) == 1
    _check_layout(sent[0], serial, "password", setting, params)
    state = hass.states.get(target)
    assert state is not None
    assert state.state == shown


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_every_control_of_every_family(
    hass: HomeAssistant,
    emulator: Emulator,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    auth: str,
) -> None:
    """One snapshot per API of every control entity, as a user sees it."""
    entry = await async_setup(hass, emulator, auth)
    view: dict[str, dict[str, Any]] = {}
    for registry_entry in sorted(
        er.async_entries_for_config_entry(entity_registry, entry.entry_id),
        key=lambda e: e.entity_id,
    ):
        if registry_entry.domain == "sensor":
            continue
        state = hass.states.get(registry_entry.entity_id)
        assert state is not None, registry_entry.entity_id
        view[registry_entry.entity_id] = {
            "unique_id": registry_entry.unique_id,
            "translation_key": registry_entry.translation_key,
            "entity_category": plain(registry_entry.entity_category),
            "state": state.state,
            "attributes": {
                str(plain(k)): plain(v) for k, v in state.attributes.items()
            },
        }
    assert view == snapshot


@pytest.mark.parametrize("entity_registry_enabled_by_default", [None])
async def test_unused_segments_start_disabled(
    hass: HomeAssistant, emulator: Emulator, entity_registry: er.EntityRegistry
) -> None:
    """Nine segments of four controls each would bury the used ones."""
    await async_setup(hass, emulator)
    unused = entity_registry.async_get(
        entity_id(hass, "time", f"{TLX}_time_segment_4_start")
    )
    assert unused is not None
    assert unused.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    noah_segment = entity_registry.async_get(
        entity_id(hass, "time", f"{NOAH}_time_segment_1_start")
    )
    assert noah_segment is not None
    assert noah_segment.disabled_by is None


# -- failures ------------------------------------------------------------------------------


async def _expect_error(
    hass: HomeAssistant, domain: str, serial: str, key: str, value: Any
) -> HomeAssistantError:
    with pytest.raises(HomeAssistantError) as caught:
        await act(hass, domain, serial, key, value)
    return caught.value


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_offline_device_says_so_and_changes_nothing(
    hass: HomeAssistant, emulator: Emulator, auth: str
) -> None:
    await async_setup(hass, emulator, auth)
    found = emulator.world.find_device(TLX)
    assert found is not None
    found[2].online = False

    err = await _expect_error(hass, "number", TLX, "charge_power", 40)

    assert err.translation_key == "device_offline"
    assert found[2].settings.charge_power == 100
    state = hass.states.get(entity_id(hass, "number", f"{TLX}_charge_power"))
    assert state is not None
    assert state.state == "100"


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_rejected_value_is_a_translated_error(
    hass: HomeAssistant, emulator: Emulator, auth: str
) -> None:
    """The inverter takes charge stop SOCs from 10 %: 5 % is refused."""
    await async_setup(hass, emulator, auth)

    err = await _expect_error(hass, "number", TLX, "charge_stop_soc", 5)

    assert err.translation_key == "rejected"
    state = hass.states.get(entity_id(hass, "number", f"{TLX}_charge_stop_soc"))
    assert state is not None
    assert state.state == "100"


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_accepted_but_not_applied_fails_and_shows_the_device_value(
    hass: HomeAssistant, emulator: Emulator, auth: str
) -> None:
    await async_setup(hass, emulator, auth)
    found = emulator.world.find_device(MIX)
    assert found is not None
    found[2].ignore_writes = True

    err = await _expect_error(hass, "number", MIX, "discharge_power", 40)

    assert err.translation_key == "not_applied"
    state = hass.states.get(entity_id(hass, "number", f"{MIX}_discharge_power"))
    assert state is not None
    assert state.state == "100"


async def test_overlapping_tlx_segment_is_reported_not_applied(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Growatt acknowledges a segment that overlaps another; the inverter drops it."""
    await async_setup(hass, emulator)
    await act(hass, "time", TLX, "time_segment_1_end", time(8, 0))

    err = await _expect_error(hass, "time", TLX, "time_segment_2_end", time(9, 0))

    assert err.translation_key == "not_applied"


async def test_rate_limit_is_a_translated_error(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    await async_setup(hass, emulator, "token")
    emulator.world.set_faults(
        "*", v1_error_code=10012, v1_error_msg="error_frequently_access"
    )

    err = await _expect_error(hass, "switch", TLX, "ac_charge", True)

    assert err.translation_key == "rate_limited"


async def test_locked_account_refuses_writes_without_a_request(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    entry = await async_setup(hass, emulator)
    emulator.world.set_faults("demo", lock=True)
    emulator.world.expire_sessions("demo")

    err = await _expect_error(hass, "switch", TLX, "ac_charge", True)
    assert err.translation_key == "account_locked"
    assert "until" in (err.translation_placeholders or {})

    emulator.world.requests.clear()
    err = await _expect_error(hass, "switch", TLX, "ac_charge", True)
    assert err.translation_key == "account_locked"
    assert emulator.world.requests == []
    assert entry.runtime_data.settings.locked_until is not None


async def test_bad_credentials_start_reauth(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    entry = await async_setup(hass, emulator)
    emulator.world.set_faults("demo", bad_credentials=True)
    emulator.world.expire_sessions("demo")

    err = await _expect_error(hass, "switch", TLX, "ac_charge", True)

    assert err.translation_key == "invalid_auth"
    await hass.async_block_till_done()
    assert any(
        flow["context"]["source"] == "reauth"
        for flow in entry.async_get_active_flows(hass, {"reauth"})
    )


# -- the queue -------------------------------------------------------------------------------


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_concurrent_writes_to_one_device_run_one_at_a_time(
    hass: HomeAssistant,
    emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
    auth: str,
) -> None:
    """A burst on one setting merges into the last value; other settings queue."""
    import asyncio

    await async_setup(hass, emulator, auth)
    entry_data = hass.config_entries.async_entries(DOMAIN)[0].runtime_data
    account = entry_data.account
    active = 0
    most = 0
    original = account.write

    async def counting(device: Any, setting: Any, desired: Any) -> None:
        nonlocal active, most
        active += 1
        most = max(most, active)
        # Let the other calls arrive while this write is under way (the
        # frozen clock would never end a real sleep).
        for _ in range(5):
            await asyncio.sleep(0)
        try:
            await original(device, setting, desired)
        finally:
            active -= 1

    monkeypatch.setattr(account, "write", counting)
    emulator.world.requests.clear()

    await asyncio.gather(
        act(hass, "number", TLX, "charge_power", 10),
        act(hass, "number", TLX, "charge_power", 20),
        act(hass, "number", TLX, "charge_power", 30),
        act(hass, "number", TLX, "discharge_power", 40),
        act(hass, "switch", TLX, "ac_charge", True),
    )

    assert most == 1
    found = emulator.world.find_device(TLX)
    assert found is not None
    settings = found[2].settings
    assert (settings.charge_power, settings.discharge_power, settings.ac_charge) == (
        30,
        40,
        True,
    )
    types = [r.params.get("type") for r in writes_of(emulator)]
    # The first charge_power write was under way; 20 and 30 merged into one.
    assert types.count("charge_power") == 2
    assert types.count("discharge_power") == 1
    state = hass.states.get(entity_id(hass, "number", f"{TLX}_charge_power"))
    assert state is not None
    assert state.state == "30"


async def test_v1_writes_of_one_setting_are_spaced(
    hass: HomeAssistant, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """v1 answers an identical write once per 5 seconds."""
    monkeypatch.setattr(TokenAccount, "write_spacing", 5.0)
    slept: list[float] = []
    real_sleep = writes.asyncio.sleep

    async def recording_sleep(delay: float) -> None:
        slept.append(delay)
        await real_sleep(0)

    await async_setup(hass, emulator, "token")
    monkeypatch.setattr(writes.asyncio, "sleep", recording_sleep)

    await act(hass, "number", TLX, "charge_power", 10)
    await act(hass, "number", TLX, "charge_power", 20)

    assert any(4.0 < delay <= 5.0 for delay in slept), slept


@pytest.mark.parametrize(
    ("fault", "key"),
    [
        ({"http_status": 503}, "cannot_connect"),
        ({"malformed_json": True}, "invalid_response"),
        ({"ua_block": True}, "blocked"),
    ],
)
async def test_transient_failures_of_a_write_are_translated(
    hass: HomeAssistant, emulator: Emulator, fault: dict[str, Any], key: str
) -> None:
    entry = await async_setup(hass, emulator)
    emulator.world.set_faults("demo", **fault)

    err = await _expect_error(hass, "switch", TLX, "ac_charge", True)

    assert err.translation_key == key
    assert not list(entry.async_get_active_flows(hass, {"reauth"}))


async def test_a_read_back_that_fails_says_the_write_went_out(
    hass: HomeAssistant, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The emulator cannot fail between a write and its read-back: patched here."""
    entry = await async_setup(hass, emulator)

    async def unreachable(*_: Any) -> None:
        raise GrowattTimeoutError("no answer")

    monkeypatch.setattr(entry.runtime_data.account, "read_back", unreachable)

    err = await _expect_error(hass, "number", TLX, "charge_power", 40)

    assert err.translation_key == "read_back_failed"
    assert err.translation_placeholders == {"error": "timeout"}
    found = emulator.world.find_device(TLX)
    assert found is not None
    assert found[2].settings.charge_power == 40


async def test_writes_need_known_settings_and_a_setting_the_family_has(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    entry = await async_setup(hass, emulator, "token")
    writer = entry.runtime_data.writer

    with pytest.raises(ServiceValidationError) as caught:
        await writer.async_apply(INV, Target.CHARGE_POWER, lambda s: s)
    assert caught.value.translation_key == "not_supported"

    # A value the v1 client refuses before sending (charge power above 100 %).
    with pytest.raises(ServiceValidationError) as caught:
        await writer.async_apply(
            MIX, Target.CHARGE_POWER, lambda s: replace(s, charge_power=150)
        )
    assert caught.value.translation_key == "invalid_value"

    settings = entry.runtime_data.settings
    settings.async_set_updated_data(
        {k: v for k, v in settings.data.items() if k != TLX}
    )
    with pytest.raises(HomeAssistantError) as caught_unknown:
        await writer.async_apply(
            TLX, Target.CHARGE_POWER, lambda s: replace(s, charge_power=10)
        )
    assert caught_unknown.value.translation_key == "settings_unknown"


async def test_settings_are_read_again_hourly(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """A change made in the ShinePhone app shows after the next settings read."""
    await async_setup(hass, emulator)
    found = emulator.world.find_device(TLX)
    assert found is not None
    found[2].settings.charge_power = 42
    target = entity_id(hass, "number", f"{TLX}_charge_power")

    freezer.tick(timedelta(minutes=59))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(target).state == "100"  # type: ignore[union-attr]

    freezer.tick(timedelta(minutes=2))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(target).state == "42"  # type: ignore[union-attr]


async def test_every_device_hangs_under_its_plant(
    hass: HomeAssistant, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Controls may be added before the sensors: the plant hubs exist first."""
    entry = await async_setup(hass, emulator)

    assert "non existing `via_device`" not in caplog.text
    registry = dr.async_get(hass)
    devices = {
        identifier: device
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
        for _, identifier in device.identifiers
    }
    listings = entry.runtime_data.coordinator.listings
    assert listings
    for ref in listings:
        hub = devices[f"plant_{ref.plant_id}"]
        assert devices[ref.serial].via_device_id == hub.id
