"""Draw the demo newsroom's pictures locally, so the demo needs no image files."""

import hashlib
import io
import math
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 675


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def draw_picture(key: str, colours: list[str], motif: str) -> bytes:
    """Return a PNG picture of ``motif`` in ``colours``, always the same for ``key``."""
    rng = random.Random(hashlib.sha256(key.encode()).digest())
    top, bottom = (_rgb(c) for c in (colours + ["#222222", "#dddddd"])[:2])
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, y / HEIGHT))
    dark = _mix(top, (0, 0, 0), 0.55)
    light = _mix(bottom, (255, 255, 255), 0.5)

    if motif in {"mountains", "field"}:
        for layer in range(3):
            base = HEIGHT * (0.45 + 0.15 * layer)
            points: list[tuple[float, float]] = [(0, HEIGHT)]
            for x in range(0, WIDTH + 100, 100):
                points.append((x, base - rng.uniform(0, 160 - 40 * layer)))
            points.append((WIDTH, HEIGHT))
            draw.polygon(points, fill=_mix(dark, light, layer / 3))
    elif motif in {"river", "sea"}:
        draw.rectangle([0, HEIGHT * 0.55, WIDTH, HEIGHT], fill=dark)
        for i in range(40):
            wave_y = HEIGHT * 0.58 + i * 7
            phase = rng.uniform(0, math.tau)
            points = [
                (float(wx), wave_y + 4 * math.sin(wx / 40 + phase))
                for wx in range(0, WIDTH, 20)
            ]
            draw.line(points, fill=_mix(dark, light, 0.3 + 0.01 * i), width=2)
        if motif == "river":
            draw.rectangle(
                [WIDTH * 0.1, HEIGHT * 0.45, WIDTH * 0.9, HEIGHT * 0.5], fill=light
            )
            for x in range(int(WIDTH * 0.15), int(WIDTH * 0.9), 120):
                draw.rectangle([x, HEIGHT * 0.5, x + 18, HEIGHT * 0.62], fill=light)
    elif motif == "city":
        x = 0
        while x < WIDTH:
            w, h = rng.randint(60, 140), rng.randint(150, 450)
            draw.rectangle(
                [x, HEIGHT - h, x + w, HEIGHT], fill=_mix(dark, top, rng.random() * 0.3)
            )
            for wy in range(HEIGHT - h + 20, HEIGHT - 20, 30):
                for wx in range(x + 10, x + w - 15, 25):
                    if rng.random() < 0.5:
                        draw.rectangle([wx, wy, wx + 10, wy + 14], fill=light)
            x += w + rng.randint(4, 20)
    elif motif == "chart":
        points = []
        value = HEIGHT * 0.5
        for x in range(80, WIDTH - 80, 40):
            value = min(HEIGHT - 80, max(80, value + rng.uniform(-60, 60)))
            points.append((x, value))
        for y in range(100, HEIGHT, 100):
            draw.line([(60, y), (WIDTH - 60, y)], fill=_mix(top, light, 0.4), width=1)
        draw.line(points, fill=light, width=8, joint="curve")
    elif motif in {"crowd", "stadium"}:
        if motif == "stadium":
            draw.ellipse(
                [WIDTH * 0.1, HEIGHT * 0.55, WIDTH * 0.9, HEIGHT * 1.2],
                fill=(40, 120, 60),
            )
        for _ in range(260):
            cx, cy = rng.uniform(0, WIDTH), rng.uniform(HEIGHT * 0.45, HEIGHT)
            r = 10 + (cy - HEIGHT * 0.45) / 18
            shade = _mix(dark, light, rng.random() * 0.6)
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=shade)
            draw.rectangle([cx - r, cy + r, cx + r, cy + 4 * r], fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
