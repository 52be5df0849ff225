"""Print the peer-day table from a results file: `python table.py results.json`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
import json
from pathlib import Path
import sys
from typing import Any

# A scenario that did not run or failed, unlike a measured None ("none").
MISSING = object()


@dataclass(frozen=True)
class Row:
    """One line of the table: a value of a scenario's results."""

    label: str
    scenario: str
    key: str
    unit: str = ""

    def value(self, results: dict[str, Any], side: str) -> Any:
        """The side's value, per cent for a share; MISSING if not measured."""
        found = results.get(self.scenario, {}).get(side, {}).get(self.key, MISSING)
        if self.unit == "%" and isinstance(found, float):
            return 100 * found
        return found

    def cell(self, results: dict[str, Any], side: str) -> str:
        """The value as the table shows it."""
        text = number(self.value(results, side), self.unit)
        measured = results.get(self.scenario, {}).get(side, {})
        if self.unit == "%" and "counted" in measured:
            text += f" ({measured['shown']}/{measured['counted']})"
        if self.key == "entities" and "enabled" in measured:
            text += f" ({measured['enabled']} enabled)"
        return text


def day(auth: str) -> list[Row]:
    """What a simulated day shows, for one way of signing in."""
    scenario = f"day_{auth}"
    rows = [Row(f"{auth} day: requests", scenario, "requests")]
    if auth == "password":
        rows.append(Row(f"{auth} day: logins", scenario, "logins"))
    else:
        rows.append(Row(f"{auth} day: 10012 answers", scenario, "rate_limited"))
    return [
        *rows,
        Row(f"{auth} day: uploads shown", scenario, "shown_share", "%"),
        Row(f"{auth} day: median freshness", scenario, "median_delay", "s"),
        Row(f"{auth} day: entities", scenario, "entities"),
        Row(f"{auth} day: unavailable at the end", scenario, "unavailable"),
    ]


RESTART = "restart at 30 min"
REFRESH = "10 TLX at 1 s latency"
ROWS: list[Row] = [
    *day("password"),
    *day("token"),
    Row(f"{RESTART}, password: requests", "restart_password", "requests"),
    Row(f"{RESTART}, password: logins", "restart_password", "logins"),
    Row(f"{RESTART}, token: requests", "restart_token", "requests"),
    Row(f"{RESTART}, token: 10012 answers", "restart_token", "rate_limited"),
    Row(f"{RESTART}, token: loaded after it", "restart_token", "loaded"),
    Row(f"{REFRESH}, password: refresh time", "refresh_password", "seconds", "s"),
    Row(f"{REFRESH}, token: refresh time", "refresh_token", "seconds", "s"),
    Row("emulator's default lockout: hours until a lockout", "lockout", "hours", "h"),
]


@dataclass(frozen=True)
class Target:
    """A target for one row's value."""

    label: str
    row: Row
    holds: Callable[[float], bool]

    def verdict(self, results: dict[str, Any], side: str) -> str:
        """Whether the side meets it."""
        found = self.row.value(results, side)
        if found is None or found is MISSING:
            return "n/a"
        return "holds" if self.holds(found) else "MISSED"


def row(scenario: str, key: str) -> Row:
    """The row of a value."""
    return next(r for r in ROWS if r.scenario == scenario and r.key == key)


TARGETS: list[Target] = [
    *(
        Target(
            f">= 95 % of uploads shown ({auth} day)",
            row(f"day_{auth}", "shown_share"),
            lambda v: v >= 95,
        )
        for auth in ("password", "token")
    ),
    *(
        Target(
            f"median freshness <= 60 s ({auth} day)",
            row(f"day_{auth}", "median_delay"),
            lambda v: v <= 60,
        )
        for auth in ("password", "token")
    ),
    Target(
        "<= 330 requests a day (password)",
        row("day_password", "requests"),
        lambda v: v <= 330,
    ),
    Target(
        "<= 1 login a day (password)", row("day_password", "logins"), lambda v: v <= 1
    ),
    Target(
        "0 answers 10012 (token day)",
        row("day_token", "rate_limited"),
        lambda v: v == 0,
    ),
    *(
        Target(
            f"10-device refresh <= 2 s at 1 s latency ({auth})",
            row(f"refresh_{auth}", "seconds"),
            lambda v: v <= 2,
        )
        for auth in ("password", "token")
    ),
]


def number(found: Any, unit: str) -> str:
    """A value with its unit; "-" where nothing was measured."""
    if found is MISSING:
        return "-"
    if found is None:
        return "none"
    if isinstance(found, bool):
        return "yes" if found else "no"
    if unit == "%":
        return f"{found:.1f} %"
    if unit in ("s", "h"):
        return f"{found:.1f} {unit}"
    return str(found)


def ratio(ours: Any, core: Any) -> str:
    """Ours divided by core's, where both are numbers."""
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (ours, core)
    ):
        return "-"
    if core == 0:
        return "-" if ours else "1.00"
    return f"{ours / core:.2f}"


def markdown(rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table, first column left, the others right aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def line(cells: Sequence[str]) -> str:
        padded = [cells[0].ljust(widths[0])]
        padded += [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "| " + " | ".join(padded) + " |"

    rule = "|".join(
        "-" * (w + 1) + ":" if i else "-" * (w + 2) for i, w in enumerate(widths)
    )
    return [line(rows[0]), f"|{rule}|", *(line(r) for r in rows[1:])]


def render(data: dict[str, Any]) -> str:
    """The table of values, then the targets."""
    results = data["results"]
    values = [("", "ours", "core", "ratio (ours/core)")]
    values += [
        (
            r.label,
            r.cell(results, "ours"),
            r.cell(results, "core"),
            ratio(r.value(results, "ours"), r.value(results, "core")),
        )
        for r in ROWS
    ]
    targets = [("target", "ours", "core")]
    targets += [
        (t.label, t.verdict(results, "ours"), t.verdict(results, "core"))
        for t in TARGETS
    ]
    lines = [*markdown(values), "", *markdown(targets)]
    if data.get("errors"):
        lines += ["", "Scenarios that failed (their cells read '-'):"]
        lines += [f"  {node}: {message}" for node, message in data["errors"].items()]
    return "\n".join(lines)


def main() -> None:
    """Print the table of the file named on the command line."""
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "results.json")
    print(render(json.loads(path.read_text())))


if __name__ == "__main__":
    main()
