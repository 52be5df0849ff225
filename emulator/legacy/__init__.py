"""The legacy ShinePhone API (`*.do` paths, cookie session) over the emulated world.

Paths hang off the server root; most dispatch on `op` (or `action`) taken from
the query or the form, because the app puts it in either. Modules split by
device family: login, plant, devices, tlx, mix, storage, noah, inverter and
writes.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from . import devices, inverter, login, mix, noah, plant, storage, tlx, writes
from .common import Handler, add_paths, dispatch


def add_routes(app: web.Application) -> None:
    """Mount every legacy path on the application."""
    op_paths: dict[str, Mapping[str, Handler]] = {
        "/newTwoPlantAPI.do": {
            **devices.NEW_TWO_PLANT_OPS,
            **plant.NEW_TWO_PLANT_OPS,
            **writes.NEW_TWO_PLANT_OPS,
        },
        "/newTwoDeviceAPI.do": devices.NEW_TWO_DEVICE_OPS,
        "/newPlantAPI.do": {**plant.NEW_PLANT_OPS, **mix.NEW_PLANT_OPS},
        "/newLoginAPI.do": tlx.NEW_LOGIN_OPS,
        "/newTlxApi.do": tlx.OPS,
        "/newMixApi.do": mix.OPS,
        "/newSpaApi.do": mix.SPA_OPS,
        "/newStorageAPI.do": storage.OPS,
        "/newInverterAPI.do": inverter.OPS,
        "/newTcpsetAPI.do": writes.TCPSET_OPS,
        "/tcpSet.do": writes.TCP_SET_OPS,
    }
    add_paths(app, {path: dispatch(path, ops) for path, ops in op_paths.items()})
    add_paths(app, login.ROUTES)
    add_paths(app, plant.PATHS)
    add_paths(app, inverter.PATHS)
    add_paths(app, noah.PATHS)
    add_paths(app, writes.PATHS)


__all__ = ["add_routes"]
