"""Typed views of the Graph resources the portal reads and writes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class GraphModel(BaseModel):
    model_config = ConfigDict(populate_by_name=True, alias_generator=to_camel, extra="ignore")


class RoleRef(GraphModel):
    role_definition_id: str


class AccessDetails(GraphModel):
    unified_roles: list[RoleRef] = Field(default_factory=list)

    @property
    def role_ids(self) -> list[str]:
        return [r.role_definition_id for r in self.unified_roles]


class RelationshipCustomer(GraphModel):
    tenant_id: str
    display_name: str | None = None


class DelegatedAdminRelationship(GraphModel):
    id: str
    display_name: str
    status: str
    customer: RelationshipCustomer | None = None
    access_details: AccessDetails = Field(default_factory=AccessDetails)
    # ISO 8601 durations ("P730D", "PT0S") kept as Microsoft sends them.
    duration: str | None = None
    auto_extend_duration: str | None = None
    created_date_time: datetime | None = None
    activated_date_time: datetime | None = None
    end_date_time: datetime | None = None
    last_modified_date_time: datetime | None = None
    etag: str | None = Field(default=None, alias="@odata.etag")
    # "#microsoft.graph.resellerDelegatedAdminRelationship" for one an indirect provider created
    # for this partner as its indirect reseller; it then adds the two fields below.
    # https://learn.microsoft.com/en-us/graph/api/resources/resellerdelegatedadminrelationship
    odata_type: str | None = Field(default=None, alias="@odata.type")
    indirect_provider_tenant_id: str | None = None
    is_partner_consent_pending: bool | None = None

    @property
    def is_microsoft_led_transition(self) -> bool:
        return self.display_name.startswith("MLT_")


class RelationshipRequest(GraphModel):
    id: str
    action: str
    status: str
    created_date_time: datetime | None = None


class AccessContainer(GraphModel):
    access_container_id: str
    access_container_type: str = "securityGroup"


class AccessAssignment(GraphModel):
    id: str
    status: str
    access_container: AccessContainer
    access_details: AccessDetails = Field(default_factory=AccessDetails)
    created_date_time: datetime | None = None
    last_modified_date_time: datetime | None = None
    etag: str | None = Field(default=None, alias="@odata.etag")


class DirectoryObject(GraphModel):
    """A member of a directoryObject collection: a group, a directory role, a unit..."""

    id: str
    odata_type: str | None = Field(default=None, alias="@odata.type")
    display_name: str | None = None

    @property
    def is_group(self) -> bool:
        return self.odata_type == "#microsoft.graph.group"


class AppRole(GraphModel):
    id: str
    value: str | None = None
    display_name: str | None = None
    allowed_member_types: list[str] = Field(default_factory=list)


class PermissionScope(GraphModel):
    id: str
    value: str | None = None
    type: str | None = None


class ServicePrincipal(GraphModel):
    id: str
    app_id: str
    display_name: str | None = None
    app_roles: list[AppRole] = Field(default_factory=list)
    oauth2_permission_scopes: list[PermissionScope] = Field(default_factory=list)

    def app_role_id(self, value: str) -> str | None:
        return next((r.id for r in self.app_roles if r.value == value), None)


class AppRoleAssignment(GraphModel):
    id: str
    app_role_id: str
    principal_id: str
    resource_id: str
    principal_display_name: str | None = None
    resource_display_name: str | None = None
    principal_type: str | None = None
    created_date_time: datetime | None = None


class DirectoryRoleAssignment(GraphModel):
    id: str
    principal_id: str
    role_definition_id: str
    directory_scope_id: str | None = None


class OAuth2PermissionGrant(GraphModel):
    id: str
    client_id: str
    consent_type: str
    resource_id: str
    scope: str = ""
    principal_id: str | None = None

    @property
    def scopes(self) -> list[str]:
        return self.scope.split()


class VerifiedDomain(GraphModel):
    name: str
    is_default: bool = False
    is_initial: bool = False


class Organization(GraphModel):
    id: str
    display_name: str | None = None
    verified_domains: list[VerifiedDomain] = Field(default_factory=list)

    @property
    def default_domain(self) -> str | None:
        return next((d.name for d in self.verified_domains if d.is_default), None)


class Domain(GraphModel):
    id: str
    is_default: bool = False
    is_initial: bool = False
    is_verified: bool = False
