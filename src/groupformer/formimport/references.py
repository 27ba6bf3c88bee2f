"""`avoid` and `prefer` answers name other sign-ups; here they become those sign-ups' ids.

People name colleagues the way they know them (an email, a name), not by an id the coordinator made
up, so an answer is looked up by each key the mapping allows, in its order. A name shared by two
sign-ups is ambiguous and reported rather than guessed: a wrong `avoid` would hide a real conflict.
"""

from __future__ import annotations

from groupformer.contract.limits import quoted
from groupformer.formimport.cells import CellError, KnownAnswers, split_answers
from groupformer.formimport.mapping import ReferenceKey, answer_key

REFERENCE_FIELDS = ("avoid", "prefer")


def _has_id(person: dict) -> bool:
    """A row without an id (reported as such) cannot be named by other rows until it has one."""
    return "id" in person


def _key(kind: ReferenceKey, text: str) -> str:
    return text.strip() if kind == "id" else answer_key(text)


class Directory:
    """Every sign-up's id, found by id, email or name."""

    def __init__(self, people: list[dict], kinds: list[ReferenceKey]):
        self.kinds = kinds
        self._ids: dict[ReferenceKey, dict[str, list[str]]] = {kind: {} for kind in kinds}
        answers: set[str] = set()
        for person in filter(_has_id, people):
            for kind in kinds:
                if person.get(kind):
                    self._ids[kind].setdefault(_key(kind, person[kind]), []).append(person["id"])
                    answers.add(answer_key(person[kind]))
        self._known_answers = KnownAnswers(answers)

    def _find(self, answer: str) -> str:
        for kind in self.kinds:
            found = self._ids[kind].get(_key(kind, answer), [])
            if len(found) > 1:
                raise CellError(f"{quoted(answer)} is the {kind} of several sign-ups ({', '.join(found)}): use an id")
            if found:
                return found[0]
        raise CellError(f"{quoted(answer)} names nobody who signed up (looked up by {', '.join(self.kinds)})")

    def ids_named_in(self, cell: str, own_id: str) -> list[str]:
        ids: list[str] = []
        for answer in split_answers(cell, self._known_answers):
            found = self._find(answer)
            if found == own_id:
                raise CellError(f"{quoted(answer)} is this sign-up itself")
            ids.append(found)
        return list(dict.fromkeys(ids))
