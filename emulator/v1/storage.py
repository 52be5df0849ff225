"""v1 storage (SPF off-grid, v1 type 2) endpoints under `device/storage/`, `readStorageParam`, `storageSet`.

The documentation names the storage family only in passing. These endpoints
are assumed to follow the MIN pattern: `storage_data_info` (GET `device_sn`,
top-level `device_sn` and `dataloggerSn`) with the SPF settings,
`storage_last_data` (POST `storage_sn`, top-level `storage_sn` and
`datalogger_sn`) with the keys of the legacy `storageDetailBean` typed as v1
numbers, `storage_data` (history, `storage_sn`), `readStorageParam` and
`storageSet` (`storage_sn, type, param1..N`).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..legacy.common import DeviceView, java_date
from ..model import Family
from .common import DeviceCodes, Handler, V1Call, find_device, local_stamp, num, ok
from .history import Snapshot, current, history_answer
from .params import read_param, write_params

STORAGE = (Family.STORAGE,)
CODES = DeviceCodes(
    empty=10003,
    missing=10002,
    empty_msg="error_device_sn_error",
    missing_msg="error_storage_not_exist",
)


def device_bean(view: DeviceView) -> dict[str, Any]:
    """The SPF device bean with its settings."""
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
        "deviceType": 2,
        "ratedPower": device.nominal_power,
        "status": 1 if view.status == 1 else 0,
        "lost": view.lost,
        "onOff": int(s.on),
        "outputConfig": s.priority,
        "chargeConfig": s.priority,
        "acChargeEnable": int(s.ac_charge),
        "chargePowerCommand": s.charge_power,
        "wchargeSOCLowLimit": s.charge_stop_soc,
        "wdisChargeSOCLowLimit": s.discharge_stop_soc,
        "lastUpdateTime": java_date(view.last_update),
        "lastUpdateTimeText": local_stamp(view),
    }


def record(snap: Snapshot) -> dict[str, Any]:
    """An SPF realtime record (`storage_last_data`, and each `storage_data` entry)."""
    view = snap.view
    live = snap.live
    soc = round(live.soc)
    output_current = live.load_power / live.ac_voltage if live.ac_voltage else 0.0
    return {
        "serialNum": view.device.sn,
        "dataLogSn": view.device.datalogger_sn,
        "time": snap.time_text,
        "status": 1 if view.online and not live.sleeping else 0,
        "lost": view.lost,
        "capacity": soc,
        "bmsSoc": soc,
        "vBat": num(live.battery_voltage),
        "ppv": num(snap.string(1).power),
        "ppv2": num(snap.string(2).power),
        "vpv": num(snap.string(1).voltage),
        "vpv2": num(snap.string(2).voltage),
        "iChargePV1": num(snap.string(1).current),
        "iChargePV2": num(snap.string(2).current),
        "pCharge": num(live.charge_power),
        "pDischarge": num(live.discharge_power),
        "pAcInPut": num(live.import_power),
        "pAcCharge": num(live.ac_charge_power),
        "outPutPower": num(live.load_power),
        "outPutVolt": num(live.ac_voltage),
        "outPutCurrent": num(output_current, 2),
        "loadPercent": num(live.load_power / max(1, view.device.nominal_power) * 100),
        "vGrid": num(live.ac_voltage),
        "freqGrid": num(live.ac_frequency, 2),
        "freqOutPut": num(live.ac_frequency, 2),
        "eChargeToday": num(snap.day("charge")),
        "eChargeTotal": num(snap.life("charge")),
        "eBatDisChargeToday": num(snap.day("discharge")),
        "eBatDisChargeTotal": num(snap.life("discharge")),
        "eacChargeToday": num(snap.day("ac_charge")),
        "eacChargeTotal": num(snap.life("ac_charge")),
        "eopDischrToday": num(snap.day("load")),
        "eopDischrTotal": num(snap.life("load")),
        "epvToday": num(snap.day("pv")),
        "epvTotal": num(snap.life("pv")),
        "eToUserToday": num(snap.day("import")),
        "eToUserTotal": num(snap.life("import")),
        "outputConfig": view.device.settings.priority,
    }


def data_info(call: V1Call) -> web.Response:
    """`GET device/storage/storage_data_info?device_sn=`."""
    view = find_device(call, call.param("device_sn"), STORAGE, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(
        device_bean(view),
        device_sn=view.device.sn,
        dataloggerSn=view.device.datalogger_sn,
    )


def last_data(call: V1Call) -> web.Response:
    """`POST device/storage/storage_last_data`, form `storage_sn`."""
    view = find_device(call, call.param("storage_sn"), STORAGE, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(
        record(current(view)),
        storage_sn=view.device.sn,
        datalogger_sn=view.device.datalogger_sn,
    )


def history_data(call: V1Call) -> web.Response:
    """`POST device/storage/storage_data`: 5-minute records of up to 7 days."""
    return history_answer(call, "storage_sn", STORAGE, record)


def read(call: V1Call) -> web.Response:
    """`POST readStorageParam`."""
    return read_param(call, STORAGE)


def write(call: V1Call) -> web.Response:
    """`POST storageSet`, form `storage_sn, type, param1..N`."""
    return write_params(call, "storage_sn", STORAGE)


ENDPOINTS: dict[str, Handler] = {
    "device/storage/storage_data_info": data_info,
    "device/storage/storage_last_data": last_data,
    "device/storage/storage_data": history_data,
    "readStorageParam": read,
    "storageSet": write,
}
