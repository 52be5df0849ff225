"""Plant views: the plant list, details, settings bean and energy figures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from aiohttp import web

from ..http import legacy_account, world_of
from ..model import Account, Plant
from ..world import World
from .common import (
    FORMULA_CO2,
    FORMULA_COAL,
    FORMULA_TREE,
    NO_PERMISSION,
    Params,
    back,
    back_failure,
    bare_failure,
    co2_text,
    compact,
    created_at,
    currency_symbol,
    energy_text,
    find_plant,
    fixed,
    growatt_json,
    java_date,
    kw,
    plant_views,
    power_text,
    simple,
    timezone_number,
    timezone_text,
)
from .energy import (
    PlantTotals,
    curve_sum_labels,
    month_days,
    period_energy,
    year_months,
    year_span,
)
from .idle import PLANT_BEAN, PLANT_BEAN_NULLS, PLANT_LIST_TWO_NULLS

YEARS_SHOWN = 6


def totals_of(world: World, account: Account, plant: Plant) -> PlantTotals:
    """The headline figures of a plant."""
    return PlantTotals(plant, plant_views(world, account, plant), world.now())


def money_text(value: float) -> str:
    """plant_list money: one decimal and Growatt's trailing space ("1.2 ")."""
    return f"{fixed(value)} "


def storage_fields(totals: PlantTotals, *, plant_level: bool) -> dict[str, str]:
    """The storage keys plant_list adds for plants with batteries."""
    storage = totals.storage
    fields = {
        "storageCapacity": f"{round(sum(v.live.soc for v in storage) / len(storage))}%",
        "storagePCharge": power_text(sum(v.live.charge_power for v in storage)),
        "storagePDisCharge": power_text(sum(v.live.discharge_power for v in storage)),
    }
    if plant_level:
        fields["storagePacToUser"] = power_text(
            sum(v.live.import_power for v in storage)
        )
    else:
        charging = any(v.live.charge_power > 0 for v in storage)
        fields["storageStatus"] = "1" if charging else "2"
    return fields


async def plant_list(request: web.Request, params: Params) -> web.Response:
    """`GET PlantListAPI.do?userId=`: Family A, unit-suffixed strings, plantId a string."""
    account = legacy_account(request)
    user_id = params.get("userId", "")
    if user_id and user_id != str(account.user_id):
        return back_failure(NO_PERMISSION)
    world = world_of(request)
    data = []
    all_totals = []
    for plant in account.plants:
        totals = totals_of(world, account, plant)
        all_totals.append(totals)
        entry = {
            "plantId": str(plant.plant_id),
            "plantName": plant.name,
            "currentPower": power_text(totals.power),
            "todayEnergy": energy_text(totals.today_energy),
            "totalEnergy": energy_text(totals.total_energy),
            "plantMoneyText": money_text(totals.total_money),
            "isHaveStorage": "true" if totals.storage else "false",
        }
        if totals.storage:
            entry |= storage_fields(totals, plant_level=False)
        data.append(entry)
    total_data: dict[str, str] = {}
    if all_totals:
        total_data = {
            "CO2Sum": co2_text(sum(t.co2 for t in all_totals)),
            "currentPowerSum": power_text(sum(t.power for t in all_totals)),
            "todayEnergySum": energy_text(sum(t.today_energy for t in all_totals)),
            "totalEnergySum": energy_text(sum(t.total_energy for t in all_totals)),
            "eTotalMoneyText": money_text(sum(t.total_money for t in all_totals)),
            "isHaveStorage": "true" if any(t.storage for t in all_totals) else "false",
        }
        with_storage = [t for t in all_totals if t.storage]
        if with_storage:
            merged = PlantTotals(
                with_storage[0].plant,
                [v for t in with_storage for v in t.views],
                world.now(),
            )
            total_data |= storage_fields(merged, plant_level=True)
    return back({"success": True, "data": data, "totalData": total_data})


def parse_day(text: str, today: date) -> date:
    """A request date: "YYYY-MM-DD", "YYYY-MM" or "YYYY" (the app sends all three).

    The library sends the real UTC date, which may lie ahead of the simulated
    clock; a date after the plant's `today` (or none) means today.
    """
    for pattern in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            parsed = datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        return min(parsed, today)
    return today


def history(totals: PlantTotals, kind: int, day: date) -> dict[str, float]:
    """Chart values by kind: 0 power (W) by "HH:MM", 1 days of month, 2 months of year, 3/4 years."""
    views = totals.views
    if kind == 0:
        return curve_sum_labels(views, day)
    if kind == 1:
        return month_days(views, day)
    if kind == 2:
        return year_months(views, day)
    first = totals.local_today.year - YEARS_SHOWN + 1
    return {
        str(year): period_energy(views, *year_span(date(year, 1, 1)))
        for year in range(first, totals.local_today.year + 1)
    }


async def plant_detail(request: web.Request, params: Params) -> web.Response:
    """`GET PlantDetailAPI.do?plantId&type&date`: energy by day of month (type 1) and more."""
    account, plant = find_plant(request, params.get("plantId", ""))
    if plant is None:
        return back_failure(NO_PERMISSION)
    totals = totals_of(world_of(request), account, plant)
    kind = int(params.get("type", "1")) if params.get("type", "1").isdigit() else 1
    values = history(
        totals, kind, parse_day(params.get("date", ""), totals.local_today)
    )
    period = 0.0 if kind == 0 else sum(values.values())
    return back(
        {
            "success": True,
            "plantData": {
                "plantId": str(plant.plant_id),
                "plantName": plant.name,
                "plantMoneyText": money_text(totals.total_money),
                "currentEnergy": energy_text(period if kind else totals.today_energy),
            },
            "data": {key: compact(value) for key, value in values.items()},
        }
    )


async def new_plant_detail(request: web.Request, params: Params) -> web.Response:
    """`newPlantDetailAPI.do?plantId&date&type`: 1 power of a day, 2 month, 3 year, 4 years."""
    account, plant = find_plant(request, params.get("plantId", ""))
    if plant is None:
        return back_failure(NO_PERMISSION)
    totals = totals_of(world_of(request), account, plant)
    kind = int(params.get("type", "1")) if params.get("type", "1").isdigit() else 1
    values = history(
        totals, max(0, kind - 1), parse_day(params.get("date", ""), totals.local_today)
    )
    return back(
        {
            "success": True,
            "data": {key: compact(value) for key, value in values.items()},
        }
    )


def plant_bean(world: World, account: Account, plant: Plant) -> dict[str, Any]:
    """The plant bean of `getPlant` (and, enriched, of `getAllPlantListTwo`)."""
    totals = totals_of(world, account, plant)
    created = created_at(plant)
    nominal = plant.nominal_power
    return PLANT_BEAN | {
        "id": plant.plant_id,
        "plantName": plant.name,
        "userAccount": account.username,
        "country": plant.country,
        "city": plant.city,
        "plantAddress": "",
        "plant_lat": f"{plant.latitude:.5f}",
        "plant_lng": f"{plant.longitude:.5f}",
        "timezone": timezone_number(plant),
        "timezoneText": timezone_text(plant),
        "timezoneValue": f"{timezone_text(plant)[3:]}:00",
        "plantType": 0,
        "nominalPower": nominal,
        "nominalPowerStr": f"{compact(nominal / 1000, 2)}kWp",
        "formulaMoney": plant.money_per_kwh,
        "formulaMoneyStr": compact(plant.money_per_kwh, 4),
        "formulaMoneyUnitId": plant.currency,
        "moneyUnitText": currency_symbol(plant.currency),
        "formulaCo2": FORMULA_CO2,
        "formulaCoal": FORMULA_COAL,
        "formulaSo2": 0,
        "formulaTree": FORMULA_TREE,
        "fixedPowerPrice": plant.money_per_kwh,
        "peakPeriodPrice": plant.money_per_kwh,
        "valleyPeriodPrice": plant.money_per_kwh,
        "flatPeriodPrice": plant.money_per_kwh,
        "createDate": java_date(created),
        "createDateText": plant.create_date,
        "eToday": round(totals.today_energy, 1),
        "eTotal": round(totals.total_energy, 1),
        "currentPac": round(totals.power, 1),
        "currentPacTxt": compact(totals.power),
        "etotalMoneyText": compact(totals.total_money, 2),
        "hasStorage": 1 if totals.storage else 0,
        "deviceCount": len(plant.devices),
        "status": 1 if any(v.online for v in totals.views) else 0,
        "treeID": f"PLANT_{plant.plant_id}",
        "treeName": plant.name,
        "unitMap": {
            code: code for code in sorted({*PLANT_BEAN["unitMap"], "GBP", "USD"})
        },
        "isShare": False,
        "defaultPlant": False,
        "latitudeText": "null°null\u2032null\u2033",
        "longitudeText": "null°null\u2032null\u2033",
        "imgPath": "css/img/plant.gif",
        "children": [],
    }


async def plant_settings(request: web.Request, params: Params) -> web.Response:
    """`GET newPlantAPI.do?op=getPlant&plantId=`: the bare plant bean."""
    account, plant = find_plant(request, params.get("plantId", ""))
    if plant is None:
        return bare_failure()
    return growatt_json(plant_bean(world_of(request), account, plant))


async def plant_list_two(request: web.Request, params: Params) -> web.Response:
    """`POST newTwoPlantAPI.do?op=getAllPlantListTwo`: `{"PlantList": [beans]}`."""
    _ = params
    account = legacy_account(request)
    world = world_of(request)
    beans = []
    for plant in account.plants:
        bean = plant_bean(world, account, plant)
        totals = totals_of(world, account, plant)
        bean |= dict.fromkeys(PLANT_LIST_TWO_NULLS) | {
            "currentPacStr": f"{kw(totals.power)}kW",
            "createDateText": plant.create_date,
            "plantImgName": "",
        }
        beans.append(bean)
    return growatt_json({"PlantList": beans, "totalNum": len(beans)})


def energy_plant_bean(bean: dict[str, Any]) -> dict[str, Any]:
    """The plant tab's `plantBean`: the plant bean with its empty texts null.

    Its creation date is the epoch milliseconds alone, and `EYearMoneyText`
    is spelt `eyearMoneyText`.
    """
    changed = {key: value for key, value in bean.items() if key != "EYearMoneyText"}
    changed |= dict.fromkeys(PLANT_BEAN_NULLS)
    changed["createDate"] = bean["createDate"]["time"]
    changed["eyearMoneyText"] = bean.get("EYearMoneyText", "0")
    return changed


async def plant_energy_data(request: web.Request, params: Params) -> web.Response:
    """`newTwoPlantAPI.do?op=getUserCenterEnertyDataByPlantid` (sic): the plant tab."""
    account, plant = find_plant(request, params.get("plantId", ""))
    if plant is None:
        return bare_failure()
    world = world_of(request)
    totals = totals_of(world, account, plant)
    co2 = totals.total_energy * FORMULA_CO2
    coal = totals.total_energy * FORMULA_COAL
    trees = totals.total_energy * FORMULA_TREE
    nominal = plant.nominal_power
    return growatt_json(
        {
            "plantNumber": 1,
            "alarmValue": 0,
            "eventMessBeanList": [],
            "todayValue": fixed(totals.today_energy),
            "todayStr": f"{compact(totals.today_energy)}kWh",
            "monthValue": fixed(totals.month_energy),
            "monthStr": f"{compact(totals.month_energy)}kWh",
            "yearValue": fixed(totals.year_energy),
            "yearStr": f"{compact(totals.year_energy)}kWh",
            "totalValue": fixed(totals.total_energy),
            "totalStr": f"{compact(totals.total_energy)}kWh",
            "powerValue": fixed(totals.power / 1000, 2),
            "powerValueStr": f"{kw(totals.power)}kW",
            "nominalPowerValue": fixed(nominal),
            "nominalPowerStr": f"{compact(nominal / 1000, 2)}kWp",
            "formulaCo2Vlue": fixed(co2),
            "formulaCo2Str": f"{compact(co2)}kg",
            "formulaCoalValue": fixed(coal),
            "formulaCoalStr": f"{compact(coal)}kg",
            "treeValue": fixed(trees),
            "treeStr": str(int(trees)),
            "isHaveTigo": 0,
            "optimezerMap": {"isHaveOptimezer": 0},
            "weatherMap": {
                "cond_code": "100",
                "cond_txt": "Sunny",
                "tmp": "20",
                "newTmp": "20.0°C",
                "msg": "",
                "success": True,
            },
            "plantBean": energy_plant_bean(plant_bean(world, account, plant)),
        }
    )


PATHS = {
    "/PlantListAPI.do": simple(plant_list),
    "/PlantDetailAPI.do": simple(plant_detail),
    "/newPlantDetailAPI.do": simple(new_plant_detail),
}

NEW_TWO_PLANT_OPS = {
    "getAllPlantListTwo": plant_list_two,
    "getUserCenterEnertyDataByPlantid": plant_energy_data,
}

NEW_PLANT_OPS = {
    "getPlant": plant_settings,
}
