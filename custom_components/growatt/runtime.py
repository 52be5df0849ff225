"""What a loaded config entry holds: its coordinators, write path and forced modes."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry

from .api import GrowattAccount
from .coordinator import GrowattCoordinator, GrowattSettingsCoordinator, RequestBudget
from .forced import ForcedModes
from .history import GrowattStatistics
from .writes import SettingsWriter


@dataclass
class GrowattRuntimeData:
    """What a config entry holds while it is loaded."""

    account: GrowattAccount
    coordinator: GrowattCoordinator
    settings: GrowattSettingsCoordinator
    writer: SettingsWriter
    budget: RequestBudget
    # Forced modes in progress (battery or grid first until a time), by serial.
    forced: ForcedModes
    # External statistics: live hourly rows and imports of the past.
    statistics: GrowattStatistics


type GrowattConfigEntry = ConfigEntry[GrowattRuntimeData]
