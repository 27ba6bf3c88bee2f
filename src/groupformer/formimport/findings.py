"""What the import decided on its own, for the coordinator to check: where each place was found, the
distance unit, the time zones taken from places, and which namesake a city name was read as.

These are not problems (the sheet converts), but each is a reading of the members' answers that a
coordinator may want to overrule, so the summary on standard error lists them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from groupformer.formimport.mapping import DistanceUnit
from groupformer.formimport.place import SOURCE_NAMES, Place, Source

UNIT_NAMES: dict[DistanceUnit, str] = {"km": "km", "mi": "miles"}

# Wide as "participants", the widest label of the summary these lines continue.
SUMMARY_LABEL_WIDTH = 12


@dataclass
class Findings:
    places: dict[str, Place] = field(default_factory=dict)
    """By participant id."""
    travel_units: Counter[DistanceUnit] = field(default_factory=Counter)
    """How many radius answers were in each unit (written in the cell, or the mapping's unit)."""
    timezones_from_locations: int = 0
    remarks: list[tuple[int, str]] = field(default_factory=list)
    """(row number, 'row N, column "C": ...') for each choice made among readings of an answer."""

    def remark(self, row_number: int, column: str, message: str) -> None:
        self.remarks.append((row_number, f'row {row_number}, column "{column}": {message}'))

    def place_counts(self) -> Counter[Source]:
        return Counter(place.source for place in self.places.values())


def distance_unit_of_answers(travel_units: Counter[DistanceUnit], declared: DistanceUnit) -> tuple[DistanceUnit, str]:
    """The unit most radius answers use (the mapping's own on a tie or without answers), and why."""
    if not travel_units:
        return declared, f"{UNIT_NAMES[declared]} (the mapping's travel_unit; no travel answers)"
    unit = max(travel_units, key=lambda candidate: (travel_units[candidate], candidate == declared))
    total = sum(travel_units.values())
    if travel_units[unit] == total:
        return unit, f"{UNIT_NAMES[unit]} ({total} travel answers in {UNIT_NAMES[unit]})"
    others = ", ".join(f"{count} in {UNIT_NAMES[other]}" for other, count in travel_units.items() if other != unit)
    return unit, f"{UNIT_NAMES[unit]}, which most travel answers use ({travel_units[unit]} of {total}; {others})"


def summary_lines(findings: Findings, distance_reason: str) -> str:
    """Lines that continue the import summary table."""
    counts = findings.place_counts()
    rows = [
        ("places", ", ".join(f"{counts[source]} {name}" for source, name in SOURCE_NAMES.items() if counts[source])),
        ("distances", distance_reason),
    ]
    if findings.timezones_from_locations:
        rows.append(("time zones", f"{findings.timezones_from_locations} taken from the location's place"))
    rows += [("note", remark) for _, remark in sorted(findings.remarks, key=lambda entry: entry[0])]
    return "\n".join(f"  {label.ljust(SUMMARY_LABEL_WIDTH)}  {value or '-'}" for label, value in rows)
