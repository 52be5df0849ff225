"""Legacy login and logout: `newTwoLoginAPI.do`, its V2 variant and `logout.do`."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..http import SESSION_COOKIE, json_response, world_of
from ..model import Account
from ..world import LoginResult, World, growatt_hash
from .common import SERVER_TZ, Params, back, simple, stamp, timezone_number

BAD_CREDENTIALS_MSG = "502"
LOCKED_MSG = "507"
# The real wording of the 502 error text is unknown; examples print `error`.
BAD_CREDENTIALS_ERROR = "User name or password is incorrect"


def user_bean(world: World, account: Account) -> dict[str, Any]:
    """The `back.user` object of a successful login."""
    now = world.now()
    first = account.plants[0] if account.plants else None
    return {
        "id": account.user_id,
        "accountName": account.username,
        "accountNameOss": account.username,
        "password": growatt_hash(account.password),
        "rightlevel": 1,
        "type": 2,
        "kind": 0,
        "roleId": 0,
        "parentUserId": 0,
        "isAgent": 0,
        "isBigCustomer": 0,
        "area": "Europe",
        "counrty": first.country if first else "",
        "userLanguage": "en",
        "timeZone": timezone_number(first) if first else 8,
        "lat": "",
        "lng": "",
        "email": account.email,
        "phoneNum": "",
        "nickName": "",
        "company": "",
        "activeName": "",
        "agentCode": "",
        "customerCode": "",
        "appType": "c",
        "appAlias": "",
        "serverUrl": "",
        "createDate": first.create_date + " 00:00:00" if first else "",
        "lastLoginTime": stamp(now, SERVER_TZ),
        "lastLoginIp": "127.0.0.1",
        "enabled": True,
        "approved": False,
        "mailNotice": True,
        "smsNotice": False,
        "noticeType": "",
        "isValiPhone": 0,
        "isValiEmail": 0,
        "isPhoneNumReg": 0,
        "userDeviceType": -1,
        "codeIndex": 1,
        "registerType": "0",
        "installerEnable": "1",
        "distributorEnable": "1",
        "vipPoints": 10,
        "cpowerToken": account.token,
        "cpowerAuth": "",
        "token": "",
        "uid": "",
        "userIconPath": "",
        "workerCode": "",
        "wxOpenid": "",
        "inverterGroup": [],
        "inverterList": [],
        "dataAcqList": [],
    }


def login_body(world: World, account: Account) -> dict[str, Any]:
    """The `back` object of a successful login."""
    device_count = sum(len(plant.devices) for plant in account.plants)
    return {
        "success": True,
        "msg": "",
        "app_code": "1",
        "service": "1",
        "quality": "0",
        "deviceCount": str(device_count),
        "isOpenDeviceList": 1,
        "isOpenDeviceParams": 0,
        "isOpenSmartFamily": 0,
        "isCheckUserAuth": True,
        "isEicUserAddSmartDevice": True,
        "isViewDeviceInfo": False,
        "totalData": {},
        "data": [
            {"plantId": str(plant.plant_id), "plantName": plant.name}
            for plant in account.plants
        ],
        "user": user_bean(world, account),
    }


async def login(request: web.Request, params: Params) -> web.Response:
    """`POST newTwoLoginAPI.do` (and V2): form `userName`, `password` (c-substituted MD5).

    The V2 app flow adds `newLogin`, `phoneType`, `phoneSn`, `ipvcpc`, `timestamp`
    and more; they are accepted and ignored.
    """
    world = world_of(request)
    username = params.get("userName", "")
    password_hash = params.get("password", "")
    if not username or not password_hash:
        return back(
            {
                "success": False,
                "msg": BAD_CREDENTIALS_MSG,
                "error": BAD_CREDENTIALS_ERROR,
            }
        )
    result, account = world.login(username, password_hash)
    if result is LoginResult.LOCKED and account is not None:
        return back(
            {
                "success": False,
                "msg": LOCKED_MSG,
                "error": f"Current account has been locked for {world.config.lock_hours} hours",
                "lockDuration": world.lock_remaining_hours(account),
            }
        )
    if result is not LoginResult.OK or account is None:
        return back(
            {
                "success": False,
                "msg": BAD_CREDENTIALS_MSG,
                "error": BAD_CREDENTIALS_ERROR,
            }
        )
    request["account"] = account.username
    session = world.create_session(account)
    response = back(login_body(world, account))
    response.set_cookie(SESSION_COOKIE, session.session_id, path="/", httponly=True)
    return response


async def logout(request: web.Request, params: Params) -> web.Response:
    """`logout.do`: ends the session (answer shape unverified)."""
    _ = params
    world = world_of(request)
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id and session_id in world.sessions:
        request["account"] = world.sessions[session_id].username
        del world.sessions[session_id]
    response = json_response({"result": 1, "msg": ""})
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


ROUTES = {
    "/newTwoLoginAPI.do": simple(login),
    "/newTwoLoginAPIV2.do": simple(login),
    "/logout.do": simple(logout),
}
