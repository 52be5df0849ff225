"""v1 MAX (v1 type 4) endpoints under `device/max/`, `readMaxParam`, `maxSet`.

The documentation names the MAX family only in passing. These endpoints are
assumed to follow the MIN pattern with the classic inverter's bean and
record: `max_data_info` (GET `device_sn`, top-level `device_sn` and
`dataloggerSn`), `max_last_data` (POST `max_sn`, top-level `max_sn` and
`datalogger_sn`), `max_data` (history, `max_sn`), `readMaxParam` and `maxSet`
(`max_sn, type, param1..N`, the MAX setting types: `pv_on_off`,
`pv_active_p_rate`, `backflow_setting`, ...).
"""

from __future__ import annotations

from aiohttp import web

from ..model import Family
from .common import DeviceCodes, Handler, V1Call, find_device, ok
from .history import current, history_answer
from .inverter import device_bean, record
from .params import read_param, write_params

MAX = (Family.MAX,)
CODES = DeviceCodes(
    empty=10003,
    missing=10002,
    empty_msg="error_device_sn_error",
    missing_msg="error_max_not_exist",
)


def data_info(call: V1Call) -> web.Response:
    """`GET device/max/max_data_info?device_sn=`: bean + `device_sn`, `dataloggerSn`."""
    view = find_device(call, call.param("device_sn"), MAX, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(
        device_bean(view, device_type=4),
        device_sn=view.device.sn,
        dataloggerSn=view.device.datalogger_sn,
    )


def last_data(call: V1Call) -> web.Response:
    """`POST device/max/max_last_data`, form `max_sn`: + `max_sn`, `datalogger_sn`."""
    view = find_device(call, call.param("max_sn"), MAX, CODES)
    if isinstance(view, web.Response):
        return view
    return ok(
        record(current(view)),
        max_sn=view.device.sn,
        datalogger_sn=view.device.datalogger_sn,
    )


def history_data(call: V1Call) -> web.Response:
    """`POST device/max/max_data`: 5-minute records of up to 7 days."""
    return history_answer(call, "max_sn", MAX, record)


def read(call: V1Call) -> web.Response:
    """`POST readMaxParam`."""
    return read_param(call, MAX)


def write(call: V1Call) -> web.Response:
    """`POST maxSet`, form `max_sn, type, param1..N`."""
    return write_params(call, "max_sn", MAX)


ENDPOINTS: dict[str, Handler] = {
    "device/max/max_data_info": data_info,
    "device/max/max_last_data": last_data,
    "device/max/max_data": history_data,
    "readMaxParam": read,
    "maxSet": write,
}
