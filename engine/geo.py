"""Geometry on the Earth's surface: great-circle distance and a local projection to km.

A scenario map spans a few hundred km at most, so the engine works on a plane: an
equirectangular projection centred on the map, in km, whose distortion over such a span
stays well under one percent. Distances along roads use the great circle instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scenario.geodesy import EARTH_RADIUS_KM, haversine

__all__ = ["EARTH_RADIUS_KM", "Projection", "centred_on", "haversine"]

@dataclass(frozen=True, slots=True)
class Projection:
    """Equirectangular projection to km around (*lat0*, *lon0*): x east, y north."""

    lat0: float
    lon0: float

    @property
    def _kx(self) -> float:
        return math.radians(1.0) * EARTH_RADIUS_KM * math.cos(math.radians(self.lat0))

    @property
    def _ky(self) -> float:
        return math.radians(1.0) * EARTH_RADIUS_KM

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        """Project a point to (x, y) in km from the centre."""
        return ((lon - self.lon0) * self._kx, (lat - self.lat0) * self._ky)

    def latlon(self, x: float, y: float) -> tuple[float, float]:
        """The inverse of :meth:`xy`: (lat, lon) of a point in km."""
        return (self.lat0 + y / self._ky, self.lon0 + x / self._kx)


def centred_on(points: list[tuple[float, float]]) -> Projection:
    """A projection centred on the middle of the bounding box of ``(lat, lon)`` *points*."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return Projection((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
