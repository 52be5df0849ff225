"""v1 classic inverter (v1 type 1) endpoints under `device/inverter/`, `readInverterParam`, `inverterSet`.

Known from a growattServer branch (docs/growatt-api.md, Reads per device
family (v1)): `inv_data_info` (GET `device_sn`), `last_new_data`
(`device_sn`), `data` (history), `readInverterParam` (POST `device_sn,
paramId, startAddr, endAddr`) and `inverterSet` (POST `device_sn, paramId,
command_1, command_2`). Their answers are assumed to follow the MIN
ones: the device bean with top-level `device_sn`/`dataloggerSn`, a realtime
record with top-level `device_sn`/`datalogger_sn`, the history as
`{count, device_sn, datalogger_sn, next_page_start_id, datas}`. The record
keys are the legacy inverter bean's (`pac`, `vacr`, `eacToday`, ...). v1
type 1 includes MAX, so these endpoints serve MAX devices too.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..legacy.common import DeviceView, java_date, timezone_number
from ..model import Family
from .common import DeviceCodes, Handler, V1Call, find_device, local_stamp, num, ok
from .history import Snapshot, current, history_answer
from .params import read_param, write_command

CLASSIC = (Family.INVERTER, Family.MAX)
CODES = DeviceCodes(
    empty=10003,
    missing=10002,
    empty_msg="error_device_sn_error",
    missing_msg="error_inverter_not_exist",
)


def phases(view: DeviceView) -> int:
    """MAX inverters feed three phases, the small classic ones one."""
    return 3 if view.device.family is Family.MAX else 1


def device_bean(view: DeviceView, device_type: int) -> dict[str, Any]:
    """The classic/MAX device bean (`inv_data_info`, `max_data_info`)."""
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
        "nominalPower": device.nominal_power,
        "pmax": device.nominal_power,
        "power": num(view.live.ac_power),
        "status": 1 if view.status == 1 else 0,
        "lost": view.lost,
        "onOff": int(s.on),
        "activeRate": s.active_power_rate,
        "reactiveRate": s.reactive_power_rate,
        "pf": num(s.power_factor, 3),
        "exportLimit": s.export_limit_mode,
        "exportLimitPowerRate": s.export_limit_rate,
        "vacHighLimit": num(s.grid_voltage_high),
        "vacLowLimit": num(s.grid_voltage_low),
        "facHighLimit": num(s.grid_frequency_high, 2),
        "facLowLimit": num(s.grid_frequency_low, 2),
        "timezone": timezone_number(view.plant),
        "tcpServerIp": "127.0.0.1",
        "lastUpdateTime": java_date(view.last_update),
        "lastUpdateTimeText": local_stamp(view),
        "treeID": f"ST_{device.sn}",
        "parentID": f"LIST_{device.datalogger_sn}_22",
        "children": [],
    }


def record(snap: Snapshot) -> dict[str, Any]:
    """A classic/MAX realtime record (`last_new_data`, `max_last_data`, history)."""
    view = snap.view
    live = snap.live
    count = phases(view)
    three = count == 3
    voltage = num(live.ac_voltage)
    current_per_phase = num(live.ac_current / count, 2)
    power_per_phase = num(live.ac_power / count)
    online = view.online and not live.sleeping
    data: dict[str, Any] = {
        "serialNum": view.device.sn,
        "dataLogSn": view.device.datalogger_sn,
        "time": snap.time_text,
        "status": 1 if online else 0,
        "statusText": "Normal" if online else "Waiting",
        "lost": view.lost,
        "pac": num(live.ac_power),
        "ppv": num(live.pv_power),
        "vacr": voltage,
        "vacs": voltage if three else 0,
        "vact": voltage if three else 0,
        "iacr": current_per_phase,
        "iacs": current_per_phase if three else 0,
        "iact": current_per_phase if three else 0,
        "pacr": power_per_phase,
        "pacs": power_per_phase if three else 0,
        "pact": power_per_phase if three else 0,
        "fac": num(live.ac_frequency, 2),
        "eacToday": num(snap.day("ac")),
        "eacTotal": num(snap.life("ac")),
        "epvTotal": num(snap.life("pv")),
        "temperature": num(live.temperature),
        "ipmTemperature": num(live.ipm_temperature),
        "pBusVoltage": num(live.bus_voltage),
        "nBusVoltage": 0,
        "timeTotal": num(
            snap.life("ac") / max(0.001, view.device.nominal_power / 1000)
        ),
        "warnCode": 0,
        "faultType": 0,
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
    return data


def data_info(call: V1Call) -> web.Response:
    """`GET device/inverter/inv_data_info?device_sn=`: bean + `device_sn`, `dataloggerSn`."""
    view = find_device(call, call.param("device_sn"), CLASSIC, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(
        device_bean(view, device_type=1),
        device_sn=view.device.sn,
        dataloggerSn=view.device.datalogger_sn,
    )


def last_data(call: V1Call) -> web.Response:
    """`device/inverter/last_new_data`, `device_sn`: + `device_sn`, `datalogger_sn`."""
    view = find_device(call, call.param("device_sn"), CLASSIC, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(
        record(current(view)),
        device_sn=view.device.sn,
        datalogger_sn=view.device.datalogger_sn,
    )


def history_data(call: V1Call) -> web.Response:
    """`POST device/inverter/data`: 5-minute records of up to 7 days."""
    return history_answer(call, "device_sn", CLASSIC, record)


def read(call: V1Call) -> web.Response:
    """`POST readInverterParam`."""
    return read_param(call, CLASSIC)


def write(call: V1Call) -> web.Response:
    """`POST inverterSet`, form `device_sn, paramId, command_1, command_2`."""
    return write_command(call, CLASSIC)


ENDPOINTS: dict[str, Handler] = {
    "device/inverter/inv_data_info": data_info,
    "device/inverter/last_new_data": last_data,
    "device/inverter/data": history_data,
    "readInverterParam": read,
    "inverterSet": write,
}
