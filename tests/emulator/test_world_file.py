"""Worlds described in JSON or YAML files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from emulator.model import Family
from emulator.worlds import WorldFileError, build_world, load_world_file

YAML_WORLD = """
accounts:
  - username: jane
    password: secret
    token: 0123456789abcdef0123456789abcdef
    plants:
      - name: Roof
        timezone: Australia/Sydney
        latitude: -33.9
        devices:
          - {sn: TLX1234567, family: tlx, battery_kwh: 10, battery_sn: BAT1234567}
          - {sn: NOAH00000000001A, family: noah, battery_kwh: 2}
"""


def test_yaml_world_file(tmp_path: Path) -> None:
    path = tmp_path / "world.yaml"
    path.write_text(YAML_WORLD)
    world = load_world_file(path)
    account = world.account_by_username("JANE")
    assert account is not None
    assert account.token == "0123456789abcdef0123456789abcdef"
    plant = account.plants[0]
    assert plant.timezone == "Australia/Sydney"
    assert [d.family for d in plant.devices] == [Family.TLX, Family.NOAH]
    tlx = plant.devices[0]
    assert tlx.battery_kwh == 10.0
    assert tlx.model == "MIN 3000TL-XH"
    assert len(tlx.settings.time_segments) == 9
    assert world.find_device("BAT1234567") is not None


def test_json_world_file(tmp_path: Path) -> None:
    path = tmp_path / "world.json"
    path.write_text(
        json.dumps(
            {
                "accounts": [
                    {
                        "username": "a",
                        "password": "b",
                        "plants": [
                            {
                                "devices": [
                                    {
                                        "sn": "M1",
                                        "family": "max",
                                        "nominal_power": 50000,
                                    }
                                ]
                            }
                        ],
                    }
                ]
            }
        )
    )
    world = load_world_file(path)
    found = world.find_device("M1")
    assert found is not None
    assert found[2].nominal_power == 50000
    assert found[1].plant_id > 0


@pytest.mark.parametrize(
    ("description", "message"),
    [
        ({"accounts": [{"username": "a"}]}, "username and a password"),
        (
            {
                "accounts": [
                    {
                        "username": "a",
                        "password": "b",
                        "plants": [{"devices": [{"sn": "X", "family": "car"}]}],
                    }
                ]
            },
            "unknown family",
        ),
        (
            {
                "accounts": [
                    {
                        "username": "a",
                        "password": "b",
                        "plants": [{"devices": [{"family": "tlx"}]}],
                    }
                ]
            },
            "needs an 'sn'",
        ),
        (
            {
                "accounts": [
                    {
                        "username": "a",
                        "password": "b",
                        "plants": [
                            {"devices": [{"sn": "X", "family": "tlx", "colour": 1}]}
                        ],
                    }
                ]
            },
            "unknown keys",
        ),
        (
            {"accounts": [{"username": "a", "password": "b", "plants": [{"size": 3}]}]},
            "unknown keys",
        ),
        ({"accounts": [{"username": "a", "password": "b", "age": 3}]}, "unknown keys"),
    ],
)
def test_bad_world_descriptions_say_what_is_wrong(
    description: dict[str, object], message: str
) -> None:
    with pytest.raises(WorldFileError, match=message):
        build_world(description)


def test_world_file_must_hold_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "world.json"
    path.write_text("[1, 2]")
    with pytest.raises(WorldFileError):
        load_world_file(path)
