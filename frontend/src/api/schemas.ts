// Names for the generated schemas, so features import `TenantOut` rather than spelling the path.
import type { components, operations } from './generated/schema';

type Schemas = components['schemas'];

export type Me = Schemas['MeOut'];
export type Role = Schemas['Role'];
export type Action = Schemas['Action'];
export type LoginIn = Schemas['LoginIn'];
export type MemberOut = Schemas['MemberOut'];
export type MemberCreate = Schemas['MemberCreate'];
export type MemberCreated = Schemas['MemberCreated'];
export type MemberUpdate = Schemas['MemberUpdate'];
export type ApiKeyOut = Schemas['ApiKeyOut'];
export type ApiKeyCreate = Schemas['ApiKeyCreate'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type ApiKeyScope = Schemas['ApiKeyScope'];
export type AuditEventOut = Schemas['AuditEventOut'];
export type AuditEventPage = Schemas['AuditEventPage'];
export type Outcome = Schemas['Outcome'];
export type ConnectionOut = Schemas['ConnectionOut'];
export type ConnectionState = Schemas['ConnectionState'];
export type ReturnTo = Schemas['ReturnTo'];
export type LastSyncOut = Schemas['LastSyncOut'];
export type CauseOut = Schemas['CauseOut'];
export type ConnectionCheckOut = Schemas['ConnectionCheckOut'];
export type TenantOut = Schemas['TenantOut'];
export type TenantDetail = Schemas['TenantDetail'];
export type TenantPage = Schemas['TenantPage'];
export type TenantAction = Schemas['TenantAction'];
export type RelationshipOut = Schemas['RelationshipOut'];
export type GdapState = Schemas['GdapState'];
export type PetraStatus = Schemas['PetraStatus'];
export type EmailPermissions = Schemas['EmailPermissions'];
export type UserCountSource = Schemas['UserCountSource'];
export type SortField = Schemas['SortField'];
export type OperationOut = Schemas['OperationOut'];
export type OperationPage = Schemas['OperationPage'];
export type OperationState = Schemas['OperationState'];
export type OperationKind = Schemas['OperationKind'];
export type OperationItemOut = Schemas['OperationItemOut'];
export type ItemState = Schemas['ItemState'];
export type ProgressOut = Schemas['ProgressOut'];

export type TenantQuery = NonNullable<operations['list_tenants']['parameters']['query']>;
export type AuditQuery = NonNullable<operations['list_audit_events']['parameters']['query']>;
export type OperationQuery = NonNullable<operations['list_operations']['parameters']['query']>;
