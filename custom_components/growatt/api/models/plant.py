"""Plants: legacy and v1 payloads to a `Plant`.

Legacy: a `plant_list()` entry (unit strings: "0 W", "2.56 MWh"; its
`plantMoneyText` "1.2 " is the lifetime money), `plant_info()` (kWh strings,
`invTodayPpv` in W, `plantMoneyText` "0.1/€" is today's money),
`plant_settings()` (the plant bean) and `plant_energy_data()`. v1: a
`plant_list()` plant (`peak_power` in kW, `current_power` in W),
`plant_details()` and `plant_energy_overview()` (`plant/data`:
`current_power` in kW, as the v1 documentation says).
"""

from __future__ import annotations

from typing import Any

from .coerce import currency_code, split_money, to_float, unwrap
from .common import Fields, Plant, Raw, calendar_day, either, merge_raw


def from_legacy(
    entry: Raw | None = None,
    *,
    info: Raw | None = None,
    settings: Raw | None = None,
    energy: Raw | None = None,
    plant_id: str | int | None = None,
) -> Plant:
    """A plant from the legacy plant list entry, plant info, settings and energy data."""
    item = unwrap(entry)
    info_raw = unwrap(info)
    bean = unwrap(settings)
    energy_raw = unwrap(energy)
    energy_bean = unwrap(energy_raw.get("plantBean"))
    ids = Fields(bean, item, energy_bean)
    money_today, currency_today = split_money(info_raw.get("plantMoneyText"))
    total_money, _ = split_money(item.get("plantMoneyText"))
    i = Fields(info_raw)
    e = Fields(energy_raw)
    listed = Fields(item)
    return Plant(
        plant_id=ids.text("id", "plantId") or _id(plant_id),
        name=ids.text("plantName"),
        timezone=either(
            Fields(bean).text("timezoneText"),
            gmt(
                either(
                    Fields(bean).num("timezone"), Fields(energy_bean).num("timezone")
                )
            ),
        ),
        country=Fields(bean).text("country"),
        city=Fields(bean).text("city"),
        nominal_power=either(
            i.num("nominalPower", "nominal_Power", unit="W"),
            Fields(bean, energy_bean).num("nominalPower", unit="W"),
            e.num("nominalPowerValue", unit="W"),
        ),
        current_power=either(
            i.num("invTodayPpv", unit="W"),
            listed.num("currentPower", unit="W"),
            e.num("powerValue", unit="W", assumed="kW"),
        ),
        energy_today=either(
            i.num("todayEnergy", unit="kWh"),
            e.num("todayValue", unit="kWh"),
            listed.num("todayEnergy", unit="kWh"),
        ),
        energy_total=either(
            i.num("totalEnergy", unit="kWh"),
            e.num("totalValue", unit="kWh"),
            listed.num("totalEnergy", unit="kWh"),
        ),
        money_today=money_today,
        money_total=either(i.num("totalMoneyText"), total_money),
        currency=either(
            currency_code(Fields(bean).text("formulaMoneyUnitId")),
            currency_today,
            currency_code(Fields(bean).text("moneyUnitText")),
        ),
        created=calendar_day(
            Fields(bean, energy_bean, item).text("createDateText", "plantDate")
        ),
        raw=merge_raw(bean, info_raw, item, energy_raw),
    )


def from_v1(
    entry: Raw | None = None,
    *,
    details: Raw | None = None,
    data: Raw | None = None,
    plant_id: str | int | None = None,
) -> Plant:
    """A plant from a v1 `plant/list` plant, `plant/details` and `plant/data`."""
    item = unwrap(entry)
    details_raw = unwrap(details, "data")
    data_raw = unwrap(data, "data")
    ids = Fields(details_raw, item)
    d = Fields(data_raw)
    return Plant(
        plant_id=ids.text("plant_id", "id") or _id(plant_id),
        name=ids.text("name", "plant_name"),
        timezone=either(ids.text("timezone"), d.text("timezone")),
        country=ids.text("country"),
        city=ids.text("city"),
        nominal_power=ids.num("peak_power", unit="W", assumed="kW"),
        current_power=either(
            d.num("current_power", unit="W", assumed="kW"),
            Fields(item).num("current_power", unit="W"),
        ),
        energy_today=d.num("today_energy", unit="kWh"),
        energy_total=either(
            d.num("total_energy", unit="kWh"), ids.num("total_energy", unit="kWh")
        ),
        currency=currency_code(ids.text("currency")),
        created=calendar_day(ids.text("create_date")),
        raw=merge_raw(details_raw, data_raw, item),
    )


def gmt(hours: Any) -> str | None:
    """Growatt's "GMT+1" text from an offset in hours (1, -5, 5.5)."""
    number = to_float(hours)
    if number is None:
        return None
    sign = "+" if number >= 0 else "-"
    text = f"{abs(number):g}"
    return f"GMT{sign}{text}"


def _id(value: str | int | None) -> str:
    """A plant id given by the caller, as text."""
    return "" if value is None else str(value)


__all__ = ["from_legacy", "from_v1", "gmt"]
