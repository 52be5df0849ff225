"""Methods made of functions: how the growattServer-named surfaces are tables.

The endpoints are plain functions of a core client (`LegacySession`,
`V1Session`) or methods of a v1 device family (`Min`, `Sph`, ...). The
compatibility classes list them under growattServer's names; these
descriptors turn each entry into a bound method, with its types intact.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Concatenate, Self, overload

if TYPE_CHECKING:
    from .v1_base import V1Session
    from .v1_devices import V1Device


class SessionMethod[S, **P, R]:
    """A function of a core client, used as a method of the client's class."""

    def __init__(self, function: Callable[Concatenate[S, P], R]) -> None:
        """Wrap `function`; its first argument is the client."""
        self.function = function
        self.__doc__ = function.__doc__

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, instance: S, owner: type[Any]) -> Callable[P, R]: ...

    def __get__(self, instance: S | None, owner: type[Any]) -> Self | Callable[P, R]:
        """The function bound to the client it is read from."""
        if instance is None:
            return self
        return partial(self.function, instance)


class DeviceMethod[D: V1Device, **P, R]:
    """A method of a v1 device family, used as a client method taking the serial first."""

    def __init__(
        self,
        family: Callable[[V1Session, str], D],
        method: Callable[Concatenate[D, P], R],
    ) -> None:
        """Wrap `method` of the device family `family`."""
        self.family = family
        self.method = method
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(
        self, instance: V1Session, owner: type[Any]
    ) -> Callable[Concatenate[str, P], R]: ...

    def __get__(
        self, instance: V1Session | None, owner: type[Any]
    ) -> Self | Callable[Concatenate[str, P], R]:
        """The method on the device with the serial number given first."""
        if instance is None:
            return self
        family, method = self.family, self.method

        def call(device_sn: str, /, *args: P.args, **kwargs: P.kwargs) -> R:
            return method(family(instance, device_sn), *args, **kwargs)

        return call


def endpoint[S, **P, R](
    function: Callable[Concatenate[S, P], R],
) -> SessionMethod[S, P, R]:
    """`function` as a method of its client's class."""
    return SessionMethod(function)


def on_device[D: V1Device, **P, R](
    family: Callable[[V1Session, str], D],
    method: Callable[Concatenate[D, P], R],
) -> DeviceMethod[D, P, R]:
    """`method` of a v1 device family as a client method taking the serial first."""
    return DeviceMethod(family, method)
