// Mirrors MeOut in api/auth/schemas.py until this client is generated from /api/openapi.json.

export type Role = 'admin' | 'full_member' | 'external_guest' | 'billing';

export interface Organization {
  id: string;
  name: string;
}

export interface Me {
  organization: Organization;
  actor_type: 'member' | 'api_key';
  member_id: string | null;
  email: string | null;
  display_name: string | null;
  role: Role | null;
  can_manage_tenants: boolean;
  permissions: string[];
  csrf_token: string | null;
}

export interface Credentials {
  email: string;
  password: string;
}

/** RFC 9457 problem details as the API renders them. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  correlation_id?: string;
}
