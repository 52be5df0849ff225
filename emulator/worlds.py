"""Worlds to serve: the default demo world and worlds described in JSON or YAML.

A world file lists accounts, their plants and devices; everything left out gets
a sensible default:

```yaml
accounts:
  - username: demo
    password: demo
    token: deadbeefdeadbeefdeadbeefdeadbeef
    plants:
      - name: Home
        timezone: Europe/Berlin
        devices:
          - {sn: TLX0000001, family: tlx, battery_kwh: 5, battery_sn: BAT0000001}
```
"""

from __future__ import annotations

from dataclasses import fields
import json
from pathlib import Path
from typing import Any

from .clock import Clock
from .model import Account, Device, Family, Plant
from .settings import default_settings
from .world import EmulatorConfig, World

DEMO_TOKEN = "deadbeefdeadbeefdeadbeefdeadbeef"  # noqa: S105 - the public demo token

# Model names and nominal power per family, when a world file names none.
_FAMILY_DEFAULTS: dict[Family, dict[str, Any]] = {
    Family.INVERTER: {
        "model": "GROWATT 3000MTL-S",
        "nominal_power": 3000,
        "strings": 2,
        "firmware": "AH1.0",
    },
    Family.TLX: {
        "model": "MIN 3000TL-XH",
        "nominal_power": 3000,
        "strings": 2,
        "firmware": "AL1.0",
    },
    Family.MIX: {
        "model": "SPH 5000TL BL-UP",
        "nominal_power": 5000,
        "strings": 2,
        "firmware": "RA1.0",
    },
    Family.STORAGE: {
        "model": "SPF 5000 ES",
        "nominal_power": 5000,
        "strings": 2,
        "firmware": "067.01",
    },
    Family.SPA: {
        "model": "SPA 3000TL BL",
        "nominal_power": 3000,
        "strings": 0,
        "firmware": "TJ1.0",
    },
    Family.MAX: {
        "model": "MAX 15KTL3-X LV",
        "nominal_power": 15000,
        "strings": 4,
        "firmware": "TL1.0",
    },
    Family.NOAH: {
        "model": "NOAH 2000",
        "nominal_power": 800,
        "strings": 4,
        "firmware": "11.10.09",
    },
}

DEFAULT_WORLD: dict[str, Any] = {
    "accounts": [
        {
            "username": "demo",
            "password": "demo",
            "user_id": 1000001,
            "token": DEMO_TOKEN,
            "email": "demo@example.org",
            "plants": [
                {
                    "plant_id": 1234567,
                    "name": "Home",
                    "devices": [
                        {
                            "sn": "TLX0000001",
                            "family": "tlx",
                            "alias": "Roof hybrid",
                            "battery_kwh": 5,
                            "battery_sn": "BAT0000001",
                            "datalogger_sn": "QMN0000000000001",
                        },
                        {
                            "sn": "INV0000001",
                            "family": "inverter",
                            "alias": "Shed inverter",
                            "nominal_power": 1500,
                        },
                    ],
                },
                {
                    "plant_id": 1234568,
                    "name": "Garage",
                    "devices": [
                        {
                            "sn": "MIX0000001",
                            "family": "mix",
                            "alias": "Garage SPH",
                            "battery_kwh": 10,
                        },
                        {"sn": "MAX0000001", "family": "max", "alias": "Barn MAX"},
                    ],
                },
                {
                    "plant_id": 1234569,
                    "name": "Cabin",
                    "devices": [
                        {
                            "sn": "SPF0000001",
                            "family": "storage",
                            "alias": "Cabin SPF",
                            "battery_kwh": 5,
                        },
                        {
                            "sn": "SPA0000001",
                            "family": "spa",
                            "alias": "Cabin SPA",
                            "battery_kwh": 6.5,
                        },
                        {
                            "sn": "0PVP50ZR16ST00CB",
                            "family": "noah",
                            "alias": "Balcony",
                            "battery_kwh": 2,
                        },
                    ],
                },
                {
                    "plant_id": 1234570,
                    "name": "Flat",
                    "devices": [
                        {
                            # A micro-inverter: two panels, no battery, no meter,
                            # its datalogger built in.
                            "sn": "QXB1CKS03A",
                            "family": "tlx",
                            "alias": "Balcony micro",
                            "model": "NEO 800M-X",
                            "nominal_power": 800,
                            "strings": 2,
                            "meter": False,
                            "firmware": "GH1.0",
                            "datalogger_sn": "XGD6CKG02A",
                        },
                        {
                            # A string inverter with a meter for export
                            # limiting, no battery.
                            "sn": "BZP2CK502B",
                            "family": "tlx",
                            "alias": "Carport MIN",
                            "model": "MIN 2500TL-X",
                            "nominal_power": 2500,
                            "strings": 2,
                            "meter": True,
                            "datalogger_sn": "QMN0000000000002",
                        },
                    ],
                },
            ],
        }
    ]
}


class WorldFileError(ValueError):
    """A world description that cannot be loaded."""


def _device(raw: dict[str, Any], plant_id: int, device_id: int) -> Device:
    try:
        family = Family(str(raw["family"]))
    except (KeyError, ValueError) as err:
        raise WorldFileError(
            f"device {raw.get('sn')!r}: unknown family {raw.get('family')!r}"
        ) from err
    if "sn" not in raw:
        raise WorldFileError("every device needs an 'sn'")
    known = {f.name for f in fields(Device)} - {
        "settings",
        "telemetry",
        "counters",
        "family",
        "plant_id",
    }
    unknown = set(raw) - known - {"family"}
    if unknown:
        raise WorldFileError(f"device {raw['sn']}: unknown keys {sorted(unknown)}")
    values = {
        **_FAMILY_DEFAULTS[family],
        **{k: v for k, v in raw.items() if k != "family"},
    }
    values.setdefault("alias", values["sn"])
    values.setdefault("datalogger_sn", f"DL{values['sn']}"[:16])
    values.setdefault("device_id", device_id)
    device = Device(family=family, plant_id=plant_id, **values)
    device.battery_kwh = float(device.battery_kwh)
    device.settings = default_settings(device)
    return device


def _plant(raw: dict[str, Any], plant_id: int, first_device_id: int) -> Plant:
    values = {k: v for k, v in raw.items() if k != "devices"}
    values.setdefault("plant_id", plant_id)
    values.setdefault("name", f"Plant {values['plant_id']}")
    known = {f.name for f in fields(Plant)}
    unknown = set(values) - known
    if unknown:
        raise WorldFileError(f"plant {values['name']}: unknown keys {sorted(unknown)}")
    plant = Plant(**values)
    plant.devices = [
        _device(d, plant.plant_id, first_device_id + n)
        for n, d in enumerate(raw.get("devices", []))
    ]
    return plant


def build_world(
    description: dict[str, Any],
    *,
    clock: Clock | None = None,
    config: EmulatorConfig | None = None,
) -> World:
    """A world from a parsed JSON/YAML description."""
    accounts: list[Account] = []
    plant_id = 2_000_000
    device_id = 100
    for index, raw in enumerate(description.get("accounts", [])):
        if "username" not in raw or "password" not in raw:
            raise WorldFileError("every account needs a username and a password")
        values = {k: v for k, v in raw.items() if k != "plants"}
        values.setdefault("user_id", 3_000_000 + index)
        known = {f.name for f in fields(Account)}
        unknown = set(values) - known
        if unknown:
            raise WorldFileError(
                f"account {raw['username']}: unknown keys {sorted(unknown)}"
            )
        account = Account(**values)
        for plant_raw in raw.get("plants", []):
            plant_id += 1
            plant = _plant(plant_raw, plant_id, device_id)
            device_id += len(plant.devices)
            account.plants.append(plant)
        accounts.append(account)
    world = World(accounts, clock=clock, config=config)
    world.sync_all()
    return world


def default_world(
    *, clock: Clock | None = None, config: EmulatorConfig | None = None
) -> World:
    """The demo world: one account with every kind of device Growatt serves.

    TLX hybrid with battery and meter, MIN without battery, NEO micro-inverter,
    SPH, SPF off-grid, SPA, Noah, MAX and a classic string inverter.
    """
    return build_world(DEFAULT_WORLD, clock=clock, config=config)


def load_world_file(
    path: Path, *, clock: Clock | None = None, config: EmulatorConfig | None = None
) -> World:
    """A world from a .json or .yaml/.yml file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        try:
            import yaml
        except (
            ImportError
        ) as err:  # pragma: no cover - PyYAML ships with Home Assistant
            raise WorldFileError("YAML world files need PyYAML") from err
        description = yaml.safe_load(text)
    else:
        description = json.loads(text)
    if not isinstance(description, dict):
        raise WorldFileError("a world file holds a mapping with 'accounts'")
    return build_world(description, clock=clock, config=config)
