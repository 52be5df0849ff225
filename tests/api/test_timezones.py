"""A plant's zone from Growatt's fixed offset and country."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.growatt.api.models.timezones import (
    gmt_offset,
    plant_zone,
    standard_offset,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC_ZONE = ZoneInfo("UTC")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("GMT+1", timedelta(hours=1)),
        ("GMT-5", timedelta(hours=-5)),
        ("GMT+5:30", timedelta(hours=5, minutes=30)),
        ("+8", timedelta(hours=8)),
        ("1", timedelta(hours=1)),
        ("UTC+0", timedelta(0)),
        ("GMT+15", None),
        ("Berlin", None),
        (None, None),
    ],
)
def test_gmt_offsets_are_read(text: str | None, offset: timedelta | None) -> None:
    assert gmt_offset(text) == offset


def test_standard_offset_ignores_daylight_saving_time() -> None:
    assert standard_offset(BERLIN, 2025) == timedelta(hours=1)
    assert standard_offset(ZoneInfo("Australia/Sydney"), 2025) == timedelta(hours=10)


def test_the_home_zone_wins_when_its_offset_is_growatts() -> None:
    """The usual case: Home Assistant runs where the inverter is."""
    assert plant_zone("GMT+1", "Netherlands", BERLIN, year=2025) is BERLIN


def test_the_country_picks_the_zone_when_home_assistant_runs_elsewhere() -> None:
    """Home Assistant on UTC (a container default), the plant in Germany."""
    zone = plant_zone("GMT+1", "Germany", UTC_ZONE, year=2025)
    assert zone == BERLIN
    summer = datetime(2025, 7, 1, 12, tzinfo=UTC).astimezone(zone)
    assert summer.utcoffset() == timedelta(hours=2)


def test_a_country_with_several_zones_is_decided_by_the_offset() -> None:
    assert plant_zone("GMT-6", "United States", BERLIN, year=2025) == ZoneInfo(
        "America/Chicago"
    )
    assert plant_zone("GMT+8", "Australia", BERLIN, year=2025) == ZoneInfo(
        "Australia/Perth"
    )


def test_unknown_country_falls_back_to_the_fixed_offset() -> None:
    zone = plant_zone("GMT+3", "Atlantis", NEW_YORK, year=2025)
    moment = datetime(2025, 7, 1, 12, tzinfo=UTC).astimezone(zone)
    assert moment.utcoffset() == timedelta(hours=3)
    assert moment.tzname() == "GMT+3"


def test_named_zones_and_missing_offsets() -> None:
    assert plant_zone("Europe/Berlin", None, NEW_YORK) == BERLIN
    # v1's plant list names the country only: a one-zone country decides.
    assert plant_zone(None, "Germany", NEW_YORK) == BERLIN
    assert plant_zone("garbage", "Germany", NEW_YORK) == BERLIN
    assert plant_zone(None, "United States", BERLIN) is BERLIN
    assert plant_zone(None, None, NEW_YORK) is NEW_YORK
    assert plant_zone("UTC", "Germany", BERLIN) == ZoneInfo("UTC")
