"""The desk's session: the one working folder a server works on, the solve running on it, and the
editing desk (`groupformer.Desk`) open on its current solution; what each edit, undo and redo answers."""

from __future__ import annotations

from fastapi import HTTPException

import groupformer
from groupformer.serve.board import board, board_change
from groupformer.serve.hand_edits import EditRequest, apply_edit
from groupformer.serve.solving import Pins, SolveRun
from groupformer.serve.workspace import Workspace


class Session:
    """The one workspace a server works on, its solve if one is running, and the editing desk
    (`groupformer.Desk`) open on the current solution: opening one compiles the sign-ups, so it is kept
    for the edits that follow and opened again only when the current solution came from elsewhere
    (a solve, undo, redo, new settings)."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self.solve: SolveRun | None = None
        self.shutting_down = False
        self._desk: groupformer.Desk | None = None
        self._desk_revision = -1

    def signups(self):
        if self.workspace.signups is None:
            raise HTTPException(409, "no sign-ups yet: upload them first")
        return self.workspace.signups

    def solution(self):
        solution = self.workspace.current()
        if solution is None:
            raise HTTPException(409, "no solution yet: solve first")
        return solution

    def desk(self) -> groupformer.Desk:
        if self._current_desk() is None:
            self._desk = groupformer.Desk(self.signups(), self.solution())
            self._desk_revision = self.workspace.revision
        return self._desk

    def _current_desk(self) -> groupformer.Desk | None:
        """The open desk if it is on the current solution, else None."""
        return self._desk if self._desk_revision == self.workspace.revision else None

    def edit(self, request: EditRequest) -> dict:
        """One edit on the desk, kept in the history (the desk's solution, marked or not); the cards of
        the groups it changed. An edit the desk refuses changes nothing, so the desk stays open (opening
        it again takes seconds at 10,000 sign-ups); after any other failure it is opened afresh."""
        with self.workspace.lock:
            desk = self.desk()
            try:
                change, label = apply_edit(desk, request)
            except (groupformer.InputError, groupformer.GroupCannotMeet):
                raise
            except BaseException:
                self._desk = None
                raise
            solution = desk.solution()
            self.workspace.record(solution, label, change.delta)
            self._desk_revision = self.workspace.revision
            changed = board_change(self.signups(), solution, desk.report, change.changed, desk.describe_groups)
            return {**changed, **self._where()}

    def undo(self) -> dict:
        return self._step(self.workspace.undo, groupformer.Desk.undo, "nothing to undo")

    def redo(self) -> dict:
        return self._step(self.workspace.redo, groupformer.Desk.redo, "nothing to redo")

    def _step(self, workspace_step, desk_step, nothing: str) -> dict:
        """One step back or forth, answered like an edit. The open desk's history holds exactly the hand
        edits made while it was open, in step with the workspace's, so when it covers the step the desk
        takes it in milliseconds and only the groups it touched are described; otherwise (a solve's
        step, an edit from before the desk was opened) the board is judged afresh."""
        with self.workspace.lock:
            desk = self._current_desk()
            if not workspace_step():
                raise HTTPException(409, nothing)
            try:
                change = desk_step(desk) if desk is not None else None
            except BaseException:
                self._desk = None
                raise
            if change is None:
                return self._whole_board()
            self._desk_revision = self.workspace.revision
            changed = board_change(self.signups(), desk.solution(), desk.report, change.changed, desk.describe_groups)
            return {**changed, **self._where()}

    def _whole_board(self) -> dict:
        """Every card, in the answer of an edit, judged afresh."""
        solution = self.solution()
        report = groupformer.evaluate(self.signups(), solution)
        every_group = [group.id for group in solution.groups]
        signups = self.signups()

        def describe(group_ids: list[str]) -> list[dict]:
            return groupformer.describe_groups(signups, solution, group_ids)

        return {**board_change(signups, solution, report, every_group, describe), **self._where()}

    def board(self) -> dict:
        """The board of the current solution, from the open desk when it is current (it holds the
        solution's groups and the judge's report on them), else read and judged afresh. Only the
        snapshot is taken under the lock: the cards (a third of a second at 2,000 sign-ups, judging
        afresh more) are built from it while edits go on, which waited for every board read before."""
        with self.workspace.lock:
            signups, desk = self.signups(), self._current_desk()
            solution = self.solution() if desk is None else desk.solution()
            report = None if desk is None else desk.report
            where = self._where()
        if report is None:
            report = groupformer.evaluate(signups, solution)
        return {**board(signups, solution, report), **where}

    def _where(self) -> dict:
        """Where the coordinator is in the history, and the last step with its change in the report."""
        return {**self.workspace.summary(), "step": _current_step(self.workspace)}

    def pins(self) -> Pins | None:
        """The pins for the next solve, None when nothing is pinned; InputError when a pinned group is
        no longer in the current solution (after an undo or a dissolve)."""
        pinned = self.workspace.pins()
        if not pinned["groups"] and not pinned["members"]:
            return None
        solution = self.solution()
        groupformer.pinned_solution(solution, pinned["groups"], pinned["members"])
        return Pins(solution, pinned["groups"], pinned["members"])

    def import_form(self, raw: bytes) -> dict:
        """The form's sign-ups replace the current ones. The form is kept even when a cell or the mapping
        is wrong, so that it can be read again once the mapping is corrected."""
        try:
            imported = groupformer.import_form(raw, self.workspace.mapping(), "form", "mapping")
        except groupformer.InputError:
            self.workspace.set_form(raw)
            raise
        self.workspace.replace_signups(imported.signups)
        self.workspace.set_form(raw)
        return {"participants": len(imported.signups.participants), "summary": imported.summary()}

    def solving(self) -> bool:
        return self.solve is not None and not self.solve.finished.is_set()

    def not_solving(self) -> None:
        """Sign-ups and settings stay as they are while a solve works on them."""
        if self.solving():
            raise HTTPException(409, "a solve is running: stop it first")

    def stop_for_shutdown(self) -> SolveRun | None:
        """No solve starts any more; the running one, asked to stop, records its best groups so far.
        Returns it, for the server to wait on before exiting."""
        self.shutting_down = True
        if not self.solving():
            return None
        self.solve.stop.set()
        return self.solve


def _current_step(workspace: Workspace) -> dict | None:
    if workspace.position < 0:
        return None
    step = workspace.steps[workspace.position]
    return {"label": step["label"], "delta": step["delta"]}
