"""The vendored province map (@svg-maps/thailand, CC BY 4.0) keyed by DOPA province code.

The package names its provinces by ISO-3166-2-like letter codes; this table joins them to the
DOPA codes the whole system uses. The paths are read once from the vendored ES module.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings

CREDIT = "Map of Thailand: MapSVG / @svg-maps/thailand, CC BY 4.0"

SVG_ID_BY_DOPA = {
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


def _vendor_file() -> Path:
    return Path(settings.BASE_DIR) / "static" / "vendor" / "svg-maps-thailand" / "index.js"


@cache
def map_data() -> dict:
    """{"viewBox": ..., "paths": {svg id: path}, "names": {svg id: English name}}."""
    text = _vendor_file().read_text(encoding="utf-8")
    data = json.loads(text[text.index("{") :].rstrip().rstrip(";"))
    return {
        "viewBox": data["viewBox"],
        "paths": {loc["id"]: loc["path"] for loc in data["locations"]},
        "names": {loc["id"]: loc["name"] for loc in data["locations"]},
    }


def map_shapes(values: dict[str, dict]) -> list[dict]:
    """One shape per province of the map: its path and the values given for its DOPA code
    (``{}`` for a province without values, e.g. outside the viewer's scope). Shapes of the map
    that are not provinces (a lake) come with ``is_province`` False."""
    data = map_data()
    dopa_by_id = {v: k for k, v in SVG_ID_BY_DOPA.items()}
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
