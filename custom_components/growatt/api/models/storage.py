"""Storage / SPF family (off-grid inverters with battery): payloads to a `Device`.

Legacy: `storage_params()` (`storageBean` identity and settings,
`storageDetailBean` telemetry: numbers, or unit strings on some servers),
`storage_detail()` (flat strings) and `storage_energy_overview()` (kWh
strings). v1 storage detail and last data use the `storageDetailBean` key
set.

An SPF feeds the house from its output port, grid power passing through it,
so the output power (`outPutPower`) is the load; the inverter's own
conversion power is not reported (`ac_power` stays None). `priority` is the
SPF output source priority (`outputConfig`) as sent, not a `BatteryMode`.
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
    PvString,
    Raw,
    Telemetry,
    as_text,
    difference,
    either,
    merge_raw,
    online_from,
    pv_strings,
)


def from_legacy(
    params: Raw | None,
    *,
    detail: Raw | None = None,
    energy_overview: Raw | None = None,
    device_entry: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """A storage device from `storage_params()` (whole, or its `storageDetailBean`).

    `detail` is `storage_detail()`, `energy_overview` `storage_energy_overview()`.
    """
    params_raw = unwrap(params)
    if "storageDetailBean" in params_raw or "storageBean" in params_raw:
        bean = unwrap(params_raw.get("storageDetailBean"))
        device_bean = unwrap(params_raw.get("storageBean"))
    else:
        bean, device_bean = params_raw, {}
    return build(
        data=bean,
        device_bean=device_bean,
        flat=unwrap(detail),
        overview=unwrap(energy_overview, "obj"),
        entry=unwrap(device_entry),
        serial=serial,
        plant_id=plant_id,
        tz=tz,
    )


def from_v1(
    detail: Raw | None,
    *,
    last_data: Raw | None = None,
    device_entry: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """A storage device from the v1 storage detail and last data."""
    return build(
        data=unwrap(last_data, "data"),
        device_bean=unwrap(detail, "data"),
        flat={},
        overview={},
        entry=unwrap(device_entry),
        serial=serial,
        plant_id=plant_id,
        tz=tz,
    )


def build(
    *,
    data: Raw,
    device_bean: Raw,
    flat: Raw,
    overview: Raw,
    entry: Raw,
    serial: str | None,
    plant_id: str | int | None,
    tz: tzinfo | None,
) -> Device:
    """A storage device from its detail bean, device bean and extra figures."""
    ids = Fields(device_bean, data, entry)
    lost_source = next(
        (source for source in (data, device_bean, entry) if "lost" in source), None
    )
    identity = DeviceIdentity(
        serial=ids.text("serialNum", "deviceSn", "device_sn") or serial or "",
        family=DeviceFamily.STORAGE,
        model=ids.text("model", "deviceModel", "modelText"),
        alias=ids.text("alias", "deviceAilas"),
        firmware=ids.text("fwVersion"),
        datalogger_serial=ids.text("dataLogSn", "datalogSn", "datalogger_sn"),
        online=online_from(lost_source.get("lost")) if lost_source else None,
        last_update=either(
            Fields(data).moment("time", tz=tz),
            Fields(device_bean).moment("lastUpdateTime", "lastUpdateTimeText", tz=tz),
        ),
        plant_id=ids.ident("plantId", "plant_id") or as_text(plant_id),
    )
    settings_source = Fields(device_bean, data)
    has_settings = settings_source.has("outputConfig", "acChargeEnable")
    return Device(
        identity=identity,
        telemetry=telemetry(data, flat, device_bean),
        energy=energy(data, flat, overview),
        settings=DeviceSettings(
            ac_charge=settings_source.flag("acChargeEnable"),
            priority=settings_source.integer("outputConfig"),
        )
        if has_settings
        else None,
        raw=merge_raw(data, device_bean, flat, overview, entry),
    )


def telemetry(data: Raw, flat: Raw, device_bean: Raw) -> Telemetry:
    """The detail bean first (PV1 is `ppv`, PV2 `ppv2`), then `storage_detail`."""
    b = Fields(data)
    s = Fields(flat)
    # storage_detail's signed `pbat` is charge minus discharge.
    pbat = s.num("pbat", unit="W")
    strings = _bean_strings(data) or pv_strings(
        flat, "vpv{}", "iChargePV{}", "pCharge{}"
    )
    return Telemetry(
        pv_power=either(s.num("ppv", unit="W"), b.sum(["ppv", "ppv2"], unit="W")),
        pv_strings=strings,
        ac_voltage=either(b.num("outPutVolt"), s.num("outPutVolt")),
        ac_current=b.num("outPutCurrent"),
        ac_frequency=either(b.num("freqOutPut"), s.num("freqOutPut")),
        load_power=either(
            b.num("outPutPower", unit="W"), s.num("outPutPower", unit="W")
        ),
        import_power=b.num("pAcInPut", unit="W"),
        battery_charge_power=either(
            b.num("pCharge", unit="W"), None if pbat is None else max(0.0, pbat)
        ),
        battery_discharge_power=either(
            b.num("pDischarge", unit="W"), None if pbat is None else max(0.0, -pbat)
        ),
        soc=either(b.num("capacity", "bmsSoc", unit="%"), s.num("capacity", unit="%")),
        battery_voltage=either(b.num("vBat"), s.num("vbat")),
        battery_current=s.num("ibat"),
        battery_temperature=b.num("batTemp"),
        temperature=b.num("temperature"),
        ipm_temperature=b.num("ipmTemperature"),
        status=either(Fields(device_bean).integer("status"), b.integer("status")),
        status_text=b.text("statusText"),
    )


def _bean_strings(data: Raw) -> tuple[PvString, ...]:
    """PV1 (`vpv`, `iChargePV1`, `ppv`) and PV2 (`vpv2`, `iChargePV2`, `ppv2`)."""
    if not data or not any(key in data for key in ("vpv", "ppv", "iChargePV1")):
        return ()
    f = Fields(data)
    strings = [
        PvString(
            index=1,
            voltage=f.num("vpv"),
            current=f.num("iChargePV1"),
            power=f.num("ppv", unit="W"),
        )
    ]
    if any(key in data for key in ("vpv2", "ppv2", "iChargePV2")):
        strings.append(
            PvString(
                index=2,
                voltage=f.num("vpv2"),
                current=f.num("iChargePV2"),
                power=f.num("ppv2", unit="W"),
            )
        )
    return tuple(strings)


def energy(data: Raw, flat: Raw, overview: Raw) -> EnergyCounters:
    """The energy overview, then the detail bean, then `storage_detail`.

    `eopDischrToday` is the energy the output port delivered (the load);
    `eToUserToday` the grid energy drawn.
    """
    o = Fields(overview)
    b = Fields(data)
    s = Fields(flat)
    load_today = either(o.num("useEnergyToday"), b.num("eopDischrToday"))
    load_total = either(o.num("useEnergyTotal"), b.num("eopDischrTotal"))
    import_today = either(o.num("eToUserToday"), b.num("eToUserToday"))
    import_total = either(o.num("eToUserTotal"), b.num("eToUserTotal"))
    return EnergyCounters(
        pv_today=either(o.num("epvToday"), b.num("epvToday"), s.num("epvToday")),
        pv_total=either(o.num("epvTotal"), b.num("epvTotal"), s.num("epvTotal")),
        charge_today=either(
            o.num("eChargeToday"), b.num("eChargeToday"), s.num("eBatChargeToday")
        ),
        charge_total=either(
            o.num("eChargeTotal"), b.num("eChargeTotal"), s.num("eBatChargeTotal")
        ),
        discharge_today=either(
            o.num("eDischargeToday"),
            b.num("eBatDisChargeToday", "eDischargeToday"),
            s.num("eBatDisChargeToday"),
        ),
        discharge_total=either(
            o.num("eDischargeTotal"),
            b.num("eBatDisChargeTotal", "eDischargeTotal"),
            s.num("eBatDisChargeTotal"),
        ),
        ac_charge_today=b.num("eacChargeToday"),
        ac_charge_total=b.num("eacChargeTotal"),
        export_today=either(o.num("eToGridToday"), b.num("eToGridToday")),
        export_total=either(o.num("eToGridTotal"), b.num("eToGridTotal")),
        import_today=import_today,
        import_total=import_total,
        load_today=load_today,
        load_total=load_total,
        self_today=difference(load_today, import_today),
        self_total=difference(load_total, import_total),
    )


__all__ = ["from_legacy", "from_v1"]
