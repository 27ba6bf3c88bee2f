"""Readers for single form cells: multi-select answers, time ranges, numbers, sizes.

Each reader either returns contract-ready values or raises `CellError` with a message that says what
was expected, because the coordinator fixing the spreadsheet needs the expected shape more than the
parser's complaint.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from groupformer.contract.limits import quoted
from groupformer.formimport.mapping import DistanceUnit, answer_key


def _time_pattern(side: str) -> str:
    """One end of a range: "noon", "midnight", "9", "9:30", "9:30am", "9 p.m."."""
    return (
        rf"(?:(?P<{side}_word>noon|midnight)"
        rf"|(?P<{side}_hour>\d{{1,2}})(?::(?P<{side}_minute>\d{{2}}))?\s*(?P<{side}_half>[ap]\.?m\.?)?)"
    )


_TIME_RANGE = re.compile(
    r"^\s*" + _time_pattern("start") + r"\s*(?:-|–|—|to|until)\s*" + _time_pattern("end") + r"\s*$",
    re.IGNORECASE,
)
_DISTANCE = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>km|kilometers|kilometres|mi|miles?)?\s*$", re.I)
_SIZE_RANGE = re.compile(r"^\s*(?P<min>\d+)\s*(?:(?:-|–|—|to)\s*(?P<max>\d+))?\s*$", re.IGNORECASE)

TIME_RANGE_EXAMPLE = "a time range like 12:00-13:30 or 12pm-2pm"


class CellError(ValueError):
    """A cell that cannot be read; the message completes 'row N, column "C": ...'."""


class KnownAnswers:
    """Answers a cell may hold whole although they contain a separator ("Relaxed, conversational"), with
    the most pieces one of them spans for each separator, so that splitting a long cell takes linear time."""

    def __init__(self, answers: Iterable[str] = ()) -> None:
        self.answers = frozenset(answers)
        self.most_pieces = {
            separator: max((answer.count(separator) + 1 for answer in self.answers), default=1) for separator in ";,"
        }


NO_KNOWN_ANSWERS = KnownAnswers()


def split_answers(cell: str, known: KnownAnswers = NO_KNOWN_ANSWERS) -> list[str]:
    """Microsoft Forms joins choices with ';', Google Forms with ', '. When a cell has a ';', only ';'
    separates. Pieces that together spell a known answer ("Relaxed, conversational") stay together,
    longest first, since Google Forms does not escape commas inside choices."""
    separator = ";" if ";" in cell else ","
    pieces = [piece.strip() for piece in cell.split(separator) if piece.strip()]
    answers = []
    start = 0
    while start < len(pieces):
        end = _end_of_known_answer(pieces, start, separator, known)
        answers.append(f"{separator} ".join(pieces[start:end]))
        start = end
    return answers


def _end_of_known_answer(pieces: list[str], start: int, separator: str, known: KnownAnswers) -> int:
    """The end of the longest run of pieces from `start` that is a known answer, or just one piece."""
    for end in range(min(len(pieces), start + known.most_pieces[separator]), start + 1, -1):
        if answer_key(f"{separator} ".join(pieces[start:end])) in known.answers:
            return end
    return start + 1


def _minutes(match: re.Match, side: str, half: str | None) -> int | None:
    """Minutes after midnight of one end of a range, or None when the numbers are not a clock time."""
    word = match[f"{side}_word"]
    if word:
        return 12 * 60 if word.casefold() == "noon" else 0
    hour = int(match[f"{side}_hour"])
    minute = int(match[f"{side}_minute"] or 0)
    if minute > 59:
        return None
    if half is None:
        return hour * 60 + minute if hour <= 24 and (hour < 24 or minute == 0) else None
    if not 1 <= hour <= 12:
        return None
    return (hour % 12 + (12 if half == "p" else 0)) * 60 + minute


def _half(match: re.Match, side: str) -> str | None:
    text = match[f"{side}_half"]
    return text[0].casefold() if text else None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _range_minutes(match: re.Match) -> tuple[int | None, int | None]:
    """A start without am/pm takes the end's ("9-11am"), unless that puts it after the end ("11-1pm")."""
    end_half = _half(match, "end")
    start_half = _half(match, "start")
    end = _minutes(match, "end", end_half)
    if start_half is None and end_half is not None and not match["start_word"]:
        start = _minutes(match, "start", end_half)
        if start is not None and end is not None and start >= end:
            start = _minutes(match, "start", "a")
        return start, end
    return _minutes(match, "start", start_half), end


def parse_time_range(text: str) -> tuple[str, str]:
    """One range as contract clock times; an end at midnight is 24:00, the end of that day."""
    match = _TIME_RANGE.match(text)
    if match is None:
        raise CellError(f"cannot read {quoted(text)} as {TIME_RANGE_EXAMPLE}")
    start, end = _range_minutes(match)
    if start is None or end is None:
        raise CellError(f"{quoted(text)} is not a time of day: use {TIME_RANGE_EXAMPLE}")
    if end == 0:
        end = 24 * 60
    if start >= 24 * 60 or start >= end:
        raise CellError(f"{quoted(text)} ends before it starts (a range may not cross midnight: split it in two days)")
    return _clock(start), _clock(end)


def parse_number(text: str, what: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise CellError(f"cannot read {quoted(text)} as {what}") from None
    if not math.isfinite(number) or number < 0:
        raise CellError(f"cannot read {quoted(text)} as {what}")
    return number


def parse_distance(text: str, default_unit: DistanceUnit) -> tuple[float, DistanceUnit]:
    """A number in the mapping's unit, or with its own unit ("40 km", "25 miles") which then wins."""
    match = _DISTANCE.match(text)
    if match is None:
        raise CellError(f"cannot read {quoted(text)} as a distance like 25 or 40 km or 25 miles")
    written_unit = (match["unit"] or "").casefold()
    unit: DistanceUnit = "mi" if written_unit.startswith("mi") else "km" if written_unit else default_unit
    return float(match["number"]), unit


def parse_size_range(text: str) -> dict[str, int]:
    match = _SIZE_RANGE.match(text)
    if match is None:
        raise CellError(f"cannot read {quoted(text)} as a group size like 4 or 3-5")
    low = int(match["min"])
    high = int(match["max"] or low)
    if low < 1 or low > high:
        raise CellError(f"{quoted(text)} is not a group size range from the smaller to the larger size")
    return {"min": low, "max": high}
