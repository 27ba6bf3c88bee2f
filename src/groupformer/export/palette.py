"""One colour per group, the same on the group's card and on the map, so a reader can match them."""

from __future__ import annotations

# Tableau 10, darkened where white text or a white outline needs the contrast.
GROUP_COLOURS = (
    "#1f77b4",
    "#d95f02",
    "#2ca02c",
    "#d62728",
    "#7b4fa6",
    "#8c564b",
    "#c2417f",
    "#5f6b6d",
    "#9a9a16",
    "#138d9c",
)


def group_colour(index: int) -> str:
    return GROUP_COLOURS[index % len(GROUP_COLOURS)]
