"""Independent parts: people who can never share a group, even through others, are solved apart.

Parts are the connected components of the compatibility graph, in order of their smallest member, so the
merge order (and with it the output) never depends on timing.
"""

from __future__ import annotations

from groupformer import bitset
from groupformer.problem import Problem


def independent_parts(problem: Problem, people: list[int] | None = None) -> list[list[int]]:
    """The parts among `people` (everyone by default): links through others count only among them."""
    everyone = (1 << problem.size) - 1 if people is None else bitset.from_indices(people)
    unvisited = everyone
    parts = []
    while unvisited:
        start = (unvisited & -unvisited).bit_length() - 1
        component = 1 << start
        frontier = component
        while frontier:
            lowest = frontier & -frontier
            frontier ^= lowest
            person = lowest.bit_length() - 1
            new = problem.compatible_bits[person] & everyone & ~component
            component |= new
            frontier |= new
        unvisited &= ~component
        parts.append(bitset.indices(component))
    return parts
