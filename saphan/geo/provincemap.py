"""The province map of every app: paths of the ``@svg-maps/thailand`` package (CC BY 4.0,
credited on every page that shows it, see static/vendor/VENDOR.md), keyed by DOPA province code.

The paths are read from the vendored ``index.js`` and drawn inline by the server, so a map is
coloured without any script and can be cropped to a region: the package's paths use only
relative ``m`` moves and ``z``, so their bounding box is a running sum.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape

CREDIT = "Map of Thailand: MapSVG / @svg-maps/thailand, CC BY 4.0"

# DOPA code → the package's location id; it lists the 77 provinces in DOPA order. The package
# also draws Songkhla Lake (lksg), which is not a province; it is drawn as water.
SVG_IDS = {
    "10": "bkk",
    "11": "spk",
    "12": "nbi",
    "13": "pte",
    "14": "aya",
    "15": "atg",
    "16": "lri",
    "17": "sbr",
    "18": "cnt",
    "19": "sri",
    "20": "cbi",
    "21": "ryg",
    "22": "cti",
    "23": "trt",
    "24": "cco",
    "25": "pri",
    "26": "nyk",
    "27": "skw",
    "30": "nma",
    "31": "brm",
    "32": "srn",
    "33": "ssk",
    "34": "ubn",
    "35": "yst",
    "36": "cpm",
    "37": "acr",
    "38": "bkn",
    "39": "nbp",
    "40": "kkn",
    "41": "udn",
    "42": "lei",
    "43": "nki",
    "44": "mkm",
    "45": "ret",
    "46": "ksn",
    "47": "snk",
    "48": "npm",
    "49": "mdh",
    "50": "cmi",
    "51": "lpn",
    "52": "lpg",
    "53": "utd",
    "54": "pre",
    "55": "nan",
    "56": "pyo",
    "57": "cri",
    "58": "msn",
    "60": "nsn",
    "61": "uti",
    "62": "kpt",
    "63": "tak",
    "64": "sti",
    "65": "plk",
    "66": "pct",
    "67": "pnb",
    "70": "rbr",
    "71": "kri",
    "72": "spb",
    "73": "npt",
    "74": "skn",
    "75": "skm",
    "76": "pbi",
    "77": "pkn",
    "80": "nrt",
    "81": "kbi",
    "82": "pna",
    "83": "pkt",
    "84": "sni",
    "85": "rng",
    "86": "cpn",
    "90": "ska",
    "91": "stn",
    "92": "trg",
    "93": "plg",
    "94": "ptn",
    "95": "yla",
    "96": "nwt",
}
LAKE_ID = "lksg"


@dataclass(frozen=True)
class MapPath:
    code: str  # DOPA code ("" for the lake)
    svg_id: str
    d: str
    bbox: tuple[float, float, float, float]


def _source() -> Path:
    for root in [*getattr(settings, "STATICFILES_DIRS", []), Path(settings.BASE_DIR) / "static"]:
        candidate = Path(root) / "vendor" / "svg-maps-thailand" / "index.js"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("static/vendor/svg-maps-thailand/index.js")


def _bbox(d: str) -> tuple[float, float, float, float]:
    x = y = 0.0
    start = (0.0, 0.0)
    xs: list[float] = []
    ys: list[float] = []
    first_in_subpath = True
    for token in re.findall(r"[mzMZ]|-?[0-9.]+(?:e-?[0-9]+)?,-?[0-9.]+(?:e-?[0-9]+)?", d):
        if token in ("m", "M"):
            first_in_subpath = True
            continue
        if token in ("z", "Z"):
            x, y = start
            continue
        dx, dy = (float(v) for v in token.split(","))
        x, y = x + dx, y + dy
        if first_in_subpath:
            start = (x, y)
            first_in_subpath = False
        xs.append(x)
        ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


@cache
def map_data() -> dict:
    """The package as it is: {"viewBox": ..., "paths": {svg id: path}, "names": {svg id:
    English name}}."""
    text = _source().read_text(encoding="utf-8")
    data = json.loads(text[text.index("{") :].rstrip().rstrip(";"))
    return {
        "viewBox": data["viewBox"],
        "paths": {loc["id"]: loc["path"] for loc in data["locations"]},
        "names": {loc["id"]: loc["name"] for loc in data["locations"]},
    }


@cache
def all_paths() -> dict[str, MapPath]:
    by_id = map_data()["paths"]
    paths = {
        code: MapPath(code, svg_id, by_id[svg_id], _bbox(by_id[svg_id]))
        for code, svg_id in SVG_IDS.items()
    }
    if LAKE_ID in by_id:
        paths[""] = MapPath("", LAKE_ID, by_id[LAKE_ID], _bbox(by_id[LAKE_ID]))
    return paths


def view_box(codes, *, margin: float = 6.0) -> str:
    boxes = [all_paths()[c].bbox for c in codes if c in all_paths()]
    x0 = min(b[0] for b in boxes) - margin
    y0 = min(b[1] for b in boxes) - margin
    x1 = max(b[2] for b in boxes) + margin
    y1 = max(b[3] for b in boxes) + margin
    return f"{x0:.1f} {y0:.1f} {x1 - x0:.1f} {y1 - y0:.1f}"


def svg_for(codes: list[str]) -> str:
    """An SVG of these provinces only, its viewBox fitted to them, each path named by its DOPA
    code (ECharts names each area by the ``name`` attribute, so a chart's data is keyed by DOPA
    code too)."""
    return _svg_for(tuple(codes))


@cache
def _svg_for(codes: tuple[str, ...]) -> str:  # the package's map does not change while running
    paths = all_paths()
    codes = [c for c in codes if c in paths and c]
    body = "".join(f'<path name="{escape(c)}" d="{paths[c].d}"/>' for c in codes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box(codes, margin=4)}">'
        f"{body}</svg>"
    )
