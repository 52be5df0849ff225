"""What a device has, decided from its data: battery, meter, PV inputs.

The emulator's demo world holds a device zoo. Each member is read through both
APIs, and the account leaves out exactly the values of hardware it lacks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from custom_components.growatt.api import (
    GrowattAccount,
    PasswordAccount,
    TokenAccount,
)
from custom_components.growatt.api.account_v1 import GuardedOpenApiV1
from custom_components.growatt.api.hardware import Hardware, fit, observe
from custom_components.growatt.api.models import (
    Device,
    DeviceFamily,
    DeviceIdentity,
    Telemetry,
)
from custom_components.growatt.api.models.common import PvString
from tests.conftest import Emulator

from .conftest import CABIN, FLAT, GARAGE, HOME, TLX, TOKEN

pytestmark = pytest.mark.emulator_config(v1_rate_scale=0.0)

BERLIN = ZoneInfo("Europe/Berlin")
NEO = "QXB1CKS03A"  # NEO 800M-X: 2 inputs, no battery, no meter
MIN_X = "BZP2CK502B"  # MIN 2500TL-X: no battery, a meter
PASSWORD, TOKEN_AUTH = "password", "token"


@pytest.fixture(autouse=True)
def _no_local_rate_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(GuardedOpenApiV1, "guard_reads", False)


@pytest.fixture(params=[PASSWORD, TOKEN_AUTH])
async def account(
    request: pytest.FixtureRequest, emulator: Emulator
) -> AsyncIterator[GrowattAccount]:
    built: GrowattAccount = (
        PasswordAccount("demo", "demo", server_url=emulator.url)
        if request.param == PASSWORD
        else TokenAccount(TOKEN, server_url=emulator.url)
    )
    try:
        yield built
    finally:
        await built.close()


async def _read(account: GrowattAccount, plant: int, serial: str) -> Device:
    listings = {d.serial: d for d in await account.devices(str(plant))}
    return await account.telemetry(listings[serial], BERLIN)


async def test_micro_inverter_has_no_battery_no_meter_and_two_inputs(
    account: GrowattAccount,
) -> None:
    device = await _read(account, FLAT, NEO)
    telemetry, energy = device.telemetry, device.energy
    assert telemetry.pv_power is not None
    assert telemetry.pv_power > 0
    assert [s.index for s in telemetry.pv_strings] == [1, 2]
    for value in (
        telemetry.soc,
        telemetry.battery_voltage,
        telemetry.battery_charge_power,
        telemetry.load_power,
        telemetry.import_power,
        telemetry.export_power,
        energy.charge_total,
        energy.import_total,
        energy.load_total,
        energy.export_total,
    ):
        assert value is None
    listing = next(d for d in await account.devices(str(FLAT)) if d.serial == NEO)
    assert account.hardware(listing) == Hardware(
        battery=False, meter=False, pv_inputs=2
    )
    if account.has_settings(listing):
        settings = await account.settings(listing)
        assert settings.on is True
        assert settings.time_segments == ()
        assert settings.charge_power is None
        assert settings.ac_charge is None


async def test_string_inverter_with_meter_keeps_grid_and_load(
    account: GrowattAccount,
) -> None:
    device = await _read(account, FLAT, MIN_X)
    assert device.telemetry.soc is None
    assert device.energy.charge_total is None
    assert device.telemetry.load_power is not None
    assert device.energy.import_total is not None
    assert device.energy.import_total > 0
    listing = next(d for d in await account.devices(str(FLAT)) if d.serial == MIN_X)
    assert account.hardware(listing) == Hardware(battery=False, meter=True, pv_inputs=2)


async def test_hybrid_with_battery_keeps_everything(account: GrowattAccount) -> None:
    device = await _read(account, HOME, TLX)
    assert device.telemetry.soc is not None
    assert device.telemetry.load_power is not None
    assert device.energy.charge_total is not None
    listing = next(d for d in await account.devices(str(HOME)) if d.serial == TLX)
    hardware = account.hardware(listing)
    assert hardware is not None
    assert (hardware.battery, hardware.meter) == (True, True)
    settings = await account.settings(listing)
    assert len(settings.time_segments) == 9


@pytest.mark.parametrize(
    ("plant", "serial", "battery", "meter"),
    [
        (GARAGE, "MIX0000001", True, True),
        (GARAGE, "MAX0000001", False, False),
        (HOME, "INV0000001", False, False),
        (CABIN, "SPF0000001", True, True),
        (CABIN, "SPA0000001", True, True),
    ],
)
async def test_every_family_of_the_zoo(
    account: GrowattAccount, plant: int, serial: str, battery: bool, meter: bool
) -> None:
    device = await _read(account, plant, serial)
    listing = next(d for d in await account.devices(str(plant)) if d.serial == serial)
    hardware = account.hardware(listing)
    assert hardware is not None
    assert (hardware.battery, hardware.meter) == (battery, meter)
    assert (device.telemetry.soc is not None) is battery or device.family in (
        DeviceFamily.MAX,
        DeviceFamily.INVERTER,
    )
    if not meter:
        assert device.energy.import_total is None
        assert device.telemetry.load_power is None


async def test_what_was_seen_survives_a_restart(
    account: GrowattAccount, emulator: Emulator
) -> None:
    await _read(account, FLAT, NEO)
    exported = account.export_session()
    assert exported is not None
    assert exported["hardware"][NEO] == {
        "battery": False,
        "meter": False,
        "pv_inputs": 2,
    }
    again: GrowattAccount = (
        PasswordAccount("demo", "demo", server_url=emulator.url)
        if isinstance(account, PasswordAccount)
        else TokenAccount(TOKEN, server_url=emulator.url)
    )
    try:
        again.import_session(exported)
        listing = next(d for d in await again.devices(str(FLAT)) if d.serial == NEO)
        assert again.hardware(listing) == Hardware(
            battery=False, meter=False, pv_inputs=2
        )
    finally:
        await again.close()


def _night_reading(**telemetry: object) -> Device:
    return Device(
        identity=DeviceIdentity(serial="X", family=DeviceFamily.TLX),
        telemetry=Telemetry(**telemetry),  # type: ignore[arg-type]
    )


def test_nothing_is_decided_about_inputs_before_one_showed_a_voltage() -> None:
    dark = _night_reading(
        pv_strings=tuple(PvString(index=n, voltage=0.0, power=0.0) for n in (1, 2, 3))
    )
    hardware = observe(dark)
    assert hardware.pv_inputs is None
    # Until one reports, two inputs are assumed: no third input's zeros.
    assert len(fit(dark, hardware).telemetry.pv_strings) == 2
    lit = _night_reading(
        pv_strings=(
            PvString(index=1, voltage=310.0, power=400.0),
            PvString(index=2, voltage=0.0, power=0.0),
            PvString(index=3, voltage=0.0, power=0.0),
        )
    )
    known = hardware.merged(observe(lit))
    assert known.pv_inputs == 1
    # A shaded input later does not shrink what was seen.
    assert known.merged(observe(dark)).pv_inputs == 1


def test_a_battery_once_seen_stays() -> None:
    seen = observe(_night_reading(battery_voltage=51.2, soc=40.0))
    assert seen.battery
    fault = observe(_night_reading(battery_voltage=0.0, soc=0.0))
    assert not fault.battery
    assert seen.merged(fault).battery


def test_listing_meter_flag_wins_over_family_default() -> None:
    reading = _night_reading(load_power=0.0, import_power=0.0)
    assert observe(reading, listed_meter=False).meter is False
    assert observe(reading, listed_meter=True).meter is True
    assert observe(reading).meter is False  # a TLX measured nothing yet
    measured = _night_reading(load_power=350.0)
    assert observe(measured, listed_meter=False).meter is True


def test_at_night_a_lost_device_still_tells_what_it_has() -> None:
    # Dusk values frozen: the battery voltage of a hybrid stays readable.
    reading = Device(
        identity=DeviceIdentity(
            serial="X",
            family=DeviceFamily.TLX,
            online=False,
            last_update=datetime(2025, 6, 1, 19, 30, tzinfo=UTC),
        ),
        telemetry=Telemetry(battery_voltage=402.0, soc=38.0),
    )
    assert observe(reading).battery
