"""Draw the integration's brand icon: a sun rising behind a charged battery.

Our own drawing (not Growatt's logo), rendered with signed distance functions
so that edges are anti-aliased at any size. Standard library only:

    .venv/bin/python scripts/make_icon.py
"""

from __future__ import annotations

from collections.abc import Callable
import math
from pathlib import Path
import struct
import zlib

BRAND = Path(__file__).parent.parent / "custom_components" / "growatt" / "brand"

type Color = tuple[int, int, int]
# A shape maps a point (in units of the icon's width) to its signed distance:
# negative inside, positive outside.
type Shape = Callable[[float, float], float]

SUN = (255, 193, 7)
RAYS = (255, 160, 0)
OUTLINE = (38, 50, 56)
BODY = (236, 239, 241)
CHARGE = (67, 160, 71)


def circle(cx: float, cy: float, r: float) -> Shape:
    """A disc."""
    return lambda x, y: math.hypot(x - cx, y - cy) - r


def rounded_box(cx: float, cy: float, hw: float, hh: float, r: float) -> Shape:
    """A rectangle with rounded corners, given its centre and half sizes."""

    def distance(x: float, y: float) -> float:
        qx = abs(x - cx) - hw + r
        qy = abs(y - cy) - hh + r
        outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
        return outside + min(max(qx, qy), 0.0) - r

    return distance


def capsule(ax: float, ay: float, bx: float, by: float, r: float) -> Shape:
    """A segment with round ends."""

    def distance(x: float, y: float) -> float:
        px, py, dx, dy = x - ax, y - ay, bx - ax, by - ay
        t = max(0.0, min(1.0, (px * dx + py * dy) / (dx * dx + dy * dy)))
        return math.hypot(px - dx * t, py - dy * t) - r

    return distance


def icon_layers() -> list[tuple[Shape, Color]]:
    """The drawing, back to front."""
    sun_x, sun_y = 0.5, 0.43
    layers: list[tuple[Shape, Color]] = []
    for i in range(12):
        angle = 2 * math.pi * i / 12
        cos, sin = math.cos(angle), math.sin(angle)
        if sin > 0.1:  # below the horizon: hidden by the battery anyway
            continue
        ray = capsule(
            sun_x + 0.27 * cos, sun_y + 0.27 * sin,
            sun_x + 0.355 * cos, sun_y + 0.355 * sin,
            0.022,
        )  # fmt: skip
        layers.append((ray, RAYS))
    layers += [
        (circle(sun_x, sun_y, 0.22), SUN),
        (rounded_box(0.47, 0.73, 0.33, 0.17, 0.06), OUTLINE),
        (rounded_box(0.83, 0.73, 0.04, 0.075, 0.025), OUTLINE),
        (rounded_box(0.47, 0.73, 0.29, 0.13, 0.03), BODY),
    ]
    layers += [
        (rounded_box(0.29 + 0.12 * i, 0.73, 0.045, 0.095, 0.015), CHARGE)
        for i in range(3)
    ]
    return layers


def render(size: int) -> bytes:
    """RGBA rows of the icon at size x size pixels, each row with PNG filter 0."""
    layers = icon_layers()
    pixel = 1 / size
    rows = bytearray()
    for j in range(size):
        rows.append(0)
        y = (j + 0.5) * pixel
        for i in range(size):
            x = (i + 0.5) * pixel
            r = g = b = a = 0.0
            for shape, color in layers:
                coverage = min(1.0, max(0.0, 0.5 - shape(x, y) / pixel))
                if coverage:
                    # Porter-Duff "over" in premultiplied colour.
                    keep = 1 - coverage
                    r = color[0] * coverage + r * keep
                    g = color[1] * coverage + g * keep
                    b = color[2] * coverage + b * keep
                    a = coverage + a * keep
            if a:
                rows += bytes(
                    (round(r / a), round(g / a), round(b / a), round(a * 255))
                )
            else:
                rows += b"\0\0\0\0"
    return bytes(rows)


def png(size: int, rows: bytes) -> bytes:
    """A minimal RGBA PNG file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    """Write icon.png (256 px) and icon@2x.png (512 px)."""
    BRAND.mkdir(parents=True, exist_ok=True)
    for name, size in (("icon.png", 256), ("icon@2x.png", 512)):
        (BRAND / name).write_bytes(png(size, render(size)))
        print(f"wrote {BRAND / name}")


if __name__ == "__main__":
    main()
