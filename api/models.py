"""Every model, imported once so metadata (and Alembic) sees the whole schema."""

from api.audit.models import AuditEvent
from api.auth.models import ApiKey, AuthSession
from api.db import Base
from api.orgs.models import Member, Organization, User

__all__ = ["ApiKey", "AuditEvent", "AuthSession", "Base", "Member", "Organization", "User"]
