"""What a set of people can still agree on: the intersection of their accept-masks.

Every engine grows or changes groups one member at a time; carrying these intersections makes each
step a handful of integer ANDs, and a group stays legal exactly while no intersection becomes empty.
"""

from __future__ import annotations

from typing import NamedTuple

from groupformer.problem import Problem


class JointMasks(NamedTuple):
    members: int
    windows: int
    style: int
    frequency: int
    focus: int
    remote: bool
    hosts: int


EMPTY_GROUP = JointMasks(members=0, windows=-1, style=-1, frequency=-1, focus=-1, remote=True, hosts=-1)


def add_member(problem: Problem, joint: JointMasks, person: int) -> JointMasks | None:
    """The masks with `person` added, or None when some rule can no longer be met by anyone."""
    windows = joint.windows & problem.window_bits[person]
    style = joint.style & int(problem.style_mask[person])
    frequency = joint.frequency & int(problem.frequency_mask[person])
    focus = joint.focus & problem.focus_bits[person]
    if not (windows and style and frequency and focus):
        return None
    remote = joint.remote and problem.accepts_remote(person)
    hosts = joint.hosts & problem.host_bits[person]
    if not remote and not hosts:
        return None
    return JointMasks(joint.members | (1 << person), windows, style, frequency, focus, remote, hosts)


def joint_of(problem: Problem, members: list[int]) -> JointMasks | None:
    joint: JointMasks | None = EMPTY_GROUP
    for member in members:
        joint = add_member(problem, joint, member)
        if joint is None:
            return None
    return joint


def can_meet(joint: JointMasks) -> bool:
    """Remote for all, or in person at a member's place that every member can reach."""
    return joint.remote or bool(joint.hosts & joint.members)
