"""Classic PV inverters: legacy and v1 payloads to a `Device` (MAX reuses it, see `max`).

Legacy: `inverter_detail()` (flat bean of numbers: `powerToday`/`powerTotal`
are the AC output energy, `pac`, `ppv`, `vpv<n>`...) and
`classic_inverter_info()` (the settings page's `inv` object, all strings:
`onOff`, `activeRate`, `fwVersion`, ...). v1: `device/inverter/inv_data_info`
(device bean) and `device/inverter/last_new_data` (the legacy detail's keys;
MAX's last data names the AC energy `eacToday`/`eacTotal`).
"""

from __future__ import annotations

from datetime import tzinfo

from .coerce import unwrap
from .common import (
    Device,
    DeviceFamily,
    DeviceIdentity,
    DeviceSettings,
    EnergyCounters,
    Fields,
    Raw,
    Telemetry,
    as_text,
    either,
    merge_raw,
    online_from,
    pv_strings,
)

PV_INPUTS = 32


def from_legacy(
    detail: Raw | None,
    *,
    settings: Raw | None = None,
    device_entry: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """A classic inverter from `inverter_detail()` and `classic_inverter_info()`."""
    return build(
        DeviceFamily.INVERTER,
        detail=None,
        last_data=detail,
        settings=settings,
        device_entry=device_entry,
        serial=serial,
        plant_id=plant_id,
        tz=tz,
    )


def from_v1(
    detail: Raw | None,
    *,
    last_data: Raw | None = None,
    settings: Raw | None = None,
    device_entry: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """A classic inverter from v1 `inv_data_info` and `last_new_data`.

    v1 has no settings read for classic inverters beyond single parameters
    (`readInverterParam`); `settings` takes a dict of them when a client has
    one (`pv_on_off`, `pv_active_p_rate`).
    """
    return build(
        DeviceFamily.INVERTER,
        detail=detail,
        last_data=last_data,
        settings=settings,
        device_entry=device_entry,
        serial=serial,
        plant_id=plant_id,
        tz=tz,
    )


def build(
    family: DeviceFamily,
    *,
    detail: Raw | None,
    last_data: Raw | None,
    settings: Raw | None,
    device_entry: Raw | None,
    serial: str | None,
    plant_id: str | int | None,
    tz: tzinfo | None,
) -> Device:
    """An inverter-like device (classic, MAX) from a data bean and a device bean."""
    info = unwrap(detail, "data")
    data = unwrap(last_data, "data")
    bean = unwrap(settings, "data")
    entry = unwrap(device_entry)
    ids = Fields(info, bean, data, entry)
    identity = DeviceIdentity(
        serial=ids.text("serialNum", "sn", "inverterId", "deviceSn", "device_sn")
        or serial
        or "",
        family=family,
        model=ids.text("deviceModel", "inverterType", "modelText", "model"),
        alias=ids.text("alias", "deviceAilas"),
        firmware=ids.text("fwVersion"),
        datalogger_serial=ids.text(
            "dataLogSn", "datalogSn", "dataloggerSn", "datalogger_sn"
        ),
        # The live data first: the detail and the list entry may be older.
        online=_online(data, bean, info, entry),
        last_update=either(
            Fields(data).moment("time", tz=tz),
            Fields(info, bean).moment("lastUpdateTime", "lastUpdateTimeText", tz=tz),
        ),
        plant_id=ids.ident("plantId", "plant_id") or as_text(plant_id),
    )
    return Device(
        identity=identity,
        telemetry=telemetry(data),
        energy=energy(data),
        settings=device_settings(bean) if bean else None,
        raw=merge_raw(data, info, bean, entry),
    )


def _online(*sources: Raw) -> bool | None:
    """`lost` of the first source that has it."""
    for source in sources:
        if "lost" in source:
            result = online_from(source.get("lost"), source.get("status"))
            if result is not None:
                return result
    return None


def telemetry(data: Raw) -> Telemetry:
    """Values of the data bean; three-phase currents add up."""
    f = Fields(data)
    return Telemetry(
        pv_power=f.num("ppv", unit="W"),
        pv_strings=pv_strings(data, limit=PV_INPUTS),
        ac_power=f.num("pac", unit="W"),
        ac_voltage=f.num("vacr", "vac1"),
        ac_current=either(f.sum(["iacr", "iacs", "iact"]), f.num("iac1")),
        ac_frequency=f.num("fac"),
        temperature=f.num("temperature"),
        ipm_temperature=f.num("ipmTemperature"),
        status=f.integer("status"),
        status_text=f.text("statusText"),
    )


def energy(data: Raw) -> EnergyCounters:
    """AC energy (`powerToday`, or MAX's `eacToday`) and PV energy per input."""
    f = Fields(data)
    inputs = [f"epv{n}Today" for n in range(1, PV_INPUTS + 1)]
    return EnergyCounters(
        pv_today=either(f.num("epvToday"), f.sum(inputs)),
        pv_total=f.num("epvTotal"),
        ac_today=f.num("powerToday", "eacToday", "eToday"),
        ac_total=f.num("powerTotal", "eacTotal", "eTotal"),
    )


def device_settings(bean: Raw) -> DeviceSettings:
    """On/off, active power rate and (v1 MAX) export limitation, under read or write names."""
    f = Fields(bean)
    export_mode = f.integer("exportLimit", "backflow_setting")
    return DeviceSettings(
        on=f.flag("onOff", "pv_on_off"),
        active_power_rate=f.integer("activeRate", "pv_active_p_rate"),
        export_limit_enabled=None if export_mode is None else export_mode != 0,
        export_limit_mode=export_mode,
        export_limit_rate=f.num("exportLimitPowerRate", unit="%"),
    )


__all__ = ["build", "from_legacy", "from_v1"]
