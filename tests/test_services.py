"""Actions: time segments, whole schedules, reading them, and forced modes that restore.

The automation-style tests compare the device's schedule in the emulator
before a forced period and after it ended: it must be exactly the same.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.translation import async_get_translations
import pytest

from custom_components.growatt.const import DOMAIN
from custom_components.growatt.runtime import GrowattConfigEntry

from .conftest import (
    START,
    TLX_SCHEDULE,
    Emulator,
    async_setup,
    call,
    emulated,
    move_to,
)

pytestmark = [
    pytest.mark.usefixtures("enable_custom_integrations", "quick_writes"),
    # The same emulator tunables as the control tests.
    pytest.mark.emulator_config(v1_rate_scale=0.0),
]

TLX, MIX, SPA = "TLX0000001", "MIX0000001", "SPA0000001"
INV, NOAH = "INV0000001", "0PVP50ZR16ST00CB"

# -- set_schedule / set_time_segment / read_schedule -------------------------------------------


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_set_schedule_replaces_the_tlx_segments(
    hass: HomeAssistant, emulator: Emulator, auth: str
) -> None:
    await async_setup(hass, emulator, auth)

    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)

    assert emulated(emulator, TLX) == [
        (1, "1:0", "5:0", True, 0),
        (2, "17:0", "19:0", True, 0),
        (0, "20:0", "21:0", False, 0),
        *[(0, "0:0", "0:0", False, 0)] * 6,
    ]
    response = await call(hass, "read_schedule", TLX)
    assert response is not None
    assert response["segments"][0] == {
        "segment": 1,
        "mode": "battery_first",
        "start_time": "01:00",
        "end_time": "05:00",
        "enabled": True,
    }
    assert response["forced_until"] is None


async def test_set_schedule_moves_segments_without_overlaps(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Swapping two segments would overlap mid-way; clearing first avoids it."""
    await async_setup(hass, emulator)
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)

    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE[1::-1])

    assert emulated(emulator, TLX)[:3] == [
        (2, "17:0", "19:0", True, 0),
        (1, "1:0", "5:0", True, 0),
        (0, "0:0", "0:0", False, 0),
    ]


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_set_schedule_on_mix_fills_charge_and_discharge_periods(
    hass: HomeAssistant, emulator: Emulator, auth: str
) -> None:
    await async_setup(hass, emulator, auth)

    await call(hass, "set_schedule", MIX, segments=TLX_SCHEDULE[:2])

    assert emulated(emulator, MIX, "charge_periods")[0][1:4] == ("1:0", "5:0", True)
    assert emulated(emulator, MIX, "discharge_periods")[0][1:4] == (
        "17:0",
        "19:0",
        True,
    )


async def test_set_time_segment_on_noah_keeps_its_power(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    await async_setup(hass, emulator)
    # The Noah's load-first segment 1 covers the whole day: it makes room first,
    # as a battery-first segment at the same time would conflict with it.
    await call(
        hass,
        "set_time_segment",
        NOAH,
        segment=1,
        mode="load_first",
        start_time="00:00",
        end_time="09:00",
    )

    await call(
        hass,
        "set_time_segment",
        NOAH,
        segment=2,
        mode="battery_first",
        start_time="09:00",
        end_time="15:00",
        power=300,
    )

    assert emulated(emulator, NOAH)[1] == (1, "9:0", "15:0", True, 300)
    response = await call(hass, "read_schedule", NOAH)
    assert response is not None
    assert response["segments"][1]["power"] == 300


@pytest.mark.parametrize(
    ("serial", "data", "key"),
    [
        (
            TLX,
            {
                "segment": 1,
                "mode": "grid_first",
                "start_time": "18:00",
                "end_time": "17:00",
            },
            "end_before_start",
        ),
        (
            MIX,
            {
                "segment": 1,
                "mode": "load_first",
                "start_time": "01:00",
                "end_time": "02:00",
            },
            "mode_not_supported",
        ),
        (
            MIX,
            {
                "segment": 4,
                "mode": "battery_first",
                "start_time": "01:00",
                "end_time": "02:00",
            },
            "segment_out_of_range",
        ),
        (
            NOAH,
            {
                "segment": 2,
                "mode": "grid_first",
                "start_time": "01:00",
                "end_time": "02:00",
            },
            "mode_not_supported",
        ),
        (
            INV,
            {
                "segment": 1,
                "mode": "grid_first",
                "start_time": "01:00",
                "end_time": "02:00",
            },
            "schedule_not_supported",
        ),
        # Only Noah's segments have an output power.
        (
            TLX,
            {
                "segment": 1,
                "mode": "battery_first",
                "start_time": "01:00",
                "end_time": "02:00",
                "power": 300,
            },
            "power_not_supported",
        ),
        (
            MIX,
            {
                "segment": 1,
                "mode": "battery_first",
                "start_time": "01:00",
                "end_time": "02:00",
                "power": 0,
            },
            "power_not_supported",
        ),
    ],
)
async def test_bad_segments_are_refused_before_any_request(
    hass: HomeAssistant,
    emulator: Emulator,
    serial: str,
    data: dict[str, Any],
    key: str,
) -> None:
    await async_setup(hass, emulator)
    emulator.world.requests.clear()

    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, "set_time_segment", serial, **data)

    assert caught.value.translation_key == key
    assert emulator.world.requests == []


@pytest.mark.parametrize(
    ("language", "serial", "data", "message"),
    [
        (
            "en",
            NOAH,
            {"mode": "grid_first"},
            "This device (NOAH balcony storage) has no “Grid first” segments"
            " in its schedule.",
        ),
        (
            "en",
            SPA,
            {"mode": "load_first"},
            "This device (SPA storage) has no “Load first” segments in its schedule.",
        ),
        (
            "en",
            INV,
            {"mode": "battery_first"},
            "This device (PV inverter) has no time schedule in Growatt's API.",
        ),
        (
            "en",
            TLX,
            {"mode": "battery_first", "power": 300},
            "The segments of this device (MIN/TL-X inverter) have no output power;"
            " leave the power out.",
        ),
        (
            "de",
            NOAH,
            {"mode": "grid_first"},
            "Dieses Gerät (NOAH-Balkonspeicher) hat keine Zeitabschnitte im Modus"
            " „Netz zuerst“.",
        ),
    ],
)
async def test_refusals_name_the_family_and_the_mode_in_words(
    hass: HomeAssistant,
    emulator: Emulator,
    language: str,
    serial: str,
    data: dict[str, Any],
    message: str,
) -> None:
    """Errors read as sentences in Home Assistant's language, not as raw ids."""
    hass.config.language = language
    await async_setup(hass, emulator)

    with pytest.raises(ServiceValidationError) as caught:
        await call(
            hass,
            "set_time_segment",
            serial,
            segment=1,
            start_time="01:00",
            end_time="02:00",
            **data,
        )

    # As the frontend shows it: the message of the key, with the placeholders.
    err = caught.value
    assert err.translation_key is not None
    assert err.translation_placeholders is not None
    messages = await async_get_translations(hass, language, "exceptions", [DOMAIN])
    key = f"component.{DOMAIN}.exceptions.{err.translation_key}.message"
    assert messages[key].format(**err.translation_placeholders) == message


async def test_overlapping_tlx_segment_is_refused_with_both_numbers(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    await async_setup(hass, emulator)
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)

    with pytest.raises(ServiceValidationError) as caught:
        await call(
            hass,
            "set_time_segment",
            TLX,
            segment=5,
            mode="grid_first",
            start_time="04:00",
            end_time="06:00",
        )

    assert caught.value.translation_key == "segments_overlap"
    assert caught.value.translation_placeholders == {"first": "5", "second": "1"}


# What the device holds before the refused change: (serial, set_schedule rows).
NIGHT_AND_EVENING = [
    {"mode": "battery_first", "start_time": "01:00", "end_time": "05:00"},
    {"mode": "grid_first", "start_time": "17:00", "end_time": "19:00"},
]


@pytest.mark.parametrize(
    ("serial", "before", "service", "data", "key", "placeholders"),
    [
        # TLX: two segments in one schedule
        (
            TLX,
            None,
            "set_schedule",
            {
                "segments": [
                    {
                        "mode": "battery_first",
                        "start_time": "01:00",
                        "end_time": "05:00",
                    },
                    {"mode": "load_first", "start_time": "04:00", "end_time": "06:00"},
                ]
            },
            "segments_overlap",
            {"first": "1", "second": "2"},
        ),
        # MIX/SPH: battery first 01:00-05:00 and 04:00-06:00, both charge periods
        (
            MIX,
            None,
            "set_schedule",
            {
                "segments": [
                    {
                        "mode": "battery_first",
                        "start_time": "01:00",
                        "end_time": "05:00",
                    },
                    {
                        "mode": "battery_first",
                        "start_time": "04:00",
                        "end_time": "06:00",
                    },
                ]
            },
            "charge_periods_overlap",
            {"first": "1", "second": "2"},
        ),
        (
            MIX,
            NIGHT_AND_EVENING,
            "set_time_segment",
            {
                "segment": 2,
                "mode": "battery_first",
                "start_time": "04:00",
                "end_time": "06:00",
            },
            "charge_periods_overlap",
            {"first": "2", "second": "1"},
        ),
        # MIX/SPH: a charge period overlapping a discharge period
        (
            MIX,
            None,
            "set_schedule",
            {
                "segments": [
                    {
                        "mode": "battery_first",
                        "start_time": "01:00",
                        "end_time": "05:00",
                    },
                    {"mode": "grid_first", "start_time": "04:00", "end_time": "06:00"},
                ]
            },
            "charge_discharge_overlap",
            {"charge": "1", "discharge": "1"},
        ),
        (
            MIX,
            NIGHT_AND_EVENING,
            "set_time_segment",
            {
                "segment": 2,
                "mode": "grid_first",
                "start_time": "04:30",
                "end_time": "06:00",
            },
            "charge_discharge_overlap",
            {"charge": "1", "discharge": "2"},
        ),
        # SPA: the same rules, here two discharge periods and one across
        (
            SPA,
            NIGHT_AND_EVENING,
            "set_time_segment",
            {
                "segment": 3,
                "mode": "grid_first",
                "start_time": "18:00",
                "end_time": "20:00",
            },
            "discharge_periods_overlap",
            {"first": "3", "second": "1"},
        ),
        (
            SPA,
            NIGHT_AND_EVENING,
            "set_time_segment",
            {
                "segment": 3,
                "mode": "battery_first",
                "start_time": "18:30",
                "end_time": "20:00",
            },
            "charge_discharge_overlap",
            {"charge": "3", "discharge": "1"},
        ),
        # Noah: its all-day load-first segment 1 against battery first
        (
            NOAH,
            None,
            "set_time_segment",
            {
                "segment": 2,
                "mode": "battery_first",
                "start_time": "09:00",
                "end_time": "15:00",
            },
            "segments_conflict",
            {"first": "2", "second": "1"},
        ),
        (
            NOAH,
            None,
            "set_schedule",
            {
                "segments": [
                    {"mode": "load_first", "start_time": "06:00", "end_time": "12:00"},
                    {
                        "mode": "battery_first",
                        "start_time": "11:00",
                        "end_time": "15:00",
                    },
                ]
            },
            "segments_conflict",
            {"first": "1", "second": "2"},
        ),
    ],
)
async def test_overlapping_schedules_are_refused_naming_the_segments(
    hass: HomeAssistant,
    emulator: Emulator,
    serial: str,
    before: list[dict[str, Any]] | None,
    service: str,
    data: dict[str, Any],
    key: str,
    placeholders: dict[str, str],
) -> None:
    """Checked as the schedule would be after the change, the device's own included."""
    await async_setup(hass, emulator)
    if before is not None:
        await call(hass, "set_schedule", serial, segments=before)
    kinds = (
        ("time_segments",)
        if serial in (TLX, NOAH)
        else ("charge_periods", "discharge_periods")
    )
    held = [emulated(emulator, serial, kind) for kind in kinds]
    emulator.world.requests.clear()

    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, service, serial, **data)

    assert caught.value.translation_key == key
    assert caught.value.translation_placeholders == placeholders
    assert emulator.world.requests == []
    assert [emulated(emulator, serial, kind) for kind in kinds] == held


async def test_schedules_that_only_touch_or_agree_are_taken(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """An end is exclusive; disabled MIX periods and same-mode Noah segments agree."""
    await async_setup(hass, emulator)

    await call(
        hass,
        "set_schedule",
        MIX,
        segments=[
            {"mode": "battery_first", "start_time": "01:00", "end_time": "05:00"},
            {"mode": "grid_first", "start_time": "05:00", "end_time": "06:00"},
            {
                "mode": "grid_first",
                "start_time": "04:00",
                "end_time": "06:00",
                "enabled": False,
            },
        ],
    )
    await call(
        hass,
        "set_time_segment",
        NOAH,
        segment=2,
        mode="load_first",
        start_time="09:00",
        end_time="15:00",
        power=300,
    )

    assert [s[1:4] for s in emulated(emulator, MIX, "discharge_periods")][:2] == [
        ("5:0", "6:0", True),
        ("4:0", "6:0", False),
    ]
    assert emulated(emulator, NOAH)[1] == (0, "9:0", "15:0", True, 300)


def enabled_periods(emulator: Emulator, serial: str) -> tuple[list[Any], list[Any]]:
    """The enabled charge and discharge periods: (start, end) each."""
    return (
        [s[1:3] for s in emulated(emulator, serial, "charge_periods") if s[3]],
        [s[1:3] for s in emulated(emulator, serial, "discharge_periods") if s[3]],
    )


@pytest.mark.parametrize(
    ("mode", "charge", "discharge"),
    [
        ("battery_first", [("12:0", "15:0")], [("17:0", "19:0")]),
        ("grid_first", [], [("12:0", "15:0"), ("17:0", "19:0")]),
    ],
)
async def test_a_forced_mode_on_mix_clears_the_periods_in_its_way(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    mode: str,
    charge: list[tuple[str, str]],
    discharge: list[tuple[str, str]],
) -> None:
    """A charge and a discharge period around noon give way, and come back after."""
    await async_setup(hass, emulator)
    await call(
        hass,
        "set_schedule",
        MIX,
        segments=[
            {"mode": "battery_first", "start_time": "11:00", "end_time": "12:30"},
            {"mode": "grid_first", "start_time": "13:00", "end_time": "14:00"},
            {"mode": "grid_first", "start_time": "17:00", "end_time": "19:00"},
        ],
    )
    before = (
        emulated(emulator, MIX, "charge_periods"),
        emulated(emulator, MIX, "discharge_periods"),
    )

    await call(hass, f"{mode}_until", MIX, end_time="15:00")

    assert enabled_periods(emulator, MIX) == (charge, discharge)
    await move_to(hass, freezer, emulator, START + timedelta(hours=3, minutes=1))
    after = (
        emulated(emulator, MIX, "charge_periods"),
        emulated(emulator, MIX, "discharge_periods"),
    )
    assert after == before


async def test_a_device_of_another_integration_is_refused(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    entry = await async_setup(hass, emulator)
    other = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("other", "x")}
    )

    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call(
            DOMAIN,
            "read_schedule",
            {"device_id": other.id},
            blocking=True,
            return_response=True,
        )
    assert caught.value.translation_key == "invalid_device"


# -- forced modes ------------------------------------------------------------------------------


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_battery_first_until_six_then_the_schedule_is_exactly_restored(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    auth: str,
) -> None:
    """At noon, battery first until 06:00 spans midnight: two forced segments."""
    await async_setup(hass, emulator, auth)
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)
    before = emulated(emulator, TLX)

    await call(
        hass, "battery_first_until", TLX, end_time="06:00", charge_from_grid=True
    )

    during = emulated(emulator, TLX)
    forced = [s for s in during if s[3]]
    assert sorted(forced) == [(1, "0:0", "6:0", True, 0), (1, "12:0", "23:59", True, 0)]
    found = emulator.world.find_device(TLX)
    assert found is not None
    assert found[2].settings.ac_charge is True
    response = await call(hass, "read_schedule", TLX)
    assert response is not None
    assert response["forced_until"].startswith("2025-06-02T06:00")

    # Nothing changes before the end ...
    await move_to(hass, freezer, emulator, START + timedelta(hours=17, minutes=59))
    assert emulated(emulator, TLX) == during
    # ... and at 06:00 local time (04:00 UTC) the old schedule is back.
    await move_to(hass, freezer, emulator, START + timedelta(hours=18, minutes=1))
    assert emulated(emulator, TLX) == before
    assert found[2].settings.ac_charge is False


async def test_grid_first_until_on_mix_then_restored(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    await async_setup(hass, emulator, "token")
    await call(hass, "set_schedule", MIX, segments=TLX_SCHEDULE[:2])
    before = (
        emulated(emulator, MIX, "charge_periods"),
        emulated(emulator, MIX, "discharge_periods"),
    )

    await call(hass, "grid_first_until", MIX, end_time="14:30")

    discharge = emulated(emulator, MIX, "discharge_periods")
    assert ("12:0", "14:30", True) in [s[1:4] for s in discharge]
    await move_to(hass, freezer, emulator, START + timedelta(hours=2, minutes=31))
    after = (
        emulated(emulator, MIX, "charge_periods"),
        emulated(emulator, MIX, "discharge_periods"),
    )
    assert after == before


async def test_forced_mode_survives_a_restart(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    entry: GrowattConfigEntry = await async_setup(hass, emulator)
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)
    before = emulated(emulator, TLX)
    await call(hass, "battery_first_until", TLX, end_time="13:00")
    assert emulated(emulator, TLX) != before

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert TLX in entry.runtime_data.forced

    await move_to(hass, freezer, emulator, START + timedelta(hours=1, minutes=1))
    assert emulated(emulator, TLX) == before
    assert entry.runtime_data.forced == {}


async def test_restore_schedule_ends_a_forced_mode_early(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    await async_setup(hass, emulator)
    before = emulated(emulator, NOAH)

    await call(hass, "battery_first_until", NOAH, end_time="18:00")
    assert (1, "12:0", "18:0", True, 0) in emulated(emulator, NOAH)

    await call(hass, "restore_schedule", NOAH)
    assert [s for s in emulated(emulator, NOAH) if s[3]] == [s for s in before if s[3]]
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, "restore_schedule", NOAH)
    assert caught.value.translation_key == "not_forced"


async def test_a_failed_force_puts_back_what_it_changed(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """The device drops writes: the force fails and nothing stays half-done."""
    entry: GrowattConfigEntry = await async_setup(hass, emulator)
    found = emulator.world.find_device(TLX)
    assert found is not None
    found[2].ignore_writes = True

    with pytest.raises(HomeAssistantError) as caught:
        await call(hass, "battery_first_until", TLX, end_time="15:00")

    assert caught.value.translation_key == "not_applied"
    assert entry.runtime_data.forced == {}


@pytest.mark.parametrize("serial", [SPA, NOAH])
async def test_charge_from_grid_is_refused_before_anything_is_written(
    hass: HomeAssistant, emulator: Emulator, serial: str
) -> None:
    """SPA and Noah cannot switch charging from the grid: nothing is half-done."""
    entry: GrowattConfigEntry = await async_setup(hass, emulator)
    before = emulated(emulator, serial)
    with pytest.raises(ServiceValidationError) as caught:
        await call(
            hass, "battery_first_until", serial, end_time="18:00", charge_from_grid=True
        )
    assert caught.value.translation_key == "charge_from_grid_not_supported"
    assert emulated(emulator, serial) == before
    assert entry.runtime_data.forced == {}


async def test_grid_first_ignores_charge_from_grid_and_restores_cleanly(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Grid first discharges: the grid-charge flag is not touched, then or after."""
    entry: GrowattConfigEntry = await async_setup(hass, emulator)
    before = emulated(emulator, SPA)
    await call(hass, "grid_first_until", SPA, end_time="18:00", charge_from_grid=True)
    assert entry.runtime_data.forced[SPA].ac_charge is None
    await call(hass, "restore_schedule", SPA)
    assert emulated(emulator, SPA) == before
    assert entry.runtime_data.forced == {}


# -- more schedules and edges -------------------------------------------------------------------


async def test_set_time_segment_writes_mix_periods_and_tlx_segments(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    await async_setup(hass, emulator)

    await call(
        hass,
        "set_time_segment",
        MIX,
        segment=2,
        mode="battery_first",
        start_time="02:00",
        end_time="04:00",
    )
    await call(
        hass,
        "set_time_segment",
        TLX,
        segment=4,
        mode="grid_first",
        start_time="18:00",
        end_time="20:00",
        enabled=False,
    )

    assert emulated(emulator, MIX, "charge_periods")[1][1:4] == ("2:0", "4:0", True)
    assert emulated(emulator, TLX)[3] == (2, "18:0", "20:0", False, 0)
    response = await call(hass, "read_schedule", MIX)
    assert response is not None
    assert response["segments"][1]["start_time"] == "02:00"
    assert len(response["segments"]) == 6


async def test_noah_segment_without_power_keeps_the_current_one(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    await async_setup(hass, emulator)

    await call(
        hass,
        "set_time_segment",
        NOAH,
        segment=1,
        mode="battery_first",
        start_time="06:00",
        end_time="22:00",
    )

    assert emulated(emulator, NOAH)[0] == (1, "6:0", "22:0", True, 200)


async def test_set_schedule_on_noah_and_its_limits(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    await async_setup(hass, emulator)

    await call(
        hass,
        "set_schedule",
        NOAH,
        segments=[
            {"mode": "battery_first", "start_time": "09:00", "end_time": "15:00"},
            {
                "mode": "load_first",
                "start_time": "18:00",
                "end_time": "23:00",
                "power": 500,
            },
        ],
    )
    assert [s for s in emulated(emulator, NOAH) if s[3]] == [
        (1, "9:0", "15:0", True, 0),
        (0, "18:0", "23:0", True, 500),
    ]

    with pytest.raises(ServiceValidationError) as caught:
        await call(
            hass,
            "set_schedule",
            MIX,
            segments=[
                {
                    "mode": "battery_first",
                    "start_time": f"0{n}:00",
                    "end_time": f"0{n}:30",
                }
                for n in range(4)
            ],
        )
    assert caught.value.translation_key == "too_many_segments"
    for serial in (TLX, MIX):
        with pytest.raises(ServiceValidationError) as caught:
            await call(
                hass,
                "set_schedule",
                serial,
                segments=[
                    {
                        "mode": "battery_first",
                        "start_time": "01:00",
                        "end_time": "02:00",
                        "power": 100,
                    }
                ],
            )
        assert caught.value.translation_key == "power_not_supported"
    for service in ("set_schedule", "read_schedule"):
        with pytest.raises(ServiceValidationError) as caught:
            await call(
                hass,
                service,
                INV,
                **({"segments": []} if service == "set_schedule" else {}),
            )
        assert caught.value.translation_key == "schedule_not_supported"


async def test_unknown_device_id_is_refused(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    await async_setup(hass, emulator)
    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call(
            DOMAIN,
            "read_schedule",
            {"device_id": "no-such-device"},
            blocking=True,
            return_response=True,
        )
    assert caught.value.translation_key == "invalid_device"


async def test_force_needs_a_free_segment_and_a_later_time(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    await async_setup(hass, emulator)
    night = [
        {"mode": "battery_first", "start_time": f"0{n}:00", "end_time": f"0{n}:30"}
        for n in range(9)
    ]
    await call(hass, "set_schedule", TLX, segments=night)
    emulator.world.requests.clear()

    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, "battery_first_until", TLX, end_time="13:00")
    assert caught.value.translation_key == "no_free_segment"
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, "grid_first_until", MIX, end_time="12:00")
    assert caught.value.translation_key == "until_is_now"
    assert not any(r.path == "/newTcpsetAPI.do" for r in emulator.world.requests)


async def test_a_second_force_starts_from_the_original_schedule(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    await async_setup(hass, emulator)
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)
    before = emulated(emulator, TLX)

    await call(hass, "battery_first_until", TLX, end_time="18:00")
    await call(hass, "grid_first_until", TLX, end_time="00:00")

    forced = [s for s in emulated(emulator, TLX) if s[3]]
    assert (2, "12:0", "23:59", True, 0) in forced
    assert all(s[1] != "12:0" or s[0] == 2 for s in forced)
    await move_to(hass, freezer, emulator, START + timedelta(hours=12, minutes=1))
    assert emulated(emulator, TLX) == before


async def test_end_that_passed_while_stopped_restores_at_start(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    entry: GrowattConfigEntry = await async_setup(hass, emulator)
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)
    before = emulated(emulator, TLX)
    await call(hass, "battery_first_until", TLX, end_time="18:00")
    assert await hass.config_entries.async_unload(entry.entry_id)

    await move_to(hass, freezer, emulator, START + timedelta(hours=7))
    assert emulated(emulator, TLX) != before
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    await move_to(hass, freezer, emulator, START + timedelta(hours=7, seconds=5))

    assert emulated(emulator, TLX) == before
    assert entry.runtime_data.forced == {}


async def test_a_failed_restore_is_retried(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    entry: GrowattConfigEntry = await async_setup(hass, emulator)
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)
    before = emulated(emulator, TLX)
    await call(hass, "battery_first_until", TLX, end_time="13:00")
    found = emulator.world.find_device(TLX)
    assert found is not None
    found[2].online = False

    await move_to(hass, freezer, emulator, START + timedelta(hours=1, minutes=1))
    assert TLX in entry.runtime_data.forced
    found[2].online = True
    await move_to(hass, freezer, emulator, START + timedelta(hours=1, minutes=7))

    assert emulated(emulator, TLX) == before
    assert entry.runtime_data.forced == {}


@pytest.mark.parametrize(
    "until",
    [
        # What earlier versions stored: Home Assistant's local time, no zone name.
        "2025-06-01T13:00:00+02:00",
        # Without an offset: taken as Home Assistant's local time.
        "2025-06-01T13:00:00",
    ],
)
async def test_a_force_stored_by_an_earlier_version_still_restores(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    until: str,
) -> None:
    entry: GrowattConfigEntry = await async_setup(hass, emulator)
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)
    before = emulated(emulator, TLX)
    await call(hass, "battery_first_until", TLX, end_time="13:00")
    assert await hass.config_entries.async_unload(entry.entry_id)
    key = f"{DOMAIN}.{entry.entry_id}.forced"
    record = hass_storage[key]["data"][TLX]
    assert record["time_zone"] == "Europe/Berlin"
    hass_storage[key]["data"][TLX] = {
        "until": until,
        "saved": record["saved"],
        "forced": record["forced"],
        "ac_charge": None,
    }

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.forced.until(TLX) == START + timedelta(hours=1)
    await move_to(hass, freezer, emulator, START + timedelta(minutes=59))
    assert emulated(emulator, TLX) != before
    await move_to(hass, freezer, emulator, START + timedelta(hours=1, minutes=1))

    assert emulated(emulator, TLX) == before
    assert entry.runtime_data.forced == {}


async def test_an_unreadable_stored_force_is_dropped(
    hass: HomeAssistant, emulator: Emulator, hass_storage: dict[str, Any]
) -> None:
    hass_storage[f"{DOMAIN}.growatt_demo_password.forced"] = {
        "version": 1,
        "data": {TLX: {"until": "not a time", "saved": [], "forced": []}},
    }
    entry: GrowattConfigEntry = await async_setup(hass, emulator)
    assert entry.runtime_data.forced == {}
