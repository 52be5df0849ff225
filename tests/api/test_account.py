"""The account seam: `PasswordAccount` and `TokenAccount` against the emulator.

Both accounts answer the same questions (plants, devices, telemetry,
settings, a write and its read-back) in typed models; what differs between
the APIs is an attribute (`poll_cost`, `write_spacing`, `locked_until`, the
session export). Each test drives the real account over loopback HTTP and
checks the answer, and where it matters the request Growatt receives.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
import json
from zoneinfo import ZoneInfo

import pytest

from custom_components.growatt.api import (
    GrowattAccountLockedError,
    GrowattApiError,
    GrowattAuthenticationError,
    GrowattError,
    GrowattRateLimitError,
    hash_password,
)
from custom_components.growatt.api.account import (
    DeviceListing,
    GrowattAccount,
    read_each,
)
from custom_components.growatt.api.account_legacy import PasswordAccount
from custom_components.growatt.api.account_v1 import GuardedOpenApiV1, TokenAccount
from custom_components.growatt.api.models import DeviceFamily, TimeSegment
from custom_components.growatt.api.setting_types import (
    PLAIN,
    SettingType,
    Target,
    segment,
    setting_type,
    with_segment,
)
from emulator.history import day_values
from emulator.model import Device as EmulatedDevice
from emulator.world import RequestRecord
from tests.conftest import Emulator

from .conftest import (
    CABIN,
    FLAT,
    GARAGE,
    HOME,
    INVERTER,
    MAX,
    MIX,
    NOAH,
    SPA,
    SPF,
    TLX,
    TLX_BATTERY,
    TOKEN,
    USER_ID,
)

# v1 rate-limit windows off: the frozen emulator clock never lets them pass,
# and these tests repeat identical requests on purpose.
pytestmark = pytest.mark.emulator_config(v1_rate_scale=0.0)


@pytest.fixture(autouse=True)
def _no_local_rate_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """The token account's own guard of those windows is off as well."""
    monkeypatch.setattr(GuardedOpenApiV1, "guard_reads", False)


BERLIN = ZoneInfo("Europe/Berlin")
PASSWORD, TOKEN_AUTH = "password", "token"
LOGIN_PATH = "/newTwoLoginAPI.do"

PLANTS = {
    str(HOME): "Home",
    str(GARAGE): "Garage",
    str(CABIN): "Cabin",
    str(FLAT): "Flat",
}
FAMILIES = {
    TLX: DeviceFamily.TLX,
    INVERTER: DeviceFamily.INVERTER,
    MIX: DeviceFamily.MIX,
    MAX: DeviceFamily.MAX,
    SPF: DeviceFamily.STORAGE,
    SPA: DeviceFamily.SPA,
    NOAH: DeviceFamily.NOAH,
}
# What each plant lists; v1 has no Noah.
LISTED = {
    PASSWORD: {
        str(HOME): {TLX, INVERTER},
        str(GARAGE): {MIX, MAX},
        str(CABIN): {SPF, SPA, NOAH},
    },
    TOKEN_AUTH: {
        str(HOME): {TLX, INVERTER},
        str(GARAGE): {MIX, MAX},
        str(CABIN): {SPF, SPA},
    },
}


# -- fixtures and helpers ---------------------------------------------------------


def _build(auth: str, emulator: Emulator) -> GrowattAccount:
    if auth == PASSWORD:
        return PasswordAccount("demo", "demo", server_url=emulator.url)
    return TokenAccount(TOKEN, server_url=emulator.url)


@pytest.fixture(params=[PASSWORD, TOKEN_AUTH])
def auth(request: pytest.FixtureRequest) -> str:
    """The auth mode under test."""
    mode: str = request.param
    return mode


@pytest.fixture
async def account(auth: str, emulator: Emulator) -> AsyncIterator[GrowattAccount]:
    """The demo account in the mode under test; closed afterwards."""
    built = _build(auth, emulator)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def password_account(emulator: Emulator) -> AsyncIterator[PasswordAccount]:
    """The demo account with user name and password."""
    built = PasswordAccount("demo", "demo", server_url=emulator.url)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def token_account(emulator: Emulator) -> AsyncIterator[TokenAccount]:
    """The demo account with its v1 token."""
    built = TokenAccount(TOKEN, server_url=emulator.url)
    try:
        yield built
    finally:
        await built.close()


def sent(
    emulator: Emulator, path: str | None = None, op: str | None = None
) -> list[RequestRecord]:
    """Growatt requests served so far, optionally of one path or op."""
    return [
        record
        for record in emulator.world.requests
        if record.api != "control"
        and (path is None or record.path == path)
        and (op is None or record.op == op)
    ]


def emulated(emulator: Emulator, serial: str) -> EmulatedDevice:
    """The emulator's own device (its canonical settings)."""
    found = emulator.world.find_device(serial)
    assert found is not None
    return found[2]


async def listed(account: GrowattAccount, plant_id: int, serial: str) -> DeviceListing:
    """A device as its plant lists it (which makes it known to the account)."""
    listings = {d.serial: d for d in await account.devices(str(plant_id))}
    return listings[serial]


def kind(family: DeviceFamily, target: Target, index: int | None = None) -> SettingType:
    """The setting type of a target; every one used here exists."""
    found = setting_type(family, target, index)
    assert found is not None
    return found


def params_of(record: RequestRecord) -> list[str]:
    """The `paramN` names of a request, in order."""
    return sorted(
        (key for key in record.params if key.startswith("param")),
        key=lambda key: int(key.removeprefix("param")),
    )


# -- plants and devices -----------------------------------------------------------


async def test_plants_and_user_id(account: GrowattAccount) -> None:
    """The demo account's three plants; the user id is known afterwards."""
    assert account.user_id is None
    plants = await account.plants()
    assert {plant.plant_id: plant.name for plant in plants} == PLANTS
    assert [plant.plant_id for plant in plants] == list(PLANTS)
    assert account.user_id == str(USER_ID)


async def test_password_user_id_comes_with_the_login(
    password_account: PasswordAccount, emulator: Emulator
) -> None:
    await password_account.prepare()
    assert password_account.user_id == str(USER_ID)
    assert len(sent(emulator, LOGIN_PATH)) == 1
    assert len(sent(emulator)) == 1  # the login alone


async def test_token_prepare_sends_nothing(
    token_account: TokenAccount, emulator: Emulator
) -> None:
    await token_account.prepare()
    assert sent(emulator) == []
    assert token_account.user_id is None  # v1 names the user with the plant list


async def test_devices_of_every_plant(account: GrowattAccount, auth: str) -> None:
    """Typed listings: serial, family and plant; v1 lists no Noah."""
    for plant_id, serials in LISTED[auth].items():
        listings = await account.devices(plant_id)
        assert all(isinstance(device, DeviceListing) for device in listings)
        assert {device.serial for device in listings} == serials
        assert len(listings) == len(serials)
        for device in listings:
            assert device.family == FAMILIES[device.serial]
            assert device.plant_id == plant_id


async def test_home_lists_tlx_and_inverter(account: GrowattAccount) -> None:
    listings = {device.serial: device for device in await account.devices(str(HOME))}
    assert set(listings) == {TLX, INVERTER}
    tlx = listings[TLX]
    assert tlx.family == DeviceFamily.TLX
    assert tlx.plant_id == str(HOME)
    assert tlx.datalogger == "QMN0000000000001"
    assert listings[INVERTER].family == DeviceFamily.INVERTER
    # The TLX-H battery module is reported beside its inverter, not as a device.
    assert TLX_BATTERY not in listings


async def test_battery_module_marks_the_tlx(
    password_account: PasswordAccount,
) -> None:
    """The `bat` entry shares the TLX's datalogger: the TLX has a battery."""
    listings = {d.serial: d for d in await password_account.devices(str(HOME))}
    assert TLX_BATTERY not in listings
    assert listings[TLX].has_battery is True
    assert listings[INVERTER].has_battery is None


async def test_v1_lists_no_noah(
    token_account: TokenAccount, password_account: PasswordAccount
) -> None:
    v1 = {device.serial for device in await token_account.devices(str(CABIN))}
    legacy = {device.serial for device in await password_account.devices(str(CABIN))}
    assert NOAH not in v1
    assert NOAH in legacy
    assert legacy - v1 == {NOAH}


@pytest.mark.parametrize(
    ("auth", "path", "op"),
    [
        (PASSWORD, "/newTlxApi.do", "getTlxParams"),
        (TOKEN_AUTH, "/v1/device/tlx/tlx_data_info", None),
    ],
)
async def test_identity_details_are_read_once(
    account: GrowattAccount, emulator: Emulator, path: str, op: str | None
) -> None:
    first = await account.devices(str(HOME))
    assert len(sent(emulator, path, op)) == 1
    assert TLX in sent(emulator, path, op)[0].params.values()
    second = await account.devices(str(HOME))
    assert second == first
    assert len(sent(emulator, path, op)) == 1


# -- telemetry ----------------------------------------------------------------------


async def test_telemetry_of_every_device(account: GrowattAccount, auth: str) -> None:
    for plant_id in LISTED[auth]:
        for device in await account.devices(plant_id):
            read = await account.telemetry(device, BERLIN)
            assert read.identity.serial == device.serial
            assert read.identity.family == device.family
            assert read.identity.plant_id == plant_id


async def test_read_telemetry_one_per_serial(
    account: GrowattAccount, auth: str
) -> None:
    for plant_id, serials in LISTED[auth].items():
        devices = await account.devices(plant_id)
        reads = await account.read_telemetry(devices, BERLIN)
        assert set(reads) == serials
        for serial, read in reads.items():
            assert read.identity.serial == serial
            assert read.identity.family == FAMILIES[serial]


async def test_telemetry_reports_the_simulated_device(
    account: GrowattAccount, emulator: Emulator
) -> None:
    """Not just an identity: the TLX's battery reading is the emulator's."""
    tlx = await listed(account, HOME, TLX)
    read = await account.telemetry(tlx, BERLIN)
    assert read.telemetry.soc == pytest.approx(
        emulated(emulator, TLX).telemetry.soc, abs=1
    )


async def test_an_unlisted_device_is_unknown(
    account: GrowattAccount, emulator: Emulator
) -> None:
    """A listing the account never gave out is refused before any request."""
    stranger = DeviceListing(serial=MIX, family=DeviceFamily.MIX, plant_id=str(GARAGE))
    tlx = await listed(account, HOME, TLX)
    some_settings = await account.settings(tlx)
    setting = kind(DeviceFamily.MIX, Target.CHARGE_POWER)
    before = len(sent(emulator))
    with pytest.raises(KeyError, match=MIX):
        await account.telemetry(stranger, BERLIN)
    with pytest.raises(KeyError, match=MIX):
        await account.settings(stranger)
    with pytest.raises(KeyError, match=MIX):
        await account.write(stranger, setting, some_settings)
    with pytest.raises(KeyError, match=MIX):
        await account.read_back(stranger, setting, some_settings)
    # Not a device failure: a read of several devices raises it too.
    with pytest.raises(KeyError, match=MIX):
        await account.read_telemetry([tlx, stranger], BERLIN)
    assert len(sent(emulator)) - before <= 1  # at most the TLX's own read
    # Listing its plant makes the device known.
    mix = await listed(account, GARAGE, MIX)
    assert (mix.serial, mix.family, mix.plant_id) == (
        stranger.serial,
        stranger.family,
        stranger.plant_id,
    )
    assert (await account.telemetry(mix, BERLIN)).identity.serial == MIX


# -- poll cost ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("auth", "plant_id", "serial", "cost"),
    [
        (PASSWORD, GARAGE, MIX, 3),
        (PASSWORD, CABIN, SPF, 2),
        (PASSWORD, CABIN, SPA, 0),
        (PASSWORD, HOME, TLX, 1),
        (PASSWORD, HOME, INVERTER, 1),
        (PASSWORD, GARAGE, MAX, 1),
        (PASSWORD, CABIN, NOAH, 1),
        (TOKEN_AUTH, GARAGE, MIX, 1),
        (TOKEN_AUTH, CABIN, SPF, 1),
        (TOKEN_AUTH, CABIN, SPA, 1),
        (TOKEN_AUTH, HOME, TLX, 1),
        (TOKEN_AUTH, HOME, INVERTER, 1),
        (TOKEN_AUTH, GARAGE, MAX, 1),
    ],
)
async def test_poll_cost_is_what_a_telemetry_read_sends(
    account: GrowattAccount,
    emulator: Emulator,
    plant_id: int,
    serial: str,
    cost: int,
) -> None:
    """The announced cost is the number of requests one telemetry read makes."""
    device = await listed(account, plant_id, serial)
    assert account.poll_cost(device) == cost
    before = len(sent(emulator))
    await account.telemetry(device, BERLIN)
    assert len(sent(emulator)) - before == cost


async def test_legacy_mix_poll_sends_three_mix_requests(
    password_account: PasswordAccount, emulator: Emulator
) -> None:
    mix = await listed(password_account, GARAGE, MIX)
    before = len(sent(emulator))
    await password_account.telemetry(mix, BERLIN)
    poll = sent(emulator)[before:]
    assert len(poll) == 3
    assert {record.path for record in poll} == {"/newMixApi.do"}
    assert len({record.op for record in poll}) == 3


# -- settings and writes --------------------------------------------------------------


async def test_storage_has_no_settings(
    account: GrowattAccount, auth: str, emulator: Emulator
) -> None:
    cabin = {device.serial: device for device in await account.devices(str(CABIN))}
    assert account.has_settings(cabin[SPF]) is False
    assert account.has_settings(cabin[SPA]) is True
    before = len(sent(emulator))
    settings = await account.read_settings(list(cabin.values()))
    assert not any(SPF in r.params.values() for r in sent(emulator)[before:])
    assert set(settings) == LISTED[auth][str(CABIN)] - {SPF}
    assert settings[SPA].charge_stop_soc == 100


async def test_every_other_family_has_settings(account: GrowattAccount) -> None:
    for plant_id in (HOME, GARAGE):
        devices = await account.devices(str(plant_id))
        assert all(account.has_settings(device) for device in devices)
        settings = await account.read_settings(devices)
        assert set(settings) == {device.serial for device in devices}


async def test_write_tlx_charge_stop_soc(
    account: GrowattAccount, auth: str, emulator: Emulator
) -> None:
    tlx = await listed(account, HOME, TLX)
    current = await account.settings(tlx)
    assert current.charge_stop_soc != 90
    setting = kind(DeviceFamily.TLX, Target.CHARGE_STOP_SOC)
    desired = replace(current, charge_stop_soc=90)
    await account.write(tlx, setting, desired)
    record = sent(emulator)[-1]
    if auth == PASSWORD:
        # Every TLX setting but the time segments travels in the query string.
        assert record.path == "/newTcpsetAPI.do"
        assert record.query == {
            "op": "tlxSet",
            "serialNum": TLX,
            "type": "charge_stop_soc",
            "param1": "90",
        }
    else:
        assert record.path == "/v1/tlxSet"
        assert record.params["tlx_sn"] == TLX
        assert record.params["type"] == "charge_stop_soc"
        assert params_of(record) == [f"param{n}" for n in range(1, 20)]
        assert record.params["param1"] == "90"
        assert all(record.params[f"param{n}"] == "" for n in range(2, 20))
    assert emulated(emulator, TLX).settings.charge_stop_soc == 90
    back = await account.read_back(tlx, setting, current)
    assert back.charge_stop_soc == 90
    assert setting.view(back) == setting.view(desired)


async def test_write_tlx_time_segment(
    account: GrowattAccount, auth: str, emulator: Emulator
) -> None:
    tlx = await listed(account, HOME, TLX)
    current = await account.settings(tlx)
    wanted = TimeSegment(
        index=2, mode=1, start=time(6, 5), end=time(8, 30), enabled=True
    )
    assert segment(current, Target.TIME_SEGMENT, 2) != wanted
    setting = kind(DeviceFamily.TLX, Target.TIME_SEGMENT, 2)
    desired = with_segment(current, Target.TIME_SEGMENT, wanted)
    await account.write(tlx, setting, desired)
    record = sent(emulator)[-1]
    values = [record.params[f"param{n}"] for n in range(1, 7)]
    if auth == PASSWORD:
        # The app's form body with zero-padded times; only `op` in the query.
        assert record.path == "/newTcpsetAPI.do"
        assert record.query == {"op": "tlxSet"}
        assert record.params["serialNum"] == TLX
        assert record.params["type"] == "time_segment2"
        assert values == ["1", "06", "05", "08", "30", "1"]
        assert params_of(record) == [f"param{n}" for n in range(1, 7)]
    else:
        assert record.path == "/v1/tlxSet"
        assert record.params["tlx_sn"] == TLX
        assert record.params["type"] == "time_segment2"
        assert values == ["1", "6", "5", "8", "30", "1"]
        assert params_of(record) == [f"param{n}" for n in range(1, 20)]
    written = emulated(emulator, TLX).settings.time_segments[1]
    assert (written.start, written.end, written.enabled) == (
        time(6, 5),
        time(8, 30),
        True,
    )
    back = await account.read_back(tlx, setting, current)
    assert setting.view(back) == setting.view(desired)
    assert segment(back, Target.TIME_SEGMENT, 2) == wanted


@pytest.mark.parametrize(
    ("plant_id", "serial", "target", "name", "count"),
    [
        (GARAGE, MIX, Target.CHARGE_PERIOD, "mix_ac_charge_time_period", 18),
        (GARAGE, MIX, Target.DISCHARGE_PERIOD, "mix_ac_discharge_time_period", 17),
        (CABIN, SPA, Target.CHARGE_PERIOD, "spa_ac_charge_time_period", 17),
    ],
)
async def test_v1_period_writes_send_exact_layouts(
    token_account: TokenAccount,
    emulator: Emulator,
    plant_id: int,
    serial: str,
    target: Target,
    name: str,
    count: int,
) -> None:
    """growattServer's period writes: exactly their parameters, no empty tail."""
    device = await listed(token_account, plant_id, serial)
    current = await token_account.settings(device)
    mode = 1 if target == Target.CHARGE_PERIOD else 2
    wanted = TimeSegment(
        index=2, mode=mode, start=time(1, 5), end=time(5, 30), enabled=True
    )
    assert segment(current, target, 2) != wanted
    setting = kind(device.family, target, 2)
    assert setting.name == name
    desired = with_segment(current, target, wanted)
    await token_account.write(device, setting, desired)
    record = sent(emulator)[-1]
    prefix = device.family.value
    assert record.path == f"/v1/{prefix}Set"
    assert record.params[f"{prefix}_sn"] == serial
    assert record.params["type"] == name
    assert params_of(record) == [f"param{n}" for n in range(1, count + 1)]
    # Power, stop SOC (and the grid flag of a MIX charge), then three slots
    # of five; slot 2 has unpadded times.
    head = count - 15
    assert record.params["param2"] == setting.encode(current, PLAIN)[1]
    slot = [record.params[f"param{n}"] for n in range(head + 6, head + 11)]
    assert slot == ["1", "5", "5", "30", "1"]
    field = "charge_periods" if target == Target.CHARGE_PERIOD else "discharge_periods"
    period = getattr(emulated(emulator, serial).settings, field)[1]
    assert (period.start, period.end, period.enabled) == (time(1, 5), time(5, 30), True)
    back = await token_account.read_back(device, setting, current)
    assert setting.view(back) == setting.view(desired)
    assert segment(back, target, 2) == wanted


async def test_legacy_mix_charge_period_write(
    password_account: PasswordAccount, emulator: Emulator
) -> None:
    mix = await listed(password_account, GARAGE, MIX)
    current = await password_account.settings(mix)
    wanted = TimeSegment(
        index=1, mode=1, start=time(2, 0), end=time(4, 15), enabled=True
    )
    setting = kind(DeviceFamily.MIX, Target.CHARGE_PERIOD, 1)
    desired = with_segment(current, Target.CHARGE_PERIOD, wanted)
    await password_account.write(mix, setting, desired)
    record = sent(emulator)[-1]
    assert record.path == "/newTcpsetAPI.do"
    assert record.query["op"] == "mixSetApiNew"
    assert record.query["serialNum"] == MIX
    assert record.query["type"] == "mix_ac_charge_time_period"
    # All 18 parameters in the query: power, stop SOC, grid flag, 3 x 5 slots.
    assert params_of(record) == [f"param{n}" for n in range(1, 19)]
    assert [record.query[f"param{n}"] for n in range(2, 9)] == [
        "100",
        "0",
        "2",
        "0",
        "4",
        "15",
        "1",
    ]
    back = await password_account.read_back(mix, setting, current)
    assert setting.view(back) == setting.view(desired)
    assert segment(back, Target.CHARGE_PERIOD, 1) == wanted


async def test_a_refused_write_raises(
    account: GrowattAccount, emulator: Emulator
) -> None:
    tlx = await listed(account, HOME, TLX)
    current = await account.settings(tlx)
    setting = kind(DeviceFamily.TLX, Target.CHARGE_STOP_SOC)
    with pytest.raises(GrowattApiError):
        await account.write(tlx, setting, replace(current, charge_stop_soc=150))
    assert emulated(emulator, TLX).settings.charge_stop_soc == current.charge_stop_soc


async def test_a_write_to_an_offline_device_raises(
    account: GrowattAccount, emulator: Emulator
) -> None:
    tlx = await listed(account, HOME, TLX)
    current = await account.settings(tlx)
    emulated(emulator, TLX).online = False
    setting = kind(DeviceFamily.TLX, Target.CHARGE_STOP_SOC)
    with pytest.raises(GrowattApiError):
        await account.write(tlx, setting, replace(current, charge_stop_soc=50))
    assert emulated(emulator, TLX).settings.charge_stop_soc == current.charge_stop_soc
    assert (await account.telemetry(tlx, BERLIN)).identity.online is False


@pytest.mark.parametrize(
    "auth",
    [
        PASSWORD,
        TOKEN_AUTH,
    ],
)
async def test_settings_after_a_write_show_it(
    account: GrowattAccount, emulator: Emulator
) -> None:
    mix = await listed(account, GARAGE, MIX)
    current = await account.settings(mix)
    assert current.charge_stop_soc == 100
    setting = kind(DeviceFamily.MIX, Target.CHARGE_STOP_SOC)
    await account.write(mix, setting, replace(current, charge_stop_soc=80))
    assert emulated(emulator, MIX).settings.charge_stop_soc == 80
    back = await account.read_back(mix, setting, current)
    assert back.charge_stop_soc == 80
    again = await account.settings(mix)
    assert again.charge_stop_soc == 80


# -- what callers must know -------------------------------------------------------


@pytest.mark.parametrize(
    ("auth", "spacing", "refreshes"),
    [(PASSWORD, 0.0, True), (TOKEN_AUTH, 5.0, False)],
)
def test_write_spacing_and_plant_refresh(
    auth: str, spacing: float, refreshes: bool
) -> None:
    cls = PasswordAccount if auth == PASSWORD else TokenAccount
    assert cls.write_spacing == spacing
    assert cls.refreshes_plants is refreshes


async def test_attributes_of_built_accounts(account: GrowattAccount, auth: str) -> None:
    assert account.write_spacing == (0.0 if auth == PASSWORD else 5.0)
    assert account.refreshes_plants is (auth == PASSWORD)
    assert account.locked_until is None


# -- sessions -----------------------------------------------------------------------


async def test_password_session_survives_export_and_import(
    password_account: PasswordAccount, emulator: Emulator
) -> None:
    await password_account.prepare()
    exported = password_account.export_session()
    assert exported["cookies"]
    assert exported["user_id"] == USER_ID
    text = json.dumps(exported)
    assert hash_password("demo") not in text
    assert "password" not in text.lower()
    logins = len(sent(emulator, LOGIN_PATH))
    assert logins == 1

    resumed = PasswordAccount("demo", "demo", server_url=emulator.url)
    try:
        resumed.import_session(exported)
        assert resumed.user_id == str(USER_ID)
        plants = await resumed.plants()
        assert {plant.plant_id for plant in plants} == set(PLANTS)
    finally:
        await resumed.close()
    assert len(sent(emulator, LOGIN_PATH)) == logins


async def test_token_account_session_is_its_recent_reads(
    token_account: TokenAccount, emulator: Emulator
) -> None:
    """No login session; what it keeps is when it last sent each identical read."""
    empty = {"recent": {}, "answers": {}, "hardware": {}}
    assert token_account.export_session() == empty
    token_account.import_session({"cookies": {"JSESSIONID": "x"}, "user_id": 1})
    assert token_account.user_id is None
    assert token_account.export_session() == empty
    assert sent(emulator) == []
    assert len(await token_account.plants()) == 4
    recent = token_account.export_session()["recent"]
    assert [key.partition("?")[0] for key in recent] == ["plant/list"]


# -- lockout --------------------------------------------------------------------------


async def test_locked_login_is_not_repeated(
    password_account: PasswordAccount, emulator: Emulator
) -> None:
    emulator.world.set_faults("demo", lock=True)
    unlocked = password_account.locked_until
    assert unlocked is None
    with pytest.raises(GrowattAccountLockedError) as err:
        await password_account.prepare()
    assert sent(emulator)[-1].path == LOGIN_PATH
    assert password_account.locked_until is not None
    assert password_account.locked_until == err.value.unlock_at
    # The emulator's lockDuration is 24 hours; the account keeps its own clock.
    left = err.value.unlock_at - datetime.now(UTC)
    assert timedelta(hours=23) < left <= timedelta(hours=24)
    assert password_account.user_id is None
    before = len(sent(emulator))
    with pytest.raises(GrowattAccountLockedError):
        await password_account.prepare()
    with pytest.raises(GrowattAccountLockedError):
        await password_account.plants()
    assert len(sent(emulator)) == before
    assert password_account.export_session()["locked_until"] is not None


async def test_token_account_is_never_locked(
    token_account: TokenAccount, emulator: Emulator
) -> None:
    emulator.world.set_faults("demo", lock=True)
    assert token_account.locked_until is None
    assert len(await token_account.plants()) == 4
    assert token_account.locked_until is None


# -- read_each ------------------------------------------------------------------------


def _listing(serial: str) -> DeviceListing:
    return DeviceListing(serial=serial, family=DeviceFamily.TLX, plant_id="1")


async def test_read_each_leaves_a_failing_device_out() -> None:
    async def read(device: DeviceListing) -> str:
        if device.serial == "B":
            raise GrowattApiError("offline", code=10003)
        return device.serial.lower()

    found = await read_each([_listing("A"), _listing("B"), _listing("C")], read)
    assert found == {"A": "a", "C": "c"}


@pytest.mark.parametrize(
    "error",
    [
        GrowattAuthenticationError("wrong password"),
        GrowattRateLimitError("slow down", retry_after=5.0),
        RuntimeError("a bug, not a device"),
    ],
)
async def test_read_each_raises_account_errors(error: Exception) -> None:
    async def read(device: DeviceListing) -> str:
        if device.serial == "B":
            raise error
        return device.serial

    with pytest.raises(type(error)) as raised:
        await read_each([_listing("A"), _listing("B")], read)
    assert raised.value is error


async def test_read_each_raises_the_first_when_all_fail() -> None:
    errors = {s: GrowattApiError(f"{s} failed", code=s) for s in ("A", "B", "C")}

    async def read(device: DeviceListing) -> str:
        if device.serial == "A":
            await asyncio.sleep(0.01)  # first in the list, not first to fail
        raise errors[device.serial]

    with pytest.raises(GrowattApiError) as raised:
        await read_each([_listing("A"), _listing("B"), _listing("C")], read)
    assert raised.value is errors["A"]


async def test_read_each_of_nothing_is_empty() -> None:
    async def read(device: DeviceListing) -> str:
        raise AssertionError(device.serial)

    assert await read_each([], read) == {}


async def test_read_telemetry_skips_a_device_the_emulator_lost(
    account: GrowattAccount, emulator: Emulator
) -> None:
    """A device that fails on its own is left out of a real read."""
    devices = await account.devices(str(HOME))
    home = next(p for p in emulator.world.accounts[0].plants if p.plant_id == HOME)
    home.devices = [d for d in home.devices if d.sn != INVERTER]
    with pytest.raises(GrowattError):
        await account.telemetry(
            devices[[d.serial for d in devices].index(INVERTER)], BERLIN
        )
    reads = await account.read_telemetry(devices, BERLIN)
    assert set(reads) == {TLX}


async def test_device_day_records_give_the_day_start(
    account: GrowattAccount, auth: str, emulator: Emulator
) -> None:
    """A token account reads a past day's records; their totals minus the day's values agree."""
    tlx = await listed(account, HOME, TLX)
    if auth == PASSWORD:
        assert not account.keeps_device_days(tlx)
        return
    assert account.keeps_device_days(tlx)
    plant = emulator.world.find_device(TLX)
    assert plant is not None
    day = date(2025, 5, 20)
    before = len(sent(emulator))
    records = await account.device_day(tlx, day)
    following = await account.device_day(tlx, day + timedelta(days=1))
    # One request a day, a page of the day's first uploads.
    assert len(sent(emulator)) - before == 2
    assert len(records) == 30
    assert all(r.serial == TLX for r in records)
    starts = [
        r.energy.pv_total - r.energy.pv_today  # type: ignore[operator]
        for r in records
    ]
    # Every record tells the same start, to the 0.1 kWh the values are printed to.
    assert max(starts) - min(starts) <= 0.1 + 1e-9
    next_start = following[0].energy.pv_total - following[0].energy.pv_today  # type: ignore[operator]
    expected = day_values(plant[1], plant[2], day)["pv"]
    assert next_start - starts[0] == pytest.approx(expected, abs=0.2)
    # A day before the device uploaded anything has no record.
    assert await account.device_day(tlx, date(2020, 1, 1)) == []
