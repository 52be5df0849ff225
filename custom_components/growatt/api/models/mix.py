"""MIX / SPH family: legacy and v1 payloads to a `Device` (SPA reuses it, see `spa`).

Legacy: `mix_info()` (numbers, W), `mix_totals()` (kWh strings, `etogridTotal`),
`mix_system_status()` (strings in kW), `mix_detail()` (today's `etouser`
import and `elocalLoad`), `get_mix_inverter_settings()` (`obj.mixBean`, all
strings) and a `device_list()` entry. v1: `sph_detail()` (`mix_data_info`:
device bean with the charge/discharge settings) and `sph_energy()`
(`mix_last_data`, W/kWh numbers).

Legacy gaps: no inverter AC output power except the device list's
`activePower`, no AC output energy, no lifetime import, no AC current, no
temperatures.
"""

from __future__ import annotations

from datetime import tzinfo

from .coerce import unwrap
from .common import (
    BatteryMode,
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

PERIODS = 3


def from_legacy(
    info: Raw | None = None,
    *,
    totals: Raw | None = None,
    system_status: Raw | None = None,
    detail: Raw | None = None,
    settings: Raw | None = None,
    device_entry: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """A MIX from the legacy API's payloads (any of them may be missing).

    `settings` is `get_mix_inverter_settings()` (whole answer, `obj`, or the
    `mixBean` itself).
    """
    return build_legacy(
        DeviceFamily.MIX,
        info=info,
        totals=totals,
        system_status=system_status,
        detail=detail,
        bean=unwrap(settings, "obj", "mixBean"),
        device_entry=device_entry,
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
    """A MIX (v1 "SPH") from `sph_detail()` and `sph_energy()`."""
    return build_v1(
        DeviceFamily.MIX,
        detail=detail,
        last_data=last_data,
        device_entry=device_entry,
        serial=serial,
        plant_id=plant_id,
        tz=tz,
    )


def build_legacy(
    family: DeviceFamily,
    *,
    info: Raw | None,
    totals: Raw | None,
    system_status: Raw | None,
    detail: Raw | None,
    bean: Raw | None,
    device_entry: Raw | None,
    serial: str | None,
    plant_id: str | int | None,
    tz: tzinfo | None,
) -> Device:
    """A MIX-like device (MIX, SPA) from legacy payloads."""
    info_raw = unwrap(info, "obj")
    totals_raw = unwrap(totals, "obj")
    status_raw = unwrap(system_status, "obj")
    detail_raw = unwrap(detail, "obj")
    entry = unwrap(device_entry)
    ids = Fields(bean, entry)
    identity = DeviceIdentity(
        serial=ids.text("serialNum", "deviceSn") or serial or "",
        family=family,
        model=None,
        alias=Fields(entry).text("deviceAilas", "alias"),
        firmware=ids.text("fwVersion"),
        datalogger_serial=Fields(entry).text("datalogSn", "dataLogSn"),
        online=either(
            online_from(status_raw.get("lost")) if status_raw else None,
            online_from(entry.get("lost"), entry.get("deviceStatus"))
            if entry
            else None,
        ),
        last_update=Fields(bean).moment("lastUpdateTime", tz=tz),
        plant_id=Fields(entry).ident("plantId") or as_text(plant_id),
    )
    return Device(
        identity=identity,
        telemetry=legacy_telemetry(info_raw, status_raw, entry),
        energy=legacy_energy(info_raw, totals_raw, detail_raw, entry),
        settings=device_settings(bean) if bean else None,
        raw=merge_raw(info_raw, status_raw, totals_raw, detail_raw, bean, entry),
    )


def legacy_telemetry(info: Raw, status: Raw, entry: Raw) -> Telemetry:
    """`mix_info` W numbers first, then `mix_system_status` kW strings."""
    i = Fields(info)
    s = Fields(status)
    e = Fields(entry)
    strings = pv_strings(status, "vPv{}", "iPv{}", "pPv{}", assumed="kW") or pv_strings(
        info
    )
    return Telemetry(
        pv_power=either(s.num("ppv", unit="W", assumed="kW"), i.num("ppv", unit="W")),
        pv_strings=strings,
        ac_power=e.num("activePower", unit="W"),
        ac_voltage=s.num("vAc1", "vac1"),
        ac_frequency=s.num("fAc"),
        load_power=s.num("pLocalLoad", unit="W", assumed="kW"),
        import_power=s.num("pactouser", unit="W", assumed="kW"),
        export_power=s.num("pactogrid", unit="W", assumed="kW"),
        battery_charge_power=either(
            i.num("pCharge1", unit="W"),
            s.num("chargePower", unit="W", assumed="kW"),
            e.num("pCharge", unit="W"),
        ),
        battery_discharge_power=either(
            i.num("pDischarge1", unit="W"),
            s.num("pdisCharge1", unit="W", assumed="kW"),
        ),
        soc=either(
            s.num("SOC", unit="%"),
            i.num("soc", "capacity", unit="%"),
            e.num("capacity", unit="%"),
        ),
        battery_voltage=either(i.num("vbat"), s.num("vBat")),
        status=either(s.integer("status"), e.integer("deviceStatus")),
        status_text=s.text("lost"),
    )


def legacy_energy(info: Raw, totals: Raw, detail: Raw, entry: Raw) -> EnergyCounters:
    """`mix_totals` first, then `mix_info`; import and load of today from `mix_detail`."""
    t = Fields(totals)
    i = Fields(info)
    d = Fields(detail)
    load_today = either(t.num("elocalLoadToday"), d.num("elocalLoad"))
    # mix_detail's `etouser` is today's import (Home Assistant's reading too).
    import_today = d.num("etouser", unit="kWh")
    return EnergyCounters(
        pv_today=either(t.num("epvToday"), i.num("epvToday")),
        pv_total=either(t.num("epvTotal"), i.num("epvTotal")),
        charge_today=either(
            t.num("echargetoday"),
            i.num("eBatChargeToday"),
            Fields(entry).num("eChargeToday"),
        ),
        charge_total=either(t.num("echargetotal"), i.num("eBatChargeTotal")),
        discharge_today=either(t.num("edischarge1Today"), i.num("eBatDisChargeToday")),
        discharge_total=either(t.num("edischarge1Total"), i.num("eBatDisChargeTotal")),
        ac_charge_today=i.num("acChargeEnergyToday"),
        ac_charge_total=i.num("acChargeEnergyTotal"),
        export_today=t.num("etoGridToday"),
        # mix_totals spells it `etogridTotal`.
        export_total=t.num("etogridTotal", "etoGridTotal"),
        import_today=import_today,
        load_today=load_today,
        load_total=t.num("elocalLoadTotal"),
        self_today=difference(load_today, import_today),
    )


def build_v1(
    family: DeviceFamily,
    *,
    detail: Raw | None,
    last_data: Raw | None,
    device_entry: Raw | None,
    serial: str | None,
    plant_id: str | int | None,
    tz: tzinfo | None,
) -> Device:
    """A MIX-like device (MIX, SPA) from v1 payloads."""
    info = unwrap(detail, "data")
    last = unwrap(last_data, "data")
    entry = unwrap(device_entry)
    ids = Fields(info, last, entry)
    identity = DeviceIdentity(
        serial=ids.text("serialNum", "device_sn") or serial or "",
        family=family,
        model=None,
        alias=ids.text("alias"),
        firmware=ids.text("fwVersion"),
        datalogger_serial=ids.text("dataLogSn", "datalogger_sn"),
        online=either(
            online_from(last.get("lost")) if "lost" in last else None,
            online_from(info.get("lost")) if "lost" in info else None,
            online_from(entry.get("lost")) if "lost" in entry else None,
        ),
        last_update=either(
            Fields(last).moment("time", tz=tz),
            Fields(info).moment("lastUpdateTime", "lastUpdateTimeText", tz=tz),
        ),
        plant_id=ids.ident("plantId", "plant_id") or as_text(plant_id),
    )
    return Device(
        identity=identity,
        telemetry=v1_telemetry(last, info),
        energy=v1_energy(last),
        settings=device_settings(info) if info else None,
        raw=merge_raw(last, info, entry),
    )


def v1_telemetry(last: Raw, info: Raw) -> Telemetry:
    """`mix_last_data` (W numbers); Home Assistant's fixture puts some in the detail."""
    f = Fields(last, info)
    return Telemetry(
        pv_power=f.num("ppv", unit="W"),
        pv_strings=pv_strings(last) or pv_strings(info),
        ac_power=f.num("pac", unit="W"),
        ac_voltage=f.num("vac1"),
        ac_current=f.num("iac1"),
        ac_frequency=f.num("fac"),
        load_power=f.num("plocalLoadTotal", unit="W"),
        import_power=f.num("pacToUserTotal", unit="W"),
        export_power=f.num("pacToGridTotal", unit="W"),
        battery_charge_power=f.num("pcharge1", unit="W"),
        battery_discharge_power=f.num("pdischarge1", unit="W"),
        soc=f.num("soc", "bmsSOC", "bmsSoc", unit="%"),
        battery_voltage=f.num("vbat", "bmsBatteryVolt"),
        battery_current=f.num("bmsBatteryCurr"),
        battery_temperature=f.num("bmsBatteryTemp", "batteryTemperature"),
        temperature=f.num("temp1"),
        ipm_temperature=f.num("temp2"),
        status=f.integer("status"),
        status_text=f.text("statusText"),
    )


def v1_energy(last: Raw) -> EnergyCounters:
    """`mix_last_data` counters (SPH and SPA key sets, several spellings)."""
    f = Fields(last)
    load_today = f.num("elocalLoadToday")
    load_total = f.num("elocalLoadTotal")
    import_today = f.num("etoUserToday")
    import_total = f.num("etoUserTotal")
    return EnergyCounters(
        pv_today=either(
            f.num("epvToday", "epvtoday"), f.sum(["epv1Today", "epv2Today"])
        ),
        pv_total=f.num("epvTotal"),
        ac_today=f.num("eacToday"),
        ac_total=f.num("eacTotal"),
        charge_today=f.num("echarge1Today", "eCharge1Today", "echargeToday"),
        charge_total=f.num("echarge1Total", "eCharge1Total", "echargeTotal"),
        discharge_today=f.num(
            "edischarge1Today", "eDischarge1Today", "edischargeToday"
        ),
        discharge_total=f.num(
            "edischarge1Total", "eDischarge1Total", "edischargeTotal"
        ),
        ac_charge_today=f.num("acChargeEnergyToday"),
        ac_charge_total=f.num("acChargeEnergyTotal"),
        export_today=f.num("etoGridToday"),
        export_total=f.num("etogridTotal", "etoGridTotal"),
        import_today=import_today,
        import_total=import_total,
        load_today=load_today,
        load_total=load_total,
        self_today=either(f.num("eselfToday"), difference(load_today, import_today)),
        self_total=either(f.num("eselfTotal"), difference(load_total, import_total)),
    )


def device_settings(bean: Raw) -> DeviceSettings:
    """Settings from `mixBean` (strings) or v1 `mix_data_info` (numbers).

    The stop SOCs are `wchargeSOCLowLimit` in v1 and `wchargeSOCLowLimit2` in
    the legacy bean (same for discharge). Charge periods run in battery-first
    mode, discharge periods in grid-first mode.
    """
    f = Fields(bean)
    export_mode = f.integer("exportLimit", "backflow_setting")
    return DeviceSettings(
        on=f.flag("onOff", "pv_on_off"),
        active_power_rate=f.integer("activeRate", "pv_active_p_rate"),
        export_limit_enabled=None if export_mode is None else export_mode != 0,
        export_limit_mode=export_mode,
        export_limit_rate=f.num("exportLimitPowerRate", unit="%"),
        ac_charge=f.flag("acChargeEnable"),
        charge_power=f.integer("chargePowerCommand"),
        charge_stop_soc=f.integer(
            "wchargeSOCLowLimit", "wchargeSOCLowLimit2", "wchargeSOCLowLimit1"
        ),
        discharge_power=f.integer("disChargePowerCommand"),
        discharge_stop_soc=f.integer(
            "wdisChargeSOCLowLimit", "wdisChargeSOCLowLimit2", "wdisChargeSOCLowLimit1"
        ),
        load_first_stop_soc=f.integer("loadFirstStopSocSet"),
        priority=battery_mode(f.integer("priorityChoose")),
        charge_periods=segments(
            bean,
            PERIODS,
            start="forcedChargeTimeStart{}",
            stop="forcedChargeTimeStop{}",
            switch="forcedChargeStopSwitch{}",
            fixed_mode=BatteryMode.BATTERY_FIRST,
        ),
        discharge_periods=segments(
            bean,
            PERIODS,
            start="forcedDischargeTimeStart{}",
            stop="forcedDischargeTimeStop{}",
            switch="forcedDischargeStopSwitch{}",
            fixed_mode=BatteryMode.GRID_FIRST,
        ),
    )


__all__ = ["device_settings", "from_legacy", "from_v1"]
