"""The training map's shapes: every shape of the province map (saphan/geo/provincemap.py) with
the values given for its province."""

from __future__ import annotations

from saphan.geo.provincemap import CREDIT, SVG_IDS, map_data

__all__ = ["CREDIT", "SVG_ID_BY_DOPA", "map_data", "map_shapes"]

SVG_ID_BY_DOPA = SVG_IDS


def map_shapes(values: dict[str, dict]) -> list[dict]:
    """One shape per province of the map: its path and the values given for its DOPA code
    (``{}`` for a province without values, e.g. outside the viewer's scope). Shapes of the map
    that are not provinces (a lake) come with ``is_province`` False."""
    data = map_data()
    dopa_by_id = {v: k for k, v in SVG_IDS.items()}
    shapes = []
    for svg_id, path in data["paths"].items():
        code = dopa_by_id.get(svg_id)
        shapes.append(
            {
                "id": svg_id,
                "code": code or "",
                "path": path,
                "is_province": code is not None,
                **(values.get(code, {}) if code else {}),
            }
        )
    return shapes
