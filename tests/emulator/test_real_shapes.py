"""The emulator answers in the shapes of real Growatt answers (tests/fixtures/real/).

Each fixture is an answer a real server gave, with its provenance and the
request that produced it. The same request goes to the emulator for a device
of the same family, over loopback HTTP, and the answers are compared:

- every key of the real answer is there, recursively (for a list, the keys of
  its first element);
- every value has the real JSON type. Numbers are one type, but their form is
  not: where Growatt writes a whole number without a fraction (`0`), the
  emulator must not write `0.0`, and where it writes `0.0` the emulator must
  not write `0`. Where the real data mixes both forms under one key, either is
  accepted;
- a legacy or v1 envelope has the real envelope's keys, and an error answer
  the real error's values.

Extra keys are allowed: real answers differ between firmware and servers.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import date
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from emulator.clock import Clock
from emulator.world import EmulatorConfig, World, growatt_hash
from emulator.worlds import DEFAULT_WORLD, build_world
from tests.conftest import START, TOKEN, Emulator
from tests.emulator.conftest import LEGACY_UA, legacy_login

pytestmark = pytest.mark.usefixtures("socket_enabled")

FIXTURES = Path(__file__).parents[1] / "fixtures" / "real"

# A micro-inverter without battery, like the NEO 800M-X of most legacy captures,
# alone in a plant of its own. Most of those captures were taken while it was
# lost (asleep at night), so it is lost here too.
NEO = "NEO0000001"
NEO_PLANT = 1234570
SERIALS = {
    "tlx": "TLX0000001",
    "mix": "MIX0000001",
    "storage": "SPF0000001",
    "noah": "0PVP50ZR16ST00CB",
    "inverter": "INV0000001",
}
# A read every family's v1 `read*Param` answers.
PARAM_ID = "pv_on_off"

# Fixtures the emulator cannot be asked for, with the reason.
NOT_ASKED = {
    "legacy/mix_detail_504.json": (
        "Growatt's condition for this 504 is unknown (a failed chart read); "
        "the emulator has no request that reproduces it"
    ),
}

# Keys of real answers the emulator does not reproduce, with the reason.
ALLOWED: dict[tuple[str, str], str] = {
    ("legacy/noah_info_doc.json", "obj.noah.time_segment.time_segment2"): (
        "time_segment holds one key per configured segment; the example has two, "
        "the demo Noah one"
    ),
}

ENVELOPES = {
    "back": {"back"},
    "obj": {"result", "msg", "obj"},
    "obj.tlxSetBean": {"result", "msg", "obj"},
}


@dataclass(frozen=True)
class Fixture:
    """One real answer with its provenance."""

    name: str
    provenance: dict[str, Any]
    body: Any

    @property
    def api(self) -> str:
        return str(self.provenance["api"])

    @property
    def part(self) -> str:
        return str(self.provenance["part"])

    @property
    def family(self) -> str:
        return str(self.provenance["family"])

    @property
    def serial(self) -> str:
        if self.family == "tlx" and "NEO" in str(self.provenance["device"]):
            return NEO
        return SERIALS.get(self.family, "")


def load_fixtures() -> list[Fixture]:
    """Every fixture file, sorted by name."""
    fixtures = []
    for path in sorted(FIXTURES.rglob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        name = path.relative_to(FIXTURES).as_posix()
        fixtures.append(Fixture(name, raw["provenance"], raw["body"]))
    return fixtures


ALL = load_fixtures()


def test_every_fixture_has_provenance() -> None:
    """A fixture says where it comes from and what request produced it."""
    assert len(ALL) >= 30
    for fixture in ALL:
        prov = fixture.provenance
        for key in ("endpoint", "request", "api", "part", "device", "family", "source"):
            assert prov.get(key), (fixture.name, key)
        assert prov["api"] in ("legacy", "v1"), fixture.name
        assert prov["source"].startswith("https://"), fixture.name


@pytest.fixture
def world(emulator_config: EmulatorConfig) -> World:
    """The demo world plus a plant with a NEO 800M-X (no battery)."""
    description = deepcopy(DEFAULT_WORLD)
    description["accounts"][0]["plants"].append(
        {
            "plant_id": NEO_PLANT,
            "name": "Balcony",
            "devices": [
                {
                    "sn": NEO,
                    "family": "tlx",
                    "model": "NEO 800M-X",
                    "nominal_power": 800,
                    "strings": 2,
                    "datalogger_sn": "QMN0000000000009",
                    "online": False,
                }
            ],
        }
    )
    return build_world(
        description, clock=Clock(START, frozen=True), config=emulator_config
    )


def placeholders(emulator: Emulator, fixture: Fixture) -> dict[str, str]:
    """The values a fixture's request template names."""
    sn = fixture.serial
    found = emulator.world.find_device(sn) if sn else None
    plant_id = str(found[1].plant_id) if found else "1234567"
    today: date = START.date()
    return {
        "sn": sn,
        "plant_id": plant_id,
        "user_id": "1000001",
        "username": "demo",
        "password_hash": growatt_hash("demo"),
        "date": today.isoformat(),
        "month": today.strftime("%Y-%m"),
        "param_id": PARAM_ID,
    }


def fill(template: dict[str, str], values: dict[str, str]) -> dict[str, str]:
    return {key: value.format(**values) for key, value in template.items()}


async def ask(
    emulator: Emulator, session: aiohttp.ClientSession, fixture: Fixture
) -> Any:
    """The emulator's whole answer to the fixture's request."""
    request = fixture.provenance["request"]
    values = placeholders(emulator, fixture)
    headers = dict(LEGACY_UA)
    if fixture.api == "v1":
        good = fixture.provenance["part"] != "error"
        headers["token"] = TOKEN if good else "0" * 32
    async with session.request(
        request["method"],
        emulator.url + request["path"],
        params=fill(request.get("query", {}), values),
        data=fill(request.get("form", {}), values) or None,
        headers=headers,
    ) as response:
        return json.loads(await response.text())


def part_of(body: Any, part: str) -> Any:
    """The part of a whole answer a fixture holds ("obj.tlxSetBean", "back", ...)."""
    if part in ("whole", "error"):
        return body
    for key in part.split("."):
        body = body[key]
    return body


# -- comparison ------------------------------------------------------------------------


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def whole_form(value: Any) -> str | None:
    """How a whole number is written: "int" (`0`), "float" (`0.0`), None if not whole."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return "int"
    return "float" if value.is_integer() else None


@dataclass
class Comparison:
    """Differences between a real answer and the emulator's, by path."""

    fixture: Fixture
    differences: list[str]

    @property
    def prov(self) -> dict[str, Any]:
        return self.fixture.provenance

    def keys_only(self, path: str) -> bool:
        if self.prov.get("compare") == "keys":
            return True
        under = self.prov.get("keys_only_under")
        return bool(under) and (path == under or path.startswith(f"{under}."))

    def note(self, path: str, text: str) -> None:
        if (self.fixture.name, path) not in ALLOWED:
            self.differences.append(f"{path or '<root>'}: {text}")

    def expected_kind(self, path: str, real: Any) -> str:
        override = self.prov.get("placeholders", {}).get(path)
        return str(override) if override else kind(real)

    def scalar(self, path: str, real: Any, emulated: Any, forms: set[str]) -> None:
        want = self.expected_kind(path, real)
        got = kind(emulated)
        if want != got:
            self.note(path, f"{got} {emulated!r} where Growatt sends {want} {real!r}")
            return
        if want != "number" or len(forms) > 1 or self.keys_only(path):
            return
        got_form = whole_form(emulated)
        if forms and got_form and got_form not in forms:
            self.note(
                path, f"{emulated!r} written as {got_form}, Growatt writes {real!r}"
            )

    def walk(self, path: str, real: Any, emulated: Any) -> None:
        if not isinstance(real, dict | list):
            if not self.keys_only(path):
                self.scalar(path, real, emulated, forms_of([real]))
            return
        if kind(real) != kind(emulated):
            shown = json.dumps(emulated)[:60]
            self.note(
                path, f"{kind(emulated)} {shown} where Growatt sends {kind(real)}"
            )
        elif isinstance(real, dict):
            self.mapping(path, real, emulated)
        else:
            self.sequence(path, real, emulated)

    def mapping(
        self, path: str, real: dict[str, Any], emulated: dict[str, Any]
    ) -> None:
        if path in self.prov.get("keyed_by_data", ()):
            # Keys are times or days: compare the first entry's shape.
            if real and emulated:
                self.walk(
                    f"{path}.*",
                    next(iter(real.values())),
                    next(iter(emulated.values())),
                )
            elif real:
                self.note(path, "empty where Growatt sends entries")
            return
        for key, value in real.items():
            child = f"{path}.{key}" if path else key
            if key not in emulated:
                self.note(child, "missing")
            else:
                self.walk(child, value, emulated[key])

    def sequence(self, path: str, real: list[Any], emulated: list[Any]) -> None:
        if not real:
            return
        if not emulated:
            if isinstance(real[0], dict | list):
                self.note(path, "empty where Growatt sends entries")
            return
        child = f"{path}[0]"
        if isinstance(real[0], dict | list):
            self.walk(child, real[0], emulated[0])
            return
        forms = forms_of(real)
        before = len(self.differences)
        for item in emulated:
            self.scalar(child, real[0], item, forms)
            if len(self.differences) > before:
                break


def forms_of(values: list[Any]) -> set[str]:
    return {form for value in values if (form := whole_form(value))}


def compare(fixture: Fixture, emulated_body: Any) -> list[str]:
    """The differences that matter between the fixture and the emulator's answer."""
    comparison = Comparison(fixture, [])
    prov = fixture.provenance
    if fixture.part in ENVELOPES and isinstance(emulated_body, dict):
        missing = ENVELOPES[fixture.part] - emulated_body.keys()
        if missing:
            comparison.note("<envelope>", f"missing {sorted(missing)}")
    if fixture.part == "whole" and isinstance(fixture.body, dict):
        real_keys = set(fixture.body)
        is_envelope = real_keys & {"back", "obj", "data", "result", "error_code"}
        extra = (
            set(emulated_body) - real_keys if isinstance(emulated_body, dict) else set()
        )
        if is_envelope and extra and not prov.get("partial"):
            comparison.note(
                "<envelope>", f"keys Growatt does not send: {sorted(extra)}"
            )
    if prov.get("error"):
        for key, value in fixture.body.items():
            if emulated_body.get(key) != value:
                comparison.note(
                    key, f"{emulated_body.get(key)!r}, Growatt answers {value!r}"
                )
        return comparison.differences
    try:
        emulated = part_of(emulated_body, fixture.part)
    except (KeyError, TypeError):
        return [f"no {fixture.part} in {json.dumps(emulated_body)[:200]}"]
    comparison.walk("", fixture.body, emulated)
    return comparison.differences


def cases() -> Iterator[Any]:
    for fixture in ALL:
        marks = []
        if fixture.name in NOT_ASKED:
            marks.append(pytest.mark.skip(reason=NOT_ASKED[fixture.name]))
        yield pytest.param(fixture, id=fixture.name, marks=marks)


@pytest.mark.parametrize("fixture", cases())
async def test_emulator_answers_in_the_real_shape(
    emulator: Emulator, fixture: Fixture
) -> None:
    """The emulator's answer to the fixture's request has the real keys and types."""
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        if (
            fixture.api == "legacy"
            and fixture.provenance["request"]["path"] != "newTwoLoginAPI.do"
        ):
            assert (await legacy_login(session, emulator.url))["success"] is True
        body = await ask(emulator, session, fixture)
    differences = compare(fixture, body)
    assert not differences, "\n".join(differences)


def test_comparison_finds_a_missing_key_and_a_changed_type() -> None:
    """The comparison itself fails on what it is meant to catch."""
    fixture = Fixture(
        "inline",
        {"api": "legacy", "part": "obj", "family": "tlx", "device": "x"},
        {"a": "1", "b": 0, "c": {"d": [{"e": 0.0}]}},
    )
    body = {"result": 1, "msg": "", "obj": {"b": 0.0, "c": {"d": [{"e": 0}]}}}
    assert compare(fixture, body) == [
        "a: missing",
        "b: 0.0 written as float, Growatt writes 0",
        "c.d[0].e: 0 written as int, Growatt writes 0.0",
    ]
    body["obj"] |= {"a": 1, "b": 0}
    body["obj"]["c"]["d"][0]["e"] = 0.5
    assert compare(fixture, body) == ["a: number 1 where Growatt sends string '1'"]
