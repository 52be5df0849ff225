"""TLX / MIN views (`newTlxApi.do`): status, energy, detail, history and battery."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..model import Family
from .common import (
    DeviceView,
    Params,
    bare_failure,
    compact,
    find_view,
    growatt_json,
    kw,
    result_failure,
    result_obj,
    stamp,
)
from .energy import Breakdown, curve, day_energy
from .idle_tlx import DETAIL
from .plant import parse_day
from .tlx_settings import NEW_LOGIN_OPS, SETTINGS_OPS

TLX = (Family.TLX,)

BATTERY_DETAIL_KEYS = (
    "bmNum",
    "chargeOrDisPower",
    "dischargeTotal",
    "errorCode",
    "errorSubCode",
    "soc",
    "status",
    "systemWorkStatus",
    "warnCode",
    "warnSubCode",
)

DETAIL_PARAMETERS = (
    "Fac(Hz),Pac(W),Ppv(W),Ppv1(W),Ppv2(W),Vpv1(V),Ipv1(A),Vpv2(V),Ipv2(A),"
    "Vac1(V),Iac1(A),Pac1(W),VacRs(V),EacToday(kWh),EacTotal(kWh)"
)


def status_key(view: DeviceView) -> str:
    """The i18n status key TLX views put in `lost` / `statusText`."""
    return {-1: "tlx.status.lost", 0: "tlx.status.checking"}.get(
        view.status, "tlx.status.operating"
    )


def status_text(view: DeviceView) -> str:
    """The English status of `getTlxDetailData`."""
    return {-1: "Lost", 0: "Standby"}.get(view.status, "Normal")


async def system_status(request: web.Request, params: Params) -> web.Response:
    """`POST newTlxApi.do?op=getSystemStatus_KW`, form `plantId`, `id`: strings, kW."""
    view = find_view(request, params.get("id", ""), TLX)
    if view is None:
        return result_failure()
    live = view.live
    battery = view.device.has_battery
    soc = compact(live.soc, 0) if battery else "0"
    return result_obj(
        {
            "ppv": kw(live.pv_power),
            **{f"pPv{n}": kw(view.string(n).power) for n in range(1, 5)},
            **{f"vPv{n}": compact(view.string(n).voltage) for n in range(1, 5)},
            "pac": kw(live.ac_power),
            "pmax": kw(view.device.nominal_power),
            "vAc1": compact(live.ac_voltage),
            "vac1": compact(live.ac_voltage),
            "fAc": compact(live.ac_frequency, 2),
            "pactogrid": kw(live.export_power),
            "pactouser": kw(live.import_power),
            "pLocalLoad": kw(live.load_power),
            "pex": "0",
            "chargePower": kw(live.charge_power),
            "chargePower1": kw(live.charge_power),
            "chargePower2": "0",
            "pdisCharge": kw(live.discharge_power),
            "pdisCharge1": kw(live.discharge_power),
            "pdisCharge2": "0",
            "SOC": soc,
            "soc1": soc,
            "SOC2": "0",
            "soc2": "0",
            "socType": "1",
            "vBat": compact(live.battery_voltage) if battery else "0",
            "bmsBatteryEnergy": f"{compact(view.device.battery_kwh * live.soc / 100)}kWh"
            if battery
            else "0kWh",
            "status": str(view.status),
            "invStatus": str(view.status),
            "lost": status_key(view),
            "operatingMode": str(live.mode),
            "uwSysWorkMode": str(live.mode),
            "priorityChoose": str(view.device.settings.priority),
            "dType": "5",
            "deviceType": "2" if battery else "0",
            "wBatteryType": "1" if battery else "0",
            "bdcStatus": "1" if battery and view.online else "0",
            "bMerterConnectFlag": "1" if battery else "0",
            "isMasterOne": "0",
            "tbModuleNum": "1" if battery else "0",
            "tips": "2",
            "prePto": "-1",
            "upsFac": "0",
            "upsVac1": "0",
            "unit": "kW",
        }
    )


async def energy_overview(request: web.Request, params: Params) -> web.Response:
    """`POST newTlxApi.do?op=getEnergyOverview`: today/total strings (`etogridTotal`, sic)."""
    view = find_view(request, params.get("id", ""), TLX)
    if view is None:
        return result_failure()
    return result_obj(
        {
            "epvToday": compact(view.today("pv")),
            "epvTotal": compact(view.total("pv")),
            "echargetoday": compact(view.today("charge")),
            "echargetotal": compact(view.total("charge")),
            "edischargeToday": compact(view.today("discharge")),
            "edischargeTotal": compact(view.total("discharge")),
            "elocalLoadToday": compact(view.today("load")),
            "elocalLoadTotal": compact(view.total("load")),
            "etoGridToday": compact(view.today("export")),
            "etogridTotal": compact(view.total("export")),
            "isMasterOne": "0",
        }
    )


async def energy_prod_cons(request: web.Request, params: Params) -> web.Response:
    """`POST newTlxApi.do?op=getEnergyProdAndCons_KW`: chart plus today's breakdown.

    type 0 gives 5-minute points keyed "HH:MM" (kW numbers); types 1-3 give
    lists with one element per day/month/year, of which the PV figures (`eac`,
    `sysOut`) are the device's days from `emulator.history`; the other lists
    show today's counters only.
    """
    view = find_view(request, params.get("id", ""), TLX)
    if view is None:
        return result_failure()
    kind = params.get("type", "0")
    day = parse_day(params.get("date", ""), view.local_now.date())
    chart: dict[str, Any]
    if kind == "0":
        chart = {
            point.label: {
                "ppv": round(point.pv / 1000, 2),
                "sysOut": round(point.ac / 1000, 2),
                "userLoad": round(point.load / 1000, 2),
                "pacToGrid": round(point.exported / 1000, 2),
                "pacToUser": round(point.imported / 1000, 2),
                "chargePower": round(point.charge / 1000, 2),
                "pself": round(max(0.0, point.load - point.imported) / 1000, 2),
                "outP": round(point.ac / 1000, 2),
                "pex": 0,
            }
            for point in curve(view, day)
        }
    else:
        chart = period_lists(view, kind, day)
    live = view.live
    return result_obj(
        {
            "chartData": chart,
            **Breakdown.of([view]).totals(without="eChargeToday2Echarge1"),
            "keyNames": ["Solar", "Load Consumption", "Export To Grid", "From Battery"],
            "unit": "kWh",
            "unit2": "kW",
            "isMasterOne": "0",
            "newBean": {
                "dryContactStatus": 0,
                "exportLimit": view.device.settings.export_limit_mode,
                "exportLimitPower2": f"{kw(view.device.nominal_power * view.device.settings.export_limit_rate / 100)}kW",
                "pac": f"{kw(live.ac_power)}kW",
            },
        }
    )


def period_lists(view: DeviceView, kind: str, day: Any) -> dict[str, Any]:
    """Per-day lists of a month (type 1); months (2) and years (3) use the month's days too."""
    first = day.replace(day=1)
    days = []
    current = first
    while current.month == first.month:
        days.append(current)
        current = current.fromordinal(current.toordinal() + 1)
    today = view.local_now.date()
    pv = [round(day_energy(view, d), 1) for d in days]

    def today_only(key: str) -> list[float]:
        return [round(view.today(key), 1) if d == today else 0.0 for d in days]

    return {
        "date": first.strftime("%Y-%m") if kind != "3" else first.strftime("%Y"),
        "charge": today_only("charge"),
        "acCharge": today_only("ac_charge"),
        "eac": pv,
        "echarge": today_only("discharge"),
        "epv3": [0.0 for _ in days],
        "pacToGrid": today_only("export"),
        "pex": [0.0 for _ in days],
        "pself": today_only("self"),
        "sysOut": pv,
    }


async def tlx_data(request: web.Request, params: Params) -> web.Response:
    """`GET newTlxApi.do?op=getTlxData&id&type&date`: the day's power curve (W).

    `type` picks the curve on a NEO (1 PV power, 6 AC power); other types get PV power.
    """
    view = find_view(request, params.get("id", ""), TLX)
    if view is None:
        return bare_failure()
    day = parse_day(params.get("date", ""), view.local_now.date())
    use_ac = params.get("type") == "6"
    settings = view.device.settings
    limit = view.device.nominal_power * settings.export_limit_rate / 100
    return growatt_json(
        {
            "date": day.isoformat(),
            "invPacData": {
                f"{day.isoformat()} {point.label}": round(
                    point.ac if use_ac else point.pv, 1
                )
                for point in curve(view, day)
            },
            "eToday": compact(view.today("ac")),
            "eTotal": compact(view.total("ac")),
            "power": compact(view.live.ac_power),
            "nominalPower": str(view.device.nominal_power),
            "dryContactStatus": 0,
            "exportLimit": settings.export_limit_mode,
            "exportLimitPower": compact(limit),
            "exportLimitPower2": compact(limit),
        }
    )


def energy_keys(view: DeviceView) -> dict[str, float]:
    """The `eXxxToday` / `eXxxTotal` numbers of the detail bean (no `epvToday`!)."""
    pairs = {
        "eac": "ac",
        "esystem": "ac",
        "eself": "self",
        "echarge": "charge",
        "edischarge": "discharge",
        "eacCharge": "ac_charge",
        "etoGrid": "export",
        "etoUser": "import",
        "elocalLoad": "load",
    }
    values: dict[str, float] = {}
    for prefix, key in pairs.items():
        values[f"{prefix}Today"] = round(view.today(key), 1)
        values[f"{prefix}Total"] = round(view.total(key), 1)
    for n in range(1, 5):
        values[f"epv{n}Today"] = round(view.today(f"pv{n}"), 1)
        values[f"epv{n}Total"] = round(view.total(f"pv{n}"), 1)
    values["epvTotal"] = round(view.total("pv"), 1)
    return values


async def tlx_detail(request: web.Request, params: Params) -> web.Response:
    """`GET newTlxApi.do?op=getTlxDetailData&id=`: `{"data": {numbers}, "parameterName": ...}`."""
    view = find_view(request, params.get("id", ""), TLX)
    if view is None:
        return bare_failure()
    live = view.live
    device = view.device
    battery = device.has_battery
    strings: dict[str, float] = {}
    for n in range(1, 5):
        string = view.string(n)
        strings |= {
            f"ppv{n}": round(string.power, 1),
            f"vpv{n}": string.voltage,
            f"ipv{n}": string.current,
        }
    self_power = max(0.0, live.load_power - live.import_power)
    charging = battery and view.online
    data: dict[str, Any] = DETAIL | {
        # A device without a record (lost) has a bean of defaults: no identity.
        "serialNum": None if view.lost else device.sn,
        "dataLogSn": None if view.lost else device.datalogger_sn,
        "alias": None if view.lost else device.alias,
        "time": "" if view.lost else stamp(view.last_update, view.plant.tz),
        "lost": view.lost,
        "status": view.status,
        "statusText": status_text(view),
        "pac": round(live.ac_power, 1),
        "pac1": round(live.ac_power, 1),
        "pac2": 0,
        "pac3": 0,
        "ppv": round(live.pv_power, 1),
        **strings,
        "vac1": live.ac_voltage,
        "vac2": 0,
        "vac3": 0,
        "iac1": live.ac_current,
        "iac2": 0,
        "iac3": 0,
        "vacr": live.ac_voltage,
        "iacr": live.ac_current,
        "pacr": round(live.ac_power, 1),
        "vacRs": live.ac_voltage,
        "vacSt": 0,
        "vacTr": 0,
        "vacrs": live.ac_voltage,
        "fac": live.ac_frequency,
        "pf": device.settings.power_factor,
        "temp1": live.temperature,
        "temp2": 0,
        "temp3": 0,
        "temp4": 0,
        "temp5": live.ipm_temperature,
        **energy_keys(view),
        "pself": round(self_power, 1),
        "psystem": round(live.ac_power, 1),
        "pacToGridTotal": round(live.export_power, 1),
        "pacToUserTotal": round(live.import_power, 1),
        "pacToLocalLoad": round(live.load_power, 1),
        "bdc1ChargePower": round(live.charge_power, 1),
        "bdc1DischargePower": round(live.discharge_power, 1),
        "bdc1ChargeTotal": round(view.total("charge"), 1),
        "bdc1DischargeTotal": round(view.total("discharge"), 1),
        "bdc1Soc": round(live.soc) if battery else 0,
        "bdc1Vbat": live.battery_voltage if battery else 0,
        "bdc1Ibat": live.battery_current if battery else 0,
        "bdc1Temp1": live.battery_temperature if battery else 0,
        "bdc1Temp2": live.battery_temperature if battery else 0,
        "bdc2ChargePower": 0,
        "bdc2DischargePower": 0,
        "bdc2ChargeTotal": 0,
        "bdc2DischargeTotal": 0,
        "bdc2Soc": 0,
        "bdc2Vbat": 0,
        "bdc2Ibat": 0,
        "bdc2Temp1": 0,
        "bdc2Temp2": 0,
        "bmsSoc": round(live.soc) if battery else 0,
        "bmsSoh": 100 if battery else 0,
        "bmsVbat": live.battery_voltage if battery else 0,
        "bmsIbat": live.battery_current if battery else 0,
        "bmsStatus": 1 if charging else 0,
        "bdcStatus": 1 if charging else 0,
        "bdc1Status": 1 if charging else 0,
        "bdc1Mode": live.mode if battery else 0,
        "bmsTemp1Bat": live.battery_temperature if battery else 0,
        "soc1": round(live.soc) if battery else 0,
        "bMerterConnectFlag": 1 if device.has_meter else 0,
        "operatingMode": live.mode,
        "pBusVoltage": live.bus_voltage,
        "opFullwatt": device.nominal_power if view.online else 0,
        "realOPPercent": device.settings.active_power_rate if view.online else 0,
        "loadPercent": round(live.ac_power / max(1, device.nominal_power) * 100),
        "timeTotal": working_hours(view),
        "totalWorkingTime": working_hours(view),
        "warnCode": 0,
        "warnText": "Unknown",
        "errorText": "Unknown",
        "faultType": 0,
        "uwSysWorkMode": live.mode,
        "bsystemWorkMode": live.mode,
        "bgridType": 0,
        "winMode": 0,
        "withTime": False,
    }
    return growatt_json({"data": data, "parameterName": DETAIL_PARAMETERS})


def working_hours(view: DeviceView) -> float:
    """Hours of work, as full-load hours of the lifetime PV energy."""
    return round(view.total("pv") / max(0.001, view.device.nominal_power / 1000), 1)


def battery_status(view: DeviceView) -> str:
    """The battery's state: 0 idle, 1 charging, 2 discharging (app convention)."""
    live = view.live
    if live.charge_power > 0:
        return "1"
    if live.discharge_power > 0:
        return "2"
    return "0"


def find_battery(request: web.Request, sn: str) -> DeviceView | None:
    """The TLX whose battery module is `sn` (the `bat` device of the lists)."""
    view = find_view(request, sn, TLX)
    if view is None or view.device.battery_sn != sn:
        return None
    return view


async def battery_info(request: web.Request, params: Params) -> web.Response:
    """`POST newTlxApi.do?op=getBatInfo`, form `lan`, `serialNum`: Family B.

    The real shape is undocumented beyond `lost`: a disconnected battery keeps
    its stale values and reports `lost: true`.
    """
    view = find_battery(request, params.get("serialNum", ""))
    if view is None:
        return result_failure()
    live = view.live
    return result_obj(
        {
            "serialNum": view.device.battery_sn,
            "invSn": view.device.sn,
            "lost": view.lost,
            "status": battery_status(view),
            "soc": compact(view.device.telemetry.soc, 0),
            "vbat": compact(view.device.telemetry.battery_voltage),
            "ibat": compact(live.battery_current, 2),
            "chargePower": compact(live.charge_power),
            "dischargePower": compact(live.discharge_power),
            "temp": compact(view.device.telemetry.battery_temperature),
            "capacity": compact(view.device.battery_kwh, 2),
            "soh": "100",
            "chargeToday": compact(view.today("charge")),
            "chargeTotal": compact(view.total("charge")),
            "dischargeToday": compact(view.today("discharge")),
            "dischargeTotal": compact(view.total("discharge")),
            "lastUpdateTime": stamp(view.last_update, view.plant.tz),
        }
    )


async def battery_detail(request: web.Request, params: Params) -> web.Response:
    """`POST newTlxApi.do?op=getBatDetailData`, form `lan`, `plantId`, `id`.

    `chargeOrDisPower` is W as a string: positive charging, negative discharging.
    """
    sn = params.get("id", "")
    view = find_battery(request, sn)
    if view is None:
        inverter = find_view(request, sn, TLX)
        if inverter is None or inverter.device.has_battery:
            return bare_failure()
        # An inverter without battery: every value "0", as a NEO answers.
        zero = dict.fromkeys(BATTERY_DETAIL_KEYS, "0")
        return growatt_json({"data": zero, "parameterName": ""})
    if params.get("plantId") and params["plantId"] != str(view.plant.plant_id):
        return bare_failure()
    live = view.live
    return growatt_json(
        {
            "data": {
                "bmNum": "0",
                "chargeOrDisPower": compact(live.charge_power - live.discharge_power),
                "dischargeTotal": compact(view.total("discharge")),
                "soc": compact(view.device.telemetry.soc, 0),
                "status": battery_status(view),
                "systemWorkStatus": str(live.mode),
                "errorCode": "0",
                "errorSubCode": "0",
                "warnCode": "0",
                "warnSubCode": "0",
            },
            "parameterName": "",
        }
    )


OPS = {
    "getSystemStatus_KW": system_status,
    "getEnergyOverview": energy_overview,
    "getEnergyProdAndCons_KW": energy_prod_cons,
    "getTlxData": tlx_data,
    "getTlxDetailData": tlx_detail,
    "getBatInfo": battery_info,
    "getBatDetailData": battery_detail,
    **SETTINGS_OPS,
}

__all__ = ["NEW_LOGIN_OPS", "OPS"]
