"""The one place where writes through either API are validated and applied.

Legacy (`tlxSet`, `mixSetApiNew`, `spaSetApi`, `noah/set`, `tcpSet.do`) and v1
(`tlxSet`, `mixSet`, `inverterSet`, ...) writes name the same setting types
(docs/growatt-api.md, Setting types), so both views hand their raw string
parameters to `apply_setting` and translate the `WriteError` into their own
answer.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from datetime import datetime, time
from enum import StrEnum
import re

from .model import (
    MODE_GRID_FIRST,
    MODE_LOAD_FIRST,
    Device,
    Family,
    Settings,
    TimeSegment,
)


class WriteError(StrEnum):
    """Why a write was refused."""

    OFFLINE = "offline"
    UNKNOWN_TYPE = "unknown_type"
    VALUE_EMPTY = "value_empty"
    OUT_OF_RANGE = "out_of_range"
    TIME_FORMAT = "time_format"
    END_BEFORE_START = "end_before_start"


class _RefusedError(Exception):
    """Internal: a parameter failed validation."""

    def __init__(self, error: WriteError) -> None:
        super().__init__(error.value)
        self.error = error


def fmt_hm(value: time) -> str:
    """Growatt's unpadded time of day: 6:0, 14:30."""
    return f"{value.hour}:{value.minute}"


def _param(params: list[str], index: int) -> str:
    """The 1-based parameter, stripped; empty or missing refuses the write."""
    if index > len(params) or params[index - 1].strip() == "":
        raise _RefusedError(WriteError.VALUE_EMPTY)
    return params[index - 1].strip()


def _int(params: list[str], index: int, low: int, high: int) -> int:
    """An integer parameter within an inclusive range."""
    raw = _param(params, index)
    try:
        value = int(float(raw))
    except ValueError:
        raise _RefusedError(WriteError.OUT_OF_RANGE) from None
    if not low <= value <= high:
        raise _RefusedError(WriteError.OUT_OF_RANGE)
    return value


def _float(params: list[str], index: int, low: float, high: float) -> float:
    """A decimal parameter within an inclusive range."""
    raw = _param(params, index)
    try:
        value = float(raw)
    except ValueError:
        raise _RefusedError(WriteError.OUT_OF_RANGE) from None
    if not low <= value <= high:
        raise _RefusedError(WriteError.OUT_OF_RANGE)
    return value


def _flag(params: list[str], index: int) -> bool:
    """A 0/1 switch; on/off commands may come as 0000/0001."""
    raw = _param(params, index)
    if raw in ("1", "0001"):
        return True
    if raw in ("0", "0000"):
        return False
    raise _RefusedError(WriteError.OUT_OF_RANGE)


def _hm(params: list[str], index: int) -> time:
    """Hour and minute from two consecutive parameters."""
    try:
        hour = int(_param(params, index))
        minute = int(_param(params, index + 1))
    except ValueError:
        raise _RefusedError(WriteError.TIME_FORMAT) from None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise _RefusedError(WriteError.TIME_FORMAT)
    return time(hour, minute)


def _slot(params: list[str], index: int) -> TimeSegment:
    """A MIX/SPA period: start h, start m, end h, end m, enabled."""
    start = _hm(params, index)
    end = _hm(params, index + 2)
    enabled = _flag(params, index + 4)
    if enabled and end < start:
        raise _RefusedError(WriteError.END_BEFORE_START)
    return TimeSegment(mode=MODE_LOAD_FIRST, start=start, end=end, enabled=enabled)


def _overlaps(segments: list[TimeSegment], index: int, candidate: TimeSegment) -> bool:
    """Whether a segment overlaps another non-empty one (enabled or not)."""
    if candidate.start == candidate.end:
        return False
    for other_index, other in enumerate(segments):
        if other_index == index or other.start == other.end:
            continue
        if candidate.start < other.end and other.start < candidate.end:
            return True
    return False


# -- setting handlers: (settings, params, device) -> None ----------------------

Handler = Callable[[Settings, list[str], Device], None]


def _set_on(s: Settings, p: list[str], _: Device) -> None:
    s.on = _flag(p, 1)


def _set_active_rate(s: Settings, p: list[str], _: Device) -> None:
    s.active_power_rate = _int(p, 1, 0, 100)


def _set_reactive_rate(s: Settings, p: list[str], _: Device) -> None:
    s.reactive_power_rate = _int(p, 1, 0, 100)
    if len(p) > 1 and p[1].strip() and p[1].strip() not in ("over", "under"):
        raise _RefusedError(WriteError.OUT_OF_RANGE)


def _set_power_factor(s: Settings, p: list[str], _: Device) -> None:
    value = _float(p, 1, -1.0, 1.0)
    if abs(value) < 0.8:
        raise _RefusedError(WriteError.OUT_OF_RANGE)
    s.power_factor = value


def _set_voltage_high(s: Settings, p: list[str], _: Device) -> None:
    s.grid_voltage_high = _float(p, 1, 230.0, 300.0)


def _set_voltage_low(s: Settings, p: list[str], _: Device) -> None:
    s.grid_voltage_low = _float(p, 1, 150.0, 230.0)


def _set_frequency_high(s: Settings, p: list[str], _: Device) -> None:
    s.grid_frequency_high = _float(p, 1, 50.0, 65.0)


def _set_frequency_low(s: Settings, p: list[str], _: Device) -> None:
    s.grid_frequency_low = _float(p, 1, 45.0, 60.0)


_SYSTEM_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}(:\d{2})?$|^\d{1,2}:\d{2}$")


def _set_system_time(s: Settings, p: list[str], _: Device) -> None:
    raw = _param(p, 1)
    if not _SYSTEM_TIME.match(raw):
        raise _RefusedError(WriteError.TIME_FORMAT)
    if "-" in raw:
        try:
            datetime.strptime(raw[:16], "%Y-%m-%d %H:%M")  # noqa: DTZ007
        except ValueError:
            raise _RefusedError(WriteError.TIME_FORMAT) from None
    s.system_time = raw


def _set_backflow(s: Settings, p: list[str], _: Device) -> None:
    mode = _int(p, 1, 0, 2)
    rate = s.export_limit_rate
    if len(p) > 1 and p[1].strip():
        rate = _int(p, 2, 0, 100)
    s.export_limit_mode = mode
    s.export_limit_rate = rate


def _set_ac_charge(s: Settings, p: list[str], _: Device) -> None:
    s.ac_charge = _flag(p, 1)


def _set_charge_power(s: Settings, p: list[str], _: Device) -> None:
    s.charge_power = _int(p, 1, 0, 100)


def _set_discharge_power(s: Settings, p: list[str], _: Device) -> None:
    s.discharge_power = _int(p, 1, 0, 100)


def _set_charge_stop_soc(s: Settings, p: list[str], _: Device) -> None:
    s.charge_stop_soc = _int(p, 1, 10, 100)


def _set_discharge_stop_soc(s: Settings, p: list[str], _: Device) -> None:
    s.discharge_stop_soc = _int(p, 1, 5, 100)


def _set_on_grid_discharge_stop_soc(s: Settings, p: list[str], _: Device) -> None:
    s.on_grid_discharge_stop_soc = _int(p, 1, 5, 100)


def _set_off_grid(s: Settings, p: list[str], _: Device) -> None:
    s.off_grid_enable = _flag(p, 1)


def _set_discharge_frequency(s: Settings, p: list[str], _: Device) -> None:
    s.ac_discharge_frequency = _int(p, 1, 0, 1)


def _set_discharge_voltage(s: Settings, p: list[str], _: Device) -> None:
    s.ac_discharge_voltage = _int(p, 1, 0, 2)


def _set_priority(s: Settings, p: list[str], _: Device) -> None:
    s.priority = _int(p, 1, MODE_LOAD_FIRST, MODE_GRID_FIRST)


def _tlx_time_segment(number: int) -> Handler:
    def handler(s: Settings, p: list[str], _: Device) -> None:
        mode = _int(p, 1, MODE_LOAD_FIRST, MODE_GRID_FIRST)
        start = _hm(p, 2)
        end = _hm(p, 4)
        enabled = _flag(p, 6)
        if end < start:
            raise _RefusedError(WriteError.END_BEFORE_START)
        segment = TimeSegment(mode=mode, start=start, end=end, enabled=enabled)
        # The inverter refuses overlapping segments, even disabled ones; the
        # cloud still acknowledges the write, so the change silently does not
        # appear in later reads.
        if _overlaps(s.time_segments, number - 1, segment):
            return
        s.time_segments[number - 1] = segment

    return handler


def _mix_charge_periods(with_ac_flag: bool) -> Handler:
    def handler(s: Settings, p: list[str], _: Device) -> None:
        power = _int(p, 1, 0, 100)
        stop_soc = _int(p, 2, 10, 100)
        first = 3
        ac_charge = s.ac_charge
        if with_ac_flag:
            ac_charge = _flag(p, 3)
            first = 4
        periods = [_slot(p, first + 5 * n) for n in range(3)]
        s.charge_power = power
        s.charge_stop_soc = stop_soc
        s.ac_charge = ac_charge
        s.charge_periods = periods

    return handler


def _mix_discharge_periods(s: Settings, p: list[str], _: Device) -> None:
    power = _int(p, 1, 0, 100)
    stop_soc = _int(p, 2, 5, 100)
    periods = [_slot(p, 3 + 5 * n) for n in range(3)]
    s.discharge_power = power
    s.discharge_stop_soc = stop_soc
    s.discharge_periods = periods


def _set_load_first_stop_soc(s: Settings, p: list[str], _: Device) -> None:
    s.load_first_stop_soc = _int(p, 1, 5, 100)


def _noah_default_power(s: Settings, p: list[str], d: Device) -> None:
    s.default_power = _int(p, 1, 0, d.nominal_power)


def _noah_charging_soc(s: Settings, p: list[str], _: Device) -> None:
    high = _int(p, 1, 70, 100)
    low = _int(p, 2, 0, 30)
    s.charging_soc_high = high
    s.charging_soc_low = low


def _noah_time_segment(number: int) -> Handler:
    def handler(s: Settings, p: list[str], d: Device) -> None:
        mode = _int(p, 1, 0, 1)
        start = _hm(p, 2)
        end = _hm(p, 4)
        power = _int(p, 6, 0, d.nominal_power)
        enabled = _flag(p, 7)
        if end < start:
            raise _RefusedError(WriteError.END_BEFORE_START)
        while len(s.time_segments) < number:
            s.time_segments.append(TimeSegment())
        s.time_segments[number - 1] = TimeSegment(
            mode=mode, start=start, end=end, enabled=enabled, power=power
        )

    return handler


def _noah_work_mode(s: Settings, p: list[str], _: Device) -> None:
    s.priority = _int(p, 1, 0, 2)


def _noah_grid_charging(s: Settings, p: list[str], _: Device) -> None:
    s.allow_grid_charging = _flag(p, 1)


def _store_only(name: str) -> Handler:
    def handler(s: Settings, p: list[str], _: Device) -> None:
        _param(p, 1)
        s.extra[name] = list(p)

    return handler


_COMMON: dict[str, Handler] = {
    "pv_on_off": _set_on,
    "pv_active_p_rate": _set_active_rate,
    "pv_reactive_p_rate": _set_reactive_rate,
    "pv_power_factor": _set_power_factor,
    "pv_grid_voltage_high": _set_voltage_high,
    "pv_grid_voltage_low": _set_voltage_low,
    "pv_grid_frequency_high": _set_frequency_high,
    "pv_grid_frequency_low": _set_frequency_low,
    "pf_sys_year": _set_system_time,
}

_TLX: dict[str, Handler] = {
    **_COMMON,
    "tlx_on_off": _set_on,
    "ac_charge": _set_ac_charge,
    "charge_power": _set_charge_power,
    "charge_stop_soc": _set_charge_stop_soc,
    "discharge_power": _set_discharge_power,
    "discharge_stop_soc": _set_discharge_stop_soc,
    "on_grid_discharge_stop_soc": _set_on_grid_discharge_stop_soc,
    "backflow_setting": _set_backflow,
    "tlx_off_grid_enable": _set_off_grid,
    "tlx_ac_discharge_frequency": _set_discharge_frequency,
    "tlx_ac_discharge_voltage": _set_discharge_voltage,
    "priority": _set_priority,
    **{f"time_segment{n}": _tlx_time_segment(n) for n in range(1, 10)},
    **{
        name: _store_only(name)
        for name in (
            "set_any_reg",
            "tlx_backflow_default_power",
            "tlx_cc_current",
            "tlx_cv_voltage",
            "tlx_lcd_Language",
            "tlx_limit_device",
            "tlx_exter_comm_Off_GridEn",
            "tlx_dry_contact_enable",
            "tlx_dry_contact_power",
            "tlx_dry_contact_off_power",
        )
    },
}

_MIX: dict[str, Handler] = {
    **_COMMON,
    "mix_ac_charge_time_period": _mix_charge_periods(with_ac_flag=True),
    "mix_ac_discharge_time_period": _mix_discharge_periods,
    "mix_load_flast_value_multi": _set_load_first_stop_soc,
    "mix_off_grid_enable": _set_off_grid,
    "mix_ac_discharge_frequency": _set_discharge_frequency,
    "mix_ac_discharge_voltage": _set_discharge_voltage,
    "backflow_setting": _set_backflow,
    "ac_charge": _set_ac_charge,
    "priority": _set_priority,
    **{
        name: _store_only(name)
        for name in (
            "pv_reactive_p_rate_two",
            "pv_pf_cmd_memory_state",
            "mix_load_first_control",
            "mix_single_export",
            "setFailsafe",
        )
    },
}

_SPA: dict[str, Handler] = {
    **_COMMON,
    "spa_ac_charge_time_period": _mix_charge_periods(with_ac_flag=False),
    "spa_ac_discharge_time_period": _mix_discharge_periods,
    "spa_load_flast_value_multi": _set_load_first_stop_soc,
    "spa_off_grid_enable": _set_off_grid,
    "backflow_setting": _set_backflow,
    "ac_charge": _set_ac_charge,
    "priority": _set_priority,
}

_NOAH: dict[str, Handler] = {
    "default_power": _noah_default_power,
    "charging_soc": _noah_charging_soc,
    "work_mode": _noah_work_mode,
    "allow_grid_charging": _noah_grid_charging,
    **{f"time_segment{n}": _noah_time_segment(n) for n in range(1, 10)},
    "updatePlantMoney": _store_only("updatePlantMoney"),
}

_STORAGE: dict[str, Handler] = {
    **_COMMON,
    "ac_charge": _set_ac_charge,
    "charge_power": _set_charge_power,
    "charge_stop_soc": _set_charge_stop_soc,
    "discharge_stop_soc": _set_discharge_stop_soc,
    "priority": _set_priority,
}

_MAX: dict[str, Handler] = {
    **_COMMON,
    "backflow_setting": _set_backflow,
}

CATALOG: dict[Family, dict[str, Handler]] = {
    Family.TLX: _TLX,
    Family.MIX: _MIX,
    Family.SPA: _SPA,
    Family.NOAH: _NOAH,
    Family.STORAGE: _STORAGE,
    Family.MAX: _MAX,
    Family.INVERTER: dict(_COMMON),
}


def setting_types(family: Family) -> list[str]:
    """The setting types a family accepts."""
    return sorted(CATALOG[family])


def apply_setting(
    device: Device, setting_type: str, params: list[str]
) -> WriteError | None:
    """Validate and apply one write; None means Growatt acknowledges it.

    An acknowledged write may still leave the device unchanged (overlapping TLX
    segments, or the `ignore_writes` fault switched on the device).
    """
    handler = CATALOG[device.family].get(setting_type)
    if handler is None:
        return WriteError.UNKNOWN_TYPE
    if not device.online:
        return WriteError.OFFLINE
    trial = deepcopy(device.settings)
    try:
        handler(trial, [str(v) for v in params], device)
    except _RefusedError as refused:
        return refused.error
    if not device.ignore_writes:
        device.settings = trial
    return None


def default_settings(device: Device) -> Settings:
    """Factory settings of a family."""
    settings = Settings()
    if device.family == Family.TLX:
        settings.time_segments = [TimeSegment() for _ in range(9)]
        settings.on_grid_discharge_stop_soc = 10
        settings.discharge_stop_soc = 10
    elif device.family in (Family.MIX, Family.SPA):
        settings.charge_periods = [TimeSegment() for _ in range(3)]
        settings.discharge_periods = [TimeSegment() for _ in range(3)]
        settings.charge_stop_soc = 100
        settings.discharge_stop_soc = 10
    elif device.family == Family.NOAH:
        settings.time_segments = [
            TimeSegment(
                mode=MODE_LOAD_FIRST,
                start=time(0, 0),
                end=time(23, 59),
                enabled=True,
                power=200,
            )
        ]
        settings.default_power = 200
        settings.charging_soc_high = 100
        settings.charging_soc_low = 10
    return settings
