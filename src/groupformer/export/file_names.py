"""File names from group ids, which are free text once the coordinator names fixed groups ("Anna's group").

Only ASCII letters, digits, dot, dash and underscore survive (accents are dropped first, so "Müller"
becomes "Muller"), nothing starts with a dot, and names are unique ignoring case, because macOS and
Windows folders ignore case and two groups must never overwrite one another's file.
"""

from __future__ import annotations

import re
import unicodedata

UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
LONGEST_STEM = 80


def _stem(group_id: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", group_id).encode("ascii", "ignore").decode("ascii")
    return UNSAFE.sub("_", ascii_text).strip("._")[:LONGEST_STEM] or "group"


def safe_file_names(group_ids: list[str], suffix: str) -> dict[str, str]:
    names: dict[str, str] = {}
    taken: set[str] = set()
    for group_id in group_ids:
        stem = candidate = _stem(group_id)
        copy_number = 2
        while candidate.lower() in taken:
            candidate = f"{stem}-{copy_number}"
            copy_number += 1
        taken.add(candidate.lower())
        names[group_id] = candidate + suffix
    return names
