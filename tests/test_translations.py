"""Translations: every language has en.json's keys, placeholders and no empty text."""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

import pytest

TRANSLATIONS = (
    Path(__file__).parent.parent / "custom_components" / "growatt" / "translations"
)
REQUIRED_LANGUAGES = ("de", "nl", "fr", "es", "it", "pl", "cs", "sv", "pt")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a JSON object"
    return data


def _leaves(node: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Map every key path (found recursively) to the value at its end."""
    if isinstance(node, dict):
        leaves: dict[tuple[str, ...], Any] = {}
        for key, value in node.items():
            leaves.update(_leaves(value, (*path, key)))
        return leaves
    return {path: node}


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _translation_files() -> list[Path]:
    return sorted(p for p in TRANSLATIONS.glob("*.json") if p.name != "en.json")


ENGLISH = _leaves(_load(TRANSLATIONS / "en.json"))
FILES = _translation_files()


def test_required_languages_exist() -> None:
    present = {p.stem for p in FILES}
    missing = sorted(set(REQUIRED_LANGUAGES) - present)
    assert not missing, f"missing translations: {missing}"


def test_english_is_complete() -> None:
    assert ENGLISH
    for path, value in ENGLISH.items():
        assert isinstance(value, str), f"en.json {'.'.join(path)} is not a string"
        assert value.strip(), f"en.json {'.'.join(path)} is empty"


@pytest.mark.parametrize("file", FILES, ids=lambda p: p.stem)
def test_same_key_paths_as_english(file: Path) -> None:
    translated = set(_leaves(_load(file)))
    english = set(ENGLISH)
    missing = sorted(".".join(p) for p in english - translated)
    extra = sorted(".".join(p) for p in translated - english)
    assert not missing, f"{file.name} lacks {missing}"
    assert not extra, f"{file.name} has keys en.json lacks: {extra}"


@pytest.mark.parametrize("file", FILES, ids=lambda p: p.stem)
def test_same_placeholders_as_english(file: Path) -> None:
    translated = _leaves(_load(file))
    wrong = {
        ".".join(path): (
            sorted(_placeholders(text)),
            sorted(_placeholders(ENGLISH[path])),
        )
        for path, text in translated.items()
        if path in ENGLISH
        and isinstance(text, str)
        and _placeholders(text) != _placeholders(ENGLISH[path])
    }
    assert not wrong, f"{file.name} placeholders (found, expected): {wrong}"


@pytest.mark.parametrize("file", FILES, ids=lambda p: p.stem)
def test_no_empty_values(file: Path) -> None:
    empty = sorted(
        ".".join(path)
        for path, text in _leaves(_load(file)).items()
        if not isinstance(text, str) or not text.strip()
    )
    assert not empty, f"{file.name} has empty or non-string values: {empty}"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


@pytest.mark.parametrize(
    "file", [TRANSLATIONS / "en.json", *FILES], ids=lambda p: p.stem
)
def test_no_form_says_the_same_thing_twice(file: Path) -> None:
    """Advice is given once per form, not again under each of its fields."""
    data = _load(file)
    repeated: dict[str, list[str]] = {}
    for flow in ("config", "options"):
        for step_id, step in data.get(flow, {}).get("step", {}).items():
            texts = [step.get("description", "")]
            texts += step.get("data_description", {}).values()
            seen: set[str] = set()
            for text in texts:
                sentences = set(_sentences(text))
                if twice := sentences & seen:
                    repeated[f"{flow}.step.{step_id}"] = sorted(twice)
                seen |= sentences
    assert not repeated, f"{file.name} repeats on one form: {repeated}"
