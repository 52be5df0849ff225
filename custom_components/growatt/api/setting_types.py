"""Growatt's write vocabulary: which setting type writes what, and how.

The types and their parameters: docs/growatt-api.md, Setting types.

Both APIs name a setting by the same type (`charge_power`, `time_segment3`,
`mix_ac_charge_time_period`), so one table per family serves both. A write is
encoded from the whole desired `DeviceSettings`, because Growatt's composite
types must resend every part: a MIX charge-period write carries the charge
power, the stop SOC, the grid flag and all three slots, so changing one slot
means sending the others as they are.

Each type also says which part of `DeviceSettings` it writes (`view`), so a
read-back can be compared with what was asked, and how the value that
`read*Param` answers for it (v1) updates the settings (`decode`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import time
from enum import StrEnum
from typing import Any

from .models.coerce import to_bool, to_float, to_int, to_time
from .models.common import DeviceFamily, DeviceSettings, TimeSegment

MIDNIGHT = time(0, 0)


class Target(StrEnum):
    """What a control changes; segment targets also take a 1-based index."""

    ON = "on"
    ACTIVE_POWER_RATE = "active_power_rate"
    EXPORT_LIMIT = "export_limit"
    AC_CHARGE = "ac_charge"
    CHARGE_POWER = "charge_power"
    CHARGE_STOP_SOC = "charge_stop_soc"
    DISCHARGE_POWER = "discharge_power"
    DISCHARGE_STOP_SOC = "discharge_stop_soc"
    ON_GRID_DISCHARGE_STOP_SOC = "on_grid_discharge_stop_soc"
    LOAD_FIRST_STOP_SOC = "load_first_stop_soc"
    DEFAULT_POWER = "default_power"
    CHARGE_SOC_LIMITS = "charge_soc_limits"
    WORK_MODE = "work_mode"
    TIME_SEGMENT = "time_segments"
    CHARGE_PERIOD = "charge_periods"
    DISCHARGE_PERIOD = "discharge_periods"


# How an API writes the hour or minute of a time: the legacy TLX segment write
# pads them ("06"), every other write sends them bare ("6").
type TimeFormat = Callable[[int], str]
PLAIN: TimeFormat = str
PADDED: TimeFormat = "{:02d}".format


@dataclass(frozen=True, kw_only=True)
class SettingType:
    """One Growatt setting type of one family.

    `encode` gives the parameter list, `param1` first, in the family's layout
    with the API's time format; the API's write path only places it (query,
    form body, `paramN` or `command_N`).
    """

    name: str
    encode: Callable[[DeviceSettings, TimeFormat], list[str]]
    view: Callable[[DeviceSettings], Any]
    decode: Callable[[DeviceSettings, str], DeviceSettings]


# -- parameter helpers ---------------------------------------------------------


def _flag(value: bool | None) -> str:
    return "1" if value else "0"


def _command(value: bool | None) -> str:
    """On/off commands: `0001` on, `0000` off, as the v1 documentation has them."""
    return "0001" if value else "0000"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def segment(settings: DeviceSettings, target: Target, index: int) -> TimeSegment:
    """Segment `index` of a schedule; an unlisted one is empty and disabled."""
    entries: tuple[TimeSegment, ...] = getattr(settings, target.value)
    for entry in entries:
        if entry.index == index:
            return entry
    return empty_segment(index)


def empty_segment(index: int) -> TimeSegment:
    """A cleared segment: load first, 00:00-00:00, disabled."""
    return TimeSegment(index=index, mode=0, start=MIDNIGHT, end=MIDNIGHT, enabled=False)


def in_use(entry: TimeSegment) -> bool:
    """Whether a segment is enabled or holds a period."""
    return bool(entry.enabled) or (entry.start or MIDNIGHT) != (entry.end or MIDNIGHT)


def with_segment(
    settings: DeviceSettings, target: Target, new: TimeSegment
) -> DeviceSettings:
    """The settings with one segment replaced (or added)."""
    current: tuple[TimeSegment, ...] = getattr(settings, target.value)
    entries = [e for e in current if e.index != new.index]
    entries.append(new)
    ordered: dict[str, Any] = {
        target.value: tuple(sorted(entries, key=lambda e: e.index))
    }
    return replace(settings, **ordered)


def _hm(value: time | None, times: TimeFormat) -> list[str]:
    value = value or MIDNIGHT
    return [times(value.hour), times(value.minute)]


def _period(entry: TimeSegment, times: TimeFormat) -> list[str]:
    """Start hour, start minute, end hour, end minute."""
    return [*_hm(entry.start, times), *_hm(entry.end, times)]


def _slots(settings: DeviceSettings, target: Target, times: TimeFormat) -> list[str]:
    """Three MIX/SPA slots: start h, start m, end h, end m, enabled."""
    params: list[str] = []
    for index in (1, 2, 3):
        slot = segment(settings, target, index)
        params += [*_period(slot, times), _flag(slot.enabled)]
    return params


def _slot_view(settings: DeviceSettings, target: Target) -> tuple[Any, ...]:
    return tuple(
        (s.start or MIDNIGHT, s.end or MIDNIGHT, bool(s.enabled))
        for s in (segment(settings, target, index) for index in (1, 2, 3))
    )


def _pieces(value: str) -> list[str]:
    return [piece.strip() for piece in str(value).split("_")]


def _decode_slots(pieces: list[str], first: int, mode: int) -> tuple[TimeSegment, ...]:
    slots = []
    for n in range(3):
        base = first + n * 5
        h1, m1, h2, m2, enabled = pieces[base : base + 5]
        slots.append(
            TimeSegment(
                index=n + 1,
                mode=mode,
                start=time(int(h1), int(m1)),
                end=time(int(h2), int(m2)),
                enabled=to_bool(enabled),
            )
        )
    return tuple(slots)


# -- simple types --------------------------------------------------------------


def _scalar(
    name: str, field: str, kind: Callable[[Any], Any], encode: Callable[[Any], str]
) -> SettingType:
    return SettingType(
        name=name,
        encode=lambda s, _times: [encode(getattr(s, field))],
        view=lambda s: getattr(s, field),
        decode=lambda s, raw: replace(s, **{field: kind(_pieces(raw)[0])}),
    )


def _on(name: str) -> SettingType:
    return _scalar(name, "on", to_bool, _command)


def _percent(name: str, field: str) -> SettingType:
    return _scalar(name, field, to_int, _number)


def _switch(name: str, field: str) -> SettingType:
    return _scalar(name, field, to_bool, _flag)


def _export_mode(settings: DeviceSettings) -> int:
    """The export-limit mode to send: off, or the meter/CT mode in use (meter if new)."""
    if not settings.export_limit_enabled:
        return 0
    return settings.export_limit_mode or 1


def _decode_backflow(settings: DeviceSettings, raw: str) -> DeviceSettings:
    pieces = _pieces(raw)
    mode = to_int(pieces[0])
    rate = to_float(pieces[1]) if len(pieces) > 1 else settings.export_limit_rate
    return replace(
        settings,
        export_limit_enabled=None if mode is None else mode != 0,
        export_limit_mode=mode,
        export_limit_rate=rate,
    )


BACKFLOW = SettingType(
    name="backflow_setting",
    encode=lambda s, _times: [str(_export_mode(s)), _number(s.export_limit_rate)],
    view=lambda s: (bool(s.export_limit_enabled), s.export_limit_rate),
    decode=_decode_backflow,
)


# -- TLX / MIN -----------------------------------------------------------------


def _tlx_segment(index: int) -> SettingType:
    def encode(s: DeviceSettings, times: TimeFormat) -> list[str]:
        seg = segment(s, Target.TIME_SEGMENT, index)
        return [str(seg.mode or 0), *_period(seg, times), _flag(seg.enabled)]

    def view(s: DeviceSettings) -> Any:
        seg = segment(s, Target.TIME_SEGMENT, index)
        return (seg.mode or 0, seg.start or MIDNIGHT, seg.end or MIDNIGHT, seg.enabled)

    def decode(s: DeviceSettings, raw: str) -> DeviceSettings:
        mode, start, end, enabled = _pieces(raw)[:4]
        return with_segment(
            s,
            Target.TIME_SEGMENT,
            TimeSegment(
                index=index,
                mode=to_int(mode),
                start=to_time(start),
                end=to_time(end),
                enabled=to_bool(enabled),
            ),
        )

    return SettingType(
        name=f"time_segment{index}", encode=encode, view=view, decode=decode
    )


# -- MIX / SPH and SPA -----------------------------------------------------------


def _charge_periods(name: str, with_grid_flag: bool) -> SettingType:
    def encode(s: DeviceSettings, times: TimeFormat) -> list[str]:
        head = [_number(s.charge_power), _number(s.charge_stop_soc)]
        if with_grid_flag:
            head.append(_flag(s.ac_charge))
        return head + _slots(s, Target.CHARGE_PERIOD, times)

    def view(s: DeviceSettings) -> Any:
        grid = s.ac_charge if with_grid_flag else None
        return (
            s.charge_power,
            s.charge_stop_soc,
            grid,
            _slot_view(s, Target.CHARGE_PERIOD),
        )

    def decode(s: DeviceSettings, raw: str) -> DeviceSettings:
        pieces = _pieces(raw)
        first = 3 if with_grid_flag else 2
        return replace(
            s,
            charge_power=to_int(pieces[0]),
            charge_stop_soc=to_int(pieces[1]),
            ac_charge=to_bool(pieces[2]) if with_grid_flag else s.ac_charge,
            charge_periods=_decode_slots(pieces, first, 1),
        )

    return SettingType(name=name, encode=encode, view=view, decode=decode)


def _discharge_periods(name: str) -> SettingType:
    def encode(s: DeviceSettings, times: TimeFormat) -> list[str]:
        head = [_number(s.discharge_power), _number(s.discharge_stop_soc)]
        return head + _slots(s, Target.DISCHARGE_PERIOD, times)

    def view(s: DeviceSettings) -> Any:
        return (
            s.discharge_power,
            s.discharge_stop_soc,
            _slot_view(s, Target.DISCHARGE_PERIOD),
        )

    def decode(s: DeviceSettings, raw: str) -> DeviceSettings:
        pieces = _pieces(raw)
        return replace(
            s,
            discharge_power=to_int(pieces[0]),
            discharge_stop_soc=to_int(pieces[1]),
            discharge_periods=_decode_slots(pieces, 2, 2),
        )

    return SettingType(name=name, encode=encode, view=view, decode=decode)


# -- Noah ------------------------------------------------------------------------


def _noah_decode(s: DeviceSettings, raw: str) -> DeviceSettings:
    raise NotImplementedError("Noah is read through the legacy API only")


def _noah_segment(index: int) -> SettingType:
    def encode(s: DeviceSettings, times: TimeFormat) -> list[str]:
        seg = segment(s, Target.TIME_SEGMENT, index)
        return [
            str(seg.mode or 0),
            *_period(seg, times),
            _number(seg.power or 0),
            _flag(seg.enabled),
        ]

    def view(s: DeviceSettings) -> Any:
        # Noah lists enabled segments only: a disabled one disappears.
        seg = segment(s, Target.TIME_SEGMENT, index)
        if not seg.enabled:
            return None
        return (seg.mode or 0, seg.start, seg.end, seg.power or 0)

    return SettingType(
        name=f"time_segment{index}", encode=encode, view=view, decode=_noah_decode
    )


NOAH_SOC_LIMITS = SettingType(
    name="charging_soc",
    encode=lambda s, _times: [
        _number(s.charge_soc_high),
        _number(s.discharge_soc_low),
    ],
    view=lambda s: (s.charge_soc_high, s.discharge_soc_low),
    decode=_noah_decode,
)

# -- the tables --------------------------------------------------------------------

TLX_SEGMENTS = 9
MIX_PERIODS = 3
NOAH_SEGMENTS = 9

type Key = tuple[Target, int | None]

_TLX: dict[Key, SettingType] = {
    (Target.ON, None): _on("tlx_on_off"),
    (Target.ACTIVE_POWER_RATE, None): _percent("pv_active_p_rate", "active_power_rate"),
    (Target.EXPORT_LIMIT, None): BACKFLOW,
    (Target.AC_CHARGE, None): _switch("ac_charge", "ac_charge"),
    (Target.CHARGE_POWER, None): _percent("charge_power", "charge_power"),
    (Target.CHARGE_STOP_SOC, None): _percent("charge_stop_soc", "charge_stop_soc"),
    (Target.DISCHARGE_POWER, None): _percent("discharge_power", "discharge_power"),
    (Target.DISCHARGE_STOP_SOC, None): _percent(
        "discharge_stop_soc", "discharge_stop_soc"
    ),
    (Target.ON_GRID_DISCHARGE_STOP_SOC, None): _percent(
        "on_grid_discharge_stop_soc", "on_grid_discharge_stop_soc"
    ),
    **{(Target.TIME_SEGMENT, n): _tlx_segment(n) for n in range(1, TLX_SEGMENTS + 1)},
}

_MIX_CHARGE = _charge_periods("mix_ac_charge_time_period", with_grid_flag=True)
_MIX_DISCHARGE = _discharge_periods("mix_ac_discharge_time_period")

_MIX: dict[Key, SettingType] = {
    (Target.ON, None): _on("pv_on_off"),
    (Target.ACTIVE_POWER_RATE, None): _percent("pv_active_p_rate", "active_power_rate"),
    (Target.EXPORT_LIMIT, None): BACKFLOW,
    (Target.AC_CHARGE, None): _MIX_CHARGE,
    (Target.CHARGE_POWER, None): _MIX_CHARGE,
    (Target.CHARGE_STOP_SOC, None): _MIX_CHARGE,
    **{(Target.CHARGE_PERIOD, n): _MIX_CHARGE for n in range(1, MIX_PERIODS + 1)},
    (Target.DISCHARGE_POWER, None): _MIX_DISCHARGE,
    (Target.DISCHARGE_STOP_SOC, None): _MIX_DISCHARGE,
    **{(Target.DISCHARGE_PERIOD, n): _MIX_DISCHARGE for n in range(1, MIX_PERIODS + 1)},
    (Target.LOAD_FIRST_STOP_SOC, None): _percent(
        "mix_load_flast_value_multi", "load_first_stop_soc"
    ),
}

# Growatt documents `spa_ac_charge_time_period` only; the discharge periods
# follow MIX's layout under the SPA prefix (an assumption).
_SPA_CHARGE = _charge_periods("spa_ac_charge_time_period", with_grid_flag=False)
_SPA_DISCHARGE = _discharge_periods("spa_ac_discharge_time_period")

_SPA: dict[Key, SettingType] = {
    (Target.CHARGE_POWER, None): _SPA_CHARGE,
    (Target.CHARGE_STOP_SOC, None): _SPA_CHARGE,
    **{(Target.CHARGE_PERIOD, n): _SPA_CHARGE for n in range(1, MIX_PERIODS + 1)},
    (Target.DISCHARGE_POWER, None): _SPA_DISCHARGE,
    (Target.DISCHARGE_STOP_SOC, None): _SPA_DISCHARGE,
    **{(Target.DISCHARGE_PERIOD, n): _SPA_DISCHARGE for n in range(1, MIX_PERIODS + 1)},
}

_CLASSIC: dict[Key, SettingType] = {
    (Target.ON, None): _on("pv_on_off"),
    (Target.ACTIVE_POWER_RATE, None): _percent("pv_active_p_rate", "active_power_rate"),
}

_MAX: dict[Key, SettingType] = {**_CLASSIC, (Target.EXPORT_LIMIT, None): BACKFLOW}

_NOAH: dict[Key, SettingType] = {
    (Target.DEFAULT_POWER, None): SettingType(
        name="default_power",
        encode=lambda s, _times: [_number(s.default_power)],
        view=lambda s: s.default_power,
        decode=_noah_decode,
    ),
    (Target.CHARGE_SOC_LIMITS, None): NOAH_SOC_LIMITS,
    # `work_mode` is not among Noah's documented setting types (an assumption).
    (Target.WORK_MODE, None): SettingType(
        name="work_mode",
        encode=lambda s, _times: [_number(s.work_mode)],
        view=lambda s: s.work_mode,
        decode=_noah_decode,
    ),
    **{(Target.TIME_SEGMENT, n): _noah_segment(n) for n in range(1, NOAH_SEGMENTS + 1)},
}

CATALOG: dict[DeviceFamily, dict[Key, SettingType]] = {
    DeviceFamily.TLX: _TLX,
    DeviceFamily.MIX: _MIX,
    DeviceFamily.SPA: _SPA,
    DeviceFamily.INVERTER: _CLASSIC,
    DeviceFamily.MAX: _MAX,
    DeviceFamily.NOAH: _NOAH,
}


def setting_type(
    family: DeviceFamily, target: Target, index: int | None = None
) -> SettingType | None:
    """The type that writes `target` on `family`; None where the API has none."""
    return CATALOG.get(family, {}).get((target, index))


__all__ = [
    "CATALOG",
    "PADDED",
    "PLAIN",
    "SettingType",
    "Target",
    "TimeFormat",
    "empty_segment",
    "in_use",
    "segment",
    "setting_type",
    "with_segment",
]
