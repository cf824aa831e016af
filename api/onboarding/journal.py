"""The steps of one record, as a person follows them: written as each step starts and ends."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from api.db import utcnow
from api.onboarding.models import OnboardingRecord, StepState
from api.resources import Resources

MAX_MESSAGE = 500


class Journal:
    """The record's steps in memory, saved after every change (a short transaction each)."""

    def __init__(
        self, resources: Resources, record_id: uuid.UUID, steps: Sequence[dict[str, Any]]
    ) -> None:
        self._resources = resources
        self.record_id = record_id
        self.steps: list[dict[str, Any]] = [dict(s) for s in steps]

    @classmethod
    async def load(
        cls, resources: Resources, operation_id: uuid.UUID, tenant_id: str
    ) -> Journal | None:
        async with resources.sessionmaker() as db:
            record = (
                await db.execute(
                    select(OnboardingRecord).where(
                        OnboardingRecord.operation_id == operation_id,
                        OnboardingRecord.tenant_id == tenant_id,
                    )
                )
            ).scalar_one_or_none()
        return None if record is None else cls(resources, record.id, record.steps)

    def _step(self, name: str) -> dict[str, Any]:
        for step in self.steps:
            if step["name"] == name:
                return step
        step = {
            "name": name,
            "state": StepState.pending.value,
            "attempts": 0,
            "message": None,
            "root_cause": None,
            "started_at": None,
            "finished_at": None,
        }
        self.steps.append(step)
        return step

    def state(self, name: str) -> StepState:
        return StepState(self._step(name)["state"])

    def attempts(self, name: str) -> int:
        return int(self._step(name)["attempts"])

    def since_first_try(self, name: str) -> float:
        """Seconds since the step first started in its current run of tries (0 if never)."""
        started = self._step(name)["started_at"]
        if started is None:
            return 0.0
        return max(0.0, (utcnow() - datetime.fromisoformat(started)).total_seconds())

    def tries_in_a_row(self, name: str) -> int:
        """Runs since the step last failed or finished: waits count, an earlier failure not."""
        return int(self._step(name).get("in_a_row", self.attempts(name)))

    def reopen(self, *names: str) -> None:
        """Mark done steps to be run again (saved with the next change)."""
        for name in names:
            step = self._step(name)
            if step["state"] == StepState.done.value:
                step.update(state=StepState.pending.value, in_a_row=0)

    async def start(self, name: str) -> None:
        step = self._step(name)
        waited = step["state"] == StepState.waiting.value
        if not waited or step["started_at"] is None:
            step["started_at"] = utcnow().isoformat()
        in_a_row = int(step.get("in_a_row", 0)) + 1 if waited else 1
        step.update(
            state=StepState.running.value,
            attempts=step["attempts"] + 1,
            in_a_row=in_a_row,
            finished_at=None,
        )
        await self._save()

    async def end(
        self,
        name: str,
        state: StepState,
        message: str,
        *,
        root_cause: str | None = None,
        save: bool = True,
    ) -> None:
        """Without `save`, the end is written with the next step's start (or `flush`): one
        transaction between two steps instead of two, nothing run in between."""
        step = self._step(name)
        finished = None if state is StepState.waiting else utcnow().isoformat()
        step.update(
            state=state.value,
            message=message[:MAX_MESSAGE],
            root_cause=root_cause,
            finished_at=finished,
        )
        if save:
            await self._save()

    async def flush(self) -> None:
        await self._save()

    async def _save(self) -> None:
        async with self._resources.transaction() as db:
            await db.execute(
                update(OnboardingRecord)
                .where(OnboardingRecord.id == self.record_id)
                .values(steps=self.steps)
            )


def carried_over(steps: Sequence[dict[str, Any]], always: Sequence[str]) -> list[dict[str, Any]]:
    """The done steps of a failed onboarding a new one resumes from; checks always run again."""
    return [
        dict(s) for s in steps if s["state"] == StepState.done.value and s["name"] not in always
    ]
