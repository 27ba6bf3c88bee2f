"""Group values, computed once per distinct group and remembered: engines revisit the same groups often."""

from __future__ import annotations

from groupformer.compile.scores import GroupScore, group_value_micro, score_group
from groupformer.problem import Problem


class GroupValues:
    def __init__(self, problem: Problem):
        self._problem = problem
        self._scores: dict[tuple[int, ...], GroupScore] = {}

    def score(self, members: tuple[int, ...]) -> GroupScore:
        if members not in self._scores:
            self._scores[members] = score_group(self._problem, list(members))
        return self._scores[members]

    def micro(self, members: tuple[int, ...]) -> int:
        return group_value_micro(self._problem, list(members), self.score(members))

    def total_micro(self, groups: list[tuple[int, ...]]) -> int:
        return sum(self.micro(members) for members in groups)
