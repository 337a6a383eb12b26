"""The demo's pictures, drawn with Pillow: locator maps of the invented world
(content/WORLD.md), bar charts of figures the stories report, and flat illustrations.

Pure drawing, no database: `pictures.py` says which story gets which picture and
`load_demo` attaches them as lead images. Nothing comes from outside the code (no
photographs, no map data, no font files: Pillow's own font), and whatever varies is
drawn from a random generator seeded by the story, so a picture is the same on every run
and every machine.
"""

import math
import random
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

# 16:9, as wide as the largest rendition a 1200-pixel original gets (images/conf.py): a
# wider one costs load_demo a 1600-pixel WebP per picture that flat graphics hardly need.
WIDTH, HEIGHT = 1200, 675
# Pillow draws polygons and lines without anti-aliasing: drawing at twice the size and
# halving the picture smooths the edges (about 40 ms a picture).
SCALE = 2

INK = (27, 27, 27)
MUTED = (90, 90, 90)
PAPER = (250, 248, 243)
ACCENT = (163, 0, 27)  # the site's kicker red (static/dateline/site.css)
BLUE = (11, 79, 138)  # the site's link blue
WHITE = (255, 255, 255)


@cache
def font(size):
    # Pillow's built-in scalable font (Pillow >= 10.1): the same letters on every machine.
    return ImageFont.load_default(size=size * SCALE)


class Sketch:
    """A canvas drawn in picture pixels (WIDTH x HEIGHT), kept at SCALE times the size."""

    def __init__(self, background):
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), background)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def scaled(points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    def polygon(self, points, fill=None, outline=None, width=1):
        self.draw.polygon(self.scaled(points), fill=fill, outline=outline, width=width * SCALE)

    def line(self, points, fill, width=1):
        self.draw.line(self.scaled(points), fill=fill, width=round(width * SCALE), joint="curve")

    def dashed(self, start, end, fill, width=1, dash=10, gap=7):
        (x0, y0), (x1, y1) = start, end
        length = math.hypot(x1 - x0, y1 - y0)
        step = 0.0
        while step < length:
            a, b = step / length, min(step + dash, length) / length
            self.line(
                [
                    (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                    (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                ],
                fill,
                width,
            )
            step += dash + gap

    def ellipse(self, box, fill=None, outline=None, width=1):
        x0, y0, x1, y1 = box
        self.draw.ellipse(
            (x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE),
            fill=fill,
            outline=outline,
            width=width * SCALE,
        )

    def rectangle(self, box, fill=None, outline=None, width=1):
        self.draw.rectangle(
            [v * SCALE for v in box], fill=fill, outline=outline, width=width * SCALE
        )

    def text(self, xy, text, size, fill=INK, *, bold=False, anchor="la", halo=None):
        x, y = xy
        kwargs = {"font": font(size), "anchor": anchor}
        if halo:
            self.draw.text(
                (x * SCALE, y * SCALE),
                text,
                fill=halo,
                stroke_width=3 * SCALE,
                stroke_fill=halo,
                **kwargs,
            )
        # Pillow's font has no bold face: a thin outline in the same colour stands in.
        stroke = max(1, size // 24) if bold else 0
        self.draw.text(
            (x * SCALE, y * SCALE), text, fill=fill, stroke_width=stroke, stroke_fill=fill, **kwargs
        )

    def text_width(self, text, size):
        return self.draw.textlength(text, font=font(size)) / SCALE

    def finish(self):
        return self.image.reduce(SCALE)


# -- Locator maps ------------------------------------------------------------------------
#
# The invented world on a plane 1000 units wide and 600 high, north up. It follows
# content/WORLD.md and the stories: Norveth across the Northern Sea from Valdoria, Tarsan to
# the east with its pipeline running west across Valdoria, Hadria a peninsula in the
# Mediterranean with Dunmara beyond it, Marivel on the far side of the ocean and the
# Kessary Islands in the Pacific.

SEA = (207, 226, 236)
COAST = (142, 178, 199)
LAND = (236, 232, 222)
COUNTRY = (216, 209, 193)
BORDER = (255, 255, 255)
SEA_LABEL = (62, 100, 126)


def roughen(points, seed, step=7.0, amount=2.6):
    """A hand-drawn outline: each edge cut into short pieces, each piece nudged sideways
    by a little seeded noise (the corners stay where they are)."""
    rng = random.Random(seed)
    rough = []
    closed = [*points, points[0]]
    for (x0, y0), (x1, y1) in zip(closed, closed[1:], strict=False):
        length = math.hypot(x1 - x0, y1 - y0)
        pieces = max(1, round(length / step))
        nx, ny = (y0 - y1) / (length or 1), (x1 - x0) / (length or 1)
        offset = 0.0
        rough.append((x0, y0))
        for i in range(1, pieces):
            t = i / pieces
            offset = max(-amount, min(amount, offset + rng.uniform(-1.2, 1.2)))
            fade = min(1.0, 4 * t * (1 - t) * 2)  # back to zero at the corners
            rough.append(
                (x0 + (x1 - x0) * t + nx * offset * fade, y0 + (y1 - y0) * t + ny * offset * fade)
            )
    return tuple(rough)


def islet(cx, cy, rx, ry, sides=9, turn=0.4):
    return tuple(
        (
            cx + rx * math.cos(turn + 2 * math.pi * i / sides),
            cy + ry * math.sin(turn + 2 * math.pi * i / sides),
        )
        for i in range(sides)
    )


NORTH = roughen([(345, 0), (1000, 0), (1000, 335), (930, 338), (880, 345), (840, 335),
                 (790, 330), (740, 338), (690, 330), (640, 336), (605, 330), (596, 358),
                 (582, 392), (566, 406), (551, 398), (552, 370), (544, 345), (520, 336),
                 (480, 332), (440, 330), (400, 322), (368, 300), (350, 262), (356, 220),
                 (340, 178), (352, 140), (338, 100), (350, 50)], "north")  # fmt: skip
SOUTH = roughen([(322, 500), (330, 470), (390, 458), (450, 452), (510, 458), (560, 468),
                 (610, 460), (660, 452), (720, 450), (780, 452), (830, 430), (862, 392),
                 (880, 350), (905, 352), (892, 420), (872, 480), (842, 540), (812, 600),
                 (372, 600), (348, 540)], "south")  # fmt: skip
WEST = roughen([(110, 240), (180, 235), (240, 262), (275, 310), (270, 370), (240, 430),
                (210, 500), (185, 560), (160, 600), (95, 600), (80, 540), (60, 470), (45, 400),
                (50, 330), (75, 275)], "west")  # fmt: skip
SERRANO = islet(602, 428, 9, 5)
KESSARY = (
    islet(930, 500, 16, 9),
    islet(902, 468, 9, 5, turn=1.1),
    islet(962, 528, 10, 5),
    islet(978, 474, 5, 3),
    islet(912, 548, 6, 4, turn=0.9),
)
TEVA = islet(958, 566, 5, 4, sides=7)
LANDS = [NORTH, SOUTH, WEST, SERRANO, *KESSARY, TEVA]
# Inner seas, cut out of the land once it is drawn.
NORTHERN_SEA = roughen([(300, 62), (380, 70), (450, 78), (520, 82), (580, 88), (626, 98),
                        (640, 112), (618, 124), (560, 122), (500, 120), (450, 124), (400, 128),
                        (360, 132), (300, 136)], "northern sea")  # fmt: skip
SEAS = [NORTHERN_SEA]
SEA_NAMES = [("Northern Sea", (338, 98)), ("Mediterranean", (445, 400)),
             ("Pacific Ocean", (952, 412))]  # fmt: skip
# Frontiers of the countries no story is about, so the land between reads as states.
OTHER_BORDERS = [
    ((600, 118), (612, 200), (640, 262), (650, 336)),
    ((680, 0), (650, 60), (640, 112)),
    ((430, 330), (470, 280), (530, 262)),
    ((368, 210), (426, 206)),
    ((640, 262), (700, 250), (760, 334)),
    ((400, 460), (420, 520), (372, 600)),
    ((700, 452), (690, 520), (740, 600)),
    ((642, 516), (690, 520)),
    ((466, 536), (420, 520)),
    ((160, 240), (170, 330), (140, 400)),
    ((130, 470), (220, 470)),
]


@dataclass(frozen=True)
class Country:
    name: str
    capital: str
    capital_at: tuple
    label_at: tuple
    # Its polygons; where one runs past a coast, the sea cuts it off.
    shapes: tuple


COUNTRIES = {
    country.name: country
    for country in [
        Country("Norveth", "Vessgard", (492, 44), (420, 30), (roughen(
            [(340, 0), (560, 0), (585, 40), (595, 100), (330, 100)], "Norveth"),)),
        Country("Valdoria", "Strelna", (508, 176), (505, 214), (roughen(
            [(420, 118), (600, 118), (612, 200), (586, 236), (530, 262), (470, 250),
             (426, 206)], "Valdoria"),)),
        Country("Tarsan", "Ardak", (828, 186), (852, 238), (roughen(
            [(700, 95), (1000, 60), (1000, 300), (920, 312), (800, 302), (760, 334),
             (700, 250), (690, 170)], "Tarsan"),)),
        Country("Hadria", "Calvera", (557, 364), (580, 314), (roughen(
            [(530, 262), (600, 268), (650, 336), (614, 340), (600, 364), (586, 400),
             (566, 414), (546, 404), (546, 370), (538, 345), (470, 280)], "Hadria"), SERRANO)),
        Country("Dunmara", "Kel Tamir", (556, 534), (528, 504), (roughen(
            [(470, 482), (616, 476), (642, 516), (612, 560), (520, 570), (466, 536)],
            "Dunmara"),)),
        Country("Marivel", "Puerto Alvo", (60, 402), (100, 452), (roughen(
            [(25, 318), (122, 316), (140, 400), (130, 470), (112, 542), (58, 548), (25, 430)],
            "Marivel"),)),
        Country("Kessary Islands", "Lunet", (930, 500), (930, 462), (*KESSARY, TEVA)),
    ]
}  # fmt: skip


@dataclass(frozen=True)
class Line:
    """Something drawn over the map: a pipeline, a cable, a route (world units)."""

    points: tuple
    label: str = ""
    label_at: tuple | None = None
    colour: tuple = INK
    dashed: bool = False  # a track (a ship's), not a pipe or a cable


@dataclass(frozen=True)
class Place:
    """A town, region or incident marked on the map."""

    name: str
    at: tuple
    cross: bool = False  # an incident, not a town
    side: str = "right"  # where its name goes: right, left or below


@dataclass(frozen=True)
class MapView:
    """Which part of the world a map shows (world units), and on how many pixels."""

    left: float
    top: float
    width: float
    height: float
    size: tuple = (WIDTH, HEIGHT)

    def point(self, xy):
        x, y = xy
        return (
            (x - self.left) * self.size[0] / self.width,
            (y - self.top) * self.size[1] / self.height,
        )

    def points(self, points):
        return [self.point(p) for p in points]

    def shows(self, xy, margin=0):
        x, y = xy
        return (
            self.left + margin <= x <= self.left + self.width - margin
            and self.top + margin <= y <= self.top + self.height - margin
        )


def view_around(points, *, pad=100, min_width=520):
    """The smallest 16:9 window onto the world that holds `points` with room around them,
    kept inside the world's edges."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    width = max(
        max(xs) - min(xs) + 2 * pad, (max(ys) - min(ys) + 2 * pad) * WIDTH / HEIGHT, min_width
    )
    width = min(width, 600 * WIDTH / HEIGHT, 1000)
    height = width * HEIGHT / WIDTH
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    left = min(max(cx - width / 2, 0), 1000 - width)
    top = min(max(cy - height / 2, 0), 600 - height)
    return MapView(left, top, width, height)


def paint_world(image, view, highlight, *, borders=True):
    """Sea, land, the countries (`highlight` in red), their borders and the coasts, on
    `image` (RGB, filled with the sea) at whatever size it is."""
    scale = image.width / view.size[0]

    def pixels(points):
        return [(x * scale, y * scale) for x, y in view.points(points)]

    land = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(land)
    for shape in LANDS:
        draw.polygon(pixels(shape), fill=255)
    for shape in SEAS:
        draw.polygon(pixels(shape), fill=0)
    # Countries and frontiers are drawn over the land and cut off by the coast.
    layer = Image.new("RGB", image.size, LAND)
    draw = ImageDraw.Draw(layer)
    width = max(1, round(2 * scale))
    for country in COUNTRIES.values():
        for shape in country.shapes:
            draw.polygon(pixels(shape), fill=ACCENT if country.name in highlight else COUNTRY)
    if borders:
        for line in OTHER_BORDERS:
            draw.line(pixels(line), fill=BORDER, width=width, joint="curve")
        for country in COUNTRIES.values():
            for shape in country.shapes:
                draw.polygon(pixels(shape), outline=BORDER, width=width)
    image.paste(layer, mask=land)
    if borders:
        draw = ImageDraw.Draw(image)
        for shape in LANDS:
            draw.polygon(pixels(shape), outline=COAST, width=width)
        # Over the coast lines drawn across their mouths; an inner sea's own coast is its
        # outline but the last edge, which is its mouth onto the ocean.
        for shape in SEAS:
            draw.polygon(pixels(shape), fill=SEA)
            draw.line(pixels(shape), fill=COAST, width=width, joint="curve")


COMPASS = ("east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east")


def compass(start, end):
    """Which way `end` lies from `start`, in words (north is up)."""
    dx, dy = end[0] - start[0], start[1] - end[1]
    return COMPASS[round(math.degrees(math.atan2(dy, dx)) / 45) % 8]


@dataclass(frozen=True)
class LocatorMap:
    """A map of the world around `highlight` (country names): those countries in red with
    their capitals marked, the neighbours named, any `lines` and `places` drawn over it, and
    the whole world in a corner with the part shown outlined."""

    highlight: tuple
    lines: tuple = ()
    places: tuple = ()
    # What the lines and places show, for the alt text: "A line traces ...".
    describe: str = ""

    def view(self):
        points = [p for name in self.highlight for s in COUNTRIES[name].shapes for p in s]
        points += [p for line in self.lines for p in line.points]
        points += [place.at for place in self.places]
        return view_around(points)

    def neighbours(self, view):
        """The other countries the map shows enough of to name, with where their names go:
        at their usual place, or else amid the part of them in view."""
        named = []
        for country in COUNTRIES.values():
            if country.name in self.highlight:
                continue
            inside = [p for shape in country.shapes for p in shape if view.shows(p, view.width / 8)]
            if view.shows(country.label_at, view.width / 8):
                named.append((country, country.label_at))
            elif len(inside) >= 12:
                at = (
                    sum(x for x, _ in inside) / len(inside),
                    sum(y for _, y in inside) / len(inside),
                )
                named.append((country, at))
        return named

    def draw(self, seed=None):
        view = self.view()
        sketch = Sketch(SEA)
        paint_world(sketch.image, view, self.highlight)
        for name, at in SEA_NAMES:
            if view.shows(at, margin=30):
                sketch.text(view.point(at), name, 18, SEA_LABEL, anchor="mm")
        for line in self.lines:
            points = view.points(line.points)
            if line.dashed:
                for start, end in zip(points, points[1:], strict=False):
                    sketch.dashed(start, end, line.colour, width=3)
            else:
                sketch.line(points, WHITE, width=8)
                sketch.line(points, line.colour, width=4)
        for country, at in self.neighbours(view):
            sketch.text(view.point(at), country.name.upper(), 18, MUTED, anchor="mm", halo=LAND)
        for name in self.highlight:
            country = COUNTRIES[name]
            sketch.text(
                view.point(country.label_at),
                name.upper(),
                25,
                INK,
                bold=True,
                anchor="mm",
                halo=WHITE,
            )
            self.mark(sketch, view, country.capital, country.capital_at, capital=True)
        for place in self.places:
            self.mark(sketch, view, place.name, place.at, cross=place.cross, side=place.side)
        for line in self.lines:
            if line.label:
                at = view.point(line.label_at or line.points[len(line.points) // 2])
                sketch.text(at, line.label, 18, line.colour, bold=True, anchor="mm", halo=WHITE)
        if view.width < 900:
            self.inset(sketch, view)
        return sketch.finish()

    @staticmethod
    def mark(sketch, view, name, at, *, capital=False, cross=False, side="right"):
        x, y = view.point(at)
        if cross:
            for colour, width in ((WHITE, 8), (ACCENT, 4)):
                sketch.line([(x - 10, y - 10), (x + 10, y + 10)], colour, width=width)
                sketch.line([(x + 10, y - 10), (x - 10, y + 10)], colour, width=width)
        else:
            r = 7 if capital else 5
            sketch.ellipse(
                (x - r, y - r, x + r, y + r),
                fill=WHITE if capital else INK,
                outline=INK,
                width=3 if capital else 1,
            )
        if side == "right" and x > WIDTH - 220:
            side = "left"  # not off the edge
        xy, anchor = {
            "right": ((x + 15, y), "lm"),
            "left": ((x - 15, y), "rm"),
            "below": ((x, y + 16), "ma"),
        }[side]
        if name:
            sketch.text(xy, name, 20, INK, bold=capital, anchor=anchor, halo=WHITE)

    def inset(self, sketch, view):
        """The whole world, small, in the top right corner, the part shown outlined."""
        width, height = 240, 144
        left, top = WIDTH - width - 16, 16
        world = MapView(0, 0, 1000, 600, size=(width, height))
        small = Image.new("RGB", (width * SCALE, height * SCALE), SEA)
        paint_world(small, world, self.highlight, borders=False)
        sketch.image.paste(small, (left * SCALE, top * SCALE))
        sketch.rectangle(
            (left - 2, top - 2, left + width + 2, top + height + 2), outline=WHITE, width=3
        )
        (x0, y0), (x1, y1) = (
            world.point((view.left, view.top)),
            world.point((view.left + view.width, view.top + view.height)),
        )
        sketch.rectangle((left + x0, top + y0, left + x1, top + y1), outline=INK, width=2)

    def alt_text(self):
        chosen = [COUNTRIES[name] for name in self.highlight]
        names = join_words([in_a_sentence(country.name) for country in chosen])
        capitals = join_words([country.capital for country in chosen])
        if len(chosen) == 1:
            text = f"Map of {names}, highlighted in red, with its capital {capitals} marked."
            by_direction = {}
            for country, at in self.neighbours(self.view()):
                direction = compass(chosen[0].label_at, at)
                by_direction.setdefault(direction, []).append(in_a_sentence(country.name))
            around = [
                f"{join_words(others)} {'lie' if len(others) > 1 else 'lies'} to the {direction}"
                for direction, others in by_direction.items()
            ]
            if around:
                text += f" {join_words(around)}."
        else:
            text = f"Map with {names} highlighted in red, their capitals {capitals} marked."
        if self.describe:
            text += f" {self.describe}"
        return text


def in_a_sentence(name):
    return f"the {name}" if name.endswith("Islands") else name


def join_words(words):
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# -- Bar charts --------------------------------------------------------------------------


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one for each figure the story reports, with a value axis and its
    label, an optional reference line (a majority, a target) and the figures' source."""

    title: str
    axis_label: str
    bars: tuple  # ((label, value), ...), top to bottom
    source: str
    unit: str = ""  # around each value: "%", "$m" ("$85m"), "$bn"
    reference: tuple | None = None  # (value, "Majority: 76"): a dashed line and its label
    highlight: int | None = None  # the bar the story is about, in red
    decimals: int = 0

    def value_text(self, value):
        number = f"{value:,.{self.decimals}f}"
        if self.unit.startswith("$"):
            return f"${number}{self.unit[1:]}"
        return f"{number}{self.unit}"

    def draw(self, seed=None):
        sketch = Sketch(PAPER)
        sketch.text((60, 46), self.title, 34, INK, bold=True)
        label_width = max(sketch.text_width(label, 22) for label, _ in self.bars)
        left, right = 60 + label_width + 24, WIDTH - 110
        top, bottom = 130, HEIGHT - 120
        most = max([value for _, value in self.bars] + [self.reference[0] if self.reference else 0])
        step = nice_step(most)
        end = math.ceil(most / step) * step

        def x_of(value):
            return left + (right - left) * value / end

        tick = 0.0
        while tick <= end + step / 1000:
            x = x_of(tick)
            sketch.line([(x, top), (x, bottom)], (223, 219, 210), width=1.5)
            sketch.text((x, bottom + 14), f"{tick:,g}", 19, MUTED, anchor="ma")
            tick += step
        sketch.line([(left, top), (left, bottom)], INK, width=2)
        sketch.text(((left + right) / 2, bottom + 48), self.axis_label, 21, INK, anchor="ma")

        band = (bottom - top) / len(self.bars)
        thickness = min(band * 0.62, 70)
        for row, (label, value) in enumerate(self.bars):
            middle = top + band * (row + 0.5)
            colour = ACCENT if row == self.highlight else BLUE
            sketch.rectangle(
                (left, middle - thickness / 2, x_of(value), middle + thickness / 2), fill=colour
            )
            sketch.text((left - 14, middle), label, 22, INK, anchor="rm")
            sketch.text(
                (x_of(value) + 10, middle), self.value_text(value), 22, INK, bold=True, anchor="lm"
            )
        if self.reference:
            value, label = self.reference
            x = x_of(value)
            sketch.dashed((x, top - 10), (x, bottom), INK, width=2.5, dash=9, gap=6)
            sketch.text((x, top - 16), label, 19, INK, bold=True, anchor="md", halo=PAPER)
        sketch.text((60, HEIGHT - 34), f"Source: {self.source}", 17, MUTED, anchor="ls")
        return sketch.finish()

    def alt_text(self):
        figures = "; ".join(f"{label}, {self.value_text(value)}" for label, value in self.bars)
        text = f"Bar chart: {self.title} ({self.axis_label.lower()}). {figures}."
        if self.reference:
            value, label = self.reference
            what = label.split(":")[0].lower()
            text += f" A dashed line at {self.value_text(value)} marks the {what}."
        return text


def nice_step(most):
    """A round tick step giving four to eight ticks up to `most`."""
    for step in (0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if most / step <= 7:
            return step
    return 10 ** math.ceil(math.log10(most))


# -- Illustrations -----------------------------------------------------------------------

SKIES = [
    # (sky, far hills or sea, near ground), flat colours in the site's quiet palette
    ((222, 234, 241), (181, 203, 190), (139, 170, 150)),
    ((244, 226, 206), (205, 184, 160), (160, 138, 115)),
    ((216, 222, 238), (170, 180, 204), (124, 136, 166)),
]


def wave_points(rng, y, amplitude, left=-20, right=WIDTH + 20, bottom=HEIGHT + 20):
    """A wavy band from `y` down to the bottom edge, as a polygon."""
    k1, k2 = rng.uniform(0.008, 0.014), rng.uniform(0.02, 0.035)
    p1, p2 = rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)
    top = [
        (x, y + amplitude * math.sin(k1 * x + p1) + amplitude * 0.35 * math.sin(k2 * x + p2))
        for x in range(left, right + 1, 8)
    ]
    return [*top, (right, bottom), (left, bottom)], top


def hills(sketch, rng, y, amplitude, colour):
    points, _ = wave_points(rng, y, amplitude)
    sketch.polygon(points, fill=colour)


@dataclass(frozen=True)
class BallotBox:
    """A ballot box with a marked paper going into its slot."""

    def draw(self, seed):
        rng = random.Random(seed)
        sky, _, ground = rng.choice(SKIES)
        sketch = Sketch(sky)
        sketch.rectangle((0, 520, WIDTH, HEIGHT), fill=ground)
        box = rng.choice([(58, 96, 150), (70, 70, 78), (122, 48, 58)])
        lighter = tuple(min(255, c + 45) for c in box)
        darker = tuple(max(0, c - 30) for c in box)
        cx = rng.randint(560, 640)
        left, right, front_top, foot = cx - 190, cx + 150, 300, 560
        depth_x, depth_y = 80, 60
        sketch.ellipse((left - 30, foot - 22, right + depth_x + 40, foot + 26), fill=darker)
        sketch.polygon(
            [
                (left, front_top),
                (right, front_top),
                (right + depth_x, front_top - depth_y),
                (left + depth_x, front_top - depth_y),
            ],
            fill=lighter,
        )
        sketch.polygon(
            [
                (right, front_top),
                (right + depth_x, front_top - depth_y),
                (right + depth_x, foot - depth_y),
                (right, foot),
            ],
            fill=darker,
        )
        sketch.rectangle((left, front_top, right, foot), fill=box)
        sketch.rectangle((left + 40, front_top + 80, right - 40, front_top + 150), fill=WHITE)
        sketch.text(((left + right) / 2, front_top + 115), "VOTE", 44, box, bold=True, anchor="mm")
        slot_y = front_top - depth_y / 2
        slot_left, slot_right = left + depth_x / 2 + 60, right + depth_x / 2 - 60
        sketch.polygon(
            [
                (slot_left, slot_y - 6),
                (slot_right, slot_y - 6),
                (slot_right - 8, slot_y + 6),
                (slot_left - 8, slot_y + 6),
            ],
            fill=INK,
        )
        # The paper, tilted a little, its lower edge in the slot.
        tilt = math.radians(rng.uniform(-8, 8))
        base_x, base_y = (slot_left + slot_right) / 2, slot_y
        paper_w, paper_h = 150, 190

        def turn(dx, dy):
            return (
                base_x + dx * math.cos(tilt) - dy * math.sin(tilt),
                base_y + dx * math.sin(tilt) + dy * math.cos(tilt),
            )

        sketch.polygon(
            [
                turn(-paper_w / 2, 0),
                turn(paper_w / 2, 0),
                turn(paper_w / 2, -paper_h),
                turn(-paper_w / 2, -paper_h),
            ],
            fill=WHITE,
            outline=(200, 200, 200),
            width=2,
        )
        for row in range(3):
            dy = -paper_h + 40 + row * 45
            sketch.rectangle(
                tuple(v for v in (*turn(-52, dy - 12), *turn(-28, dy + 12))), outline=INK, width=2
            )
            sketch.line([turn(-14, dy), turn(50, dy)], (170, 170, 170), width=4)
        mark = 1 + rng.randint(0, 1)
        dy = -paper_h + 40 + mark * 45
        sketch.line([turn(-50, dy - 10), turn(-30, dy + 10)], ACCENT, width=5)
        sketch.line([turn(-30, dy - 10), turn(-50, dy + 10)], ACCENT, width=5)
        return sketch.finish()

    def alt_text(self):
        return (
            "Illustration of a ballot box, with a ballot paper marked with a cross being "
            "dropped into the slot on its lid."
        )


@dataclass(frozen=True)
class Pylon:
    """High-voltage pylons and their lines across open country; `turbines` adds wind
    turbines on the hills behind."""

    turbines: bool = False

    def draw(self, seed):
        rng = random.Random(seed)
        sky, far, near = rng.choice(SKIES)
        sketch = Sketch(sky)
        if self.turbines:
            for _ in range(3):
                self.turbine(
                    sketch, rng, rng.randint(80, 560), rng.randint(330, 370), rng.uniform(0.45, 0.7)
                )
        hills(sketch, rng, 430, 18, far)
        hills(sketch, rng, 545, 14, near)
        x = rng.randint(720, 860)
        behind = self.pylon(sketch, x - rng.randint(440, 520), 520, 0.42)
        front = self.pylon(sketch, x, 640, 1.0)
        # Each line runs from the edge to the far pylon, on to the near one, and out of the
        # picture on the right, sagging between its supports.
        for (x0, y0), (x1, y1) in zip(behind, front, strict=True):
            self.sag(sketch, (-30, y0 + 25), (x0, y0), 18)
            self.sag(sketch, (x0, y0), (x1, y1), 55)
            self.sag(sketch, (x1, y1), (WIDTH + 30, y1 + 70), 40)
        return sketch.finish()

    @staticmethod
    def sag(sketch, start, end, depth):
        (x0, y0), (x1, y1) = start, end
        points = [
            (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t + depth * 4 * t * (1 - t))
            for t in (i / 30 for i in range(31))
        ]
        sketch.line(points, (55, 55, 60), width=1.5)

    @staticmethod
    def pylon(sketch, x, foot, scale):
        """A lattice tower standing at (x, foot); returns where its four lines hang, left
        to right on the upper arm, then on the lower one."""
        steel = (70, 74, 80)
        height = 470 * scale
        top = foot - height
        half_foot, half_top = 80 * scale, 14 * scale
        w = max(1.5, 4 * scale)

        def half_width(y):
            return half_top + (half_foot - half_top) * (y - top) / height

        sketch.line([(x - half_foot, foot), (x - half_top, top)], steel, width=w)
        sketch.line([(x + half_foot, foot), (x + half_top, top)], steel, width=w)
        levels = [top + height * f for f in (0, 0.12, 0.24, 0.38, 0.54, 0.72, 1.0)]
        for y0, y1 in zip(levels, levels[1:], strict=False):
            a, b = half_width(y0), half_width(y1)
            sketch.line([(x - a, y0), (x + b, y1)], steel, width=w * 0.6)
            sketch.line([(x + a, y0), (x - b, y1)], steel, width=w * 0.6)
            sketch.line([(x - a, y0), (x + a, y0)], steel, width=w * 0.6)
        sketch.line([(x, top), (x, top - 30 * scale)], steel, width=w * 0.7)
        hangs = []
        for level, reach in ((levels[1], 150 * scale), (levels[2], 120 * scale)):
            a, drop = half_width(level), 26 * scale
            sketch.polygon(
                [
                    (x - reach, level),
                    (x + reach, level),
                    (x + a, level + drop),
                    (x - a, level + drop),
                ],
                outline=steel,
                width=max(1, round(w * 0.6)),
            )
            for end in (x - reach + 8 * scale, x + reach - 8 * scale):
                sketch.line([(end, level), (end, level + 34 * scale)], (120, 120, 120), width=w)
                hangs.append((end, level + 34 * scale))
        return hangs

    @staticmethod
    def turbine(sketch, rng, x, base, scale):
        white = (248, 248, 248)
        hub_y = base - 260 * scale
        sketch.polygon(
            [
                (x - 7 * scale, base),
                (x + 7 * scale, base),
                (x + 3 * scale, hub_y),
                (x - 3 * scale, hub_y),
            ],
            fill=white,
        )
        turn = rng.uniform(0, 2 * math.pi / 3)
        for blade in range(3):
            angle = turn + blade * 2 * math.pi / 3
            tip = (x + 130 * scale * math.cos(angle), hub_y + 130 * scale * math.sin(angle))
            side = (
                x + 12 * scale * math.cos(angle + 1.2),
                hub_y + 12 * scale * math.sin(angle + 1.2),
            )
            sketch.polygon([(x, hub_y), side, tip], fill=white)
        sketch.ellipse(
            (x - 8 * scale, hub_y - 8 * scale, x + 8 * scale, hub_y + 8 * scale), fill=white
        )

    def alt_text(self):
        text = "Illustration of high-voltage pylons carrying power lines across rolling hills"
        if self.turbines:
            text += ", with wind turbines turning on the hills behind them"
        return text + "."


@dataclass(frozen=True)
class Sea:
    """Layered waves under a flat sky; with a `seawall` breaking them on one side, a
    `ship` (a container ship) or a `boat` (a small open boat) on them."""

    seawall: bool = False
    ship: bool = False
    boat: bool = False
    rough: bool = False

    def draw(self, seed):
        rng = random.Random(seed)
        sky = (96, 110, 128) if self.rough else rng.choice([(214, 230, 240), (240, 222, 204)])
        sketch = Sketch(sky)
        if not self.rough:
            sx, sy = rng.randint(150, 1050), rng.randint(90, 170)
            sketch.ellipse((sx - 46, sy - 46, sx + 46, sy + 46), fill=(252, 244, 222))
        blues = [(117, 160, 190), (88, 136, 172), (62, 112, 152), (42, 90, 130), (28, 70, 108)]
        amplitude = 16 if self.rough else 8
        layers = []
        for i, colour in enumerate(blues):
            y = 300 + i * 80
            points, crest = wave_points(rng, y, amplitude * (1 + i * 0.4))
            layers.append((points, crest, colour))
        for i, (points, crest, colour) in enumerate(layers):
            sketch.polygon(points, fill=colour)
            if i >= 1:
                sketch.line(crest, (236, 244, 248), width=2 + i)
            if i == 1 and self.ship:
                self.container_ship(sketch, rng, crest)
            if i == 2 and self.boat:
                self.small_boat(sketch, rng, crest)
        if self.seawall:
            self.wall(sketch, rng)
        return sketch.finish()

    @staticmethod
    def wall(sketch, rng):
        stone, joint = (150, 146, 138), (118, 114, 108)
        top, left = 360, 840
        sketch.polygon(
            [(left, top), (WIDTH, top - 30), (WIDTH, HEIGHT), (left - 150, HEIGHT)], fill=stone
        )
        for row in range(8):
            y = top + 20 + row * 40
            x_start = left - row * 19 + (row % 2) * 30
            sketch.line([(left - row * 19 - 10, y), (WIDTH, y - 30 + row)], joint, width=2)
            for x in range(round(x_start), WIDTH, 70):
                sketch.line([(x, y), (x - 8, y + 40)], joint, width=2)
        sketch.rectangle((left, top - 20, WIDTH, top), fill=(170, 166, 158))
        for _ in range(14):
            x = rng.uniform(left - 140, left + 40)
            y = rng.uniform(top - 60, top + 120)
            r = rng.uniform(10, 26)
            sketch.ellipse((x - r, y - r, x + r, y + r), fill=(240, 246, 250))

    @staticmethod
    def container_ship(sketch, rng, crest):
        x = rng.randint(250, 650)
        y = min(py for px, py in crest if x - 10 <= px <= x + 420) + 12
        hull = (46, 50, 60)
        sketch.polygon(
            [(x, y - 40), (x + 430, y - 40), (x + 395, y + 12), (x + 30, y + 12)], fill=hull
        )
        sketch.rectangle((x + 360, y - 110, x + 410, y - 40), fill=(235, 235, 235))
        sketch.rectangle((x + 368, y - 100, x + 402, y - 88), fill=(60, 80, 100))
        colours = [(163, 0, 27), (11, 79, 138), (214, 140, 38), (90, 130, 80), (150, 150, 150)]
        for column in range(8):
            for level in range(rng.randint(1, 3)):
                left = x + 30 + column * 40
                top = y - 40 - (level + 1) * 26
                sketch.rectangle((left, top, left + 37, top + 24), fill=rng.choice(colours))

    @staticmethod
    def small_boat(sketch, rng, crest):
        x = rng.randint(300, 700)
        y = min(py for px, py in crest if x - 10 <= px <= x + 170) + 8
        sketch.polygon(
            [(x, y - 22), (x + 170, y - 30), (x + 140, y + 8), (x + 22, y + 8)], fill=(214, 120, 40)
        )
        sketch.line([(x + 4, y - 22), (x + 168, y - 30)], (120, 60, 20), width=4)

    def alt_text(self):
        sky = "a stormy grey sky" if self.rough else "a clear sky"
        text = f"Illustration of {'rough' if self.rough else 'calm'} sea waves under {sky}"
        if self.ship:
            text += ", with a container ship stacked with coloured containers"
        if self.boat:
            text += ", with a small open boat riding the swell"
        if self.seawall:
            text += ", breaking in white spray against a stone seawall on the right"
        return text + "."
