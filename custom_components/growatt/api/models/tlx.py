"""TLX / MIN family (MIN, MIC, MOD, NEO, TL-XH): legacy and v1 payloads to a `Device`.

Legacy: `tlx_detail()` (`{"data": {...}}`, numbers in W/kWh), `tlx_energy_overview()`
(the only source of `epvToday`), `tlx_system_status()` (strings in kW),
`tlx_all_settings()` (`tlxSetBean`, all strings), `tlx_params()` (firmware,
model) and a `device_list()` entry. v1: `min_detail()` (device bean with a
`tlxSetbean`), `min_energy()` (the same keys as the legacy detail) and
`min_settings()` (ints where the legacy bean has strings).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

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
    battery_mode,
    difference,
    either,
    merge_raw,
    online_from,
    pv_strings,
    segments,
)

SEGMENTS = 9
PV_INPUTS = 4


def from_legacy(
    detail: Raw | None,
    *,
    energy_overview: Raw | None = None,
    system_status: Raw | None = None,
    settings: Raw | None = None,
    device_entry: Raw | None = None,
    params: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """A TLX from the legacy API's payloads (any of them may be missing).

    `detail` is `tlx_detail()` (with or without its `data` wrapper), `settings`
    `tlx_all_settings()` (the `tlxSetBean`, or its `obj` wrapper), `params`
    `tlx_params()`. `tz` is the plant's timezone, given to the local times.
    """
    data = unwrap(detail, "data")
    overview = unwrap(energy_overview, "obj")
    status = unwrap(system_status, "obj")
    bean = unwrap(settings, "obj", "tlxSetBean")
    params_raw = unwrap(params)
    new_bean = unwrap(params_raw, "newBean")
    entry = unwrap(device_entry)
    ids = Fields(data, new_bean, entry)
    identity = DeviceIdentity(
        serial=ids.text("serialNum", "deviceSn") or serial or "",
        family=DeviceFamily.TLX,
        model=Fields(params_raw).text("inverterType") or ids.text("modelText"),
        alias=ids.text("alias", "deviceAilas"),
        firmware=Fields(new_bean).text("fwVersion"),
        datalogger_serial=ids.text("dataLogSn", "datalogSn"),
        online=_online(data, new_bean, entry, status),
        last_update=either(
            Fields(data).moment("time", tz=tz),
            Fields(new_bean).moment("lastUpdateTime", "lastUpdateTimeText", tz=tz),
        ),
        plant_id=ids.ident("plantId") or as_text(plant_id),
    )
    return Device(
        identity=identity,
        telemetry=telemetry(data, status),
        energy=energy(data, overview),
        settings=device_settings(bean, new_bean) if bean else None,
        raw=merge_raw(data, overview, status, bean, new_bean, entry),
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
    """A TLX (v1 "MIN") from `min_detail()`, `min_energy()` and `min_settings()`.

    Envelopes (`{"data": ...}`) are unwrapped when present. Without
    `settings`, the detail's `tlxSetbean` gives the settings.
    """
    info = unwrap(detail, "data")
    last = unwrap(last_data, "data")
    set_info = unwrap(settings, "data")
    set_bean = unwrap(info.get("tlxSetbean"))
    entry = unwrap(device_entry)
    ids = Fields(info, last, entry)
    identity = DeviceIdentity(
        serial=ids.text("serialNum", "device_sn") or serial or "",
        family=DeviceFamily.TLX,
        model=ids.text("inverterType", "modelText", "model"),
        alias=ids.text("alias"),
        firmware=ids.text("fwVersion"),
        datalogger_serial=ids.text("dataLogSn", "datalogger_sn"),
        online=_online(last, info, entry, None),
        last_update=either(
            Fields(last).moment("time", tz=tz),
            Fields(info).moment("lastUpdateTime", "lastUpdateTimeText", tz=tz),
            Fields(entry).moment("last_update_time", tz=tz),
        ),
        plant_id=ids.ident("plantId", "plant_id") or as_text(plant_id),
    )
    has_settings = bool(set_info or set_bean)
    return Device(
        identity=identity,
        telemetry=telemetry(last, None),
        energy=energy(last, None),
        settings=device_settings(set_info, set_bean, info) if has_settings else None,
        raw=merge_raw(last, info, set_info, set_bean, entry),
    )


def _online(*sources: Raw | None) -> bool | None:
    """`lost` of the first source that has it (bool, or an i18n key)."""
    for source in sources:
        if source and ("lost" in source or "status" in source):
            result = online_from(source.get("lost"), source.get("status"))
            if result is not None:
                return result
    return None


def telemetry(data: Raw | None, status: Raw | None) -> Telemetry:
    """Instantaneous values: the detail's W figures, else the status's kW strings."""
    d = Fields(data)
    s = Fields(status)

    def watts(
        detail_keys: tuple[str, ...], status_keys: tuple[str, ...]
    ) -> float | None:
        return either(
            d.num(*detail_keys, unit="W"),
            s.num(*status_keys, unit="W", assumed="kW"),
        )

    strings = pv_strings(data, limit=PV_INPUTS) or pv_strings(
        status, "vPv{}", "iPv{}", "pPv{}", assumed="kW", limit=PV_INPUTS
    )
    charge = either(
        d.sum(["bdc1ChargePower", "bdc2ChargePower"], unit="W"),
        s.num("chargePower", unit="W", assumed="kW"),
    )
    discharge = either(
        d.sum(["bdc1DischargePower", "bdc2DischargePower"], unit="W"),
        s.num("pdisCharge", unit="W", assumed="kW"),
    )
    return Telemetry(
        pv_power=watts(("ppv",), ("ppv",)),
        pv_strings=strings,
        ac_power=watts(("pac",), ("pac",)),
        ac_voltage=either(d.num("vac1"), s.num("vAc1", "vac1")),
        ac_current=d.num("iac1"),
        ac_frequency=either(d.num("fac"), s.num("fAc")),
        load_power=watts(("pacToLocalLoad",), ("pLocalLoad",)),
        import_power=watts(("pacToUserTotal",), ("pactouser",)),
        export_power=watts(("pacToGridTotal",), ("pactogrid",)),
        battery_charge_power=charge,
        battery_discharge_power=discharge,
        soc=either(d.num("bmsSoc", "bdc1Soc", unit="%"), s.num("SOC", unit="%")),
        battery_voltage=either(d.num("bmsVbat", "bdc1Vbat"), s.num("vBat")),
        battery_current=d.num("bmsIbat", "bdc1Ibat"),
        battery_temperature=d.num("bdc1Temp1"),
        temperature=d.num("temp1"),
        # The TL-XH reports its second (power module) sensor in temp5.
        ipm_temperature=d.num("temp5"),
        status=either(d.integer("status"), s.integer("status")),
        status_text=either(d.text("statusText"), s.text("lost")),
    )


def energy(data: Raw | None, overview: Raw | None) -> EnergyCounters:
    """Counters from the detail, `epvToday` from the energy overview.

    The detail (and v1 `min_energy`) has no `epvToday`: the per-input
    `epv<n>Today` add up to it.
    """
    d = Fields(data)
    o = Fields(overview)
    pv_inputs = [f"epv{n}Today" for n in range(1, PV_INPUTS + 1)]
    load_today = either(d.num("elocalLoadToday"), o.num("elocalLoadToday"))
    load_total = either(d.num("elocalLoadTotal"), o.num("elocalLoadTotal"))
    import_today = d.num("etoUserToday")
    import_total = d.num("etoUserTotal")
    return EnergyCounters(
        pv_today=either(o.num("epvToday"), d.num("epvToday"), d.sum(pv_inputs)),
        pv_total=either(d.num("epvTotal"), o.num("epvTotal")),
        ac_today=d.num("eacToday"),
        ac_total=d.num("eacTotal"),
        charge_today=either(d.num("echargeToday"), o.num("echargetoday")),
        charge_total=either(d.num("echargeTotal"), o.num("echargetotal")),
        discharge_today=either(d.num("edischargeToday"), o.num("edischargeToday")),
        discharge_total=either(d.num("edischargeTotal"), o.num("edischargeTotal")),
        ac_charge_today=d.num("eacChargeToday"),
        ac_charge_total=d.num("eacChargeTotal"),
        export_today=either(d.num("etoGridToday"), o.num("etoGridToday")),
        # The overview spells it `etogridTotal`.
        export_total=either(
            d.num("etoGridTotal", "etogridTotal"), o.num("etogridTotal", "etoGridTotal")
        ),
        import_today=import_today,
        import_total=import_total,
        load_today=load_today,
        load_total=load_total,
        self_today=either(d.num("eselfToday"), difference(load_today, import_today)),
        self_total=either(d.num("eselfTotal"), difference(load_total, import_total)),
    )


def device_settings(*sources: Raw | None) -> DeviceSettings:
    """Settings from a `tlxSetBean` (strings) or v1 `tlx_set_info` (ints).

    The bean carries most values under their read-back name and, in the
    legacy API, also under their write name; v1 leaves the write names blank.
    Real legacy beans have no `exportLimitPowerRate` (only the text
    `exportLimitPowerRateStr`, "50.0") and no `onGridDischargeStopSOC` (only
    `on_grid_discharge_stop_soc`); v1 beans have both numbers.
    """
    f = Fields(*sources)
    export_mode = f.integer("exportLimit", "backflow_setting")
    merged: dict[str, Any] = merge_raw(*sources)
    return DeviceSettings(
        on=f.flag("tlx_on_off", "onOff"),
        active_power_rate=f.integer("activeRate", "pv_active_p_rate"),
        export_limit_enabled=None if export_mode is None else export_mode != 0,
        export_limit_mode=export_mode,
        export_limit_rate=f.num(
            "exportLimitPowerRate", "exportLimitPowerRateStr", unit="%"
        ),
        ac_charge=f.flag("acChargeEnable", "ac_charge"),
        charge_power=f.integer("chargePowerCommand", "charge_power"),
        charge_stop_soc=f.integer("wchargeSOCLowLimit", "charge_stop_soc"),
        discharge_power=f.integer("disChargePowerCommand", "discharge_power"),
        discharge_stop_soc=f.integer("wdisChargeSOCLowLimit", "discharge_stop_soc"),
        on_grid_discharge_stop_soc=f.integer(
            "onGridDischargeStopSOC", "on_grid_discharge_stop_soc"
        ),
        priority=battery_mode(f.integer("priorityChoose")),
        time_segments=segments(
            merged,
            SEGMENTS,
            start="forcedTimeStart{}",
            stop="forcedTimeStop{}",
            switch="forcedStopSwitch{}",
            mode="time{}Mode",
            combined="time_segment{}",
        ),
    )


__all__ = ["device_settings", "energy", "from_legacy", "from_v1", "telemetry"]
