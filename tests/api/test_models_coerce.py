"""Coercion of Growatt's loosely typed values: every malformed value is None, never an error."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
import math
from zoneinfo import ZoneInfo

import pytest

from custom_components.growatt.api.models.coerce import (
    split_money,
    strip_nul,
    to_bool,
    to_datetime,
    to_float,
    to_int,
    to_str,
    to_time,
    unwrap,
)

GARBAGE = [
    None,
    "",
    "null",
    "NULL",
    " ",
    "abc",
    "12abc3",
    "--",
    [],
    {},
    object(),
    True,
    False,
]


@pytest.mark.parametrize(
    ("value", "unit", "assumed", "expected"),
    [
        (12, None, None, 12.0),
        (12.5, None, None, 12.5),
        ("12.3", None, None, 12.3),
        ("-10", None, None, -10.0),
        ("+0.0", None, None, 0.0),
        ("0 W", "W", None, 0.0),
        ("430 W", "W", None, 430.0),
        ("1.2 kW", "W", None, 1200.0),
        ("0.01kW", "W", None, 10.0),
        ("0kW", "W", None, 0.0),
        ("0.8kWp", "W", None, 800.0),
        ("200Watt", "W", None, 200.0),
        ("12.3 kWh", "kWh", None, 12.3),
        ("20.5kWh", "kWh", None, 20.5),
        ("2.56 MWh", "kWh", None, 2560.0),
        ("11.3%", "%", None, 11.3),
        ("45%", "%", None, 45.0),
        ("0.02", "W", "kW", 20.0),
        ("0.29", "W", "kW", 290.0),
        (2.5, "W", "kW", 2500.0),
        ("2.5 W", "W", "kW", 2.5),
        ("€0.33", None, None, 0.33),
        ("1.2 ", None, None, 1.2),
        ("1.02 KT", "T", None, 1020.0),
        ("12 kWh", "W", None, None),
        ("5 W", "kWh", None, None),
        ("nan", None, None, None),
        ("inf", None, None, None),
        (math.nan, None, None, None),
        (math.inf, "W", None, None),
        ("1e3", None, None, 1000.0),
    ],
)
def test_to_float(
    value: object, unit: str | None, assumed: str | None, expected: float | None
) -> None:
    assert to_float(value, unit, assumed=assumed) == expected


@pytest.mark.parametrize("value", GARBAGE)
def test_to_float_garbage_is_none(value: object) -> None:
    assert to_float(value) is None
    assert to_float(value, "W") is None
    assert to_int(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (1.0, 1),
        ("45%", 45),
        ("100", 100),
        ("-1", -1),
        ("1.5", None),
        ("x", None),
    ],
)
def test_to_int(value: object, expected: int | None) -> None:
    assert to_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        ("true", True),
        ("False", False),
        ("0001", True),
        ("0000", False),
        (2, None),
        ("2", None),
        ("", None),
        ("null", None),
        (None, None),
        ("yes please", None),
        ([], None),
    ],
)
def test_to_bool(value: object, expected: bool | None) -> None:
    assert to_bool(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6:0", time(6, 0)),
        ("0:0", time(0, 0)),
        ("06:00", time(6, 0)),
        ("14:30", time(14, 30)),
        ("23:59", time(23, 59)),
        ("8:5:7", time(8, 5, 7)),
        ("24:00", time(23, 59)),
        (time(7, 15), time(7, 15)),
        ("25:00", None),
        ("12:60", None),
        ("24:01", None),
        ("6", None),
        ("6:0:0:0", None),
        ("", None),
        (None, None),
        (600, None),
    ],
)
def test_to_time(value: object, expected: time | None) -> None:
    assert to_time(value) == expected


BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("value", "tz", "expected"),
    [
        ("2025-06-01 12:05:11", None, datetime(2025, 6, 1, 12, 5, 11)),
        ("2025-06-01 12:05:11", BERLIN, datetime(2025, 6, 1, 10, 5, 11, tzinfo=UTC)),
        ("2025-06-01 12:05", BERLIN, datetime(2025, 6, 1, 12, 5, tzinfo=BERLIN)),
        ("2024-01-01", None, datetime(2024, 1, 1)),
        (
            {
                "year": 124,
                "month": 11,
                "date": 27,
                "day": 5,
                "hours": 0,
                "minutes": 0,
                "seconds": 0,
                "time": 1732000000000,
                "timezoneOffset": -480,
            },
            None,
            datetime.fromtimestamp(1732000000, tz=UTC),
        ),
        (
            {
                "year": 124,
                "month": 0,
                "date": 1,
                "hours": 8,
                "minutes": 0,
                "seconds": 0,
                "timezoneOffset": -480,
            },
            None,
            datetime(2024, 1, 1, 0, 0, tzinfo=UTC),
        ),
        (
            "Wed Dec 20 06:09:18 CST 2023",
            None,
            datetime(2023, 12, 20, 6, 9, 18, tzinfo=timezone(timedelta(hours=8))),
        ),
        ("", None, None),
        ("null", None, None),
        ("yesterday", None, None),
        ("2025-13-01 00:00:00", None, None),
        ({"year": "x"}, None, None),
        ({"time": "soon"}, None, None),
        ({"time": 1e30}, None, None),
        ({}, None, None),
        (None, None, None),
        (12345, None, None),
    ],
)
def test_to_datetime(
    value: object, tz: ZoneInfo | None, expected: datetime | None
) -> None:
    assert to_datetime(value, tz) == expected


def test_to_datetime_java_dict_is_aware_utc() -> None:
    moment = to_datetime({"time": 1649753182000})
    assert moment is not None
    assert moment.tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("\u0000\u0000\u0000\u0000-0", "-0"),
        ("   PV Inverter  ", "PV Inverter"),
        ("\u0000", None),
        ("", None),
        (None, None),
        (12, None),
    ],
)
def test_strip_nul(value: object, expected: str | None) -> None:
    assert strip_nul(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "abc"),
        ("null", None),
        ("", None),
        (12, "12"),
        (12.0, "12"),
        (1.5, "1.5"),
        (True, None),
        (math.nan, None),
    ],
)
def test_to_str(value: object, expected: str | None) -> None:
    assert to_str(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.1/€", (0.1, "EUR")),
        ("123.45/USD", (123.45, "USD")),
        ("1.24/£", (1.24, "GBP")),
        ("1.2 ", (1.2, None)),
        ("€0.33", (0.33, "EUR")),
        ("", (None, None)),
        (None, (None, None)),
        ("rich", (None, None)),
        ("x/€", (None, "EUR")),
    ],
)
def test_split_money(value: object, expected: tuple[float | None, str | None]) -> None:
    assert split_money(value) == expected


@pytest.mark.parametrize(
    ("value", "keys", "expected"),
    [
        ({"data": {"a": 1}}, ("data",), {"a": 1}),
        ({"a": 1}, ("data",), {"a": 1}),
        ({"obj": {"tlxSetBean": {"b": "2"}}}, ("obj", "tlxSetBean"), {"b": "2"}),
        ({"obj": None}, ("obj",), {"obj": None}),
        (None, ("data",), {}),
        ("text", ("data",), {}),
    ],
)
def test_unwrap(
    value: object, keys: tuple[str, ...], expected: dict[str, object]
) -> None:
    assert unwrap(value, *keys) == expected
