"""Models built from the emulator's raw payloads agree across APIs and with the world.

Raw payloads are fetched over loopback with plain aiohttp, unwrapped the way
growattServer unwraps them, turned into models through `from_legacy` and
`from_v1`, and compared with each other and with the emulator's canonical
state (`world.find_device(sn)[2]`). Tolerances follow the coarsest source:
the legacy `_KW` endpoints print kW with two decimals (10 W), energies carry
one decimal.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import fields
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from custom_components.growatt.api.models import (
    BatteryMode,
    Device,
    DeviceFamily,
    EnergyCounters,
    Telemetry,
    inverter,
    max as max_models,
    mix,
    noah,
    plant as plant_models,
    spa,
    storage,
    tlx,
)
from emulator.model import Device as WorldDevice
from emulator.world import growatt_hash
from tests.conftest import Emulator

UA = {"User-Agent": "ShinePhone/8.1.17 (iPhone; iOS 15.6.1; Scale/2.00)"}
TOKEN = {"token": "deadbeefdeadbeefdeadbeefdeadbeef", **UA}
BERLIN = ZoneInfo("Europe/Berlin")

POWER_TOLERANCE = 10.01  # W: "0.01" kW is the legacy resolution
ENERGY_TOLERANCE = 0.051  # kWh: one decimal
SOC_TOLERANCE = 0.51  # %: whole percent
VOLTAGE_TOLERANCE = 0.051

TELEMETRY_TOLERANCE = {
    "pv_power": POWER_TOLERANCE,
    "ac_power": POWER_TOLERANCE,
    "load_power": POWER_TOLERANCE,
    "import_power": POWER_TOLERANCE,
    "export_power": POWER_TOLERANCE,
    "battery_charge_power": POWER_TOLERANCE,
    "battery_discharge_power": POWER_TOLERANCE,
    "soc": SOC_TOLERANCE,
    "ac_voltage": VOLTAGE_TOLERANCE,
    "ac_current": 0.051,  # v1 writes one decimal, as Growatt does
    "ac_frequency": 0.011,
    "battery_voltage": VOLTAGE_TOLERANCE,
    "battery_current": 0.011,
    "battery_temperature": 0.51,
    "temperature": 0.051,
    "ipm_temperature": 0.051,
}


class Client:
    """Both APIs over one aiohttp session."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url

    async def legacy(self, path: str, method: str = "GET", **kwargs: Any) -> Any:
        async with self.session.request(
            method, self.url + path, headers=UA, **kwargs
        ) as response:
            return json.loads(await response.text())

    async def legacy_text(self, path: str, **kwargs: Any) -> str:
        async with self.session.get(self.url + path, headers=UA, **kwargs) as response:
            return await response.text()

    async def v1(self, path: str, method: str = "GET", **kwargs: Any) -> Any:
        async with self.session.request(
            method, self.url + "v1/" + path, headers=TOKEN, **kwargs
        ) as response:
            body = json.loads(await response.text())
        assert body["error_code"] == 0, body
        return body["data"]

    async def device_entry(self, plant_id: int, sn: str) -> dict[str, Any]:
        listing = await self.legacy(
            "newTwoPlantAPI.do",
            params={"op": "getAllDeviceList", "plantId": plant_id, "language": 1},
        )
        return next(e for e in listing["deviceList"] if e["deviceSn"] == sn)

    async def v1_entry(self, plant_id: int, sn: str) -> dict[str, Any]:
        listing = await self.v1("device/list", params={"plant_id": plant_id})
        return next(e for e in listing["devices"] if e["device_sn"] == sn)


@pytest.fixture
async def client(emulator: Emulator) -> AsyncIterator[Client]:
    """A logged-in legacy session that also carries the v1 token per request."""
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        async with session.post(
            emulator.url + "newTwoLoginAPI.do",
            data={"userName": "demo", "password": growatt_hash("demo")},
            headers=UA,
        ) as response:
            assert json.loads(await response.text())["back"]["success"] is True
        yield Client(session, emulator.url)


def canonical(emulator: Emulator, sn: str) -> WorldDevice:
    found = emulator.world.find_device(sn)
    assert found is not None
    return found[2]


def expected_telemetry(device: WorldDevice) -> dict[str, float]:
    t = device.telemetry
    return {
        "pv_power": t.pv_power,
        "ac_power": t.ac_power,
        "ac_voltage": t.ac_voltage,
        "ac_current": t.ac_current,
        "ac_frequency": t.ac_frequency,
        "load_power": t.load_power,
        "import_power": t.import_power,
        "export_power": t.export_power,
        "battery_charge_power": t.charge_power,
        "battery_discharge_power": t.discharge_power,
        "soc": t.soc,
        "battery_voltage": t.battery_voltage,
        "battery_current": t.battery_current,
        "battery_temperature": t.battery_temperature,
        "temperature": t.temperature,
        "ipm_temperature": t.ipm_temperature,
    }


def expected_energy(device: WorldDevice) -> dict[str, float]:
    c = device.counters
    keys = {
        "pv": "pv",
        "ac": "ac",
        "charge": "charge",
        "discharge": "discharge",
        "ac_charge": "ac_charge",
        "export": "export",
        "import": "import",
        "load": "load",
        "self": "self",
    }
    values: dict[str, float] = {}
    for name, key in keys.items():
        values[f"{name}_today"] = c.day(key)
        values[f"{name}_total"] = c.life(key)
    return values


def check_telemetry(model: Telemetry, device: WorldDevice, names: list[str]) -> None:
    """The named fields are present and match the world's telemetry."""
    expected = expected_telemetry(device)
    for name in names:
        value = getattr(model, name)
        assert value is not None, name
        assert value == pytest.approx(expected[name], abs=TELEMETRY_TOLERANCE[name]), (
            name
        )


def check_energy(model: EnergyCounters, device: WorldDevice, names: list[str]) -> None:
    """The named counters are present and match the world's counters."""
    expected = expected_energy(device)
    for name in names:
        value = getattr(model, name)
        assert value is not None, name
        # Sums of per-input figures add one rounding each.
        assert value == pytest.approx(expected[name], abs=2 * ENERGY_TOLERANCE), name


def check_agree(legacy: Device, v1: Device) -> list[str]:
    """Fields both APIs report agree within tolerance; return the names compared."""
    compared: list[str] = []
    for part, tolerance in (
        ("telemetry", TELEMETRY_TOLERANCE),
        ("energy", None),
    ):
        left, right = getattr(legacy, part), getattr(v1, part)
        for f in fields(left):
            a, b = getattr(left, f.name), getattr(right, f.name)
            if a is None or b is None or f.name in ("pv_strings", "status_text"):
                continue
            if f.name == "status":
                continue
            limit = tolerance[f.name] if tolerance else 2 * ENERGY_TOLERANCE
            assert a == pytest.approx(b, abs=limit), f"{part}.{f.name}"
            compared.append(f"{part}.{f.name}")
    assert (
        legacy.settings == v1.settings or legacy.settings is None or v1.settings is None
    )
    assert legacy.identity.serial == v1.identity.serial
    assert legacy.identity.family == v1.identity.family
    assert legacy.identity.online == v1.identity.online
    return compared


def check_settings_segments(device: WorldDevice, model: Device) -> None:
    """TLX time segments as in the world."""
    assert model.settings is not None
    segments = model.settings.time_segments
    assert len(segments) == 9
    for index, (mine, theirs) in enumerate(
        zip(segments, device.settings.time_segments, strict=False), start=1
    ):
        assert mine.index == index
        assert mine.mode == theirs.mode
        assert mine.start == theirs.start
        assert mine.end == theirs.end
        assert mine.enabled is theirs.enabled


# -- TLX -------------------------------------------------------------------------


async def legacy_tlx(client: Client, sn: str, plant_id: int) -> Device:
    detail = await client.legacy(
        "newTlxApi.do", params={"op": "getTlxDetailData", "id": sn}
    )
    overview = await client.legacy(
        "newTlxApi.do",
        "POST",
        params={"op": "getEnergyOverview"},
        data={"plantId": plant_id, "id": sn},
    )
    status = await client.legacy(
        "newTlxApi.do",
        "POST",
        params={"op": "getSystemStatus_KW"},
        data={"plantId": plant_id, "id": sn},
    )
    settings = await client.legacy(
        "newTlxApi.do", "POST", params={"op": "getTlxSetData"}, data={"serialNum": sn}
    )
    params = await client.legacy(
        "newTlxApi.do", params={"op": "getTlxParams", "id": sn}
    )
    return tlx.from_legacy(
        detail,
        energy_overview=overview["obj"],
        system_status=status["obj"],
        settings=settings["obj"]["tlxSetBean"],
        params=params,
        device_entry=await client.device_entry(plant_id, sn),
        # As the account does: the beans name no plant (getTlxParams says 0).
        plant_id=plant_id,
        tz=BERLIN,
    )


async def v1_tlx(client: Client, sn: str, plant_id: int) -> Device:
    return tlx.from_v1(
        await client.v1("device/tlx/tlx_data_info", params={"device_sn": sn}),
        last_data=await client.v1(
            "device/tlx/tlx_last_data", "POST", data={"tlx_sn": sn}
        ),
        settings=await client.v1("device/tlx/tlx_set_info", params={"device_sn": sn}),
        device_entry=await client.v1_entry(plant_id, sn),
        plant_id=plant_id,
        tz=BERLIN,
    )


async def test_tlx_models_agree_with_each_other_and_the_world(
    emulator: Emulator, client: Client
) -> None:
    legacy = await legacy_tlx(client, "TLX0000001", 1234567)
    v1 = await v1_tlx(client, "TLX0000001", 1234567)
    device = canonical(emulator, "TLX0000001")
    telemetry_names = [
        "pv_power", "ac_power", "ac_voltage", "ac_current", "ac_frequency",
        "load_power", "import_power", "export_power", "battery_charge_power",
        "battery_discharge_power", "soc", "battery_voltage", "temperature",
    ]  # fmt: skip
    energy_names = [
        "pv_today", "pv_total", "ac_today", "ac_total", "charge_today",
        "charge_total", "discharge_today", "discharge_total", "ac_charge_today",
        "ac_charge_total", "export_today", "export_total", "import_today",
        "import_total", "load_today", "load_total", "self_today", "self_total",
    ]  # fmt: skip
    for model in (legacy, v1):
        assert model.family is DeviceFamily.TLX
        assert model.identity.datalogger_serial == device.datalogger_sn
        assert model.identity.online is device.online
        check_telemetry(model.telemetry, device, telemetry_names)
        check_energy(model.energy, device, energy_names)
        check_settings_segments(device, model)
        assert model.settings is not None
        s = device.settings
        assert model.settings.charge_power == s.charge_power
        assert model.settings.charge_stop_soc == s.charge_stop_soc
        assert model.settings.discharge_power == s.discharge_power
        assert model.settings.discharge_stop_soc == s.discharge_stop_soc
        assert model.settings.on_grid_discharge_stop_soc == s.on_grid_discharge_stop_soc
        assert model.settings.ac_charge is s.ac_charge
        assert len(model.telemetry.pv_strings) >= device.strings
        for mine, theirs in zip(
            model.telemetry.pv_strings, device.telemetry.strings, strict=False
        ):
            assert mine.power == pytest.approx(theirs.power, abs=POWER_TOLERANCE)
            assert mine.voltage == pytest.approx(theirs.voltage, abs=VOLTAGE_TOLERANCE)
    assert legacy.identity == v1.identity
    assert legacy.identity.plant_id == "1234567"
    assert legacy.identity.firmware == v1.identity.firmware == device.firmware
    assert legacy.identity.last_update == v1.identity.last_update
    assert legacy.settings == v1.settings
    compared = check_agree(legacy, v1)
    assert len(compared) >= len(telemetry_names) + len(energy_names)


async def test_tlx_written_segment_reads_back_in_both_apis(
    emulator: Emulator, client: Client
) -> None:
    """A segment written with padded hours reads back as the same `time`s."""
    ack = await client.legacy(
        "newTcpsetAPI.do",
        "POST",
        params={"op": "tlxSet"},
        data={
            "serialNum": "TLX0000001",
            "type": "time_segment3",
            "param1": "2",
            "param2": "06",
            "param3": "05",
            "param4": "07",
            "param5": "30",
            "param6": "1",
        },
    )
    assert ack["success"] is True
    legacy = await legacy_tlx(client, "TLX0000001", 1234567)
    v1 = await v1_tlx(client, "TLX0000001", 1234567)
    for model in (legacy, v1):
        assert model.settings is not None
        segment = model.settings.time_segments[2]
        assert segment.index == 3
        assert segment.mode is BatteryMode.GRID_FIRST
        assert (segment.start.hour, segment.start.minute) == (6, 5)  # type: ignore[union-attr]
        assert (segment.end.hour, segment.end.minute) == (7, 30)  # type: ignore[union-attr]
        assert segment.enabled is True
    assert legacy.settings == v1.settings


# -- MIX and SPA ---------------------------------------------------------------


async def legacy_mix(client: Client, sn: str, plant_id: int) -> Device:
    ids = {"mixId": sn, "plantId": plant_id}
    info = await client.legacy("newMixApi.do", params={"op": "getMixInfo", **ids})
    totals = await client.legacy(
        "newMixApi.do", "POST", params={"op": "getEnergyOverview", **ids}
    )
    status = await client.legacy(
        "newMixApi.do", "POST", params={"op": "getSystemStatus_KW", **ids}
    )
    detail = await client.legacy(
        "newMixApi.do",
        "POST",
        params={
            "op": "getEnergyProdAndCons_KW",
            "type": 0,
            "date": "2025-06-01",
            **ids,
        },
    )
    settings = await client.legacy(
        "newMixApi.do", params={"op": "getMixSetParams", "serialNum": sn, "kind": 0}
    )
    return mix.from_legacy(
        info["obj"],
        totals=totals["obj"],
        system_status=status["obj"],
        detail=detail["obj"],
        settings=settings,
        device_entry=await client.device_entry(plant_id, sn),
        tz=BERLIN,
    )


def check_storage_settings(device: WorldDevice, model: Device) -> None:
    """Charge and discharge settings of MIX/SPA as in the world."""
    assert model.settings is not None
    s = device.settings
    assert model.settings.charge_power == s.charge_power
    assert model.settings.charge_stop_soc == s.charge_stop_soc
    assert model.settings.discharge_power == s.discharge_power
    assert model.settings.discharge_stop_soc == s.discharge_stop_soc
    assert model.settings.ac_charge is s.ac_charge
    assert model.settings.priority == s.priority
    for mine_list, theirs_list, mode in (
        (model.settings.charge_periods, s.charge_periods, BatteryMode.BATTERY_FIRST),
        (model.settings.discharge_periods, s.discharge_periods, BatteryMode.GRID_FIRST),
    ):
        assert len(mine_list) == 3
        for mine, theirs in zip(mine_list, theirs_list, strict=False):
            assert mine.mode is mode
            assert (mine.start, mine.end, mine.enabled) == (
                theirs.start,
                theirs.end,
                theirs.enabled,
            )


async def test_mix_models_agree_with_each_other_and_the_world(
    emulator: Emulator, client: Client
) -> None:
    sn, plant_id = "MIX0000001", 1234568
    legacy = await legacy_mix(client, sn, plant_id)
    v1 = mix.from_v1(
        await client.v1("device/mix/mix_data_info", params={"device_sn": sn}),
        last_data=await client.v1(
            "device/mix/mix_last_data", "POST", data={"mix_sn": sn}
        ),
        tz=BERLIN,
    )
    device = canonical(emulator, sn)
    check_telemetry(
        legacy.telemetry,
        device,
        ["pv_power", "ac_voltage", "ac_frequency", "load_power", "import_power",
         "export_power", "battery_charge_power", "battery_discharge_power", "soc",
         "battery_voltage", "ac_power"],
    )  # fmt: skip
    check_telemetry(
        v1.telemetry,
        device,
        ["pv_power", "ac_power", "ac_voltage", "ac_frequency", "load_power",
         "import_power", "export_power", "battery_charge_power",
         "battery_discharge_power", "soc", "battery_voltage"],
    )  # fmt: skip
    check_energy(
        legacy.energy,
        device,
        ["pv_today", "pv_total", "charge_today", "charge_total", "discharge_today",
         "discharge_total", "ac_charge_today", "ac_charge_total", "export_today",
         "export_total", "import_today", "load_today", "load_total", "self_today"],
    )  # fmt: skip
    check_energy(
        v1.energy,
        device,
        ["pv_today", "pv_total", "ac_today", "ac_total", "charge_today",
         "charge_total", "discharge_today", "discharge_total", "export_today",
         "export_total", "import_today", "import_total", "load_today",
         "load_total", "self_today", "self_total"],
    )  # fmt: skip
    check_storage_settings(device, legacy)
    check_storage_settings(device, v1)
    assert legacy.settings == v1.settings
    check_agree(legacy, v1)


async def test_spa_models_agree_with_each_other_and_the_world(
    emulator: Emulator, client: Client
) -> None:
    sn, plant_id = "SPA0000001", 1234569
    bean = await client.legacy(
        "newSpaApi.do", params={"op": "getSpaSetData", "serialNum": sn}
    )
    legacy = spa.from_legacy(
        bean["obj"]["spaBean"],
        device_entry=await client.device_entry(plant_id, sn),
        tz=BERLIN,
    )
    v1 = spa.from_v1(
        await client.v1("device/spa/spa_data_info", params={"device_sn": sn}),
        last_data=await client.v1(
            "device/spa/spa_last_data", "POST", data={"spa_sn": sn}
        ),
        tz=BERLIN,
    )
    device = canonical(emulator, sn)
    assert legacy.family is v1.family is DeviceFamily.SPA
    check_telemetry(
        legacy.telemetry, device, ["ac_power", "battery_charge_power", "soc"]
    )
    check_telemetry(
        v1.telemetry,
        device,
        ["ac_power", "load_power", "import_power", "export_power",
         "battery_charge_power", "battery_discharge_power", "soc", "battery_voltage"],
    )  # fmt: skip
    check_energy(
        v1.energy,
        device,
        ["charge_today", "charge_total", "discharge_today", "discharge_total",
         "export_today", "export_total", "import_today", "load_today"],
    )  # fmt: skip
    check_storage_settings(device, legacy)
    check_storage_settings(device, v1)
    assert legacy.settings == v1.settings
    check_agree(legacy, v1)


# -- storage ---------------------------------------------------------------------


async def test_storage_models_agree_with_each_other_and_the_world(
    emulator: Emulator, client: Client
) -> None:
    sn, plant_id = "SPF0000001", 1234569
    params = await client.legacy(
        "newStorageAPI.do", params={"op": "getStorageParams_sacolar", "storageId": sn}
    )
    detail = await client.legacy(
        "newStorageAPI.do", params={"op": "getStorageInfo_sacolar", "storageId": sn}
    )
    overview = await client.legacy(
        "newStorageAPI.do",
        "POST",
        params={
            "op": "getEnergyOverviewData_sacolar",
            "plantId": plant_id,
            "storageSn": sn,
        },
    )
    legacy = storage.from_legacy(
        params,
        detail=detail,
        energy_overview=overview["obj"],
        device_entry=await client.device_entry(plant_id, sn),
        tz=BERLIN,
    )
    v1 = storage.from_v1(
        await client.v1("device/storage/storage_data_info", params={"device_sn": sn}),
        last_data=await client.v1(
            "device/storage/storage_last_data", "POST", data={"storage_sn": sn}
        ),
        tz=BERLIN,
    )
    device = canonical(emulator, sn)
    names = [
        "pv_power", "ac_voltage", "ac_frequency", "load_power", "import_power",
        "battery_charge_power", "battery_discharge_power", "soc", "battery_voltage",
    ]  # fmt: skip
    energy_names = [
        "pv_today", "pv_total", "charge_today", "charge_total", "discharge_today",
        "discharge_total", "ac_charge_today", "ac_charge_total", "import_today",
        "import_total", "load_today", "load_total", "self_today", "self_total",
    ]  # fmt: skip
    for model in (legacy, v1):
        assert model.family is DeviceFamily.STORAGE
        check_telemetry(model.telemetry, device, names)
        check_energy(model.energy, device, energy_names)
        assert model.settings is not None
        assert model.settings.priority == device.settings.priority
        assert model.settings.ac_charge is device.settings.ac_charge
        assert model.identity.firmware == device.firmware
    assert legacy.settings == v1.settings
    check_agree(legacy, v1)


# -- classic inverter and MAX ------------------------------------------------------

INV_JSON = re.compile(r"inv=JSON\.parse\('(\{.*?\})'\)")


async def legacy_inverter(
    client: Client, sn: str, plant_id: int, build: Callable[..., Device]
) -> Device:
    detail = await client.legacy(
        "newInverterAPI.do", params={"op": "getInverterDetailData", "inverterId": sn}
    )
    page = await client.legacy_text(
        "commonDeviceSetC/setInverter", params={"type": "server", "invSn": sn}
    )
    match = INV_JSON.search(page)
    assert match is not None
    return build(
        detail,
        settings=json.loads(match[1]),
        device_entry=await client.device_entry(plant_id, sn),
        tz=BERLIN,
    )


@pytest.mark.parametrize(
    ("sn", "plant_id", "family", "legacy_build", "v1_build", "info_path", "last_path", "sn_key"),
    [
        (
            "INV0000001", 1234567, DeviceFamily.INVERTER, inverter.from_legacy,
            inverter.from_v1, "device/inverter/inv_data_info",
            "device/inverter/last_new_data", "device_sn",
        ),
        (
            "MAX0000001", 1234568, DeviceFamily.MAX, max_models.from_legacy,
            max_models.from_v1, "device/max/max_data_info", "device/max/max_last_data",
            "max_sn",
        ),
    ],
)  # fmt: skip
async def test_inverter_models_agree_with_each_other_and_the_world(
    emulator: Emulator,
    client: Client,
    sn: str,
    plant_id: int,
    family: DeviceFamily,
    legacy_build: Callable[..., Device],
    v1_build: Callable[..., Device],
    info_path: str,
    last_path: str,
    sn_key: str,
) -> None:
    legacy = await legacy_inverter(client, sn, plant_id, legacy_build)
    v1 = v1_build(
        await client.v1(info_path, params={"device_sn": sn}),
        last_data=await client.v1(last_path, "POST", data={sn_key: sn}),
        tz=BERLIN,
    )
    device = canonical(emulator, sn)
    for model in (legacy, v1):
        assert model.family is family
        check_telemetry(
            model.telemetry,
            device,
            ["pv_power", "ac_power", "ac_voltage", "ac_current", "ac_frequency",
             "temperature"],
        )  # fmt: skip
        check_energy(
            model.energy, device, ["ac_today", "ac_total", "pv_total", "pv_today"]
        )
        assert model.identity.firmware == device.firmware
        assert model.identity.datalogger_serial == device.datalogger_sn
        assert len(model.telemetry.pv_strings) >= device.strings
    assert legacy.settings is not None
    assert legacy.settings.on is device.settings.on
    assert legacy.settings.active_power_rate == device.settings.active_power_rate
    assert legacy.identity.last_update == v1.identity.last_update
    check_agree(legacy, v1)


# -- Noah --------------------------------------------------------------------------


async def test_noah_model_matches_the_world(emulator: Emulator, client: Client) -> None:
    sn = "0PVP50ZR16ST00CB"
    status = await client.legacy(
        "noahDeviceApi/noah/getSystemStatus", "POST", data={"deviceSn": sn}
    )
    info = await client.legacy(
        "noahDeviceApi/noah/getNoahInfoBySn", "POST", data={"deviceSn": sn}
    )
    battery = await client.legacy(
        "noahDeviceApi/noah/getBatteryData", "POST", data={"deviceSn": sn}
    )
    model = noah.from_legacy(
        status["obj"], info=info["obj"]["noah"], battery=battery["obj"], tz=BERLIN
    )
    device = canonical(emulator, sn)
    assert model.family is DeviceFamily.NOAH
    assert model.serial == sn
    assert model.identity.online is device.online
    check_telemetry(
        model.telemetry,
        device,
        ["pv_power", "ac_power", "load_power", "import_power", "battery_charge_power",
         "battery_discharge_power", "soc", "battery_temperature"],
    )  # fmt: skip
    check_energy(model.energy, device, ["ac_today", "ac_total"])
    s = device.settings
    assert model.settings is not None
    assert model.settings.default_power == s.default_power
    assert model.settings.charge_soc_high == s.charging_soc_high
    assert model.settings.discharge_soc_low == s.charging_soc_low
    assert model.settings.allow_grid_charging is s.allow_grid_charging
    assert model.settings.work_mode == s.priority
    enabled = [segment for segment in s.time_segments if segment.enabled]
    assert [
        (x.mode, x.start, x.end, x.power) for x in model.settings.time_segments
    ] == [(x.mode, x.start, x.end, x.power) for x in enabled]


# -- plants ------------------------------------------------------------------------


@pytest.mark.parametrize("plant_id", [1234567, 1234568, 1234569])
async def test_plant_models_agree_with_each_other_and_the_world(
    emulator: Emulator, client: Client, plant_id: int
) -> None:
    plants = await client.legacy("PlantListAPI.do", params={"userId": 1000001})
    entry = next(p for p in plants["back"]["data"] if p["plantId"] == str(plant_id))
    info = await client.legacy(
        "newTwoPlantAPI.do",
        params={
            "op": "getAllDeviceListTwo",
            "plantId": plant_id,
            "pageNum": 1,
            "pageSize": 1,
        },
    )
    settings = await client.legacy(
        "newPlantAPI.do", params={"op": "getPlant", "plantId": plant_id}
    )
    energy = await client.legacy(
        "newTwoPlantAPI.do",
        "POST",
        params={"op": "getUserCenterEnertyDataByPlantid"},
        data={"language": 1, "plantId": plant_id},
    )
    legacy = plant_models.from_legacy(
        entry, info=info, settings=settings, energy=energy
    )
    v1_list = await client.v1("plant/list", params={"page": "", "perpage": ""})
    v1_entry = next(p for p in v1_list["plants"] if p["plant_id"] == plant_id)
    v1 = plant_models.from_v1(
        v1_entry,
        details=await client.v1("plant/details", params={"plant_id": plant_id}),
        data=await client.v1("plant/data", params={"plant_id": plant_id}),
    )
    found = (
        emulator.world.accounts[0].plant(plant_id)
        if isinstance(emulator.world.accounts, list)
        else None
    )
    for model in (legacy, v1):
        assert model.plant_id == str(plant_id)
        assert model.energy_today is not None
        assert model.energy_total is not None
        assert model.current_power is not None
        assert model.nominal_power is not None
    assert legacy.name == v1.name
    assert legacy.country == v1.country
    assert legacy.city == v1.city
    assert legacy.timezone == v1.timezone
    assert legacy.currency == v1.currency
    assert legacy.nominal_power == pytest.approx(v1.nominal_power)
    assert legacy.energy_today == pytest.approx(v1.energy_today, abs=0.11)
    assert legacy.energy_total == pytest.approx(v1.energy_total, abs=0.11)
    assert legacy.current_power == pytest.approx(v1.current_power, abs=POWER_TOLERANCE)
    assert legacy.name == found.name
    assert legacy.nominal_power == found.nominal_power
    assert legacy.currency == found.currency
    assert legacy.country == found.country
