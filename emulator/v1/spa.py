"""v1 SPA (AC-coupled storage, v1 type 6) endpoints under `device/spa/`, `readSpaParam`, `spaSet`.

The documentation names the SPA family only in passing. These endpoints are
assumed to mirror the SPH ones: `spa_data_info` (GET `device_sn`) is the SPH
bean with the charge and discharge schedules, `spa_last_data` (POST `spa_sn`)
the SPH realtime record with top-level `spa_sn` and `datalogger_sn`,
`spa_data` the history (`spa_sn`, 7 days at most), `readSpaParam` reads like
`readMixParam` and `spaSet` writes `spa_sn, type, param1..N` with the SPA
SPA setting types (`spa_ac_charge_time_period`, ...; docs/growatt-api.md, SPA).
"""

from __future__ import annotations

from aiohttp import web

from ..model import Family
from .common import DeviceCodes, Handler, V1Call, find_device, ok
from .history import current, history_answer
from .mix import record, storage_bean
from .params import read_param, write_params

SPA = (Family.SPA,)
CODES = DeviceCodes(
    empty=10003,
    missing=10002,
    empty_msg="error_device_sn_error",
    missing_msg="error_spa_not_exist",
)


def data_info(call: V1Call) -> web.Response:
    """`GET device/spa/spa_data_info?device_sn=`: the SPA bean with its schedules."""
    view = find_device(call, call.param("device_sn"), SPA, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(storage_bean(view, device_type=6))


def last_data(call: V1Call) -> web.Response:
    """`POST device/spa/spa_last_data`, form `spa_sn`: + `spa_sn`, `datalogger_sn`."""
    view = find_device(call, call.param("spa_sn"), SPA, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(
        record(current(view)),
        spa_sn=view.device.sn,
        datalogger_sn=view.device.datalogger_sn,
    )


def history_data(call: V1Call) -> web.Response:
    """`POST device/spa/spa_data`: 5-minute records of up to 7 days."""
    return history_answer(call, "spa_sn", SPA, record)


def read(call: V1Call) -> web.Response:
    """`POST readSpaParam`."""
    return read_param(call, SPA)


def write(call: V1Call) -> web.Response:
    """`POST spaSet`, form `spa_sn, type, param1..N`."""
    return write_params(call, "spa_sn", SPA)


ENDPOINTS: dict[str, Handler] = {
    "device/spa/spa_data_info": data_info,
    "device/spa/spa_last_data": last_data,
    "device/spa/spa_data": history_data,
    "readSpaParam": read,
    "spaSet": write,
}
