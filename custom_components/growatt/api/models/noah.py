"""Noah balcony storage: legacy payloads to a `Device` (there is no v1 Noah device).

`noah_system_status()` (`obj`: all strings, W and kWh; the library's docstring
shows "200Watt" / "20.5kWh", recent captures bare numbers) and
`noah_info()` (`obj.noah`: the settings, with `time_segment` as
`{"time_segment1": "mode_H:M_H:M_power[_days]"}`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import tzinfo
from enum import IntEnum
from typing import Any

from .coerce import as_dict, to_float, to_int, to_str, to_time, unwrap
from .common import (
    Device,
    DeviceFamily,
    DeviceIdentity,
    DeviceSettings,
    EnergyCounters,
    Fields,
    Raw,
    Telemetry,
    TimeSegment,
    as_text,
    either,
    merge_raw,
    online_from,
)


class NoahMode(IntEnum):
    """Noah work mode (`workMode`, `defaultMode`, time segment mode)."""

    LOAD_FIRST = 0
    BATTERY_FIRST = 1
    SMART = 2


def noah_mode(value: Any) -> NoahMode | None:
    """A `NoahMode` from a raw mode; unknown modes give None."""
    number = to_int(value)
    if number is None:
        return None
    try:
        return NoahMode(number)
    except ValueError:
        return None


def from_legacy(
    system_status: Raw | None,
    *,
    info: Raw | None = None,
    battery: Raw | None = None,
    device_entry: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """A Noah from `noah_system_status()` and `noah_info()` (whole, `obj`, or `obj.noah`).

    `battery` is `noahDeviceApi/noah/getBatteryData` (`obj.batter`, sic),
    which adds the battery temperature and the time of the data.
    """
    status = unwrap(system_status, "obj")
    bean = unwrap(info, "obj", "noah")
    battery_raw = unwrap(battery, "obj")
    entry = unwrap(device_entry)
    ids = Fields(bean, status, entry)
    lost_source = next((source for source in (bean, entry) if "lost" in source), None)
    identity = DeviceIdentity(
        serial=ids.text("deviceSn") or serial or "",
        family=DeviceFamily.NOAH,
        model=ids.text("model"),
        alias=ids.text("alias", "deviceAilas"),
        firmware=ids.text("version"),
        datalogger_serial=Fields(entry).text("datalogSn"),
        online=either(
            online_from(status=status.get("status")) if "status" in status else None,
            online_from(lost_source.get("lost")) if lost_source else None,
        ),
        last_update=Fields(battery_raw).moment("time", tz=tz),
        plant_id=ids.ident("plantId") or as_text(plant_id),
    )
    return Device(
        identity=identity,
        telemetry=telemetry(status, battery_raw),
        energy=EnergyCounters(
            ac_today=Fields(status).num("eacToday", unit="kWh"),
            ac_total=Fields(status).num("eacTotal", unit="kWh"),
        ),
        settings=device_settings(bean, status) if bean else None,
        raw=merge_raw(status, bean, battery_raw, entry),
    )


def telemetry(status: Raw, battery: Raw) -> Telemetry:
    """Powers in W (bare or "200Watt"); `gridPower` is drawn from the grid."""
    s = Fields(status)
    temperatures = [
        to_float(pack.get("temp")) for pack in _packs(battery.get("batter"))
    ]
    readable = [value for value in temperatures if value is not None]
    return Telemetry(
        pv_power=s.num("ppv", unit="W"),
        ac_power=s.num("pac", unit="W"),
        load_power=s.num("loadPower", unit="W"),
        import_power=s.num("gridPower", unit="W"),
        battery_charge_power=s.num("chargePower", unit="W"),
        battery_discharge_power=s.num("disChargePower", unit="W"),
        soc=s.num("soc", unit="%"),
        battery_temperature=round(sum(readable) / len(readable), 2)
        if readable
        else None,
        status=s.integer("status"),
    )


def _packs(value: Any) -> Iterable[Mapping[str, Any]]:
    """The battery packs of `getBatteryData`."""
    if isinstance(value, list):
        return [as_dict(pack) for pack in value]
    return []


def device_settings(bean: Raw, status: Raw) -> DeviceSettings:
    """Settings of `obj.noah`; the work mode falls back to the status's current mode."""
    f = Fields(bean)
    anti_backflow = f.flag("antiBackflowEnable")
    return DeviceSettings(
        export_limit_enabled=anti_backflow,
        export_limit_rate=f.num("antiBackflowPowerPercentage", unit="%"),
        default_power=f.integer("defaultPower"),
        charge_soc_high=f.integer("chargingSocHighLimit"),
        discharge_soc_low=f.integer("chargingSocLowLimit"),
        work_mode=either(
            noah_mode(f.integer("defaultMode")),
            noah_mode(Fields(status).integer("workMode")),
        ),
        allow_grid_charging=f.flag("allowGridCharging"),
        time_segments=time_segments(bean.get("time_segment")),
    )


def time_segments(value: Any) -> tuple[TimeSegment, ...]:
    """`time_segment` as a map, or as a list of one-key maps (noah-mqtt's reading).

    Each value is "mode_H:M_H:M_power", newer firmware adds "_days". The map
    lists active segments only (a disabled one disappears), so a listed
    segment is enabled.
    """
    entries: dict[str, Any] = {}
    if isinstance(value, Mapping):
        entries.update(value)
    elif isinstance(value, list):
        for item in value:
            entries.update(as_dict(item))
    result: list[TimeSegment] = []
    for key, text in entries.items():
        index = (
            to_int(key.removeprefix("time_segment")) if isinstance(key, str) else None
        )
        parsed = _segment(index, to_str(text))
        if parsed is not None:
            result.append(parsed)
    return tuple(sorted(result, key=lambda segment: segment.index))


def _segment(index: int | None, text: str | None) -> TimeSegment | None:
    """One "mode_H:M_H:M_power[_days]" segment."""
    if index is None or text is None:
        return None
    pieces = text.split("_")
    if len(pieces) < 4:
        return None
    return TimeSegment(
        index=index,
        mode=noah_mode(pieces[0]),
        start=to_time(pieces[1]),
        end=to_time(pieces[2]),
        enabled=True,
        power=to_int(pieces[3]),
    )


__all__ = ["NoahMode", "from_legacy", "noah_mode", "time_segments"]
