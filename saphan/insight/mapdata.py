"""The province map for the dashboards: the ``@svg-maps/thailand`` package (CC BY 4.0, credited
on every page that shows it: static/vendor/VENDOR.md), re-keyed by DOPA province code and cut
to the provinces a dashboard shows. ECharts registers the SVG and names each area by the
``name`` attribute, so the chart's data is keyed by DOPA code too."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape

CREDIT = "Map of Thailand: MapSVG / @svg-maps/thailand, CC BY 4.0"

# The package lists the 77 provinces in DOPA order, then Songkhla Lake (not a province).
SVG_IDS = {
    "10": "bkk", "11": "spk", "12": "nbi", "13": "pte", "14": "aya", "15": "atg", "16": "lri",
    "17": "sbr", "18": "cnt", "19": "sri", "20": "cbi", "21": "ryg", "22": "cti", "23": "trt",
    "24": "cco", "25": "pri", "26": "nyk", "27": "skw", "30": "nma", "31": "brm", "32": "srn",
    "33": "ssk", "34": "ubn", "35": "yst", "36": "cpm", "37": "acr", "38": "bkn", "39": "nbp",
    "40": "kkn", "41": "udn", "42": "lei", "43": "nki", "44": "mkm", "45": "ret", "46": "ksn",
    "47": "snk", "48": "npm", "49": "mdh", "50": "cmi", "51": "lpn", "52": "lpg", "53": "utd",
    "54": "pre", "55": "nan", "56": "pyo", "57": "cri", "58": "msn", "60": "nsn", "61": "uti",
    "62": "kpt", "63": "tak", "64": "sti", "65": "plk", "66": "pct", "67": "pnb", "70": "rbr",
    "71": "kri", "72": "spb", "73": "npt", "74": "skn", "75": "skm", "76": "pbi", "77": "pkn",
    "80": "nrt", "81": "kbi", "82": "pna", "83": "pkt", "84": "sni", "85": "rng", "86": "cpn",
    "90": "ska", "91": "stn", "92": "trg", "93": "plg", "94": "ptn", "95": "yla", "96": "nwt",
}  # fmt: skip
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@cache
def _paths() -> dict[str, str]:
    path = Path(settings.BASE_DIR) / "static" / "vendor" / "svg-maps-thailand" / "index.js"
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("{") :].rstrip().rstrip(";"))
    by_id = {loc["id"]: loc["path"] for loc in data["locations"]}
    return {code: by_id[svg_id] for code, svg_id in SVG_IDS.items()}


def _bbox(d: str) -> tuple[float, float, float, float]:
    """The package's paths use only relative moves (m) and close (z): a running sum."""
    xs, ys = [], []
    x = y = 0.0
    start = (0.0, 0.0)
    for part in re.split(r"([mz])", d):
        part = part.strip()
        if not part or part == "m":
            continue
        if part == "z":
            x, y = start
            continue
        nums = [float(n) for n in _NUMBER.findall(part)]
        for i in range(0, len(nums) - 1, 2):
            x += nums[i]
            y += nums[i + 1]
            if i == 0:
                start = (x, y)
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def svg_for(codes: list[str]) -> str:
    """An SVG of these provinces only, its viewBox fitted to them, each path named by code."""
    return _svg_for(tuple(codes))


@cache
def _svg_for(codes: tuple[str, ...]) -> str:  # the package's map does not change while running
    paths = _paths()
    codes = [c for c in codes if c in paths]
    boxes = [_bbox(paths[c]) for c in codes]
    x0 = min(b[0] for b in boxes) - 4
    y0 = min(b[1] for b in boxes) - 4
    x1 = max(b[2] for b in boxes) + 4
    y1 = max(b[3] for b in boxes) + 4
    body = "".join(f'<path name="{escape(c)}" d="{paths[c]}"/>' for c in codes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.1f} {y0:.1f} '
        f'{x1 - x0:.1f} {y1 - y0:.1f}">{body}</svg>'
    )
