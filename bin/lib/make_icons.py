"""Draw the app icons (the brand mark: a ring with three seats) as PNGs for the web app
manifest. Run once when the mark changes: .venv/bin/python bin/lib/make_icons.py"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[2] / "roundtable/static/roundtable/icons"
NAVY, WHITE, GOLD = (31, 42, 72), (255, 255, 255), (245, 185, 66)


def draw(size: int, *, safe: float) -> Image.Image:
    """The mark on navy; `safe` is the share of the width the mark may use (maskable icons are
    cropped to a circle by the launcher, so the mark stays within its inner 80%)."""
    scale = 4  # drawn large and shrunk: smooth edges
    big = size * scale
    image = Image.new("RGB", (big, big), NAVY)
    pen = ImageDraw.Draw(image)
    unit = big * safe / 32  # the favicon's 32-unit grid
    offset = (big - 32 * unit) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * unit, offset + y * unit

    (x0, y0), (x1, y1) = at(3, 3), at(29, 29)
    pen.ellipse((x0, y0, x1, y1), outline=WHITE, width=round(3 * unit))
    for cx, cy in ((16, 5), (26, 20), (6, 20)):
        (a, b), (c, d) = at(cx - 3.6, cy - 3.6), at(cx + 3.6, cy + 3.6)
        pen.ellipse((a, b, c, d), fill=GOLD)
    return image.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, safe=0.8).save(OUT / f"icon-{size}.png", optimize=True)
        draw(size, safe=0.6).save(OUT / f"maskable-{size}.png", optimize=True)
    draw(180, safe=0.8).save(OUT / "apple-touch-icon.png", optimize=True)
