"""Two shapes of a parsed document (JSON, or a TOML mapping) that its reader accepts but groupformer
refuses: an object that repeats a key, and nesting deeper than the contract's limit.

A repeated key is a silent choice (the last one wins, other tools may take the first), and a document
nested thousands of levels deep exhausts the stack of whatever walks it. Both are looked for without
slowing the reading of a large file: the repeated keys are marked while the JSON is parsed, and the
position of too deep a nesting is searched in the text only once the depth is known to be too much.
"""

from __future__ import annotations

import re
from typing import Any

from groupformer.contract.limits import MAX_NESTING_DEPTH

# A string (JSON's, or TOML's either quotes), a TOML comment, or a bracket that opens or closes a level.
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]')


class DuplicateKeys(dict):
    """An object whose text repeats `repeated`, marked for `first_duplicate_key` to find."""

    repeated: str


# What a JSON or TOML reader builds for an object or a list (DuplicateKeys: an object that repeats a key).
_CONTAINERS = frozenset({dict, list, DuplicateKeys})


class KeyRecorder:
    """json.loads's object_pairs_hook: builds each object, marking one that repeats a key, and notes
    whether any did, so that a document without any is not walked to look for them."""

    def __init__(self) -> None:
        self.found = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict:
        built = dict(pairs)
        if len(built) == len(pairs):
            return built
        self.found = True
        marked = DuplicateKeys(built)
        seen: set[str] = set()
        marked.repeated = next(key for key, _ in pairs if key in seen or seen.add(key))
        return marked


def first_duplicate_key(data: Any) -> tuple[tuple[Any, ...], str] | None:
    """The place (as a location tuple) of the first object, in document order, that repeats a key,
    and that key."""
    pending: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while pending:
        location, node = pending.pop()
        if isinstance(node, DuplicateKeys):
            return location, node.repeated
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        pending += reversed([((*location, key), child) for key, child in children])
    return None


def nests_too_deep(data: Any) -> bool:
    """Whether the parsed document has more than MAX_NESTING_DEPTH levels of objects and lists. Walked
    level by level, testing types by identity: a file of 100,000 sign-ups holds a million containers."""
    level = [data] if type(data) in _CONTAINERS else []
    for _ in range(MAX_NESTING_DEPTH):
        below: list[Any] = []
        for node in level:
            below += [value for value in (node if type(node) is list else node.values()) if type(value) in _CONTAINERS]
        if not below:
            return False
        level = below
    return True


def too_deep_location(data: Any) -> tuple[Any, ...]:
    """The location of the first object or list, in document order, at level MAX_NESTING_DEPTH + 1 (of a
    document that `nests_too_deep`)."""
    pending: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while pending:
        location, node = pending.pop()
        if len(location) == MAX_NESTING_DEPTH:
            return location
        children = node.items() if isinstance(node, dict) else enumerate(node)
        pending += reversed([((*location, key), child) for key, child in children if isinstance(child, dict | list)])
    return ()


def too_deep_position(text: str) -> str | None:
    """'line L column C' of the bracket that opens level MAX_NESTING_DEPTH + 1 of the text, for a document
    too deep for its reader to build."""
    depth = 0
    for token in _TOKEN.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_NESTING_DEPTH:
                line = text.count("\n", 0, token.start()) + 1
                column = token.start() - (text.rfind("\n", 0, token.start()) + 1) + 1
                return f"line {line} column {column}"
        elif bracket in ("]", "}"):
            depth -= 1
    return None
