"""v1 SPH (legacy "mix", v1 type 5) endpoints under `device/mix/`, `readMixParam`, `mixSet`.

`mix_data_info` is the device bean with the charge and discharge schedules
(what the library's `sph_read_ac_charge_times` parses); `mix_last_data` the
realtime record. Powers are in W (the `pacToGridTotal` of a captured night
record, 38.6, cannot be kW on a home system); `status` follows the SPH codes
(0 waiting, 5 "PV Bat Online", 6 "Bat Online").
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..legacy.common import DeviceView, hm, java_date
from ..legacy.tlx_settings import system_time
from ..model import Family, TimeSegment
from .common import DeviceCodes, Handler, V1Call, find_device, local_stamp, num, ok
from .history import Snapshot, current, history_answer
from .params import read_param, write_params

MIX = (Family.MIX,)
SLOTS = 3
# tlx_last_data's codes, assumed for the SPH endpoints, which document only 10001.
CODES = DeviceCodes(
    empty=10003,
    missing=10002,
    empty_msg="error_device_sn_error",
    missing_msg="error_mix_not_exist",
)

STATUS_WAITING = 0
STATUS_PV_BAT_ONLINE = 5
STATUS_BAT_ONLINE = 6
STATUS_TEXT = {
    STATUS_WAITING: "Waiting",
    STATUS_PV_BAT_ONLINE: "PV Bat Online",
    STATUS_BAT_ONLINE: "Bat Online",
}


def slot_keys(kind: str, periods: list[TimeSegment]) -> dict[str, Any]:
    """`forced<kind>TimeStart/Stop<N>` ("H:M") and `forced<kind>StopSwitch<N>` (int)."""
    keys: dict[str, Any] = {}
    for n in range(1, SLOTS + 1):
        period = periods[n - 1] if n <= len(periods) else TimeSegment()
        keys |= {
            f"forced{kind}TimeStart{n}": hm(period.start),
            f"forced{kind}TimeStop{n}": hm(period.end),
            f"forced{kind}StopSwitch{n}": int(period.enabled),
        }
    return keys


def sph_status(snap: Snapshot) -> int:
    """The SPH status code of a moment."""
    live = snap.live
    if not snap.view.online or live.sleeping:
        return STATUS_WAITING
    return STATUS_PV_BAT_ONLINE if live.pv_power >= 1 else STATUS_BAT_ONLINE


def storage_bean(view: DeviceView, device_type: int) -> dict[str, Any]:
    """The device bean with schedules shared by SPH and SPA (`*_data_info`)."""
    device = view.device
    s = device.settings
    return {
        "serialNum": device.sn,
        "alias": device.alias,
        "dataLogSn": device.datalogger_sn,
        "addr": 1,
        "fwVersion": device.firmware,
        "innerVersion": device.inner_version,
        "modelText": device.model,
        "deviceType": device_type,
        "pmax": device.nominal_power,
        "status": sph_status(current(view)),
        "lost": view.lost,
        "onOff": int(s.on),
        "activeRate": s.active_power_rate,
        "chargePowerCommand": s.charge_power,
        "wchargeSOCLowLimit": s.charge_stop_soc,
        "wchargeSOCLowLimit1": s.charge_stop_soc,
        "wchargeSOCLowLimit2": s.charge_stop_soc,
        "acChargeEnable": int(s.ac_charge),
        **slot_keys("Charge", s.charge_periods),
        "disChargePowerCommand": s.discharge_power,
        "wdisChargeSOCLowLimit": s.discharge_stop_soc,
        "wdisChargeSOCLowLimit1": s.discharge_stop_soc,
        "wdisChargeSOCLowLimit2": s.discharge_stop_soc,
        **slot_keys("Discharge", s.discharge_periods),
        "loadFirstStopSocSet": s.load_first_stop_soc,
        "priorityChoose": s.priority,
        "exportLimit": s.export_limit_mode,
        "exportLimitPowerRate": s.export_limit_rate,
        "epsFunEn": int(s.off_grid_enable),
        "epsVoltSet": s.ac_discharge_voltage,
        "epsFreqSet": s.ac_discharge_frequency,
        "batteryType": 1,
        "bctMode": 0,
        "vbatStartForDischarge": 48.0,
        "vbatStopForDischarge": 46.0,
        "vbatStopForCharge": 57.6,
        "vbatWarning": 46.0,
        "pv_on_off": "",
        "pf_sys_year": "",
        "backflow_setting": "",
        "sysTime": system_time(view),
        "lastUpdateTime": java_date(view.last_update),
        "lastUpdateTimeText": local_stamp(view),
    }


def record(snap: Snapshot) -> dict[str, Any]:
    """An SPH realtime record (`mix_last_data`, and each `mix_data` entry)."""
    view = snap.view
    live = snap.live
    soc = round(live.soc)
    status = sph_status(snap)
    load = live.load_power
    data: dict[str, Any] = {
        "serialNum": view.device.sn,
        "dataLogSn": view.device.datalogger_sn,
        "time": snap.time_text,
        "status": status,
        "statusText": STATUS_TEXT[status],
        "uwSysWorkMode": status,
        "priorityChoose": view.device.settings.priority,
        "soc": soc,
        "socText": f"{soc}%",
        "bmsSOC": soc,
        "bmsSOH": 100,
        "bmsCycleCnt": int(snap.life("charge") / max(1.0, view.device.battery_kwh)),
        "vbat": num(live.battery_voltage),
        "bmsBatteryVolt": num(live.battery_voltage),
        "bmsBatteryCurr": num(live.battery_current),
        "bmsBatteryTemp": num(live.battery_temperature),
        "pcharge1": num(live.charge_power),
        "pdischarge1": num(live.discharge_power),
        "acChargePower": num(live.ac_charge_power),
        "ppv": num(live.pv_power),
        "ppvText": f"{num(live.pv_power)} W",
        "pac": num(live.ac_power),
        "pacToGridTotal": num(live.export_power),
        "pacToGridR": num(live.export_power),
        "pacToUserTotal": num(live.import_power),
        "pacToUserR": num(live.import_power),
        "plocalLoadTotal": num(load),
        "plocalLoadR": num(load),
        "vac1": num(live.ac_voltage),
        "fac": num(live.ac_frequency, 2),
        "temp1": num(live.temperature),
        "temp2": num(live.ipm_temperature),
        "temp3": num(live.temperature),
    }
    for n in range(1, max(2, view.device.strings) + 1):
        string = snap.string(n)
        data |= {
            f"ppv{n}": num(string.power),
            f"vpv{n}": num(string.voltage),
            f"ipv{n}": num(string.current),
            f"epv{n}Today": num(snap.day(f"pv{n}")),
            f"epv{n}Total": num(snap.life(f"pv{n}")),
        }
    return data | {
        "epvTotal": num(snap.life("pv")),
        "echarge1Today": num(snap.day("charge")),
        "echarge1Total": num(snap.life("charge")),
        "edischarge1Today": num(snap.day("discharge")),
        "edischarge1Total": num(snap.life("discharge")),
        "edischargeToday": num(snap.day("discharge")),
        "edischargeTotal": num(snap.life("discharge")),
        "etoGridToday": num(snap.day("export")),
        # Growatt's own spelling: lower-case "g" in the total only.
        "etogridTotal": num(snap.life("export")),
        "etoUserToday": num(snap.day("import")),
        "etoUserTotal": num(snap.life("import")),
        "elocalLoadToday": num(snap.day("load")),
        "elocalLoadTotal": num(snap.life("load")),
        "eacToday": num(snap.day("ac")),
        "eacTotal": num(snap.life("ac")),
        "eselfToday": num(snap.day("self")),
        "acChargeEnergyToday": num(snap.day("ac_charge")),
        "acChargeEnergyTotal": num(snap.life("ac_charge")),
    }


def data_info(call: V1Call) -> web.Response:
    """`GET device/mix/mix_data_info?device_sn=`: the SPH bean with its schedules."""
    view = find_device(call, call.param("device_sn"), MIX, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(storage_bean(view, device_type=5))


def last_data(call: V1Call) -> web.Response:
    """`POST device/mix/mix_last_data`, form `mix_sn`: + `mix_sn`, `datalogger_sn`."""
    view = find_device(call, call.param("mix_sn"), MIX, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(
        record(current(view)),
        mix_sn=view.device.sn,
        datalogger_sn=view.device.datalogger_sn,
    )


def history_data(call: V1Call) -> web.Response:
    """`POST device/mix/mix_data`: 5-minute records of up to 7 days."""
    return history_answer(call, "mix_sn", MIX, record)


def read(call: V1Call) -> web.Response:
    """`POST readMixParam`."""
    return read_param(call, MIX)


def write(call: V1Call) -> web.Response:
    """`POST mixSet`, form `mix_sn, type, param1..param18`."""
    return write_params(call, "mix_sn", MIX)


ENDPOINTS: dict[str, Handler] = {
    "device/mix/mix_data_info": data_info,
    "device/mix/mix_last_data": last_data,
    "device/mix/mix_data": history_data,
    "readMixParam": read,
    "mixSet": write,
}
