"""The named ways a suite produces a solution: the engines, a reweighted engine, and the baselines the
full engine is measured against. Running them and reporting on them both read this one list, so a
configuration added here is run, tabled and described everywhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from groupformer.bench.baselines import greedy_assignment, random_groups
from groupformer.problem import Problem

# auto-diversity multiplies the file's diversity weight by this: 4 of 10 points become 12 of 18.
DIVERSITY_EMPHASIS = 3.0


@dataclass(frozen=True)
class Configuration:
    """A named way of producing a solution: `solve` with an engine (and possibly other weights), or a
    construction alone (`construct(problem, seed)`)."""

    name: str
    description: str
    engine: str | None = None
    diversity_factor: float = 1.0
    construct: Callable[[Problem, int], list[tuple[int, ...]]] | None = None
    baseline: bool = False

    @property
    def reweighted(self) -> bool:
        return self.diversity_factor != 1.0


CONFIGURATIONS = (
    Configuration("auto", "the full engine (`--engine auto`)", engine="auto"),
    Configuration("search", "greedy, LNS and local search alone (`--engine search`)", engine="search"),
    Configuration(
        "auto-diversity",
        f"`auto` with the diversity weight ×{DIVERSITY_EMPHASIS:g} (settings.weights)",
        engine="auto",
        diversity_factor=DIVERSITY_EMPHASIS,
    ),
    Configuration(
        "exact", "baseline: the monolithic CP-SAT model alone (`--engine exact`)", engine="exact", baseline=True
    ),
    Configuration(
        "greedy",
        "baseline: the greedy construction alone",
        construct=lambda problem, seed: greedy_assignment(problem),
        baseline=True,
    ),
    Configuration("random", "baseline: a random valid assignment", construct=random_groups, baseline=True),
)
CONFIGURATION_NAMES = tuple(configuration.name for configuration in CONFIGURATIONS)
CONFIGURATION_BY_NAME = {configuration.name: configuration for configuration in CONFIGURATIONS}
FULL_ENGINE = "auto"
