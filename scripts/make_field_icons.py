"""Draw the field app's icons (static/network/icons/*.png) with Pillow: a bridge (สะพาน) in
white on the app's blue. Run once; the PNGs are committed: `python scripts/make_field_icons.py`."""

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (29, 92, 122, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "static" / "network" / "icons"


def draw(size: int, *, maskable: bool) -> Image.Image:
    img = Image.new("RGBA", (size, size), BLUE if maskable else (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if not maskable:
        d.rounded_rectangle([0, 0, size - 1, size - 1], radius=size // 5, fill=BLUE)
    # Maskable icons keep their drawing inside the middle 80% (the safe zone).
    s = size * (0.62 if maskable else 0.76)
    x0, y0 = (size - s) / 2, (size - s) / 2
    w = max(2, round(s * 0.07))
    deck = y0 + s * 0.62
    d.line([x0, deck, x0 + s, deck], fill=WHITE, width=w)  # the deck
    d.arc([x0, y0 + s * 0.18, x0 + s, y0 + s * 1.06], start=180, end=360, fill=WHITE, width=w)
    for i in range(1, 6):  # the hangers from the arch to the deck
        x = x0 + s * i / 6
        d.line([x, deck - s * 0.36 * (1 - abs(i - 3) / 3.6), x, deck], fill=WHITE, width=w // 2)
    for x in (x0 + s * 0.08, x0 + s * 0.92):  # the piers
        d.line([x, deck, x, y0 + s * 0.95], fill=WHITE, width=w)
    return img


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for n in (192, 512):
        draw(n, maskable=False).save(OUT / f"icon-{n}.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    print("icons written to", OUT)
