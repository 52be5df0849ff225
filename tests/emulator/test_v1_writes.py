"""OpenAPI v1 setting writes (`*Set`) and reads (`read*Param`), and their read-back."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.model import Account, Device
from emulator.settings import apply_setting
from emulator.world import EmulatorConfig
from tests.conftest import Emulator
from tests.emulator.conftest import V1Http


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """No rate limits: these tests repeat identical requests on a frozen clock."""
    return EmulatorConfig(v1_rate_scale=0)


def _device(emulator: Emulator, sn: str) -> Device:
    device = emulator.world.accounts[0].device(sn)
    assert device is not None
    return device


def tlx_form(setting: str, *values: str, sn: str = "TLX0000001") -> dict[str, str]:
    """tlxSet's form as the library sends it: all 19 params, unused ones empty."""
    form = {"tlx_sn": sn, "type": setting}
    return form | {
        f"param{n}": values[n - 1] if n <= len(values) else "" for n in range(1, 20)
    }


def mix_form(setting: str, *values: str, sn: str = "MIX0000001") -> dict[str, str]:
    """mixSet's form: all 18 params."""
    form = {"mix_sn": sn, "type": setting}
    return form | {
        f"param{n}": values[n - 1] if n <= len(values) else "" for n in range(1, 19)
    }


async def read(v1_http: V1Http, path: str, sn: str, param_id: str) -> Any:
    """A read*Param value."""
    return await v1_http.data(
        "POST",
        path,
        data={"device_sn": sn, "paramId": param_id, "startAddr": "0", "endAddr": "0"},
    )


@pytest.mark.parametrize(
    ("setting", "value", "bean_key"),
    [
        ("charge_power", 70, "chargePowerCommand"),
        ("charge_stop_soc", 90, "wchargeSOCLowLimit"),
        ("discharge_power", 60, "disChargePowerCommand"),
        ("discharge_stop_soc", 20, "wdisChargeSOCLowLimit"),
        ("on_grid_discharge_stop_soc", 15, "onGridDischargeStopSOC"),
        ("ac_charge", 1, "acChargeEnable"),
        ("pv_active_p_rate", 80, "activeRate"),
    ],
)
async def test_tlx_write_reads_back_everywhere(
    v1_http: V1Http, setting: str, value: int, bean_key: str
) -> None:
    before = await v1_http.data(
        "GET", "device/tlx/tlx_set_info", params={"device_sn": "TLX0000001"}
    )
    assert before[bean_key] != value
    assert (
        await v1_http.data("POST", "tlxSet", data=tlx_form(setting, str(value))) == ""
    )
    settings = await v1_http.data(
        "GET", "device/tlx/tlx_set_info", params={"device_sn": "TLX0000001"}
    )
    assert settings[bean_key] == value
    # The write name stays an empty string, as in Growatt's bean.
    assert settings[setting] == ""
    detail = await v1_http.data(
        "GET", "device/tlx/tlx_data_info", params={"device_sn": "TLX0000001"}
    )
    assert detail["tlxSetbean"][bean_key] == value
    assert await read(v1_http, "readMinParam", "TLX0000001", setting) == str(value)


async def test_tlx_time_segment_reads_back(emulator: Emulator, v1_http: V1Http) -> None:
    """The library sends unpadded hours and minutes; Growatt shows unpadded "H:M"."""
    assert (
        await v1_http.data(
            "POST",
            "tlxSet",
            data=tlx_form("time_segment2", "1", "6", "5", "8", "30", "1"),
        )
        == ""
    )
    settings = await v1_http.data(
        "GET", "device/tlx/tlx_set_info", params={"device_sn": "TLX0000001"}
    )
    assert settings["time2Mode"] == 1
    assert settings["forcedTimeStart2"] == "6:5"
    assert settings["forcedTimeStop2"] == "8:30"
    assert settings["forcedStopSwitch2"] == 1
    assert settings["forcedTimeStart1"] == "0:0"
    assert isinstance(settings["time1Mode"], int)
    assert (
        await read(v1_http, "readMinParam", "TLX0000001", "time_segment2")
        == "1_6:5_8:30_1"
    )
    segment = _device(emulator, "TLX0000001").settings.time_segments[1]
    assert (segment.mode, segment.start.hour, segment.end.minute, segment.enabled) == (
        1,
        6,
        30,
        True,
    )


async def test_tlx_on_off_and_register(v1_http: V1Http) -> None:
    assert (
        await v1_http.data("POST", "tlxSet", data=tlx_form("tlx_on_off", "0000")) == ""
    )
    settings = await v1_http.data(
        "GET", "device/tlx/tlx_set_info", params={"device_sn": "TLX0000001"}
    )
    assert settings["onOff"] == 0
    assert await read(v1_http, "readMinParam", "TLX0000001", "tlx_on_off") == "0"
    assert (
        await v1_http.data("POST", "tlxSet", data=tlx_form("set_any_reg", "3047", "12"))
        == ""
    )
    register = await v1_http.data(
        "POST",
        "readMinParam",
        data={
            "device_sn": "TLX0000001",
            "paramId": "set_any_reg",
            "startAddr": "3047",
            "endAddr": "3047",
        },
    )
    assert register == "12"
    other = await v1_http.data(
        "POST",
        "readMinParam",
        data={
            "device_sn": "TLX0000001",
            "paramId": "set_any_reg",
            "startAddr": "10",
            "endAddr": "11",
        },
    )
    assert other == "0"


async def test_write_through_the_other_api_shows_in_v1(
    emulator: Emulator, v1_http: V1Http
) -> None:
    """The settings views always show the canonical settings, whoever wrote them."""
    assert (
        apply_setting(_device(emulator, "TLX0000001"), "charge_power", ["42"]) is None
    )
    assert await read(v1_http, "readMinParam", "TLX0000001", "charge_power") == "42"
    settings = await v1_http.data(
        "GET", "device/tlx/tlx_set_info", params={"device_sn": "TLX0000001"}
    )
    assert settings["chargePowerCommand"] == 42


@pytest.mark.parametrize(
    ("form", "code"),
    [
        (tlx_form("charge_power", "101"), 10008),
        (tlx_form("charge_power", "-1"), 10008),
        (tlx_form("charge_power", "lots"), 10008),
        (tlx_form("ac_charge", "2"), 10008),
        (tlx_form("charge_power"), 10007),
        (tlx_form("time_segment1", "1", "6", "0"), 10007),
        (tlx_form("no_such_setting", "1"), 10006),
        (tlx_form("", "1"), 10006),
        (tlx_form("time_segment1", "1", "25", "0", "26", "0", "1"), 10009),
        (tlx_form("time_segment1", "1", "6", "0", "7", "61", "1"), 10009),
        (tlx_form("time_segment1", "3", "6", "0", "7", "0", "1"), 10008),
        (tlx_form("pf_sys_year", "yesterday"), 10009),
        (tlx_form("time_segment1", "1", "8", "0", "6", "0", "1"), 10013),
        (tlx_form("charge_power", "50", sn=""), 10004),
        (tlx_form("charge_power", "50", sn="NOPE"), 10012),
        (tlx_form("charge_power", "50", sn="MIX0000001"), 10012),
    ],
)
async def test_tlx_write_errors(
    emulator: Emulator, v1_http: V1Http, form: dict[str, str], code: int
) -> None:
    before = _device(emulator, "TLX0000001").settings
    body = await v1_http.body("POST", "tlxSet", data=form)
    assert (body["error_code"], body["data"]) == (code, "")
    assert body["error_msg"]
    assert _device(emulator, "TLX0000001").settings == before


async def test_write_to_another_accounts_device(
    v1_http: V1Http, second_account: Account
) -> None:
    body = await v1_http.body(
        "POST", "tlxSet", data=tlx_form("charge_power", "50", sn="TLX9999999")
    )
    assert body["error_code"] == 10011
    device = second_account.device("TLX9999999")
    assert device is not None
    assert device.settings.charge_power == 100


async def test_write_to_offline_device(emulator: Emulator, v1_http: V1Http) -> None:
    _device(emulator, "TLX0000001").online = False
    body = await v1_http.body("POST", "tlxSet", data=tlx_form("charge_power", "50"))
    assert body["error_code"] == 10003
    mix = _device(emulator, "MIX0000001")
    mix.online = False
    body = await v1_http.body("POST", "mixSet", data=mix_form("pv_on_off", "0"))
    assert body["error_code"] == 10003
    assert mix.settings.on is True


async def test_mix_charge_periods_read_back(
    emulator: Emulator, v1_http: V1Http
) -> None:
    values = [
        "80",
        "95",
        "1",
        "1",
        "0",
        "5",
        "0",
        "1",
        "13",
        "30",
        "14",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]
    assert (
        await v1_http.data(
            "POST", "mixSet", data=mix_form("mix_ac_charge_time_period", *values)
        )
        == ""
    )
    info = await v1_http.data(
        "GET", "device/mix/mix_data_info", params={"device_sn": "MIX0000001"}
    )
    assert info["chargePowerCommand"] == 80
    assert info["wchargeSOCLowLimit"] == 95
    assert info["acChargeEnable"] == 1
    assert (
        info["forcedChargeTimeStart1"],
        info["forcedChargeTimeStop1"],
        info["forcedChargeStopSwitch1"],
    ) == ("1:0", "5:0", 1)
    assert (
        info["forcedChargeTimeStart2"],
        info["forcedChargeTimeStop2"],
        info["forcedChargeStopSwitch2"],
    ) == ("13:30", "14:0", 0)
    assert await read(
        v1_http, "readMixParam", "MIX0000001", "mix_ac_charge_time_period"
    ) == "_".join(values)
    assert _device(emulator, "MIX0000001").settings.charge_periods[0].enabled is True


async def test_mix_discharge_periods_read_back(v1_http: V1Http) -> None:
    values = [
        "90",
        "20",
        "17",
        "0",
        "21",
        "0",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]
    assert (
        await v1_http.data(
            "POST", "mixSet", data=mix_form("mix_ac_discharge_time_period", *values)
        )
        == ""
    )
    info = await v1_http.data(
        "GET", "device/mix/mix_data_info", params={"device_sn": "MIX0000001"}
    )
    assert info["disChargePowerCommand"] == 90
    assert info["wdisChargeSOCLowLimit"] == 20
    assert (
        info["forcedDischargeTimeStart1"],
        info["forcedDischargeTimeStop1"],
        info["forcedDischargeStopSwitch1"],
    ) == ("17:0", "21:0", 1)


async def test_mix_on_off_and_errors(v1_http: V1Http) -> None:
    assert await read(v1_http, "readMixParam", "MIX0000001", "pv_on_off") == "1"
    assert (
        await v1_http.data("POST", "mixSet", data=mix_form("pv_on_off", "0000")) == ""
    )
    assert await read(v1_http, "readMixParam", "MIX0000001", "pv_on_off") == "0"
    info = await v1_http.data(
        "GET", "device/mix/mix_data_info", params={"device_sn": "MIX0000001"}
    )
    assert info["onOff"] == 0
    periods = ["80", "95", "1", "8", "0", "6", "0", "1"] + ["0"] * 10
    cases = [
        (mix_form("mix_ac_charge_time_period", *periods), 10013),
        (mix_form("mix_load_flast_value_multi", "101"), 10008),
        (mix_form("tlx_on_off", "1"), 10006),
        (mix_form("pv_on_off", "1", sn=""), 10004),
        (mix_form("pv_on_off", "1", sn="TLX0000001"), 10012),
    ]
    for form, code in cases:
        assert (await v1_http.body("POST", "mixSet", data=form))[
            "error_code"
        ] == code, form


async def test_inverter_set_reads_back(emulator: Emulator, v1_http: V1Http) -> None:
    form = {
        "device_sn": "INV0000001",
        "paramId": "pv_active_p_rate",
        "command_1": "55",
        "command_2": "",
    }
    assert await v1_http.data("POST", "inverterSet", data=form) == ""
    assert (
        await read(v1_http, "readInverterParam", "INV0000001", "pv_active_p_rate")
        == "55"
    )
    info = await v1_http.data(
        "GET", "device/inverter/inv_data_info", params={"device_sn": "INV0000001"}
    )
    assert info["activeRate"] == 55
    form = {
        "device_sn": "INV0000001",
        "paramId": "pv_on_off",
        "command_1": "0000",
        "command_2": "",
    }
    assert await v1_http.data("POST", "inverterSet", data=form) == ""
    assert _device(emulator, "INV0000001").settings.on is False
    bad = {
        "device_sn": "INV0000001",
        "paramId": "pv_power_factor",
        "command_1": "0.5",
        "command_2": "",
    }
    assert (await v1_http.body("POST", "inverterSet", data=bad))["error_code"] == 10008
    over = {
        "device_sn": "INV0000001",
        "paramId": "pv_reactive_p_rate",
        "command_1": "50",
        "command_2": "sideways",
    }
    assert (await v1_http.body("POST", "inverterSet", data=over))["error_code"] == 10008


@pytest.mark.parametrize(
    ("path", "sn_key", "sn", "setting", "value", "read_path", "info_path", "info_key"),
    [
        (
            "storageSet",
            "storage_sn",
            "SPF0000001",
            "charge_stop_soc",
            "80",
            "readStorageParam",
            "device/storage/storage_data_info",
            "wchargeSOCLowLimit",
        ),
        (
            "maxSet",
            "max_sn",
            "MAX0000001",
            "pv_active_p_rate",
            "40",
            "readMaxParam",
            "device/max/max_data_info",
            "activeRate",
        ),
        (
            "spaSet",
            "spa_sn",
            "SPA0000001",
            "spa_load_flast_value_multi",
            "30",
            "readSpaParam",
            "device/spa/spa_data_info",
            "loadFirstStopSocSet",
        ),
    ],
)
async def test_other_families_write_and_read(
    v1_http: V1Http,
    path: str,
    sn_key: str,
    sn: str,
    setting: str,
    value: str,
    read_path: str,
    info_path: str,
    info_key: str,
) -> None:
    form = {sn_key: sn, "type": setting, "param1": value} | {
        f"param{n}": "" for n in range(2, 19)
    }
    assert await v1_http.data("POST", path, data=form) == ""
    assert await read(v1_http, read_path, sn, setting) == value
    info = await v1_http.data("GET", info_path, params={"device_sn": sn})
    assert info[info_key] == int(value)
    over = form | {"param1": "101"}
    assert (await v1_http.body("POST", path, data=over))["error_code"] == 10008


async def test_spa_charge_periods(v1_http: V1Http) -> None:
    values = ["50", "90", "2", "0", "4", "0", "1"] + ["0"] * 10
    form = {"spa_sn": "SPA0000001", "type": "spa_ac_charge_time_period"} | {
        f"param{n}": v for n, v in enumerate(values, 1)
    }
    assert await v1_http.data("POST", "spaSet", data=form) == ""
    info = await v1_http.data(
        "GET", "device/spa/spa_data_info", params={"device_sn": "SPA0000001"}
    )
    assert (info["chargePowerCommand"], info["wchargeSOCLowLimit"]) == (50, 90)
    assert (
        info["forcedChargeTimeStart1"],
        info["forcedChargeTimeStop1"],
        info["forcedChargeStopSwitch1"],
    ) == ("2:0", "4:0", 1)


async def test_read_param_errors(
    emulator: Emulator, v1_http: V1Http, second_account: Account
) -> None:
    def form(sn: str, param_id: str = "charge_power") -> dict[str, str]:
        return {"device_sn": sn, "paramId": param_id, "startAddr": "0", "endAddr": "0"}

    assert (
        await v1_http.body("POST", "readMinParam", data=form("TLX0000001", "nonsense"))
    )["error_code"] == 10009
    assert (await v1_http.body("POST", "readMinParam", data=form("NOPE")))[
        "error_code"
    ] == 10002
    assert (await v1_http.body("POST", "readMinParam", data=form("")))[
        "error_code"
    ] == 10002
    assert (await v1_http.body("POST", "readMinParam", data=form("MIX0000001")))[
        "error_code"
    ] == 10002
    assert (await v1_http.body("POST", "readMinParam", data=form("TLX9999999")))[
        "error_code"
    ] == 10011
    assert (
        await v1_http.body(
            "POST", "readMixParam", data=form("MIX0000001", "set_any_reg")
        )
    )["error_code"] == 10009
    _device(emulator, "TLX0000001").online = False
    assert (await v1_http.body("POST", "readMinParam", data=form("TLX0000001")))[
        "error_code"
    ] == 10003


async def test_stored_only_setting_reads_back(v1_http: V1Http) -> None:
    """Settings the emulator only stores read back as written, in the bean and by readMinParam."""
    assert (
        await v1_http.data("POST", "tlxSet", data=tlx_form("tlx_lcd_Language", "3"))
        == ""
    )
    settings = await v1_http.data(
        "GET", "device/tlx/tlx_set_info", params={"device_sn": "TLX0000001"}
    )
    assert settings["tlx_lcd_Language"] == "3"
    assert await read(v1_http, "readMinParam", "TLX0000001", "tlx_lcd_Language") == "3"
    assert await read(v1_http, "readMinParam", "TLX0000001", "tlx_cc_current") == "0"


async def test_spa_charge_periods_read_without_grid_flag(v1_http: V1Http) -> None:
    """SPA's charge schedule has no AC-charge flag (docs/growatt-api.md, SPA)."""
    value = await read(
        v1_http, "readSpaParam", "SPA0000001", "spa_ac_charge_time_period"
    )
    assert value == "_".join(["100", "100"] + ["0"] * 15)
