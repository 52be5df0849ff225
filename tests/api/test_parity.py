"""Parity: every legacy read returns what growattServer returns on the same world.

This is the promise to growattServer's users: switching clients changes no data.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
import warnings

import growattServer
import pytest

from custom_components.growatt.api import GrowattApi, Timespan

from .conftest import (
    CABIN,
    GARAGE,
    HOME,
    INVERTER,
    MIX,
    NOAH,
    SPF,
    TLX,
    TLX_BATTERY,
    USER_ID,
    RunSync,
)

DAY = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


class Span:
    """A timespan argument, converted to each client's own enum."""

    def __init__(self, name: str) -> None:
        self.name = name


def _args(args: tuple[Any, ...], lib: bool) -> list[Any]:
    enum = growattServer.Timespan if lib else Timespan
    return [getattr(enum, a.name) if isinstance(a, Span) else a for a in args]


READS: list[tuple[str, tuple[Any, ...]]] = [
    ("plant_list", (USER_ID,)),
    ("plant_list_two", ()),
    ("plant_info", (HOME,)),
    ("plant_settings", (HOME,)),
    ("plant_detail", (HOME, Span("day"), DAY)),
    ("plant_detail", (GARAGE, Span("month"), DAY)),
    ("plant_energy_data", (HOME,)),
    ("device_list", (HOME,)),
    ("device_list", (GARAGE,)),
    ("device_list", (CABIN,)),
    ("inverter_list", (GARAGE,)),
    ("dashboard_data", (GARAGE, Span("hour"), DAY)),
    ("inverter_data", (INVERTER, DAY)),
    ("inverter_detail", (INVERTER,)),
    ("inverter_detail_two", (INVERTER,)),
    ("classic_inverter_info", (INVERTER,)),
    ("tlx_system_status", (HOME, TLX)),
    ("tlx_energy_overview", (HOME, TLX)),
    ("tlx_energy_prod_cons", (HOME, TLX, Span("hour"), DAY)),
    ("tlx_energy_prod_cons", (HOME, TLX, Span("month"), DAY)),
    ("tlx_data", (TLX, DAY)),
    ("tlx_detail", (TLX,)),
    ("tlx_params", (TLX,)),
    ("tlx_all_settings", (TLX,)),
    ("tlx_enabled_settings", (TLX,)),
    ("tlx_battery_info", (TLX_BATTERY,)),
    ("tlx_battery_info_detailed", (HOME, TLX_BATTERY)),
    ("mix_info", (MIX, GARAGE)),
    ("mix_info", (MIX,)),
    ("mix_totals", (MIX, GARAGE)),
    ("mix_system_status", (MIX, GARAGE)),
    ("mix_detail", (MIX, GARAGE, Span("hour"), DAY)),
    ("get_mix_inverter_settings", (MIX,)),
    ("storage_detail", (SPF,)),
    ("storage_params", (SPF,)),
    ("storage_energy_overview", (CABIN, SPF)),
    ("is_plant_noah_system", (CABIN,)),
    ("is_plant_noah_system", (HOME,)),
    ("noah_system_status", (NOAH,)),
    ("noah_info", (NOAH,)),
]


@pytest.mark.parametrize(
    ("method", "args"),
    READS,
    ids=[f"{m}-{i}" for i, (m, _) in enumerate(READS)],
)
async def test_read_matches_growattserver(
    logged_in: GrowattApi,
    library: Any,
    run_sync: RunSync,
    method: str,
    args: tuple[Any, ...],
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ours = await getattr(logged_in, method)(*_args(args, lib=False))
        theirs = await run_sync(getattr(library, method), *_args(args, lib=True))
    assert ours == theirs
    assert ours  # an empty answer on both sides would prove nothing


async def test_readme_names_are_the_library_names(logged_in: GrowattApi) -> None:
    """The README's tlx_get_* names are the methods; the library's are aliases."""
    assert GrowattApi.tlx_all_settings is GrowattApi.tlx_get_all_settings
    assert GrowattApi.tlx_enabled_settings is GrowattApi.tlx_get_enabled_settings
    assert await logged_in.tlx_get_all_settings(TLX)


async def test_login_matches_growattserver(
    api: GrowattApi, library: Any, run_sync: RunSync
) -> None:
    ours = await api.login("demo", "demo")
    theirs = await run_sync(library.login, "demo", "demo")
    # The login answer carries the time of the last login; the rest is equal.
    for answer in (ours, theirs):
        answer["user"].pop("lastLoginTime")
    assert ours == theirs
