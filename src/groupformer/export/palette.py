"""Every colour the report draws with, chosen so that each pair it uses passes WCAG AA.

Text needs a contrast of 4.5:1 against what it is drawn on, graphical marks (dots, outlines, bars) 3:1.
Group colours serve as both (the card's title, the map's labels and points), so each is dark enough for
text on the lightest background; `tests/test_report.py` recomputes every pair listed here.
"""

from __future__ import annotations

PAGE = "#f4f6f9"
CARD = "#ffffff"
MAP_BACKGROUND = "#f8fafc"
CHIP = "#eef2f7"
INK = "#1f2937"
SOFT_INK = "#374151"
MUTED = "#566070"
GOOD = "#15803d"
BAD = "#b91c1c"

# Tableau 10's hues, darkened until each reads as text on white and on the map's background.
GROUP_COLOURS = (
    "#1f6aa5",
    "#b34d00",
    "#237a23",
    "#c21d1d",
    "#7b4fa6",
    "#8c564b",
    "#b0306e",
    "#5f6b6d",
    "#6f6f00",
    "#0f7380",
)

# (text colour, background) pairs of the page's stylesheet and figures, besides the group colours.
TEXT_PAIRS = (
    (INK, PAGE),
    (INK, CARD),
    (INK, CHIP),
    (SOFT_INK, CARD),
    (SOFT_INK, MAP_BACKGROUND),
    (MUTED, PAGE),
    (MUTED, CARD),
    (GOOD, CARD),
    (BAD, CARD),
    (BAD, PAGE),
)
GROUP_BACKGROUNDS = (CARD, MAP_BACKGROUND)
# Black and white: whatever a heat-map cell's shade, one of them has at least 4.58:1 against it.
CELL_INKS = ("#000000", "#ffffff")


def group_colour(index: int) -> str:
    return GROUP_COLOURS[index % len(GROUP_COLOURS)]


def _channel(value: int) -> float:
    share = value / 255
    return share / 12.92 if share <= 0.04045 else ((share + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_ink(background: str) -> str:
    """The one of the cell inks that contrasts most with a shaded cell."""
    return max(CELL_INKS, key=lambda ink: contrast(ink, background))
