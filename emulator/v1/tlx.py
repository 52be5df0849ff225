"""v1 MIN (legacy "tlx", v1 type 7) endpoints under `device/tlx/`, `readMinParam`, `tlxSet`.

v1 beans carry numbers where the legacy `tlxSetBean` carries strings:
`time<N>Mode`, `forcedStopSwitch<N>`, `chargePowerCommand` and the SOC limits
are integers, times stay unpadded "H:M" strings. The write names
(`charge_power`, `tlx_on_off`, ...) appear in the bean as empty strings, as in
the documentation's example; the values live under the read names.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..legacy.common import DeviceView, hm, java_date, timezone_number
from ..legacy.idle_tlx import DETAIL, PARAMS
from ..legacy.tlx_settings import system_time
from ..model import Family, TimeSegment
from ..settings import CATALOG
from .common import (
    DeviceCodes,
    Handler,
    V1Call,
    find_device,
    local_stamp,
    num,
    ok,
)
from .history import Snapshot, current, history_answer
from .params import read_param, write_params

TLX = (Family.TLX,)
SEGMENTS = 9
SEASON_OFF = "0_0_0_0_0_0_0"
# tlx_last_data's documented codes; tlx_data_info and tlx_set_info document only
# 10001, so they are assumed to share them.
CODES = DeviceCodes(
    empty=10003,
    missing=10002,
    empty_msg="error_device_sn_error",
    missing_msg="error_min_not_exist",
)
# Stored-only settings whose write name is also their read-back key.
READ_BACK_EXTRAS = ("tlx_lcd_Language", "tlx_exter_comm_Off_GridEn")


def status_text(view: DeviceView) -> str:
    """The i18n key of `tlx_data_info`."""
    if view.lost:
        return "tlx.status.lost"
    return "tlx.status.waiting" if view.sleeping else "tlx.status.operating"


def segment_keys(segments: list[TimeSegment]) -> dict[str, Any]:
    """`time<N>Mode`, `forcedTimeStart/Stop<N>` ("H:M") and `forcedStopSwitch<N>`."""
    keys: dict[str, Any] = {}
    for n in range(1, SEGMENTS + 1):
        segment = segments[n - 1] if n <= len(segments) else TimeSegment()
        keys |= {
            f"time{n}Mode": segment.mode,
            f"forcedTimeStart{n}": hm(segment.start),
            f"forcedTimeStop{n}": hm(segment.end),
            f"forcedStopSwitch{n}": int(segment.enabled),
        }
    return keys


def set_bean(view: DeviceView) -> dict[str, Any]:
    """The MIN settings bean of `tlx_set_info` and `tlxSetbean`, from the canonical settings."""
    device = view.device
    s = device.settings
    bean: dict[str, Any] = dict.fromkeys(CATALOG[Family.TLX], "")
    bean |= {
        "serialNum": device.sn,
        **segment_keys(s.time_segments),
        "acChargeEnable": int(s.ac_charge),
        "chargePowerCommand": s.charge_power,
        "wchargeSOCLowLimit": s.charge_stop_soc,
        "ubAcChargingStopSOC": s.charge_stop_soc,
        "disChargePowerCommand": s.discharge_power,
        "wdisChargeSOCLowLimit": s.discharge_stop_soc,
        "onGridDischargeStopSOC": s.on_grid_discharge_stop_soc,
        "priorityChoose": s.priority,
        "onOff": int(s.on),
        "activeRate": s.active_power_rate,
        "reactiveRate": s.reactive_power_rate,
        "pf": num(s.power_factor, 3),
        "exportLimit": s.export_limit_mode,
        "exportLimitPowerRate": s.export_limit_rate,
        "backFlowSingleCtrl": 0,
        "vacHighLimit": num(s.grid_voltage_high),
        "vacLowLimit": num(s.grid_voltage_low),
        "facHighLimit": num(s.grid_frequency_high, 2),
        "facLowLimit": num(s.grid_frequency_low, 2),
        "uwHVRTEE": round(s.grid_voltage_high),
        "offGridEnable": int(s.off_grid_enable),
        "acDischargeFrequency": s.ac_discharge_frequency,
        "acDischargeVoltage": s.ac_discharge_voltage,
        "vbatStartforCharge": "",
        "tlx_lcd_Language": 1,
        "tlx_exter_comm_Off_GridEn": 0,
        # The rate lives in exportLimitPowerRate; its legacy text stays empty.
        "exportLimitPowerRateStr": "",
        "delayTime": 0,
        "activePowerEnable": 0,
        "backflowDefaultPower": 0,
        **{f"tlx_pflinep{n}_{kind}": "" for n in range(1, 5) for kind in ("lp", "pf")},
        **{
            f"season{q}Time{n}": SEASON_OFF
            for q in range(1, 5)
            for n in range(1, SEGMENTS + 1)
        },
        **{f"season{q}MonthTime": "0_0_0" for q in range(1, 5)},
        "sysTime": system_time(view),
        "lastUpdateTime": java_date(view.last_update),
        "lastUpdateTimeText": local_stamp(view),
    }
    for name in READ_BACK_EXTRAS:
        if name in s.extra:
            bean[name] = "_".join(s.extra[name])
    return bean


def device_bean(view: DeviceView) -> dict[str, Any]:
    """The MIN device bean of `tlx_data_info`."""
    device = view.device
    live = view.live
    return PARAMS | {
        "serialNum": device.sn,
        "alias": device.alias,
        "dataLogSn": device.datalogger_sn,
        "addr": 1,
        "fwVersion": device.firmware,
        "innerVersion": device.inner_version,
        "communicationVersion": "ZAca-0017",
        "modelText": device.model,
        "deviceType": 2 if device.has_battery else 0,
        "dtc": 5300,
        "modbusVersion": 305,
        "pmax": device.nominal_power,
        "vnormal": 360.0,
        "power": num(live.ac_power),
        "pDischarge": num(live.discharge_power),
        "status": 1 if view.status == 1 else 0,
        "statusText": status_text(view),
        "lost": view.lost,
        "timezone": timezone_number(view.plant),
        "tcpServerIp": "127.0.0.1",
        "lastUpdateTime": java_date(view.last_update),
        "lastUpdateTimeText": local_stamp(view),
        "priorityChoose": device.settings.priority,
        "bdc1Sn": device.battery_sn,
        "bdc1Version": " -0",
        "treeID": f"ST_{device.sn}",
        "parentID": f"LIST_{device.datalogger_sn}_22",
        "children": [],
        "optimezerList": [],
        "tlxSetbean": set_bean(view),
    }


def record(snap: Snapshot) -> dict[str, Any]:
    """A MIN realtime record (`tlx_last_data`, and each `tlx_data` entry).

    There is no `epvToday`: clients add up `epv1Today + epv2Today`.
    """
    view = snap.view
    live = snap.live
    battery = view.device.has_battery
    soc = round(live.soc) if battery else 0
    data: dict[str, Any] = DETAIL | {
        "bmsFwVersion": "0",
        "bmsMcuVersion": "0",
        "serialNum": view.device.sn,
        "dataLogSn": view.device.datalogger_sn,
        "time": snap.time_text,
        "status": 1 if not live.sleeping and view.online else 0,
        "statusText": "Normal" if not live.sleeping and view.online else "Waiting",
        "lost": view.lost,
        "pac": num(live.ac_power),
        "ppv": num(live.pv_power),
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
    energies = {
        "eac": "ac",
        "echarge": "charge",
        "edischarge": "discharge",
        "eacCharge": "ac_charge",
        "etoGrid": "export",
        "etoUser": "import",
        "elocalLoad": "load",
        "eself": "self",
        "esystem": "ac",
    }
    for prefix, key in energies.items():
        data[f"{prefix}Today"] = num(snap.day(key))
        data[f"{prefix}Total"] = num(snap.life(key))
    return data | {
        "epvTotal": num(snap.life("pv")),
        "vac1": num(live.ac_voltage),
        "iac1": num(live.ac_current),
        "fac": num(live.ac_frequency, 2),
        "pself": num(snap.self_power),
        "psystem": num(live.ac_power),
        "pacToGridTotal": num(live.export_power),
        "pacToUserTotal": num(live.import_power),
        "pacToLocalLoad": num(live.load_power),
        "bdc1ChargePower": num(live.charge_power) if battery else 0,
        "bdc1DischargePower": num(live.discharge_power) if battery else 0,
        "bdc1Soc": soc,
        "bdc1Vbat": num(live.battery_voltage) if battery else 0,
        "bdc1Ibat": num(live.battery_current) if battery else 0,
        "bmsSoc": soc,
        "bmsVbat": num(live.battery_voltage) if battery else 0,
        "bmsIbat": num(live.battery_current) if battery else 0,
        "bmsSoh": 100 if battery else 0,
        "bmsStatus": 1 if battery and view.online else 0,
        "bdcStatus": 1 if battery and view.online else 0,
        "bdc1Status": 1 if battery and view.online else 0,
        "bdc1Temp1": num(live.battery_temperature) if battery else 0,
        "bdc1Temp2": num(live.battery_temperature) if battery else 0,
        "bdc1ChargeTotal": num(snap.life("charge")) if battery else 0,
        "bdc1DischargeTotal": num(snap.life("discharge")) if battery else 0,
        "bMerterConnectFlag": 1 if view.device.has_meter else 0,
        "uwSysWorkMode": live.mode,
        "operatingMode": live.mode,
        "pac1": num(live.ac_power),
        "vacRs": num(live.ac_voltage),
        "temp1": num(live.temperature),
        "temp2": num(live.ipm_temperature),
        "temp5": num(live.ipm_temperature),
        "warnCode": 0,
        "warnText": "Unknown",
        "errorText": "Unknown",
        "withTime": False,
    }


def data_info(call: V1Call) -> web.Response:
    """`GET device/tlx/tlx_data_info?device_sn=`: bean + `device_sn`, `dataloggerSn`."""
    view = find_device(call, call.param("device_sn"), TLX, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(
        device_bean(view),
        device_sn=view.device.sn,
        dataloggerSn=view.device.datalogger_sn,
    )


def last_data(call: V1Call) -> web.Response:
    """`POST device/tlx/tlx_last_data`, form `tlx_sn`: + `tlx_sn`, `datalogger_sn`."""
    view = find_device(call, call.param("tlx_sn"), TLX, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(
        record(current(view)),
        tlx_sn=view.device.sn,
        datalogger_sn=view.device.datalogger_sn,
        dataloggerSn=view.device.datalogger_sn,
    )


def history_data(call: V1Call) -> web.Response:
    """`POST device/tlx/tlx_data`: 5-minute records of up to 7 days."""
    return history_answer(call, "tlx_sn", TLX, record)


def set_info(call: V1Call) -> web.Response:
    """`GET device/tlx/tlx_set_info?device_sn=`: the flat settings bean."""
    view = find_device(call, call.param("device_sn"), TLX, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(set_bean(view))


def read(call: V1Call) -> web.Response:
    """`POST readMinParam`."""
    return read_param(call, TLX)


def write(call: V1Call) -> web.Response:
    """`POST tlxSet`, form `tlx_sn, type, param1..param19`."""
    return write_params(call, "tlx_sn", TLX)


ENDPOINTS: dict[str, Handler] = {
    "device/tlx/tlx_data_info": data_info,
    "device/tlx/tlx_last_data": last_data,
    "device/tlx/tlx_data": history_data,
    "device/tlx/tlx_set_info": set_info,
    "readMinParam": read,
    "tlxSet": write,
}
