"""Every model, imported once so metadata (and Alembic) sees the whole schema."""

from api.audit.models import AuditEvent
from api.auth.models import ApiKey, AuthSession
from api.db import Base
from api.gdap_requests.models import GdapRequest, RoleTemplate
from api.onboarding.models import OnboardingRecord
from api.operations.models import Operation, OperationItem
from api.orgs.models import Member, Organization, User
from api.partner_center.models import OAuthState, PartnerConnection
from api.scans.models import OrganizationFeature, TenantScan
from api.tenants.models import GdapRelationship, ManagedTenant, TenantAssignment

__all__ = [
    "ApiKey",
    "AuditEvent",
    "AuthSession",
    "Base",
    "GdapRelationship",
    "GdapRequest",
    "ManagedTenant",
    "Member",
    "OAuthState",
    "OnboardingRecord",
    "Operation",
    "OperationItem",
    "Organization",
    "OrganizationFeature",
    "PartnerConnection",
    "RoleTemplate",
    "TenantAssignment",
    "TenantScan",
    "User",
]
