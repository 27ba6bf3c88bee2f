"""The human summary printed to standard error: a compact table a coordinator reads at a glance."""

from __future__ import annotations

from collections import Counter

from groupformer.contract import Solution


def _rows(rows: list[tuple[str, str]]) -> str:
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"  {label.ljust(width)}  {value}" for label, value in rows)


def solution_summary(solution: Solution) -> str:
    stats = solution.stats
    sizes = Counter(len(group.members) for group in solution.groups)
    modalities = Counter(group.modality for group in solution.groups)
    gap = f"{100 * stats.gap:.2f}%" if getattr(stats, "gap", None) is not None else "n/a"
    rows = [
        ("status", solution.status),
        ("assigned", f"{stats.assigned} of {stats.participants}"),
        ("groups", f"{stats.groups} (" + ", ".join(f"{count}×{size}" for size, count in sorted(sizes.items())) + ")"),
        ("modality", ", ".join(f"{count} {name}" for name, count in sorted(modalities.items())) or "-"),
        ("objective", f"{solution.objective:.6f}"),
        ("bound", f"{solution.bound:.6f}  (gap {gap})"),
        ("unassigned", str(len(solution.unassigned))),
        ("seconds", f"{stats.solve_seconds:.2f}"),
    ]
    return "groupformer solve\n" + _rows(rows)
