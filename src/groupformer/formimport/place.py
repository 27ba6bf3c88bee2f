"""A resolved place and where it was found, and how typed place names compare with a gazetteer's.

Members type "Sao Paulo", "montreal" or "Saint Etienne" for São Paulo, Montréal and Saint-Étienne;
their keyboard, not their meaning, differs, so names compare ignoring case, accents and punctuation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Source = Literal["coordinates", "us_zip", "us_city", "world"]

SOURCE_NAMES: dict[Source, str] = {
    "coordinates": "coordinates",
    "us_zip": "US ZIP",
    "us_city": "US city/state",
    "world": "world gazetteer",
}

# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"})
_PUNCTUATION = str.maketrans({mark: " " for mark in "-‐–—()"} | {mark: "" for mark in ".'’`"})


# Abbreviations that gazetteers spell out in some names and not in others ("Saint Louis", "St. Louis").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def place_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED_LETTERS))
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return " ".join(_ABBREVIATIONS.get(word, word) for word in plain.translate(_PUNCTUATION).split())


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    source: Source
    name: str | None = None
    """The gazetteer's name ("Lyon, France"), shown beside the answer so a wrong match is easy to spot."""
    timezone: str | None = None
    note: str | None = None
    """A choice the lookup made that the coordinator should know about (which of several namesakes)."""
