"""The Maximally Diverse Grouping Problem (MDGP): MDGPLIB instance files read into partition problems.

MDGPLIB instances (Gallego et al. 2013; https://www.optsicom.es/mdgp/) split n items into m groups, group g holding
between a_g and b_g items, maximising the sum of pairwise distances inside groups: a `PartitionProblem`
with the distances as pair weights, solved by its own engine (search/partition.py), not by the sign-ups'.

File format: a first line `n m type a_1 b_1 ... a_m b_m`, then one line `i j d_ij` per unordered pair
(0-based, i < j).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from groupformer.partition_problem import PartitionProblem

GROUP_TYPES = ("ss", "ds")


class MdgpFormatError(ValueError):
    """An instance file that does not follow the MDGPLIB format; the message names the file and line."""


class InvalidPartition(ValueError):
    """Groups that do not place every item exactly once, or a group whose size is outside its bounds."""


@dataclass(frozen=True)
class MdgpInstance:
    name: str
    group_type: str
    distance: np.ndarray
    size_min: np.ndarray
    size_max: np.ndarray

    @property
    def item_count(self) -> int:
        return len(self.distance)

    @property
    def group_count(self) -> int:
        return len(self.size_min)


def read_instance(path: Path) -> MdgpInstance:
    path = Path(path)
    text = _read_text(path)
    header, _, body = text.partition("\n")
    item_count, group_count, group_type, size_min, size_max = _parse_header(path, header)
    distance = _parse_pairs(path, body, item_count)
    return MdgpInstance(path.stem, group_type, distance, size_min, size_max)


def check_header(path: Path) -> int:
    """The item count, after checking the first line only: a quick look before a long benchmark."""
    try:
        with open(path, encoding="ascii") as handle:
            header = handle.readline()
    except (OSError, UnicodeDecodeError) as error:
        raise MdgpFormatError(f"{path}: cannot read: {error}") from error
    return _parse_header(Path(path), header)[0]


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise MdgpFormatError(f"{path}: cannot read: {error}") from error


def _parse_header(path: Path, header: str) -> tuple[int, int, str, np.ndarray, np.ndarray]:
    fields = header.split()
    if len(fields) < 3 or fields[2] not in GROUP_TYPES:
        raise MdgpFormatError(f"{path}: line 1: expected 'n m ss|ds a_1 b_1 ...', got {header.strip()[:60]!r}")
    try:
        numbers = [int(field) for field in fields[:2] + fields[3:]]
    except ValueError as error:
        raise MdgpFormatError(f"{path}: line 1: {error}") from error
    item_count, group_count, bounds = numbers[0], numbers[1], numbers[2:]
    if len(bounds) != 2 * group_count:
        raise MdgpFormatError(f"{path}: line 1: {group_count} groups need {2 * group_count} bounds, got {len(bounds)}")
    size_min = np.array(bounds[0::2], dtype=np.int64)
    size_max = np.array(bounds[1::2], dtype=np.int64)
    if np.any(size_min < 1) or np.any(size_min > size_max):
        raise MdgpFormatError(f"{path}: line 1: every group needs 1 <= a_g <= b_g")
    if not size_min.sum() <= item_count <= size_max.sum():
        raise MdgpFormatError(
            f"{path}: line 1: {item_count} items do not fit groups of {size_min.sum()} to {size_max.sum()} in all"
        )
    return item_count, group_count, fields[2], size_min, size_max


def _parse_pairs(path: Path, body: str, item_count: int) -> np.ndarray:
    pair_count = item_count * (item_count - 1) // 2
    try:
        values = np.array(body.split(), dtype=np.float64)
    except ValueError as error:
        raise MdgpFormatError(f"{path}: a pair line holds something that is not a number: {error}") from error
    if len(values) != 3 * pair_count:
        raise MdgpFormatError(f"{path}: expected {pair_count} lines 'i j d_ij' after line 1, got {len(values) / 3:g}")
    triples = values.reshape(pair_count, 3)
    first, second = triples[:, 0].astype(np.int64), triples[:, 1].astype(np.int64)
    out_of_order = (first < 0) | (second >= item_count) | (first >= second)
    if np.any(out_of_order):
        line = 2 + int(np.argmax(out_of_order))
        raise MdgpFormatError(f"{path}: line {line}: indices must satisfy 0 <= i < j < {item_count}")
    if len(np.unique(first * item_count + second)) != pair_count:
        raise MdgpFormatError(f"{path}: some pair i < j is missing (another appears twice)")
    distance = np.zeros((item_count, item_count))
    distance[first, second] = triples[:, 2]
    distance[second, first] = triples[:, 2]
    return distance


def partition_value(instance: MdgpInstance, groups: list[list[int]]) -> float:
    """The MDGP objective of a partition, recomputed from the distances alone."""
    return float(sum(instance.distance[np.ix_(members, members)].sum() / 2 for members in groups))


def verified_value(instance: MdgpInstance, groups: list[list[int]]) -> float:
    """The objective of `groups` (the 0-based items of each group, in the instance's group order) after
    checking that they are a partition within every group's own bounds: what a claimed best value must
    pass, whoever computed it."""
    if len(groups) != instance.group_count:
        raise InvalidPartition(f"{instance.name}: {len(groups)} groups, the instance has {instance.group_count}")
    everyone = sorted(item for members in groups for item in members)
    if everyone != list(range(instance.item_count)):
        raise InvalidPartition(f"{instance.name}: the groups do not hold items 0..{instance.item_count - 1} once each")
    for group, members in enumerate(groups):
        if not instance.size_min[group] <= len(members) <= instance.size_max[group]:
            bounds = f"{instance.size_min[group]}..{instance.size_max[group]}"
            raise InvalidPartition(f"{instance.name}: group {group} has {len(members)} items, outside {bounds}")
    return partition_value(instance, groups)


def to_partition_problem(instance: MdgpInstance) -> PartitionProblem:
    return PartitionProblem(instance.distance, instance.size_min, instance.size_max)
