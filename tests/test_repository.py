"""What HACS and Home Assistant read from the repository besides the code."""

from __future__ import annotations

import json
from pathlib import Path
import struct
import subprocess
import sys
import tomllib

import pytest

from custom_components.growatt.const import DOMAIN

ROOT = Path(__file__).parent.parent
INTEGRATION = ROOT / "custom_components" / DOMAIN


def _json(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_manifest_describes_a_cloud_polling_hub() -> None:
    manifest = _json(INTEGRATION / "manifest.json")

    assert manifest["domain"] == DOMAIN
    assert manifest["name"] == "Growatt"
    assert manifest["config_flow"] is True
    assert manifest["integration_type"] == "hub"
    assert manifest["iot_class"] == "cloud_polling"
    assert manifest["requirements"] == []
    assert manifest["codeowners"]
    assert str(manifest["issue_tracker"]).startswith("https://")
    assert str(manifest["documentation"]).startswith("https://")


def test_manifest_keys_are_in_hassfest_order() -> None:
    """Domain and name first, then alphabetical, as hassfest demands of core."""
    keys = list(_json(INTEGRATION / "manifest.json"))
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])


def test_manifest_version_matches_the_project_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    manifest = _json(INTEGRATION / "manifest.json")
    assert manifest["version"] == project["project"]["version"]


def test_hacs_metadata() -> None:
    hacs = _json(ROOT / "hacs.json")
    assert hacs == {
        "name": "Growatt",
        "homeassistant": "2025.4.4",
        "render_readme": True,
    }


def test_english_translations_are_valid_json() -> None:
    assert isinstance(_json(INTEGRATION / "translations" / "en.json"), dict)


@pytest.mark.parametrize(("name", "size"), [("icon.png", 256), ("icon@2x.png", 512)])
def test_brand_icon_is_a_square_rgba_png(name: str, size: int) -> None:
    data = (INTEGRATION / "brand" / name).read_bytes()

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height, bit_depth, color_type = struct.unpack(">IIBB", data[16:26])
    assert (width, height) == (size, size)
    assert (bit_depth, color_type) == (8, 6)  # 8-bit RGBA: transparent background


def _ruff_check(filename: str, source: str) -> subprocess.CompletedProcess[str]:
    """The project's ruff on `source` as if it were `filename`, with its config."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--select",
            "TID251",
            "--stdin-filename",
            filename,
            "-",
        ],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize(
    "source",
    [
        "from homeassistant.core import HomeAssistant\n",
        "import homeassistant\n",
    ],
    ids=["from_import", "import"],
)
def test_api_client_may_not_import_home_assistant(source: str) -> None:
    """The lint rule keeps api/ a plain client, free of Home Assistant."""
    # The newest-Home-Assistant root runs the tests only; linting is the dev venv's.
    pytest.importorskip("ruff")
    banned = _ruff_check(f"custom_components/{DOMAIN}/api/probe.py", source)
    assert banned.returncode == 1, banned.stdout + banned.stderr
    assert "TID251" in banned.stdout

    allowed = _ruff_check(f"custom_components/{DOMAIN}/probe.py", source)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
