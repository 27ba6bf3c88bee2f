"""The coordinator who sends the invitations (`export --organizer "Name <email>"`).

With an organizer the calendar files are invitations (METHOD:REQUEST): calendar programs offer the
members to accept or decline, and send their answers to that address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from icalendar import vCalAddress

NAMED_ADDRESS = re.compile(r'^\s*"?(?P<name>[^"<>]*?)"?\s*<(?P<email>[^<>]*)>\s*$')
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\".]+(\.[^@\s<>\".]+)+$")
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Organizer:
    name: str | None
    email: str

    def address(self) -> vCalAddress:
        address = vCalAddress(f"mailto:{self.email}")
        if self.name:
            address.params["CN"] = self.name
        return address


def parse_organizer(text: str) -> Organizer:
    """`Name <email>`, `"Name" <email>` or a bare email. Raises ValueError saying what is wrong."""
    match = NAMED_ADDRESS.match(text)
    name, email = (match["name"].strip() or None, match["email"].strip()) if match else (None, text.strip())
    if not EMAIL.match(email):
        raise ValueError(f'{text!r}: expected "Name <email>" with an email such as anna@example.org')
    if name is not None and CONTROL_CHARACTER.search(name):
        raise ValueError(f"{text!r}: the name contains a control character")
    return Organizer(name, email)
