"""Setting reads and writes shared by every family (`read*Param`, `*Set`).

A read names a setting by its write type (`paramId=charge_power`) and answers
the current canonical value as a string, so a write through either API reads
back at once. A setting written with several parameters reads back as those
parameters joined by "_" (`time_segment1` -> "1_6:0_8:0_1", the form of the
legacy `time_segment<N>` read-back key; `backflow_setting` -> "1_60"). Only
`pv_on_off` is documented as readable on SPH: the emulator reads the whole
catalogue on every family, which is an assumption. Register reads
(`paramId=set_any_reg`) answer the value last written to a register in the
range, else "0".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiohttp import web

from ..http import v1_error
from ..legacy.common import DeviceView, compact, flag, hm
from ..legacy.tlx_settings import system_time
from ..model import Family, Settings, TimeSegment
from ..settings import CATALOG
from .common import DeviceCodes, V1Call, find_device, numbered, ok, write_answer

type Reader = Callable[[DeviceView], str]

READ_CODES = DeviceCodes(empty=10002, missing=10002)
READ_OFFLINE = 10003
READ_UNKNOWN = 10009

# tlxSet answers 10004 for an empty serial number and 10012 (the number of the
# global rate limit!) for a device that does not exist; mixSet and the other
# families' writes are assumed to share the list.
WRITE_CODES = DeviceCodes(
    empty=10004, missing=10012, missing_msg="error_device_not_exist"
)


def _settings(view: DeviceView) -> Settings:
    return view.device.settings


def _segment(number: int) -> Reader:
    def read(view: DeviceView) -> str:
        segments = _settings(view).time_segments
        segment = segments[number - 1] if number <= len(segments) else TimeSegment()
        return (
            f"{segment.mode}_{hm(segment.start)}_{hm(segment.end)}_"
            f"{flag(segment.enabled)}"
        )

    return read


def _slots(periods: Sequence[TimeSegment]) -> list[str]:
    values: list[str] = []
    for n in range(3):
        period = periods[n] if n < len(periods) else TimeSegment()
        values += [
            str(period.start.hour),
            str(period.start.minute),
            str(period.end.hour),
            str(period.end.minute),
            flag(period.enabled),
        ]
    return values


def _charge_periods(with_ac_flag: bool) -> Reader:
    def read(view: DeviceView) -> str:
        s = _settings(view)
        head = [str(s.charge_power), str(s.charge_stop_soc)]
        if with_ac_flag:
            head.append(flag(s.ac_charge))
        return "_".join(head + _slots(s.charge_periods))

    return read


def _discharge_periods(view: DeviceView) -> str:
    s = _settings(view)
    head = [str(s.discharge_power), str(s.discharge_stop_soc)]
    return "_".join(head + _slots(s.discharge_periods))


def _on(view: DeviceView) -> str:
    return flag(_settings(view).on)


_COMMON: dict[str, Reader] = {
    "pv_on_off": _on,
    "pv_active_p_rate": lambda v: str(_settings(v).active_power_rate),
    "pv_reactive_p_rate": lambda v: str(_settings(v).reactive_power_rate),
    "pv_power_factor": lambda v: compact(_settings(v).power_factor, 3),
    "pv_grid_voltage_high": lambda v: compact(_settings(v).grid_voltage_high),
    "pv_grid_voltage_low": lambda v: compact(_settings(v).grid_voltage_low),
    "pv_grid_frequency_high": lambda v: compact(_settings(v).grid_frequency_high, 2),
    "pv_grid_frequency_low": lambda v: compact(_settings(v).grid_frequency_low, 2),
    "pf_sys_year": system_time,
}

_BATTERY: dict[str, Reader] = {
    "ac_charge": lambda v: flag(_settings(v).ac_charge),
    "charge_power": lambda v: str(_settings(v).charge_power),
    "charge_stop_soc": lambda v: str(_settings(v).charge_stop_soc),
    "discharge_power": lambda v: str(_settings(v).discharge_power),
    "discharge_stop_soc": lambda v: str(_settings(v).discharge_stop_soc),
    "on_grid_discharge_stop_soc": lambda v: str(
        _settings(v).on_grid_discharge_stop_soc
    ),
    "priority": lambda v: str(_settings(v).priority),
    "backflow_setting": lambda v: (
        f"{_settings(v).export_limit_mode}_{_settings(v).export_limit_rate}"
    ),
}

_OFF_GRID: dict[str, Reader] = {
    "off_grid_enable": lambda v: flag(_settings(v).off_grid_enable),
    "ac_discharge_frequency": lambda v: str(_settings(v).ac_discharge_frequency),
    "ac_discharge_voltage": lambda v: str(_settings(v).ac_discharge_voltage),
}

READERS: dict[Family, dict[str, Reader]] = {
    Family.TLX: {
        **_COMMON,
        **_BATTERY,
        "tlx_on_off": _on,
        **{f"tlx_{name}": reader for name, reader in _OFF_GRID.items()},
        **{f"time_segment{n}": _segment(n) for n in range(1, 10)},
    },
    Family.MIX: {
        **_COMMON,
        **_BATTERY,
        **{f"mix_{name}": reader for name, reader in _OFF_GRID.items()},
        "mix_ac_charge_time_period": _charge_periods(with_ac_flag=True),
        "mix_ac_discharge_time_period": _discharge_periods,
        "mix_load_flast_value_multi": lambda v: str(_settings(v).load_first_stop_soc),
    },
    Family.SPA: {
        **_COMMON,
        **_BATTERY,
        "spa_off_grid_enable": _OFF_GRID["off_grid_enable"],
        "spa_ac_charge_time_period": _charge_periods(with_ac_flag=False),
        "spa_ac_discharge_time_period": _discharge_periods,
        "spa_load_flast_value_multi": lambda v: str(_settings(v).load_first_stop_soc),
    },
    Family.STORAGE: {**_COMMON, **_BATTERY},
    Family.MAX: {**_COMMON, "backflow_setting": _BATTERY["backflow_setting"]},
    Family.INVERTER: dict(_COMMON),
}


def _register(view: DeviceView, start: str, end: str) -> str:
    """The value last written to a register within startAddr..endAddr."""
    stored = _settings(view).extra.get("set_any_reg", [])
    try:
        low, high = int(start or end), int(end or start)
        register = int(stored[0])
    except (IndexError, ValueError):
        return "0"
    if low <= register <= high and len(stored) > 1:
        return stored[1]
    return "0"


def read_value(view: DeviceView, param_id: str, start: str, end: str) -> str | None:
    """A setting's current value as a string; None for an unknown parameter."""
    family = view.device.family
    if param_id == "set_any_reg" and family is Family.TLX:
        return _register(view, start, end)
    reader = READERS.get(family, {}).get(param_id)
    if reader is not None:
        return reader(view)
    if param_id in CATALOG[family]:
        # Types the emulator only stores read back as written.
        return "_".join(_settings(view).extra.get(param_id, ["0"]))
    return None


def read_param(call: V1Call, families: Sequence[Family]) -> web.Response:
    """`read*Param`: form `device_sn, paramId, startAddr, endAddr`; `data` is the value."""
    view = find_device(call, call.param("device_sn"), families, READ_CODES)
    if isinstance(view, web.Response):
        return view
    if not view.online:
        return v1_error(READ_OFFLINE, "error_device_offline")
    value = read_value(
        view, call.param("paramId"), call.param("startAddr"), call.param("endAddr")
    )
    if value is None:
        return v1_error(READ_UNKNOWN, "error_param_type_not_exist")
    return ok(value)


def write_params(call: V1Call, sn_key: str, families: Sequence[Family]) -> web.Response:
    """`*Set`: form `<family>_sn, type, param1..N` through the one write path."""
    view = find_device(call, call.param(sn_key), families, WRITE_CODES)
    if isinstance(view, web.Response):
        return view
    return write_answer(view, call.param("type"), numbered(call))


def write_command(call: V1Call, families: Sequence[Family]) -> web.Response:
    """`inverterSet`: form `device_sn, paramId, command_1, command_2`."""
    view = find_device(call, call.param("device_sn"), families, WRITE_CODES)
    if isinstance(view, web.Response):
        return view
    values = [call.params.get("command_1", ""), call.params.get("command_2", "")]
    while values and not values[-1].strip():
        values.pop()
    return write_answer(view, call.param("paramId"), values)
