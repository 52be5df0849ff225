"""Typed models of Growatt devices and plants, built from either API's raw payloads.

Each family module (`tlx`, `mix`, `storage`, `spa`, `inverter`, `max`,
`noah`) and `plant` offers `from_legacy(...)` and, where the OpenAPI v1 has
the family, `from_v1(...)`. They take what the growattServer-compatible
client methods return and give the same models for the same physical state.
All string and unit coercion lives in `coerce`.
"""

from __future__ import annotations

from . import coerce, inverter, max, mix, noah, plant, spa, storage, tlx
from .common import (
    ENERGY_PERIODS,
    BatteryMode,
    Device,
    DeviceFamily,
    DeviceIdentity,
    DeviceSettings,
    EnergyCounters,
    EnergyPeriod,
    PeriodEnergy,
    Plant,
    PvString,
    Telemetry,
    TimeSegment,
)
from .noah import NoahMode

__all__ = [
    "ENERGY_PERIODS",
    "BatteryMode",
    "Device",
    "DeviceFamily",
    "DeviceIdentity",
    "DeviceSettings",
    "EnergyCounters",
    "EnergyPeriod",
    "NoahMode",
    "PeriodEnergy",
    "Plant",
    "PvString",
    "Telemetry",
    "TimeSegment",
    "coerce",
    "inverter",
    "max",
    "mix",
    "noah",
    "plant",
    "spa",
    "storage",
    "tlx",
]
