"""The connection self-check: what the partner sign-in can do, asked of Microsoft itself.

Six facts, each from a documented call: the signed-in account and its tenant (the claims of a
Partner Center token just issued), MFA (that token's amr lists "mfa", which is what Partner
Center checks, https://learn.microsoft.com/en-us/powershell/partnercenter/
test-partner-security-requirements), AdminAgents membership (Graph `me/transitiveMemberOf`, and
Partner Center answering), the security groups the account's GDAP access comes through (the
access assignments of its active relationships held by one of its groups), the days before the
stored sign-in would expire from inactivity, and the last Microsoft error with its cause.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from api.db import utcnow
from api.microsoft.errors import MicrosoftError
from api.microsoft.identity import PARTNER_CENTER, unverified_claims
from api.microsoft.root_causes import NOT_ADMIN_AGENT, PARTNER_CENTER_MFA
from api.partner_center.clients import PartnerClients
from api.partner_center.problems import cause_record, error_record

ADMIN_AGENTS = "AdminAgents"
# The check reads the access assignments of this many active relationships at most: enough to
# name the groups GDAP access comes through without one call per customer of a large estate.
SAMPLED_RELATIONSHIPS = 25
CONCURRENCY = 5


@dataclass
class Facts:
    account: str | None = None
    partner_tenant_id: str | None = None
    mfa: bool | None = None
    admin_agent: bool | None = None
    gdap_groups: list[str] = field(default_factory=list)
    problem: dict[str, Any] | None = None

    def fail(self, record: dict[str, Any]) -> None:
        self.problem = self.problem or record

    @property
    def ok(self) -> bool:
        return self.problem is None and bool(self.mfa) and bool(self.admin_agent)

    def as_json(self) -> dict[str, Any]:
        return {
            "checked_at": utcnow().isoformat(),
            "ok": self.ok,
            "account": self.account,
            "partner_tenant_id": self.partner_tenant_id,
            "mfa": self.mfa,
            "admin_agent": self.admin_agent,
            "gdap_groups": sorted(self.gdap_groups),
            "problem": self.problem,
        }


async def gather(clients: PartnerClients, partner_tenant_id: str) -> Facts:
    """Ask Microsoft; a refusal becomes the fact it disproves and the check's problem."""
    facts = Facts(partner_tenant_id=partner_tenant_id)
    await _token_facts(clients, partner_tenant_id, facts)
    groups = await _groups(clients, facts)
    await _partner_center(clients, facts)
    if groups is not None:
        facts.gdap_groups = await _gdap_groups(clients, groups, facts)
    return facts


async def _token_facts(clients: PartnerClients, partner_tenant_id: str, facts: Facts) -> None:
    # A fresh token, not a cached one: the check proves the stored sign-in still works, and
    # using it restarts Microsoft's 90-day inactivity clock.
    clients.tokens.invalidate(partner_tenant_id)
    try:
        token = await clients.tokens.access_token(partner_tenant_id, PARTNER_CENTER)
    except MicrosoftError as exc:
        facts.fail(error_record(exc))
        return
    claims = unverified_claims(token)
    facts.account = _str(claims.get("upn") or claims.get("unique_name"))
    facts.partner_tenant_id = _str(claims.get("tid")) or partner_tenant_id
    amr = claims.get("amr")
    facts.mfa = isinstance(amr, list) and "mfa" in amr
    if not facts.mfa:
        facts.fail(cause_record(PARTNER_CENTER_MFA))


async def _groups(clients: PartnerClients, facts: Facts) -> dict[str, str] | None:
    try:
        groups = await clients.graph.my_groups()
    except MicrosoftError as exc:
        facts.fail(error_record(exc))
        return None
    facts.admin_agent = ADMIN_AGENTS in groups.values()
    if not facts.admin_agent:
        facts.fail(cause_record(NOT_ADMIN_AGENT))
    return groups


async def _partner_center(clients: PartnerClients, facts: Facts) -> None:
    """Partner Center itself must answer: AdminAgents and MFA are what it checks."""
    try:
        async for _ in clients.partner_center.customers(page_size=1):
            break
    except MicrosoftError as exc:
        if exc.status == 403:
            facts.admin_agent = False
            facts.fail(cause_record(NOT_ADMIN_AGENT, code=exc.code, message=exc.message))
            return
        if exc.root_cause is PARTNER_CENTER_MFA:
            facts.mfa = False
        facts.fail(error_record(exc))


async def _gdap_groups(clients: PartnerClients, groups: dict[str, str], facts: Facts) -> list[str]:
    try:
        rel_ids = []
        async for rel in clients.graph.relationships(status="active"):
            if not rel.is_microsoft_led_transition:
                rel_ids.append(rel.id)
            if len(rel_ids) >= SAMPLED_RELATIONSHIPS:
                break
        slots = asyncio.Semaphore(CONCURRENCY)

        async def held(rel_id: str) -> set[str]:
            async with slots:
                found = await clients.graph.access_assignments(rel_id)
            return {a.access_container.access_container_id for a in found if a.status == "active"}

        assigned = set().union(*await asyncio.gather(*(held(r) for r in rel_ids)))
    except MicrosoftError as exc:
        facts.fail(error_record(exc))
        return []
    return [groups[g] or g for g in assigned if g in groups]


def _str(value: Any) -> str | None:
    return str(value) if value else None
