"""Turn raw bytes into a validated `SignupFile`, or into a list of problems each naming its place.

A coordinator fixes a sign-up file in one go only if every problem is reported at once, so the
checks that need the whole file (unique ids, references to other ids) run on the raw JSON even when
some participants fail their type checks.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import pydantic

from groupformer.contract import SignupFile, SubmittedSolution
from groupformer.contract.limits import MAX_NESTING_DEPTH, quoted, shortened
from groupformer.grouping import Grouping
from groupformer.json_shape import KeyRecorder, first_duplicate_key, nests_too_deep, too_deep_position
from groupformer.open_group_checks import open_group_problems

ModelType = TypeVar("ModelType", bound=pydantic.BaseModel)


class InputError(Exception):
    """Bad input: every problem found, each a line naming a JSON path or participant id."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def json_path(location: tuple[Any, ...]) -> str:
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{shortened(str(part))}" if path else shortened(str(part))
    return path or "(top level)"


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 (or UTF-32) text, which spreadsheets save as "Unicode text": a byte order mark, or NUL
    bytes between the letters, which UTF-8 text does not have."""
    return raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw.count(0) * 4 >= len(raw) > 0


def decoded_text(raw: bytes, source_name: str, hint: str = "save it as UTF-8") -> str:
    if looks_like_utf16(raw):
        raise InputError([f"{source_name}: UTF-16 text (NUL bytes between the letters), not UTF-8; {hint}"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError([f"{source_name}: not UTF-8 text (byte {error.start}: {error.reason}); {hint}"]) from None


def parse_json(raw: bytes, source_name: str) -> Any:
    """The JSON value of `raw`, refused when it repeats a key in an object (which one would win is left
    to chance by other readers) or nests deeper than MAX_NESTING_DEPTH (which would exhaust the stack)."""
    text = decoded_text(raw, source_name)
    keys = KeyRecorder()
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=keys)
    except json.JSONDecodeError as error:
        raise InputError(
            [f"{source_name}: line {error.lineno} column {error.colno}: invalid JSON: {error.msg}"]
        ) from None
    except RecursionError:
        raise InputError([too_deep(source_name, text)]) from None
    except ValueError as error:
        raise InputError([f"{source_name}: {error}"]) from None
    if nests_too_deep(data):
        raise InputError([too_deep(source_name, text)])
    duplicate = first_duplicate_key(data) if keys.found else None
    if duplicate is not None:
        location, key = duplicate
        raise InputError([_describe(location, f"the key {quoted(key)} appears more than once", data)])
    return data


def too_deep(source_name: str, text: str) -> str:
    """The problem of a document nested deeper than MAX_NESTING_DEPTH, at the bracket that goes too deep."""
    position = too_deep_position(text)
    where = f"{source_name}: {position}" if position else source_name
    return f"{where}: nested deeper than {MAX_NESTING_DEPTH} levels"


def _participant_id_at(data: Any, index: int) -> str | None:
    participants = data.get("participants") if isinstance(data, dict) else None
    if isinstance(participants, list) and index < len(participants):
        entry = participants[index]
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            return entry["id"]
    return None


def _describe(location: tuple[Any, ...], message: str, data: Any) -> str:
    where = json_path(location)
    if len(location) >= 2 and location[0] == "participants" and isinstance(location[1], int):
        participant_id = _participant_id_at(data, location[1])
        if participant_id is not None:
            where += f" (participant {shortened(participant_id)})"
    return f"{where}: {message}"


def _pydantic_problems(error: pydantic.ValidationError, data: Any) -> list[str]:
    problems = []
    for detail in error.errors(include_url=False):
        message = detail["msg"].removeprefix("Value error, ")
        problems += [_describe(tuple(detail["loc"]), line, data) for line in message.split("\n")]
    return problems


def _raw_participants(data: Any) -> list[tuple[int, dict]]:
    participants = data.get("participants") if isinstance(data, dict) else None
    if not isinstance(participants, list):
        return []
    return [(index, entry) for index, entry in enumerate(participants) if isinstance(entry, dict)]


def _id_problems(data: Any) -> list[str]:
    """Duplicate ids and `avoid`/`prefer` entries naming nobody (or oneself)."""
    problems = []
    first_index: dict[str, int] = {}
    for index, entry in _raw_participants(data):
        participant_id = entry.get("id")
        if isinstance(participant_id, str) and participant_id:
            if participant_id in first_index:
                problems.append(
                    f"participants[{index}].id: duplicate id {quoted(participant_id)} "
                    f"(first used by participants[{first_index[participant_id]}])"
                )
            else:
                first_index[participant_id] = index
    for index, entry in _raw_participants(data):
        for field in ("avoid", "prefer"):
            references = entry.get(field)
            if not isinstance(references, list):
                continue
            for position, other in enumerate(references):
                if not isinstance(other, str) or not other:
                    continue
                location = ("participants", index, field, position)
                if other == entry.get("id"):
                    problems.append(_describe(location, f"a participant cannot {field} themselves", data))
                elif other not in first_index:
                    problems.append(_describe(location, f"unknown participant id {quoted(other)}", data))
    return problems


def validate_model(data: Any, model: type[ModelType], source_name: str) -> ModelType:
    if not isinstance(data, dict):
        raise InputError([f"{source_name}: the top level must be a JSON object"])
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as error:
        raise InputError(_pydantic_problems(error, data)) from None


def load_signups(raw: bytes, source_name: str = "input") -> SignupFile:
    data = parse_json(raw, source_name)
    problems = _id_problems(data)
    try:
        signups = validate_model(data, SignupFile, source_name)
    except InputError as error:
        raise InputError(error.problems + problems) from None
    problems += open_group_problems(signups)
    if problems:
        raise InputError(problems)
    return signups


def load_solution(raw: bytes, source_name: str = "solution") -> SubmittedSolution:
    return validate_model(parse_json(raw, source_name), SubmittedSolution, source_name)


def membership_problems(listings: list[tuple[str, str]], signups: SignupFile) -> list[str]:
    """A grouping may name each signed-up participant once: `listings` pairs every id it names with
    where (a JSON path, a row and column)."""
    known = {participant.id for participant in signups.participants}
    first_place: dict[str, str] = {}
    problems = []
    for participant_id, place in listings:
        if participant_id not in known:
            problems.append(f"{place}: unknown participant id {quoted(participant_id)}")
        elif participant_id in first_place:
            problems.append(f"{place}: {participant_id} is already at {first_place[participant_id]}")
        else:
            first_place[participant_id] = place
    return problems


def _entries(data: Any, key: str) -> list[tuple[int, dict]]:
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    return [(index, entry) for index, entry in enumerate(entries) if isinstance(entry, dict)]


def _grouping_listings(data: Any) -> list[tuple[str, str]]:
    """Every participant id the raw grouping names, with its JSON path, read before the type checks so
    that unknown and repeated ids are reported along with any other problem."""
    listings = []
    for index, group in _entries(data, "groups"):
        members = group.get("members")
        named = f" (group {shortened(group['id'])})" if isinstance(group.get("id"), str) else ""
        for position, member in enumerate(members if isinstance(members, list) else []):
            if isinstance(member, str):
                listings.append((member, f"groups[{index}].members[{position}]{named}"))
    for index, entry in _entries(data, "unassigned"):
        if isinstance(entry.get("id"), str):
            listings.append((entry["id"], f"unassigned[{index}].id"))
    return listings


def load_grouping(raw: bytes, signups: SignupFile, source_name: str = "grouping") -> Grouping:
    """A solution or any part of one that names each group's members (docs/evaluate.md)."""
    data = parse_json(raw, source_name)
    problems = membership_problems(_grouping_listings(data), signups)
    try:
        grouping = validate_model(data, Grouping, source_name)
    except InputError as error:
        raise InputError(error.problems + problems) from None
    if problems:
        raise InputError(problems)
    return grouping
