"""MIX / SPH views (`newMixApi.do`), the storage dashboard and the SPA settings bean."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web

from ..http import world_of
from ..model import Family, Settings, TimeSegment
from .common import (
    DeviceView,
    Params,
    bare_failure,
    compact,
    currency_symbol,
    find_plant,
    find_view,
    flag,
    growatt_json,
    hm,
    java_date_text,
    kw,
    plant_views,
    result_failure,
    result_obj,
    stamp,
    timezone_number,
)
from .energy import Breakdown, ChartPoint, curve, month_days, plant_curve, year_months
from .idle import MIX_INFO_OTHER, MIX_SET_BEAN
from .plant import parse_day
from .tlx_settings import system_time

MIX = (Family.MIX,)
BEAN_SLOTS = 6
DASHBOARD_FAMILIES = (Family.MIX, Family.STORAGE, Family.SPA)
# chartData key -> ChartPoint field
CHART_FIELDS = {
    "ppv": "pv",
    "sysOut": "ac",
    "userLoad": "load",
    "pacToUser": "imported",
    "pacToGrid": "exported",
    "pdischarge": "discharge",
}


def mix_status_key(view: DeviceView) -> str:
    """The i18n status key of MIX views."""
    return {-1: "mix.status.lost", 0: "mix.status.waiting"}.get(
        view.status, "mix.status.normal"
    )


def mix_device(request: web.Request, params: Params) -> DeviceView | None:
    """The MIX named by `mixId`, in the plant `plantId` when one is given."""
    view = find_view(request, params.get("mixId", ""), MIX)
    if view is None or (
        params.get("plantId") and params["plantId"] != str(view.plant.plant_id)
    ):
        return None
    return view


async def mix_info(request: web.Request, params: Params) -> web.Response:
    """`GET newMixApi.do?op=getMixInfo&mixId[&plantId]`: numbers, `soc` as "45%".

    Another family's device gets a bean of zero strings, as a NEO does.
    """
    view = mix_device(request, params)
    if view is None:
        if find_view(request, params.get("mixId", "")) is not None:
            return result_obj(MIX_INFO_OTHER)
        return result_failure()
    live = view.live
    soc = round(view.device.telemetry.soc)
    return result_obj(
        {
            "capacity": str(soc),
            "soc": f"{soc}%",
            "vbat": live.battery_voltage,
            "vbatdsp": round(live.battery_voltage * 0.995, 1),
            "vpv1": view.string(1).voltage,
            "vpv2": view.string(2).voltage,
            "pCharge1": round(live.charge_power, 1),
            "pDischarge1": round(live.discharge_power, 1),
            "isCharge": 1 if live.charge_power > 0 else 0,
            "eBatChargeToday": round(view.today("charge"), 1),
            "eBatChargeTotal": round(view.total("charge"), 1),
            "eBatDisChargeToday": round(view.today("discharge"), 1),
            "eBatDisChargeTotal": round(view.total("discharge"), 1),
            "epvToday": round(view.today("pv"), 1),
            "epvTotal": round(view.total("pv"), 1),
            "acChargeEnergyToday": round(view.today("ac_charge"), 1),
            "acChargeEnergyTotal": round(view.total("ac_charge"), 1),
            "acChargePower": round(live.ac_charge_power, 1),
            "upsPac1": 0,
            "upsPac2": 0,
            "upsPac3": 0,
        }
    )


async def mix_totals(request: web.Request, params: Params) -> web.Response:
    """`POST newMixApi.do?op=getEnergyOverview&mixId&plantId` (query only): kWh strings."""
    view = mix_device(request, params)
    if view is None:
        return result_failure()
    price = view.plant.money_per_kwh
    return result_obj(
        {
            "echargetoday": compact(view.today("charge")),
            "echargetotal": compact(view.total("charge")),
            "edischarge1Today": compact(view.today("discharge")),
            "edischarge1Total": compact(view.total("discharge")),
            "elocalLoadToday": compact(view.today("load")),
            "elocalLoadTotal": compact(view.total("load")),
            "epvToday": compact(view.today("pv")),
            "epvTotal": compact(view.total("pv")),
            "etoGridToday": compact(view.today("export")),
            "etogridTotal": compact(view.total("export")),
            "photovoltaicRevenueToday": compact(view.today("pv") * price, 2),
            "photovoltaicRevenueTotal": compact(view.total("pv") * price, 2),
            "unit": currency_symbol(view.plant.currency),
        }
    )


async def mix_system_status(request: web.Request, params: Params) -> web.Response:
    """`POST newMixApi.do?op=getSystemStatus_KW&mixId&plantId`: strings, powers in kW."""
    view = mix_device(request, params)
    if view is None:
        return result_failure()
    live = view.live
    return result_obj(
        {
            "SOC": compact(view.device.telemetry.soc, 0),
            "chargePower": kw(live.charge_power),
            "pdisCharge1": kw(live.discharge_power),
            "pLocalLoad": kw(live.load_power),
            "pPv1": kw(view.string(1).power),
            "pPv2": kw(view.string(2).power),
            "ppv": kw(live.pv_power),
            "pactogrid": kw(live.export_power),
            "pactouser": kw(live.import_power),
            "pmax": kw(view.device.nominal_power),
            "vAc1": compact(live.ac_voltage),
            "vac1": compact(live.ac_voltage),
            "vBat": compact(live.battery_voltage),
            "vPv1": compact(view.string(1).voltage),
            "vPv2": compact(view.string(2).voltage),
            "fAc": compact(live.ac_frequency, 2),
            "lost": mix_status_key(view),
            "status": str(view.status),
            "priorityChoose": str(view.device.settings.priority),
            "uwSysWorkMode": str(live.mode),
            "upsFac": "0",
            "upsVac1": "0",
            "wBatteryType": "1",
            "unit": "kW",
        }
    )


def energy_chart(
    points: list[ChartPoint], keys: tuple[str, ...]
) -> dict[str, dict[str, str]]:
    """ChartData keyed "HH:MM" with kW strings.

    HA parses the last key as the time of the latest data, so the chart always
    holds one point, even in the first minutes after midnight.
    """
    chart = {
        point.label: {key: kw(getattr(point, CHART_FIELDS[key])) for key in keys}
        for point in points
    }
    return chart or {"00:00": dict.fromkeys(keys, "0")}


def period_chart(
    views: list[DeviceView], kind: str, day: date
) -> dict[str, dict[str, str]]:
    """ChartData of the month (type 1) or year (type 2): PV energy per day or month."""
    values = month_days(views, day) if kind == "1" else year_months(views, day)
    return {key: {"ppv": compact(value)} for key, value in values.items()}


async def mix_detail(request: web.Request, params: Params) -> web.Response:
    """`POST newMixApi.do?op=getEnergyProdAndCons_KW&plantId&mixId&type&date` (query only)."""
    view = mix_device(request, params)
    if view is None:
        return result_failure()
    kind = params.get("type", "0")
    day = parse_day(params.get("date", ""), view.local_now.date())
    if kind == "0":
        chart = energy_chart(
            curve(view, day), ("pacToGrid", "pacToUser", "pdischarge", "ppv", "sysOut")
        )
    else:
        chart = period_chart([view], kind, day)
    return result_obj(
        {
            "chartData": chart,
            **Breakdown.of([view]).totals(without="eChargeToday2Echarge1"),
            "unit": "kWh",
            "unit2": "kW",
        }
    )


async def dashboard(request: web.Request, params: Params) -> web.Response:
    """`POST newPlantAPI.do?action=getEnergyStorageData` (all in the query): totals with "kWh".

    Only storage devices count, so a TLX-only plant gets zeros.
    """
    account, plant = find_plant(request, params.get("plantId", ""))
    if plant is None:
        return bare_failure()
    views = [
        v
        for v in plant_views(world_of(request), account, plant)
        if v.device.family in DASHBOARD_FAMILIES
    ]
    kind = params.get("type", "0")
    today = (
        views[0].local_now.date()
        if views
        else world_of(request).now().astimezone(plant.tz).date()
    )
    day = parse_day(params.get("date", ""), today)
    if kind == "0":
        chart = energy_chart(
            plant_curve(views, day), ("ppv", "sysOut", "userLoad", "pacToUser")
        )
    else:
        chart = period_chart(views, kind, day)
    return growatt_json(
        {
            "chartDataUnit": "kW",
            "chartData": chart,
            "keyNames": ["Solar", "Load Consumption", "Export To Grid", "From Battery"],
            **Breakdown.of(views).totals(unit="kWh", without="eChargeToday"),
        }
    )


def slot_keys(prefix: str, periods: list[TimeSegment]) -> dict[str, str]:
    """`forced{Charge,Discharge}TimeStart/Stop/StopSwitch1..6`; slots 4-6 stay empty."""
    keys: dict[str, str] = {}
    for n in range(1, BEAN_SLOTS + 1):
        period = periods[n - 1] if n <= len(periods) else TimeSegment()
        keys |= {
            f"forced{prefix}TimeStart{n}": hm(period.start),
            f"forced{prefix}TimeStop{n}": hm(period.end),
            f"forced{prefix}StopSwitch{n}": flag(period.enabled),
        }
    return keys


def storage_set_bean(view: DeviceView) -> dict[str, Any]:
    """`mixBean` (also the SPA bean): string values, H:M times unpadded."""
    device = view.device
    s: Settings = device.settings
    bean: dict[str, Any] = MIX_SET_BEAN | {
        "serialNum": device.sn,
        "alias": device.alias,
        "dataLogSn": device.datalogger_sn,
        "treeID": f"ST_{device.sn}",
        "treeName": device.alias,
        "parentID": f"LIST_{device.datalogger_sn}_96",
        "tcpServerIp": "127.0.0.1",
        "model": "0",
        "fwVersion": device.firmware,
        "innerVersion": device.inner_version,
        "pmax": str(device.nominal_power),
        "batteryType": "1" if device.has_battery else "0",
        "lost": "true" if view.lost else "false",
        "status": str(view.status),
        "plantId": str(view.plant.plant_id),
        "sysTime": system_time(view),
        "sysTimeText": system_time(view),
        "timezone": f"{timezone_number(view.plant):.1f}",
        "lastUpdateTimeText": stamp(view.last_update, view.plant.tz),
        "chargePowerCommand": str(s.charge_power),
        "acChargeEnable": flag(s.ac_charge),
        "wchargeSOCLowLimit1": str(s.charge_stop_soc),
        "wchargeSOCLowLimit2": str(s.charge_stop_soc),
        "disChargePowerCommand": str(s.discharge_power),
        "wdisChargeSOCLowLimit1": str(s.discharge_stop_soc),
        "wdisChargeSOCLowLimit2": str(s.discharge_stop_soc),
        **slot_keys("Charge", s.charge_periods),
        **slot_keys("Discharge", s.discharge_periods),
        "loadFirstStopSocSet": str(s.load_first_stop_soc),
        "priorityChoose": str(s.priority),
        "exportLimit": str(s.export_limit_mode),
        "exportLimitPowerRate": str(s.export_limit_rate),
        "backflow_setting": str(s.export_limit_mode),
        "epsFunEn": flag(s.off_grid_enable),
        "mix_off_grid_enable": flag(s.off_grid_enable),
        "mix_ac_discharge_frequency": str(s.ac_discharge_frequency),
        "mix_ac_discharge_voltage": str(s.ac_discharge_voltage),
        "onOff": flag(s.on),
        "pv_on_off": flag(s.on),
        "activeRate": str(s.active_power_rate),
        "pv_active_p_rate": str(s.active_power_rate),
        "pv_reactive_p_rate": str(s.reactive_power_rate),
        "pv_power_factor": compact(s.power_factor, 3),
        "pv_grid_voltage_high": compact(s.grid_voltage_high),
        "pv_grid_voltage_low": compact(s.grid_voltage_low),
        "pf_sys_year": system_time(view),
        "statusText": mix_status_key(view),
        "lastUpdateTime": java_date_text(view.last_update),
    }
    for name, values in s.extra.items():
        bean[name] = "_".join(values) if len(values) > 1 else values[0]
    return bean


async def mix_settings(request: web.Request, params: Params) -> web.Response:
    """`GET newMixApi.do?op=getMixSetParams&serialNum&kind=0`: `obj.mixBean`."""
    view = find_view(request, params.get("serialNum", ""), MIX)
    if view is None:
        return result_failure()
    return growatt_json(
        {
            "result": 1,
            # The captured answer really carries the literal "msg".
            "msg": "msg",
            "deviceType": 0,
            "dtc": 0,
            "haveMeter": 1 if view.device.has_meter else 0,
            "normalPower": view.device.nominal_power,
            "model": view.device.model,
            "obj": {"mixBean": storage_set_bean(view)},
        }
    )


async def spa_settings(request: web.Request, params: Params) -> web.Response:
    """`newSpaApi.do?op=getSpaSetData&serialNum` (name from openHAB, unverified): `obj.spaBean`."""
    view = find_view(request, params.get("serialNum", ""), (Family.SPA,))
    if view is None:
        return result_failure()
    return result_obj({"spaBean": storage_set_bean(view)})


OPS = {
    "getMixInfo": mix_info,
    "getEnergyOverview": mix_totals,
    "getSystemStatus_KW": mix_system_status,
    "getEnergyProdAndCons_KW": mix_detail,
    "getMixSetParams": mix_settings,
}

SPA_OPS = {
    "getSpaSetData": spa_settings,
}

NEW_PLANT_OPS = {
    "getEnergyStorageData": dashboard,
}
