"""New best values of MDGPLIB instances, kept as files that anyone can check in a few lines.

`bench mdgp --keep-best DIR` writes `DIR/<instance>.json` for each instance whose best run beats its
best-known value (mdgp_report.beats_best_known) and the partition kept there before, if any. A claim of
a new best is only worth its partition: `verify_kept` recomputes the objective from the instance file
and checks every group's size against its bounds. docs/mdgp-best.md describes the format.
"""

from __future__ import annotations

import datetime
import json
import math
from importlib import metadata
from pathlib import Path

from groupformer.bench.jobs import write_atomically
from groupformer.bench.mdgp_report import beats_best_known
from groupformer.mdgp import InvalidPartition, read_instance, verified_value


def keep_new_bests(summaries: list[dict], folder: Path) -> list[str]:
    """The names of the instances whose partition was written to `folder`."""
    kept = []
    for summary in summaries:
        path = folder / f"{summary['instance']}.json"
        if beats_best_known(summary) and summary["objective"] > _kept_objective(path):
            write_atomically(path, json.dumps(best_document(summary), indent=1) + "\n")
            kept.append(summary["instance"])
    return kept


def _kept_objective(path: Path) -> float:
    return json.loads(path.read_text(encoding="utf-8"))["objective"] if path.is_file() else -math.inf


def best_document(summary: dict) -> dict:
    """What a kept best says: the partition, its value, the value it beat and how it was found."""
    return {
        **{key: summary[key] for key in ("instance", "n", "m", "type", "objective", "best_known")},
        "seed": summary["best_seed"],
        "time_limit_s": summary["time_limit_s"],
        "workers": summary["workers"],
        "groupformer": metadata.version("groupformer"),
        "found": datetime.date.today().isoformat(),
        "groups": summary["groups"],
    }


def verify_kept(best_file: Path, instance_file: Path) -> float:
    """The kept partition's objective recomputed from the instance file; InvalidPartition when it is not
    a partition of this instance within every group's bounds or its recorded objective is not its value."""
    document = json.loads(Path(best_file).read_text(encoding="utf-8"))
    instance = read_instance(instance_file)
    if document["instance"] != instance.name:
        raise InvalidPartition(f"{best_file}: is for {document['instance']}, not {instance.name}")
    value = verified_value(instance, document["groups"])
    if not math.isclose(value, document["objective"], rel_tol=0, abs_tol=1e-6):
        raise InvalidPartition(f"{best_file}: records {document['objective']}, the partition is worth {value}")
    return value
