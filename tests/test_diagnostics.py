"""Diagnostics by allow-list: identities never show, whatever key they hide under."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import copy
from dataclasses import replace
import itertools
import json
from typing import Any, cast

from aiohttp.test_utils import TestServer
from homeassistant.components.diagnostics import REDACTED
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)
from pytest_homeassistant_custom_component.components.diagnostics import (  # type: ignore[import-untyped]
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import (  # type: ignore[import-untyped]
    ClientSessionGenerator,
)

from custom_components.growatt.const import DOMAIN
from custom_components.growatt.diagnostics import (
    TEXT_KEYS,
    Identifiers,
    Redactor,
    async_get_config_entry_diagnostics,
    is_identity_key,
)
from custom_components.growatt.runtime import GrowattConfigEntry
from emulator.app import create_app
from emulator.clock import Clock
from emulator.worlds import DEFAULT_WORLD, build_world
from tests.conftest import START, Emulator

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")

FAMILIES = {"tlx", "inverter", "mix", "max", "storage", "spa", "noah"}
# The OpenAPI v1 has no Noah device.
FAMILIES_OF = {"password": FAMILIES, "token": FAMILIES - {"noah"}}

# -- canaries: what identifies the user, served by the emulator ----------------------

NAME = "Jane Doe"
EMAIL = "jane.doe@example.com"
ADDRESS = "12 Example Street"
COUNTRY = "Examplestan"
LATITUDE = 52.520008
LONGITUDE = 13.404954
PASSWORD = "Canary-Pass-4711"
TOKEN = "c0ffee00c0ffee00c0ffee00c0ffee00"
USER_ID = 7654321
PLANT_IDS = [5550101, 5550102, 5550103, 5550104]
SERIALS = [f"ABC{1234567 + n}" for n in range(9)]  # ABC1234567 ...
DATALOGGERS = [f"XYZ98765432{n:02d}" for n in range(9)]
BATTERY = "ABC7654321"

CANARIES = [
    NAME,
    EMAIL,
    ADDRESS,
    COUNTRY,
    PASSWORD,
    TOKEN,
    str(USER_ID),
    f"{LATITUDE}",
    f"{LONGITUDE}",
    "52.5200",
    "13.4049",
    BATTERY,
    *map(str, PLANT_IDS),
    *SERIALS,
    *DATALOGGERS,
]


def canary_world() -> dict[str, Any]:
    """The demo world, its every identity replaced by a canary."""
    world = copy.deepcopy(DEFAULT_WORLD)
    account = world["accounts"][0]
    account.update(
        username=EMAIL, password=PASSWORD, token=TOKEN, user_id=USER_ID, email=EMAIL
    )
    serials = iter(SERIALS)
    dataloggers = iter(DATALOGGERS)
    for plant, plant_id in zip(account["plants"], PLANT_IDS, strict=True):
        plant.update(
            plant_id=plant_id,
            name=f"{NAME} {plant['name']}",
            city=ADDRESS,
            country=COUNTRY,
            latitude=LATITUDE,
            longitude=LONGITUDE,
        )
        for device in plant["devices"]:
            device.update(
                sn=next(serials),
                alias=f"{NAME}'s {device['alias']}",
                datalogger_sn=next(dataloggers),
            )
            if "battery_sn" in device:
                device["battery_sn"] = BATTERY
    return world


@pytest.fixture
async def canary_emulator(socket_enabled: None) -> AsyncIterator[Emulator]:
    """The emulator serving the canary world."""
    world = build_world(canary_world(), clock=Clock(START, frozen=True))
    server = TestServer(create_app(world), host="127.0.0.1")
    await server.start_server()
    try:
        yield Emulator(world=world, server=server)
    finally:
        await server.close()


async def setup_canary_entry(
    hass: HomeAssistant, emulator: Emulator, auth: str
) -> GrowattConfigEntry:
    """An entry of the canary account, titled and keyed as the config flow does."""
    plants = [str(plant_id) for plant_id in PLANT_IDS]
    data: dict[str, Any] = {
        "auth_type": auth,
        "region": "custom",
        "server_url": emulator.url,
        "plants": plants,
    }
    if auth == "password":
        data |= {"username": EMAIL, "password": PASSWORD}
    else:
        data |= {"token": TOKEN}
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=f"{NAME} Home",
        unique_id=str(USER_ID),
        data=data,
        options={"scan_interval": 10, "plants": plants},
        entry_id=f"growatt_canary_{auth}",
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return cast(GrowattConfigEntry, entry)


def assert_no_canary(diagnostics: Any) -> None:
    """No canary anywhere in the output, as text or as a number."""
    text = json.dumps(diagnostics, ensure_ascii=False)
    found = [canary for canary in CANARIES if canary.casefold() in text.casefold()]
    assert not found, found
    numbers = {LATITUDE, LONGITUDE, float(USER_ID), *map(float, PLANT_IDS)}
    leaked = [value for value in leaves(diagnostics) if value in numbers]
    assert not leaked, leaked


def leaves(value: Any) -> Iterator[Any]:
    """Every number and text of a JSON-like value."""
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    elif not isinstance(value, bool):
        yield value


def devices(diagnostics: dict[str, Any]) -> list[dict[str, Any]]:
    """Every device entry of the diagnostics."""
    return [d for plant in diagnostics["plant_data"] for d in plant["devices"]]


def assert_useful(
    diagnostics: dict[str, Any], auth: str, *, raw_texts: bool = True
) -> None:
    """What debugging needs is still there: redacting everything fails this."""
    entry = diagnostics["entry"]
    assert entry["data"]["auth_type"] == auth
    assert entry["data"]["region"] == "custom"
    assert entry["data"]["server_url"] == REDACTED  # a custom server
    assert entry["data"]["plants"] == REDACTED
    assert entry["options"] == {"scan_interval": 10, "plants": REDACTED}
    assert diagnostics["last_update_success"] is True
    assert diagnostics["update_interval"].startswith("0:")
    budget = diagnostics["budget"]
    assert budget["used_today"] > 0
    assert budget["by_endpoint"]
    assert all(isinstance(n, int) and n > 0 for n in budget["by_endpoint"].values())
    assert REDACTED not in budget["by_endpoint"]
    if auth == "password":
        assert diagnostics["session"]["logged_in"] is True
    assert all(p["timezone"] not in (None, REDACTED) for p in diagnostics["plant_data"])
    found = devices(diagnostics)
    assert {d["family"] for d in found} == FAMILIES_OF[auth]
    assert all(d["reported"] for d in found)
    by_family = {d["family"]: d for d in found}
    tlx = by_family["tlx"]["device"]
    assert tlx["identity"]["family"] == "tlx"
    assert tlx["identity"]["serial"] == REDACTED
    assert tlx["identity"]["alias"] == REDACTED
    assert tlx["identity"]["online"] is True
    assert tlx["telemetry"]["pv_power"] > 0
    assert tlx["energy"]["pv_total"] > 0
    assert by_family["tlx"]["listing"]["family"] == "tlx"
    for family in FAMILIES_OF[auth]:
        raw = by_family[family]["device"]["raw"]
        shown = [v for v in leaves(raw) if v not in (None, "", REDACTED)]
        # Telemetry by pattern (the legacy API sends most of it as text).
        assert len(shown) > (10 if raw_texts else 0), family
        assert REDACTED in raw.values(), family  # and the keys of what is not shown
    plant = diagnostics["plant_data"][0]["plant"]
    assert plant["plant_id"] == REDACTED
    assert plant["name"] == REDACTED
    assert plant["energy_total"] > 0


# -- the canary tests ------------------------------------------------------------------


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_served_identities_never_show(
    hass: HomeAssistant,
    canary_emulator: Emulator,
    hass_client: ClientSessionGenerator,
    auth: str,
) -> None:
    """Names, serials, addresses and coordinates served by Growatt stay hidden.

    Through Home Assistant's diagnostics download, so the output is also
    JSON as users get it.
    """
    entry = await setup_canary_entry(hass, canary_emulator, auth)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert isinstance(diagnostics, dict)
    assert_no_canary(diagnostics)
    assert_useful(diagnostics, auth)
    # Allow-listed texts are shown: firmware, model, status.
    by_family = {d["family"]: d for d in devices(diagnostics)}
    tlx = by_family["tlx"]["device"]
    assert tlx["identity"]["firmware"] == "AL1.0"
    models = {d["device"]["identity"]["model"] for d in devices(diagnostics)}
    assert "GROWATT 3000MTL-S" in models  # not taken for Noah's `manName` "Growatt"
    assert "Normal" in json.dumps(diagnostics)
    # The listings name the devices Growatt knows; their aliases are hidden.
    listing = by_family["tlx"]["listing"]
    assert listing["serial"] == REDACTED
    assert listing["alias"] in (REDACTED, None)


def poison(raw: Any, texts: Iterator[str]) -> None:
    """Every text of a raw answer a canary; coordinates and ids canary numbers."""
    items = raw.items() if isinstance(raw, dict) else enumerate(raw)
    for key, value in list(items):
        name = str(key).casefold()
        if isinstance(value, dict | list):
            poison(value, texts)
        elif isinstance(value, str):
            raw[key] = next(texts)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int | float):
            if "lat" in name:
                raw[key] = LATITUDE
            elif "lng" in name or "lon" in name:
                raw[key] = LONGITUDE
            elif name.endswith("id"):
                raw[key] = PLANT_IDS[0]


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_every_raw_text_of_every_family_is_hidden(
    hass: HomeAssistant, canary_emulator: Emulator, auth: str
) -> None:
    """Canaries in every raw text (allow-listed keys too) and the typed identities."""
    entry = await setup_canary_entry(hass, canary_emulator, auth)
    data = entry.runtime_data.coordinator.data
    assert data is not None
    texts = itertools.cycle([NAME, EMAIL, ADDRESS, SERIALS[0], f"{NAME}'s roof"])
    poisoned = 0
    for plant in data.plants.values():
        poison(plant.plant.raw, texts)
        plant.plant.raw["coordinates"] = {"lat": LATITUDE, "lng": LONGITUDE}
        for serial, device in list(plant.devices.items()):
            poison(device.raw, texts)
            # A map keyed by a serial: the key goes, the numbers stay.
            device.raw[SERIALS[0]] = {"power": 12.5}
            plant.devices[serial] = replace(
                device,
                identity=replace(
                    device.identity,
                    alias=NAME,
                    serial=SERIALS[0],
                    datalogger_serial=DATALOGGERS[0],
                ),
            )
            poisoned += 1
    # Every device of the world that the API serves (v1 has no Noah).
    served = [
        device
        for plant in canary_world()["accounts"][0]["plants"]
        for device in plant["devices"]
        if device["family"] in FAMILIES_OF[auth]
    ]
    assert poisoned == len(served)
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    json.dumps(diagnostics)  # plain JSON
    assert_no_canary(diagnostics)
    assert_useful(diagnostics, auth, raw_texts=False)
    for found in devices(diagnostics):
        raw = found["device"]["raw"]
        assert {"power": 12.5} in raw.values()
        # Every text is a canary now, so none is shown.
        assert all(
            not isinstance(value, str) or value in ("", REDACTED)
            for value in leaves(raw)
        )


async def test_diagnostics_of_the_demo_account(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """The demo account's identities are hidden; settings and budget are shown.

    (Moved here from test_coordinator.py's `test_diagnostics_are_redacted`.)
    """
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="demo",
        unique_id="1000001",
        data={
            "auth_type": "password",
            "username": "demo",
            "password": "demo",
            "region": "custom",
            "server_url": emulator.url,
            "plants": ["1234567"],
        },
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    diagnostics = await async_get_config_entry_diagnostics(
        hass, cast(GrowattConfigEntry, entry)
    )
    text = json.dumps(diagnostics)
    for secret in (
        "demo",
        "TLX0000001",
        "INV0000001",
        "BAT0000001",
        "QMN0000000000001",
        "1234567",
        "Home",
        "Roof hybrid",
        "Shed inverter",
        "Ulm",
        "JSESSIONID",
    ):
        assert secret not in text, secret
    assert diagnostics["budget"]["used_today"] > 0
    assert diagnostics["session"]["logged_in"] is True
    assert diagnostics["plant_data"][0]["devices"][0]["device"]["telemetry"]
    # The writable settings as last read, for "the battery did not do it" reports.
    settings = [d["settings"] for d in diagnostics["plant_data"][0]["devices"]]
    assert any(s and s["charge_power"] == 100 for s in settings)
    assert diagnostics["settings_update_success"] is True


# -- the rules -------------------------------------------------------------------------


def test_the_rules() -> None:
    identifiers = Identifiers()
    identifiers.add(["TLX0000001", "Roof hybrid", 1234567, "7"])
    redactor = Redactor(identifiers)
    raw = {
        "treeName": "Roof hybrid",  # an identity key
        "plantId": 1234567,  # a number under an identity key
        "lat": 48.4,
        "statusText": "Normal",  # an allow-listed text
        "fwVersion": "AL1.0",
        "bdc1Version": "ZAba-0001",
        "time_segment1": "0_0:0_23:59_200",
        "model": "MIN 3000TL-XH (TLX0000001)",  # allow-listed, holding a serial
        "warnText": "jane.doe@example.com",  # an e-mail under any key
        "comment": "Roof hybrid on the barn",  # text under an unknown key
        "note": "Jane",
        "vpv1": "309.2",  # number text
        "currentPower": "2.66 kW",
        "plantMoneyText": "0.1/€",
        "capacity": "83%",
        "phoneish": "01701234567",  # too long a number
        "pac": 2215.6,
        "big": 4915112345678,
        "echo": 1234567,  # a known id under an unknown key
        "isHaveCt": "false",
        "lost": True,
        "blank": "",
        "none": None,
        "pacToUser": 0.4,  # grid import, not a user
        "children": [{"deviceSn": "X", "pac": 1}],
        "TLX0000001": {"power": 1},  # keyed by a serial
        "Roof hybrid": 2,
    }
    assert redactor.mapping(raw) == {
        "treeName": REDACTED,
        "plantId": REDACTED,
        "lat": REDACTED,
        "statusText": "Normal",
        "fwVersion": "AL1.0",
        "bdc1Version": "ZAba-0001",
        "time_segment1": "0_0:0_23:59_200",
        "model": REDACTED,
        "warnText": REDACTED,
        "comment": REDACTED,
        "note": REDACTED,
        "vpv1": "309.2",
        "currentPower": "2.66 kW",
        "plantMoneyText": "0.1/€",
        "capacity": "83%",
        "phoneish": REDACTED,
        "pac": 2215.6,
        "big": REDACTED,
        "echo": REDACTED,
        "isHaveCt": "false",
        "lost": True,
        "blank": "",
        "none": None,
        "pacToUser": 0.4,
        "children": [{"deviceSn": REDACTED, "pac": 1}],
        REDACTED: {"power": 1},
        f"{REDACTED}2": 2,
    }


@pytest.mark.parametrize(
    "key",
    [
        "treeName",
        "deviceAilas",
        "alias",
        "serialNum",
        "deviceSN",
        "dataLogSn",
        "datalogger_sn",
        "bdc1Sn",
        "batSns",
        "plantId",
        "plant_id",
        "plantID",
        "user_id",
        "accountName",
        "email",
        "phoneNum",
        "plantAddress",
        "city",
        "country",
        "lat",
        "plant_lng",
        "latitude_d",
        "longitude",
        "tcpServerIp",
        "JSESSIONID",
        "token",
        "image_url",
    ],
)
def test_identity_keys(key: str) -> None:
    assert is_identity_key(key)


def test_the_text_allow_list_names_no_identity() -> None:
    assert not [key for key in TEXT_KEYS if is_identity_key(key)]
    for key in ("pacToUser", "eToUserToday", "etoUserTotal", "tlx_dry_contact_enable"):
        assert not is_identity_key(key), key
