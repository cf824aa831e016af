// Generated from openapi.yaml by `npm run gen`; do not edit. `npm run lint` fails on drift.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is alive */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready to serve: PostgreSQL and Redis are reachable */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics, for the configured scraper only */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with e-mail and password */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this session */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is calling, and what they may do */
        get: operations["get_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the organization's members */
        get: operations["list_members"];
        put?: never;
        /** Add a member with a role */
        post: operations["create_member"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/{member_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member and end their sessions */
        delete: operations["delete_member"];
        options?: never;
        head?: never;
        /** Change a member's role or access */
        patch: operations["update_member"];
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys (never their secrets) */
        get: operations["list_api_keys"];
        put?: never;
        /** Create an API key; its secret is shown once */
        post: operations["create_api_key"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: operations["revoke_api_key"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search the audit trail, newest first */
        get: operations["list_audit_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the audit trail as CSV */
        get: operations["export_audit_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/partner-center/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start the Microsoft sign-in that connects Partner Center */
        post: operations["connect_partner_center"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/partner-center/reauthenticate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in again and replace the stored Partner Center credentials */
        post: operations["reauthenticate_partner_center"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/partner-center/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where Microsoft sends the browser back after sign-in */
        get: operations["partner_center_callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/partner-center/connection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Partner Center connection: state, account, token age, last sync */
        get: operations["get_partner_center_connection"];
        put?: never;
        post?: never;
        /** Forget the stored Partner Center credentials; tenants stay */
        delete: operations["disconnect_partner_center"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/partner-center/connection/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check what the Partner Center sign-in can do: account, MFA, AdminAgents, GDAP groups */
        post: operations["check_partner_center_connection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refresh the tenant list from Microsoft (runs in the background) */
        post: operations["sync_tenants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The managed tenants table */
        get: operations["list_tenants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the tenants table as CSV */
        get: operations["export_tenants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tenant with every GDAP relationship, its access assignments and last error */
        get: operations["get_tenant"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Exclude a tenant from batch work, or include it again */
        patch: operations["update_tenant"];
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}/operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operations that touched one tenant, with its outcome in each, newest first */
        get: operations["list_tenant_operations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gdap-roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The roles a GDAP relationship can carry, by Microsoft's role template id */
        get: operations["list_gdap_roles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gdap-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's role templates, the default first */
        get: operations["list_gdap_templates"];
        put?: never;
        /** Add a role template */
        post: operations["create_gdap_template"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gdap-templates/{template_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a role template (not the default) */
        delete: operations["delete_gdap_template"];
        options?: never;
        head?: never;
        /** Change a role template */
        patch: operations["update_gdap_template"];
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}/gdap-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the client for GDAP: creates the relationship and returns the approval link */
        post: operations["request_tenant_gdap"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gdap-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GDAP requests, newest first, by state and tenant */
        get: operations["list_gdap_requests"];
        put?: never;
        /** Ask a new client (not in the table yet) for GDAP, with its tenant id or none */
        post: operations["request_new_client_gdap"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gdap-requests/{request_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One GDAP request with its timeline */
        get: operations["get_gdap_request"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gdap-requests/{request_id}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask Microsoft now where the open requests stand (runs in the background) */
        post: operations["refresh_gdap_request"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The products a tenant can be onboarded to, with every permission and its reason */
        get: operations["list_products"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/onboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Onboard many tenants to a product in one operation (runs in the background) */
        post: operations["onboard_tenants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/individual/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start adding a tenant individually: the admin consent URL for its Global Administrator */
        post: operations["connect_tenant_individually"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/individual/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where Microsoft sends the browser back after the client's admin consent */
        get: operations["individual_tenant_callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}/onboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Onboard a tenant to a product without the client's admin (runs in the background) */
        post: operations["onboard_tenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}/onboarding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tenant's Petra Status, product, Email Perms and onboarding history */
        get: operations["get_tenant_onboarding"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}/email-permissions/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Read a tenant's Email Perms from Microsoft again (runs in the background) */
        post: operations["check_email_permissions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}/email-permissions/fix": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Grant exactly the Email Perms a tenant lacks (runs in the background) */
        post: operations["fix_email_permissions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause Petra's monitoring of a tenant; its data is kept */
        post: operations["pause_tenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume Petra's monitoring of a paused tenant */
        post: operations["resume_tenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}/offboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Remove Petra's app from a tenant (runs in the background) */
        post: operations["offboard_tenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent operations, newest first */
        get: operations["list_operations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operations/{operation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One operation's progress */
        get: operations["get_operation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operations/{operation_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel an operation; tenants not started yet are skipped */
        post: operations["cancel_operation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operations/{operation_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run again only the tenants that failed */
        post: operations["retry_operation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operations/{operation_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume an operation the breaker paused */
        post: operations["resume_operation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operations/{operation_id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each tenant's part of an operation: state, attempts, root cause */
        get: operations["list_operation_items"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operations/{operation_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live progress as server-sent events: progress, tenant, end */
        get: operations["operation_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scans/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether Petra Scan is enabled for this organization (an operator turns it on) */
        get: operations["get_scan_availability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scans/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The checks a scan runs, each with the Microsoft calls and permissions it needs */
        get: operations["list_scan_checks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scans an operation made, one per tenant, with counts and the difference */
        get: operations["list_operation_scans"];
        put?: never;
        /** Scan every eligible tenant (or Onboard & Scan) in one operation (runs in the background) */
        post: operations["start_scans"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scans/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an operation's findings as CSV */
        get: operations["export_operation_scans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scans/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which checks fail most across the organization's tenants (each tenant's latest scan) */
        get: operations["get_scan_overview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scans/{scan_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tenant's scan: every finding with its evidence and remediation */
        get: operations["get_scan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scans/{scan_id}/findings.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one tenant's findings as CSV */
        get: operations["export_scan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scans/{scan_id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tenant's scan as a printable page (HTML that prints well to PDF) */
        get: operations["get_scan_report"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenant_id}/scans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tenant's scans, newest first, with counts and the difference from the one before */
        get: operations["list_tenant_scans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * Action
         * @enum {string}
         */
        Action: "me.read" | "session.end" | "members.read" | "members.manage" | "api_keys.read" | "api_keys.manage" | "audit.read" | "tenants.read" | "tenants.manage" | "tenants.add_individually" | "partner_center.read" | "partner_center.manage" | "partner_center.connect" | "operations.read" | "operations.manage";
        /**
         * ActorType
         * @enum {string}
         */
        ActorType: "member" | "api_key" | "anonymous" | "system" | "operator";
        /** ApiKeyCreate */
        ApiKeyCreate: {
            /** Name */
            name: string;
            scope: components["schemas"]["ApiKeyScope"];
        };
        /** ApiKeyCreated */
        ApiKeyCreated: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            scope: components["schemas"]["ApiKeyScope"];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Last Used At */
            last_used_at: string | null;
            /** Revoked At */
            revoked_at: string | null;
            /**
             * Key
             * @description The secret; shown once and never again
             */
            key: string;
        };
        /** ApiKeyOut */
        ApiKeyOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            scope: components["schemas"]["ApiKeyScope"];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Last Used At */
            last_used_at: string | null;
            /** Revoked At */
            revoked_at: string | null;
        };
        /**
         * ApiKeyScope
         * @enum {string}
         */
        ApiKeyScope: "read" | "read_write";
        /** AssignmentOut */
        AssignmentOut: {
            /**
             * Group Id
             * @description The partner's security group the roles are assigned to
             */
            group_id: string;
            /**
             * Group Name
             * @description The group's name when Graph named it
             */
            group_name: string | null;
            /** Roles */
            roles: string[];
            /**
             * Status
             * @description pending, active, deleting, deleted or error: only an active one grants
             */
            status: string;
        };
        /** AuditEventOut */
        AuditEventOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            actor_type: components["schemas"]["ActorType"];
            /** Actor Id */
            actor_id: string | null;
            /** Actor Label */
            actor_label: string | null;
            /** Action */
            action: string;
            /** Target Type */
            target_type: string | null;
            /** Target Id */
            target_id: string | null;
            outcome: components["schemas"]["Outcome"];
            /** Status Code */
            status_code: number | null;
            /** Error Code */
            error_code: string | null;
            /** Ip */
            ip: string | null;
            /** User Agent */
            user_agent: string | null;
            /** Correlation Id */
            correlation_id: string | null;
            /** Details */
            details: {
                [key: string]: unknown;
            };
        };
        /** AuditEventPage */
        AuditEventPage: {
            /** Items */
            items: components["schemas"]["AuditEventOut"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next, older page
             */
            next_cursor: string | null;
        };
        /** AuthorizationOut */
        AuthorizationOut: {
            /**
             * Authorization Url
             * @description Send the browser here to sign in at Microsoft
             */
            authorization_url: string;
        };
        /** Availability */
        Availability: {
            /**
             * Scan
             * @description Whether Petra Scan is enabled for this organization
             */
            scan: boolean;
            /** Note */
            note: string;
        };
        /** BatchOnboardAllReady */
        BatchOnboardAllReady: {
            /** @description The product the tenants are onboarded to */
            product: components["schemas"]["ProductName"];
            /**
             * Exclude
             * @description Tenants left out of this batch (tenants marked Excluded always are)
             */
            exclude?: string[];
            /**
             * All Ready
             * @description Onboard every tenant whose GDAP is Ready
             * @constant
             */
            all_ready: true;
        };
        /** BatchOnboardOut */
        BatchOnboardOut: {
            /** @description The batch: one item per tenant it onboards */
            operation: components["schemas"]["OperationOut"];
            /**
             * Created
             * @description False when a batch already running was returned
             */
            created: boolean;
            /**
             * Skipped
             * @description Tenants left out, each with why
             */
            skipped: components["schemas"]["SkippedOut"][];
        };
        /** BatchOnboardTenants */
        BatchOnboardTenants: {
            /** @description The product the tenants are onboarded to */
            product: components["schemas"]["ProductName"];
            /**
             * Exclude
             * @description Tenants left out of this batch (tenants marked Excluded always are)
             */
            exclude?: string[];
            /**
             * Tenant Ids
             * @description The tenants to onboard
             */
            tenant_ids: string[];
        };
        /**
         * CauseOut
         * @description A Microsoft failure with its labelled root cause and the one action that fixes it.
         */
        CauseOut: {
            /**
             * Label
             * @description Stable root-cause label, e.g. partner_center_mfa_required
             */
            label: string;
            /** Summary */
            summary: string;
            /** Action */
            action: string;
            /**
             * Layer
             * @description partner_sign_in, gdap, consent, client_policy, microsoft, ...
             */
            layer: string;
            /**
             * Code
             * @description Microsoft's code, e.g. AADSTS53003
             */
            code?: string | null;
            /** Message */
            message?: string | null;
            /**
             * Tenant Id
             * @description The customer tenant it happened at; null: the partner level
             */
            tenant_id?: string | null;
            /**
             * At
             * Format: date-time
             */
            at: string;
        };
        /** CheckCatalog */
        CheckCatalog: {
            /** Version */
            version: string;
            /** Checks */
            checks: components["schemas"]["CheckOut"][];
        };
        /** CheckOut */
        CheckOut: {
            /** Id */
            id: string;
            /** Version */
            version: number;
            /** Title */
            title: string;
            severity: components["schemas"]["Severity"];
            /**
             * Calls
             * @description The Microsoft calls the check makes
             */
            calls: string[];
            /**
             * Permissions
             * @description The app permissions the check needs
             */
            permissions: string[];
            /** Remediation */
            remediation: string;
            /**
             * Link
             * @description Microsoft's page for the setting
             */
            link: string;
        };
        /** CheckTallyOut */
        CheckTallyOut: {
            /** Check Id */
            check_id: string;
            /** Title */
            title: string;
            severity: components["schemas"]["Severity"];
            /**
             * Failing
             * @description Tenants whose latest scan fails this check
             */
            failing: number;
            /**
             * Errors
             * @description Tenants whose latest scan could not run this check
             */
            errors: number;
            /**
             * Passing
             * @description Tenants whose latest scan passes this check
             */
            passing: number;
            /**
             * Not Applicable
             * @description Tenants where this check does not apply
             */
            not_applicable: number;
            /**
             * Tenants
             * @description Tenants whose latest scan ran this check
             */
            tenants: number;
        };
        /** ConnectIn */
        ConnectIn: {
            /** @default portal */
            return_to: components["schemas"]["ReturnTo"];
        };
        /**
         * ConnectionCheckOut
         * @description What the connection self-check found, fact by fact (null: could not be told).
         */
        ConnectionCheckOut: {
            /**
             * Checked At
             * Format: date-time
             */
            checked_at: string;
            /** Ok */
            ok: boolean;
            /** Account */
            account?: string | null;
            /** Partner Tenant Id */
            partner_tenant_id?: string | null;
            /**
             * Mfa
             * @description The sign-in's token lists MFA in amr
             */
            mfa?: boolean | null;
            /**
             * Admin Agent
             * @description The account is in the partner tenant's AdminAgents group
             */
            admin_agent?: boolean | null;
            /**
             * Gdap Groups
             * @description Security groups the account's GDAP access comes through
             */
            gdap_groups?: string[];
            /** Refresh Token Days Left */
            refresh_token_days_left?: number | null;
            last_error?: components["schemas"]["CauseOut"] | null;
            /** @description What the check found wrong first */
            problem?: components["schemas"]["CauseOut"] | null;
        };
        /** ConnectionOut */
        ConnectionOut: {
            state: components["schemas"]["ConnectionState"];
            /** Account */
            account?: string | null;
            /** Partner Tenant Id */
            partner_tenant_id?: string | null;
            /** Connected At */
            connected_at?: string | null;
            /** Connected By */
            connected_by?: string | null;
            /** Last Token Refresh At */
            last_token_refresh_at?: string | null;
            /**
             * Refresh Token Days Left
             * @description Days before the stored sign-in would expire from inactivity (90-day window)
             */
            refresh_token_days_left?: number | null;
            /** Reauth Reason */
            reauth_reason?: string | null;
            /** Reauth Root Cause */
            reauth_root_cause?: string | null;
            last_sync?: components["schemas"]["LastSyncOut"] | null;
            /** @description A partner-level failure: every tenant fails with it, so it is shown once */
            problem?: components["schemas"]["CauseOut"] | null;
            last_error?: components["schemas"]["CauseOut"] | null;
            last_check?: components["schemas"]["ConnectionCheckOut"] | null;
        };
        /**
         * ConnectionState
         * @enum {string}
         */
        ConnectionState: "connected" | "needs_reauth" | "disconnected";
        /** DifferenceOut */
        DifferenceOut: {
            /**
             * Previous Scan Id
             * Format: uuid
             * @description The tenant's scan before this one
             */
            previous_scan_id: string;
            /**
             * New
             * @description Checks that fail now and did not before
             */
            new: string[];
            /**
             * Resolved
             * @description Checks that failed before and pass now
             */
            resolved: string[];
        };
        /**
         * EmailPermissions
         * @enum {string}
         */
        EmailPermissions: "ok" | "needs_fix" | "unknown";
        /** EvidenceOut */
        EvidenceOut: {
            /** Counts */
            counts: {
                [key: string]: number;
            };
            /**
             * Examples
             * @description Up to 20 example objects
             */
            examples: {
                [key: string]: unknown;
            }[];
        };
        /** FindingOut */
        FindingOut: {
            /** Check Id */
            check_id: string;
            /** Check Version */
            check_version: number;
            /** Title */
            title: string;
            severity: components["schemas"]["Severity"];
            status: components["schemas"]["Status"];
            /** Summary */
            summary: string;
            evidence: components["schemas"]["EvidenceOut"];
            /** Remediation */
            remediation: string;
            /**
             * Link
             * @description Microsoft's page for the setting
             */
            link: string;
            /**
             * Calls
             * @description The Microsoft calls the check makes
             */
            calls: string[];
            /**
             * Permissions
             * @description The app permissions the check needs
             */
            permissions: string[];
            /**
             * Prominent
             * @description Shown first and loudest (audit logging off)
             */
            prominent: boolean;
        };
        /** GdapRequestOut */
        GdapRequestOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Tenant Id */
            tenant_id: string | null;
            /** Customer Name */
            customer_name: string;
            /** Template Id */
            template_id: string | null;
            /** Template Name */
            template_name: string;
            /** Relationship Id */
            relationship_id: string | null;
            /** Display Name */
            display_name: string;
            /**
             * Roles
             * @description The roles asked for
             */
            roles: components["schemas"]["RoleOut"][];
            /** Duration Days */
            duration_days: number;
            /** Auto Extend */
            auto_extend: boolean;
            /** Top Up */
            top_up: boolean;
            /** Group Id */
            group_id: string | null;
            /** Group Name */
            group_name: string | null;
            /** @description approval_pending -> active -> assigning -> ready; or expired (not approved within 90 days), terminated (declined or ended), failed (see error) */
            state: components["schemas"]["RequestState"];
            /**
             * Approval Link
             * @description Microsoft's admin center link for the client's Global Administrator
             */
            approval_link: string | null;
            /** Link Expires At */
            link_expires_at: string | null;
            /** Relationship End At */
            relationship_end_at: string | null;
            /**
             * Reminder
             * @description approval_pending_7_days or relationship_ending_30_days
             */
            reminder: string | null;
            error: components["schemas"]["RequestErrorOut"] | null;
            /** Timeline */
            timeline: components["schemas"]["TimelineEntry"][];
            /** Requested By */
            requested_by: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Last Checked At */
            last_checked_at: string | null;
            /** Finished At */
            finished_at: string | null;
        };
        /** GdapRequestPage */
        GdapRequestPage: {
            /** Items */
            items: components["schemas"]["GdapRequestOut"][];
        };
        /**
         * GdapState
         * @enum {string}
         */
        GdapState: "ready" | "missing" | "none" | "not_applicable";
        /** Health */
        Health: {
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "unavailable";
        };
        /** IndividualConnectIn */
        IndividualConnectIn: {
            /** @description The product whose application permissions the client's admin consents to */
            product: components["schemas"]["ProductName"];
        };
        /** IndividualConnectOut */
        IndividualConnectOut: {
            /**
             * Admin Consent Url
             * @description Send the client's Global Administrator here (Microsoft's admin consent); Microsoft sends the browser back to /api/v1/tenants/individual/callback
             */
            admin_consent_url: string;
            /**
             * Expires In
             * @description Seconds the consent may take before it must restart
             */
            expires_in: number;
        };
        /**
         * ItemState
         * @enum {string}
         */
        ItemState: "pending" | "running" | "succeeded" | "failed" | "cancelled";
        /** LastSyncOut */
        LastSyncOut: {
            /**
             * Operation Id
             * Format: uuid
             */
            operation_id: string;
            state: components["schemas"]["OperationState"];
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Error Code */
            error_code: string | null;
            /** Error Message */
            error_message: string | null;
        };
        /** LoginIn */
        LoginIn: {
            /** Email */
            email: string;
            /** Password */
            password: string;
            /** Organization Id */
            organization_id?: string | null;
        };
        /** MeOut */
        MeOut: {
            organization: components["schemas"]["OrganizationOut"];
            /**
             * Actor Type
             * @description 'member' for a signed-in person, 'api_key' for a key
             * @enum {string}
             */
            actor_type: "member" | "api_key";
            /** Member Id */
            member_id?: string | null;
            /** Email */
            email?: string | null;
            /** Display Name */
            display_name?: string | null;
            role?: components["schemas"]["Role"] | null;
            /**
             * Can Manage Tenants
             * @default false
             */
            can_manage_tenants: boolean;
            /** Api Key Id */
            api_key_id?: string | null;
            api_key_scope?: components["schemas"]["ApiKeyScope"] | null;
            /** Permissions */
            permissions: components["schemas"]["Action"][];
            /**
             * Csrf Token
             * @description Send it as X-CSRF-Token on unsafe requests made with the cookie
             */
            csrf_token?: string | null;
        };
        /** MemberCreate */
        MemberCreate: {
            /**
             * Email
             * Format: email
             */
            email: string;
            /**
             * Display Name
             * @default
             */
            display_name: string;
            role: components["schemas"]["Role"];
            /**
             * Can Manage Tenants
             * @default true
             */
            can_manage_tenants: boolean;
            /** Password */
            password?: string | null;
        };
        /** MemberCreated */
        MemberCreated: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Email */
            email: string;
            /** Display Name */
            display_name: string;
            role: components["schemas"]["Role"];
            /** Can Manage Tenants */
            can_manage_tenants: boolean;
            /** Disabled */
            disabled: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Tenant Ids
             * @description For external guests: the tenants they may see
             */
            tenant_ids?: string[];
            /**
             * Initial Password
             * @description Shown once, only when the server generated the password.
             */
            initial_password?: string | null;
        };
        /** MemberOut */
        MemberOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Email */
            email: string;
            /** Display Name */
            display_name: string;
            role: components["schemas"]["Role"];
            /** Can Manage Tenants */
            can_manage_tenants: boolean;
            /** Disabled */
            disabled: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Tenant Ids
             * @description For external guests: the tenants they may see
             */
            tenant_ids?: string[];
        };
        /** MemberUpdate */
        MemberUpdate: {
            /** Display Name */
            display_name?: string | null;
            role?: components["schemas"]["Role"] | null;
            /** Can Manage Tenants */
            can_manage_tenants?: boolean | null;
            /** Disabled */
            disabled?: boolean | null;
            /**
             * Tenant Ids
             * @description External guests only: replace the tenants (Microsoft tenant ids) they see
             */
            tenant_ids?: string[] | null;
        };
        /** NewClientRequestCreate */
        NewClientRequestCreate: {
            /** Template Id */
            template_id?: string | null;
            /**
             * Tenant Id
             * @description The client's tenant id; without it the link works for whichever tenant accepts it
             */
            tenant_id?: string | null;
            /** Customer Name */
            customer_name?: string | null;
        };
        /** OnboardIn */
        OnboardIn: {
            /** @description The product the tenant is onboarded to */
            product: components["schemas"]["ProductName"];
        };
        /** OnboardingOut */
        OnboardingOut: {
            /** Tenant Id */
            tenant_id: string;
            status: components["schemas"]["PetraStatus"];
            product: components["schemas"]["ProductName"] | null;
            email_permissions: components["schemas"]["EmailPermissions"];
            /** Email Permissions Note */
            email_permissions_note: string | null;
            /**
             * History
             * @description Newest first
             */
            history: components["schemas"]["RecordOut"][];
        };
        /** OperationItemOut */
        OperationItemOut: {
            /** Tenant Id */
            tenant_id: string;
            /** Display Name */
            display_name: string;
            state: components["schemas"]["ItemState"];
            /** Attempts */
            attempts: number;
            /** Message */
            message: string | null;
            /** Error Code */
            error_code: string | null;
            /** Root Cause */
            root_cause: string | null;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Next Attempt At */
            next_attempt_at: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** OperationItemPage */
        OperationItemPage: {
            /** Items */
            items: components["schemas"]["OperationItemOut"][];
            /** Next Cursor */
            next_cursor: string | null;
        };
        /**
         * OperationKind
         * @enum {string}
         */
        OperationKind: "sync" | "onboard" | "email_permissions" | "offboard" | "gdap_follow" | "scan" | "monitor";
        /** OperationOut */
        OperationOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            kind: components["schemas"]["OperationKind"];
            state: components["schemas"]["OperationState"];
            /**
             * Subject
             * @description What the operation is about, when not every tenant
             */
            subject: string | null;
            /** Step */
            step: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Cancel Requested At */
            cancel_requested_at: string | null;
            /** Paused At */
            paused_at: string | null;
            /**
             * Pause Reason
             * @description Why the breaker paused it, and what to do
             */
            pause_reason: string | null;
            /**
             * Created By
             * @description Who started it: a member, an API key or the scheduler
             */
            created_by: string | null;
            /** Attempts */
            attempts: number;
            /** Error Code */
            error_code: string | null;
            /** Error Message */
            error_message: string | null;
            /** Error Action */
            error_action: string | null;
            progress: components["schemas"]["ProgressOut"];
        };
        /** OperationPage */
        OperationPage: {
            /** Items */
            items: components["schemas"]["OperationOut"][];
            /** Next Cursor */
            next_cursor: string | null;
        };
        /**
         * OperationState
         * @enum {string}
         */
        OperationState: "queued" | "running" | "paused" | "succeeded" | "partially_failed" | "failed" | "cancelled";
        /** OrganizationOut */
        OrganizationOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
        };
        /**
         * Outcome
         * @enum {string}
         */
        Outcome: "success" | "failure";
        /** PermissionOut */
        PermissionOut: {
            /** Resource App Id */
            resource_app_id: string;
            /** Resource Name */
            resource_name: string;
            /** Name */
            name: string;
            /**
             * Type
             * @description application (app role) or delegated (scope)
             */
            type: string;
            /**
             * Id
             * @description The app role id; delegated scopes go by name
             */
            id: string | null;
            /** Reason */
            reason: string;
        };
        /**
         * PetraStatus
         * @enum {string}
         */
        PetraStatus: "monitoring" | "paused" | "previously_deleted" | "not_protected" | "access_lost";
        /**
         * Problem
         * @description The body of every error response; `problem()` renders through it, so the two agree.
         */
        Problem: {
            /**
             * Type
             * @description `urn:petra:problem:` followed by the code
             */
            type: string;
            /**
             * Title
             * @description A short summary of the kind of problem
             */
            title: string;
            /**
             * Status
             * @description The HTTP status code, repeated
             */
            status: number;
            /**
             * Detail
             * @description What went wrong with this request, for people
             */
            detail: string;
            /**
             * Code
             * @description A stable code to branch on, e.g. `member_exists`
             */
            code: string;
            /**
             * Instance
             * @description The path that was requested
             */
            instance: string;
            /**
             * Correlation Id
             * @description Also sent as X-Request-ID; quote it when reporting a problem
             */
            correlation_id: string | null;
        };
        /** ProductCatalog */
        ProductCatalog: {
            /** Version */
            version: string;
            /** Products */
            products: components["schemas"]["ProductOut"][];
        };
        /**
         * ProductName
         * @enum {string}
         */
        ProductName: "active" | "autopsy" | "scan";
        /** ProductOut */
        ProductOut: {
            name: components["schemas"]["ProductName"];
            /** Title */
            title: string;
            /** Summary */
            summary: string;
            /** Email */
            email: boolean;
            /** Permissions */
            permissions: components["schemas"]["PermissionOut"][];
        };
        /** ProgressOut */
        ProgressOut: {
            /** Total */
            total: number;
            /**
             * Pending
             * @default 0
             */
            pending: number;
            /**
             * Running
             * @default 0
             */
            running: number;
            /**
             * Succeeded
             * @default 0
             */
            succeeded: number;
            /**
             * Failed
             * @default 0
             */
            failed: number;
            /**
             * Cancelled
             * @default 0
             */
            cancelled: number;
            /**
             * Waiting On Microsoft
             * @description Pending tenants Microsoft throttled, waiting for their next try
             * @default 0
             */
            waiting_on_microsoft: number;
            /**
             * Next Retry At
             * @description When the first throttled tenant is tried again
             */
            next_retry_at?: string | null;
            /**
             * Eta Seconds
             * @description Time left at the pace measured so far; null until measured
             */
            eta_seconds?: number | null;
        };
        /**
         * RecordKind
         * @enum {string}
         */
        RecordKind: "onboard" | "email_check" | "email_fix" | "offboard" | "pause" | "resume";
        /** RecordOut */
        RecordOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            kind: components["schemas"]["RecordKind"];
            product: components["schemas"]["ProductName"] | null;
            /** Catalog Version */
            catalog_version: string | null;
            state: components["schemas"]["RecordState"];
            /** Message */
            message: string | null;
            /** Actor */
            actor: string | null;
            /** Operation Id */
            operation_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Finished At */
            finished_at: string | null;
            /** Steps */
            steps: components["schemas"]["StepOut"][];
        };
        /**
         * RecordState
         * @enum {string}
         */
        RecordState: "running" | "succeeded" | "failed" | "cancelled";
        /**
         * RelationshipKind
         * @description The shapes of GDAP relationship a partner's list holds (see api/tenants/gdap.py).
         * @enum {string}
         */
        RelationshipKind: "ordinary" | "default" | "microsoft_led" | "reseller";
        /** RelationshipOut */
        RelationshipOut: {
            /**
             * Id
             * @description The delegatedAdminRelationship id
             */
            id: string;
            /** Display Name */
            display_name: string;
            /** @description ordinary; default (created by Partner Center with a new customer); microsoft_led (MLT_, Microsoft's DAP-to-GDAP transition, never counted); reseller (resellerDelegatedAdminRelationship, created by an indirect provider) */
            kind: components["schemas"]["RelationshipKind"];
            /**
             * Status
             * @description As Microsoft lists it: created, approvalPending, approved, activating, active, expiring, expired, terminationRequested, terminating, terminated
             */
            status: string;
            /**
             * Usable
             * @description Its roles count for GDAP readiness: active and not Microsoft-led
             */
            usable: boolean;
            /** Roles */
            roles: string[];
            /** Activated At */
            activated_at: string | null;
            /** End At */
            end_at: string | null;
            /** Auto Extend Duration */
            auto_extend_duration: string | null;
            /**
             * Auto Extends
             * @description True only for P180D: PT0S and P0D never extend
             */
            auto_extends: boolean;
            /**
             * Assignments
             * @description Its access assignments as last read: security group -> roles
             */
            assignments: components["schemas"]["AssignmentOut"][];
            /** Assignments Read At */
            assignments_read_at: string | null;
        };
        /** RequestErrorOut */
        RequestErrorOut: {
            /** Code */
            code: string | null;
            /** Root Cause */
            root_cause: string | null;
            /** Message */
            message: string | null;
            /** Action */
            action: string | null;
        };
        /**
         * RequestState
         * @enum {string}
         */
        RequestState: "approval_pending" | "active" | "assigning" | "ready" | "expired" | "terminated" | "failed";
        /**
         * ReturnTo
         * @enum {string}
         */
        ReturnTo: "portal" | "onboarding";
        /**
         * Role
         * @enum {string}
         */
        Role: "admin" | "full_member" | "external_guest" | "billing";
        /**
         * RoleId
         * @enum {string}
         */
        RoleId: "62e90394-69f5-4237-9190-012177145e10" | "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3" | "158c047a-c907-4556-b7ef-446551a6b5f7" | "29232cdf-9323-42fd-ade2-1d097af3e4de" | "31392ffb-586c-42d1-9346-e59415a2cc4e" | "e8611ab8-c189-46e8-94e1-60213ab1f814" | "7be44c8a-adaf-4e2a-84d6-ab2649e08a13" | "fe930be7-5e62-47db-91af-98c3a49a38b1" | "fdd7a751-b60b-444a-984c-02652fe8fa1c" | "729827e3-9c14-49f7-bb1b-9608f156bbb8" | "966707d0-3269-4727-9be2-8c3a10f19b9d" | "c4e39bd9-1100-46d3-8c65-fb160da0071f" | "194ae4cb-b126-40b2-bd5b-6091b380977d" | "5d6b6bb7-de71-4623-b4af-96380a352509" | "f2ef992c-3afb-46b9-b7cf-a126ee74c451" | "88d8e3e3-8f55-4a1e-953a-9b9898b8876b" | "3a2c62db-5318-420d-8d74-23affee5d9d5" | "69091246-20e8-4a56-aa4d-066075b2a7a8" | "f28a1f50-f6e7-4571-818b-6a12f2af6b6c" | "4d6ac14f-3453-41d0-bef9-a3e0c569773a" | "f023fd81-a637-4b56-95fd-791ac0226033" | "0526716b-113d-4c15-b2c8-68e3c22b9f80" | "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f" | "9360feb5-f418-4baa-8175-e2a00bac4301" | "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9" | "7698a772-787b-4ac8-901f-60d6b08affd2" | "17315797-102d-40b4-93e0-432062caca18" | "892c5842-a9a6-463a-8041-72aa08ca3cf6" | "b0f54661-2d74-4c50-afa3-1ec803f12efe" | "4a5d8f65-41da-4de4-8968-e035b65339cf" | "8329153b-31d0-4727-b945-745eb3bc5f31" | "75941009-915a-4869-abe7-691bff18279e" | "44367163-eba1-44c3-98af-f5787879f96a" | "11648597-926c-4cf3-9c36-bcebb0ba8dcc" | "4ba39ca4-527c-499a-b93d-d9b492c50246" | "e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8" | "d29b2b05-8046-44ba-8758-1e26182fcf32";
        /** RoleOut */
        RoleOut: {
            /**
             * Id
             * @description Microsoft's role template id (roleDefinitionId)
             */
            id: string;
            /** Name */
            name: string;
        };
        /** ScanDetail */
        ScanDetail: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Tenant Id */
            tenant_id: string;
            /** Display Name */
            display_name: string;
            /** Operation Id */
            operation_id: string | null;
            /** Catalog Version */
            catalog_version: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            summary: components["schemas"]["SummaryOut"];
            /** @description What changed since the tenant's previous scan; null for its first scan (nothing to compare with) */
            difference: components["schemas"]["DifferenceOut"] | null;
            /** Findings */
            findings: components["schemas"]["FindingOut"][];
        };
        /** ScanIn */
        ScanIn: {
            /**
             * Tenant Ids
             * @description The tenants to scan; by default every eligible tenant
             */
            tenant_ids?: string[] | null;
            /**
             * Exclude
             * @description Tenants to leave out, on top of the ones whose Exclude box is ticked
             */
            exclude?: string[];
            /**
             * Onboard
             * @description Onboard & Scan: onboard GDAP Ready tenants not yet on Petra Scan first
             * @default false
             */
            onboard: boolean;
        };
        /** ScanList */
        ScanList: {
            /** Items */
            items: components["schemas"]["ScanOut"][];
        };
        /** ScanOut */
        ScanOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Tenant Id */
            tenant_id: string;
            /** Display Name */
            display_name: string;
            /** Operation Id */
            operation_id: string | null;
            /** Catalog Version */
            catalog_version: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            summary: components["schemas"]["SummaryOut"];
            /** @description What changed since the tenant's previous scan; null for its first scan (nothing to compare with) */
            difference: components["schemas"]["DifferenceOut"] | null;
        };
        /** ScanOverview */
        ScanOverview: {
            /**
             * Tenants
             * @description Tenants with a scan; each counts with its latest one
             */
            tenants: number;
            /**
             * Checks
             * @description Every check, the ones failing in most tenants first (then by severity)
             */
            checks: components["schemas"]["CheckTallyOut"][];
        };
        /** ScanStarted */
        ScanStarted: {
            operation: components["schemas"]["OperationOut"];
            /**
             * Onboarding
             * @description Tenants being onboarded to Petra Scan first; their scans wait for it
             */
            onboarding: string[];
        };
        /**
         * Severity
         * @enum {string}
         */
        Severity: "critical" | "high" | "medium" | "low";
        /** SkippedOut */
        SkippedOut: {
            /** Tenant Id */
            tenant_id: string;
            /** Display Name */
            display_name: string;
            /**
             * Reason
             * @description Why this tenant is not onboarded by the batch
             */
            reason: string;
        };
        /**
         * SortField
         * @enum {string}
         */
        SortField: "name" | "tenant_id" | "gdap" | "users" | "status" | "email" | "gdap_end" | "last_synced" | "excluded";
        /**
         * Status
         * @enum {string}
         */
        Status: "pass" | "fail" | "error" | "not_applicable";
        /** StepOut */
        StepOut: {
            /** Name */
            name: string;
            state: components["schemas"]["StepState"];
            /** Attempts */
            attempts: number;
            /** Message */
            message: string | null;
            /** Root Cause */
            root_cause: string | null;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
        };
        /**
         * StepState
         * @enum {string}
         */
        StepState: "pending" | "running" | "waiting" | "done" | "needs_fix" | "failed";
        /** SummaryOut */
        SummaryOut: {
            /**
             * Status
             * @description Findings by status
             */
            status: {
                [key: string]: number;
            };
            /**
             * Failed By Severity
             * @description Failed findings by severity
             */
            failed_by_severity: {
                [key: string]: number;
            };
        };
        /** TemplateCreate */
        TemplateCreate: {
            /** Name */
            name: string;
            /** Role Ids */
            role_ids: components["schemas"]["RoleId"][];
            /**
             * Duration Days
             * @default 730
             */
            duration_days: number;
            /**
             * Auto Extend
             * @default false
             */
            auto_extend: boolean;
            /** Group Id */
            group_id?: string | null;
            /** Group Name */
            group_name?: string | null;
        };
        /** TemplateOut */
        TemplateOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Roles */
            roles: components["schemas"]["RoleOut"][];
            /** Duration Days */
            duration_days: number;
            /** Auto Extend */
            auto_extend: boolean;
            /**
             * Group Id
             * @description The partner security group receiving the roles
             */
            group_id: string | null;
            /**
             * Group Name
             * @description None with no group_id: the portal's own group 'Petra GDAP access'
             */
            group_name: string | null;
            /** Is Default */
            is_default: boolean;
        };
        /** TemplateUpdate */
        TemplateUpdate: {
            /** Name */
            name?: string | null;
            /** Role Ids */
            role_ids?: components["schemas"]["RoleId"][] | null;
            /** Duration Days */
            duration_days?: number | null;
            /** Auto Extend */
            auto_extend?: boolean | null;
            /** Group Id */
            group_id?: string | null;
            /** Group Name */
            group_name?: string | null;
        };
        /**
         * TenantAction
         * @enum {string}
         */
        TenantAction: "view" | "request_gdap" | "onboard" | "reconsent" | "fix_email" | "exclude";
        /** TenantDetail */
        TenantDetail: {
            /** Tenant Id */
            tenant_id: string;
            /** Display Name */
            display_name: string;
            /** Default Domain */
            default_domain: string | null;
            /** @description ready: the connected account holds Global Administrator, Application Administrator or Cloud Application Administrator here through an access assignment to one of its groups; missing: it does not (see gdap_missing_code); none: no active relationship any more (No access); not_applicable: added individually, reached through its admin's consent, with no GDAP relationship */
            gdap_state: components["schemas"]["GdapState"];
            /**
             * Gdap Missing Code
             * @description roles_missing, roles_not_assigned_to_account or no_active_relationship
             */
            gdap_missing_code: string | null;
            /** Gdap Missing Reason */
            gdap_missing_reason: string | null;
            /**
             * Gdap Roles
             * @description Every role the active relationships carry
             */
            gdap_roles: string[];
            /**
             * Gdap Account Roles
             * @description The roles the connected account holds here through its groups, Microsoft-led (MLT_) relationships included: those never make the tenant ready
             */
            gdap_account_roles: string[];
            /** Relationship Count */
            relationship_count: number;
            /**
             * Gdap Earliest End At
             * @description The first moment a role ends: no relationship running longer carries it
             */
            gdap_earliest_end_at: string | null;
            /**
             * Gdap Ending Roles
             * @description The roles that end at gdap_earliest_end_at
             */
            gdap_ending_roles: string[];
            /** Gdap Latest End At */
            gdap_latest_end_at: string | null;
            /**
             * Gdap Auto Extend
             * @description The relationships ending at gdap_earliest_end_at extend by 180 days (P180D)
             */
            gdap_auto_extend: boolean;
            /**
             * Active
             * @description False once no active GDAP relationship is seen any more
             */
            active: boolean;
            /** Last Seen Active At */
            last_seen_active_at: string | null;
            /** Users */
            users: number | null;
            users_source: components["schemas"]["UserCountSource"];
            /** Users Counted At */
            users_counted_at: string | null;
            /**
             * Users Note
             * @description Why the user count is unknown
             */
            users_note: string | null;
            status: components["schemas"]["PetraStatus"];
            /** Product */
            product: string | null;
            email_permissions: components["schemas"]["EmailPermissions"];
            /**
             * Access Lost Reason
             * @description With status access_lost: why Petra lost the tenant and what brings it back
             */
            access_lost_reason: string | null;
            /**
             * Access Lost Root Cause
             * @description gdap_lost (the relationship expired or was terminated) or app_removed (the client removed Petra's app)
             */
            access_lost_root_cause: string | null;
            /** Access Lost At */
            access_lost_at: string | null;
            /**
             * Monitored At
             * @description When the monitoring heartbeat last confirmed Petra's access
             */
            monitored_at: string | null;
            /**
             * Added Individually
             * @description Added through its Global Administrator's consent to Petra's app (Add tenants individually) rather than found through GDAP
             */
            added_individually: boolean;
            /** Added Individually At */
            added_individually_at: string | null;
            /** Excluded */
            excluded: boolean;
            /** Excluded At */
            excluded_at: string | null;
            /** Excluded By */
            excluded_by: string | null;
            /** Last Synced At */
            last_synced_at: string | null;
            last_error: components["schemas"]["TenantErrorOut"] | null;
            /** Actions */
            actions: components["schemas"]["TenantAction"][];
            /**
             * Relationships
             * @description Every relationship Microsoft lists for the tenant, usable ones first
             */
            relationships: components["schemas"]["RelationshipOut"][];
            /**
             * Email Permissions Note
             * @description What Email Perms lack, naming the fix; the onboarding history is at /api/v1/tenants/{tenant_id}/onboarding
             */
            email_permissions_note?: string | null;
        };
        /** TenantErrorOut */
        TenantErrorOut: {
            /** Code */
            code: string | null;
            /** Root Cause */
            root_cause: string | null;
            /** Message */
            message: string | null;
            /** Action */
            action: string | null;
            /** At */
            at: string | null;
        };
        /** TenantOperationList */
        TenantOperationList: {
            /** Items */
            items: components["schemas"]["TenantOperationOut"][];
        };
        /** TenantOperationOut */
        TenantOperationOut: {
            /**
             * Operation Id
             * Format: uuid
             */
            operation_id: string;
            kind: components["schemas"]["OperationKind"];
            operation_state: components["schemas"]["OperationState"];
            /**
             * Created At
             * Format: date-time
             * @description When the operation started
             */
            created_at: string;
            /** Created By */
            created_by: string | null;
            /** @description This tenant's outcome in the operation */
            state: components["schemas"]["ItemState"];
            /** Message */
            message: string | null;
            /** Error Code */
            error_code: string | null;
            /** Root Cause */
            root_cause: string | null;
            /** Finished At */
            finished_at: string | null;
        };
        /** TenantOut */
        TenantOut: {
            /** Tenant Id */
            tenant_id: string;
            /** Display Name */
            display_name: string;
            /** Default Domain */
            default_domain: string | null;
            /** @description ready: the connected account holds Global Administrator, Application Administrator or Cloud Application Administrator here through an access assignment to one of its groups; missing: it does not (see gdap_missing_code); none: no active relationship any more (No access); not_applicable: added individually, reached through its admin's consent, with no GDAP relationship */
            gdap_state: components["schemas"]["GdapState"];
            /**
             * Gdap Missing Code
             * @description roles_missing, roles_not_assigned_to_account or no_active_relationship
             */
            gdap_missing_code: string | null;
            /** Gdap Missing Reason */
            gdap_missing_reason: string | null;
            /**
             * Gdap Roles
             * @description Every role the active relationships carry
             */
            gdap_roles: string[];
            /**
             * Gdap Account Roles
             * @description The roles the connected account holds here through its groups, Microsoft-led (MLT_) relationships included: those never make the tenant ready
             */
            gdap_account_roles: string[];
            /** Relationship Count */
            relationship_count: number;
            /**
             * Gdap Earliest End At
             * @description The first moment a role ends: no relationship running longer carries it
             */
            gdap_earliest_end_at: string | null;
            /**
             * Gdap Ending Roles
             * @description The roles that end at gdap_earliest_end_at
             */
            gdap_ending_roles: string[];
            /** Gdap Latest End At */
            gdap_latest_end_at: string | null;
            /**
             * Gdap Auto Extend
             * @description The relationships ending at gdap_earliest_end_at extend by 180 days (P180D)
             */
            gdap_auto_extend: boolean;
            /**
             * Active
             * @description False once no active GDAP relationship is seen any more
             */
            active: boolean;
            /** Last Seen Active At */
            last_seen_active_at: string | null;
            /** Users */
            users: number | null;
            users_source: components["schemas"]["UserCountSource"];
            /** Users Counted At */
            users_counted_at: string | null;
            /**
             * Users Note
             * @description Why the user count is unknown
             */
            users_note: string | null;
            status: components["schemas"]["PetraStatus"];
            /** Product */
            product: string | null;
            email_permissions: components["schemas"]["EmailPermissions"];
            /**
             * Access Lost Reason
             * @description With status access_lost: why Petra lost the tenant and what brings it back
             */
            access_lost_reason: string | null;
            /**
             * Access Lost Root Cause
             * @description gdap_lost (the relationship expired or was terminated) or app_removed (the client removed Petra's app)
             */
            access_lost_root_cause: string | null;
            /** Access Lost At */
            access_lost_at: string | null;
            /**
             * Monitored At
             * @description When the monitoring heartbeat last confirmed Petra's access
             */
            monitored_at: string | null;
            /**
             * Added Individually
             * @description Added through its Global Administrator's consent to Petra's app (Add tenants individually) rather than found through GDAP
             */
            added_individually: boolean;
            /** Added Individually At */
            added_individually_at: string | null;
            /** Excluded */
            excluded: boolean;
            /** Excluded At */
            excluded_at: string | null;
            /** Excluded By */
            excluded_by: string | null;
            /** Last Synced At */
            last_synced_at: string | null;
            last_error: components["schemas"]["TenantErrorOut"] | null;
            /** Actions */
            actions: components["schemas"]["TenantAction"][];
        };
        /** TenantPage */
        TenantPage: {
            /** Items */
            items: components["schemas"]["TenantOut"][];
            /**
             * Total
             * @description Rows matching the query, counted for the first page; later pages repeat it
             */
            total: number;
            /** Next Cursor */
            next_cursor: string | null;
        };
        /** TenantRequestCreate */
        TenantRequestCreate: {
            /**
             * Template Id
             * @description The role template; the organization's default if omitted
             */
            template_id?: string | null;
            /**
             * Top Up
             * @description Ask only for the template's roles the tenant is missing
             * @default false
             */
            top_up: boolean;
            /**
             * Renew
             * @description Ask again for the roles of the relationship ending first
             * @default false
             */
            renew: boolean;
        };
        /** TenantUpdate */
        TenantUpdate: {
            /** Excluded */
            excluded: boolean;
        };
        /** TimelineEntry */
        TimelineEntry: {
            /**
             * At
             * Format: date-time
             */
            at: string;
            state: components["schemas"]["RequestState"];
            /** Message */
            message: string;
        };
        /**
         * UserCountSource
         * @enum {string}
         */
        UserCountSource: "graph" | "partner_center" | "unknown";
        /** ValidationIssue */
        ValidationIssue: {
            /**
             * Loc
             * @description Where: `body`, `query`, `path` or `header`, then field names and list indexes; empty when the request as a whole is refused
             */
            loc: (string | number)[];
            /** Msg */
            msg: string;
            /**
             * Type
             * @description pydantic's error type (e.g. `missing`) or the problem code
             */
            type: string;
        };
        /** ValidationProblem */
        ValidationProblem: {
            /**
             * Type
             * @description `urn:petra:problem:` followed by the code
             */
            type: string;
            /**
             * Title
             * @description A short summary of the kind of problem
             */
            title: string;
            /**
             * Status
             * @description The HTTP status code, repeated
             */
            status: number;
            /**
             * Detail
             * @description What went wrong with this request, for people
             */
            detail: string;
            /**
             * Code
             * @description A stable code to branch on, e.g. `member_exists`
             */
            code: string;
            /**
             * Instance
             * @description The path that was requested
             */
            instance: string;
            /**
             * Correlation Id
             * @description Also sent as X-Request-ID; quote it when reporting a problem
             */
            correlation_id: string | null;
            /** Errors */
            errors: components["schemas"]["ValidationIssue"][];
        };
    };
    responses: {
        /** @description No such path under /api */
        RouteNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The path exists, but not with this method */
        MethodNotAllowed: {
            headers: {
                /** @description Every method the path offers, e.g. `DELETE, PATCH` */
                Allow?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Not ready */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": unknown;
                };
            };
            /** @description Not METRICS_TOKEN's bearer, nor in METRICS_ALLOW_NETWORKS */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many attempts; wait `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_members: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberOut"][];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_member: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberCreated"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    delete_member: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                member_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    update_member: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                member_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    list_api_keys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyOut"][];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_api_key: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    revoke_api_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    list_audit_events: {
        parameters: {
            query?: {
                actor_id?: string | null;
                action?: string | null;
                outcome?: components["schemas"]["Outcome"] | null;
                target_type?: string | null;
                target_id?: string | null;
                since?: string | null;
                until?: string | null;
                /** @description The `next_cursor` of the previous page, passed back unchanged; empty or absent for the first page. A value the API did not give out may be refused (422). */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPage"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    export_audit_events: {
        parameters: {
            query?: {
                actor_id?: string | null;
                action?: string | null;
                outcome?: components["schemas"]["Outcome"] | null;
                target_type?: string | null;
                target_id?: string | null;
                since?: string | null;
                until?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": unknown;
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    connect_partner_center: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many attempts; wait `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reauthenticate_partner_center: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many attempts; wait `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    partner_center_callback: {
        parameters: {
            query?: {
                code?: string | null;
                state?: string | null;
                error?: string | null;
                error_description?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Back to /portal or /onboarding with the outcome */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    get_partner_center_connection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disconnect_partner_center: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    check_partner_center_connection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionCheckOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sync_tenants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_tenants: {
        parameters: {
            query?: {
                /** @description Name, domain or tenant id */
                q?: string | null;
                gdap_state?: components["schemas"]["GdapState"] | null;
                status?: components["schemas"]["PetraStatus"] | null;
                email_permissions?: components["schemas"]["EmailPermissions"] | null;
                excluded?: boolean | null;
                /** @description Active (some relationship) or not */
                active?: boolean | null;
                /** @description Tenants whose last sync failed (true) or did not (false) */
                last_sync_failed?: boolean | null;
                /** @description Tenants with a role ending (gdap_earliest_end_at) within this many days */
                expiring_within_days?: number | null;
                sort?: components["schemas"]["SortField"];
                descending?: boolean;
                /** @description The `next_cursor` of the previous page, passed back unchanged; empty or absent for the first page. A value the API did not give out may be refused (422). */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantPage"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    export_tenants: {
        parameters: {
            query?: {
                /** @description Name, domain or tenant id */
                q?: string | null;
                gdap_state?: components["schemas"]["GdapState"] | null;
                status?: components["schemas"]["PetraStatus"] | null;
                email_permissions?: components["schemas"]["EmailPermissions"] | null;
                excluded?: boolean | null;
                /** @description Active (some relationship) or not */
                active?: boolean | null;
                /** @description Tenants whose last sync failed (true) or did not (false) */
                last_sync_failed?: boolean | null;
                /** @description Tenants with a role ending (gdap_earliest_end_at) within this many days */
                expiring_within_days?: number | null;
                sort?: components["schemas"]["SortField"];
                descending?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": unknown;
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    get_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantDetail"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    update_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TenantUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    list_tenant_operations: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantOperationList"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    list_gdap_roles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleOut"][];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_gdap_templates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"][];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_gdap_template: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    delete_gdap_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The role template id */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    update_gdap_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The role template id */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    request_tenant_gdap: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TenantRequestCreate"] | null;
            };
        };
        responses: {
            /** @description A request for this tenant is open already */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GdapRequestOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    list_gdap_requests: {
        parameters: {
            query?: {
                state?: components["schemas"]["RequestState"] | null;
                tenant_id?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GdapRequestPage"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    request_new_client_gdap: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewClientRequestCreate"];
            };
        };
        responses: {
            /** @description A request for this tenant is open already */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GdapRequestOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    get_gdap_request: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The GDAP request id */
                request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GdapRequestOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    refresh_gdap_request: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The GDAP request id */
                request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    list_products: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductCatalog"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    onboard_tenants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchOnboardTenants"] | components["schemas"]["BatchOnboardAllReady"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchOnboardOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    connect_tenant_individually: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IndividualConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IndividualConnectOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many attempts; wait `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    individual_tenant_callback: {
        parameters: {
            query?: {
                state?: string | null;
                admin_consent?: string | null;
                tenant?: string | null;
                scope?: string | null;
                error?: string | null;
                error_description?: string | null;
                error_subcode?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Back to /portal with the outcome */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    onboard_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OnboardIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    get_tenant_onboarding: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OnboardingOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    check_email_permissions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    fix_email_permissions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    pause_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OnboardingOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    resume_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OnboardingOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    offboard_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    list_operations: {
        parameters: {
            query?: {
                kind?: components["schemas"]["OperationKind"] | null;
                state?: components["schemas"]["OperationState"] | null;
                /** @description The `next_cursor` of the previous page, passed back unchanged; empty or absent for the first page. A value the API did not give out may be refused (422). */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationPage"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    get_operation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                operation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    cancel_operation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                operation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    retry_operation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                operation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    resume_operation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                operation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationOut"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    list_operation_items: {
        parameters: {
            query?: {
                state?: components["schemas"]["ItemState"] | null;
                /** @description The `next_cursor` of the previous page, passed back unchanged; empty or absent for the first page. A value the API did not give out may be refused (422). */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path: {
                operation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationItemPage"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    operation_events: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                operation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    get_scan_availability: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Availability"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_scan_checks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckCatalog"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_operation_scans: {
        parameters: {
            query: {
                /** @description The scan operation */
                operation_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScanList"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    start_scans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScanIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScanStarted"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is over the size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    export_operation_scans: {
        parameters: {
            query: {
                /** @description The scan operation */
                operation_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": unknown;
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    get_scan_overview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScanOverview"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_scan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The scan's id */
                scan_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScanDetail"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    export_scan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The scan's id */
                scan_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": unknown;
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    get_scan_report: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The scan's id */
                scan_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
    list_tenant_scans: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Microsoft tenant id */
                tenant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScanList"];
                };
            };
            /** @description Not signed in, wrong credentials, or a session or API key no longer valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role or key scope does not allow this, or the CSRF token or origin is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id in the caller's organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state; `code` says how */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request does not validate; `errors` lists each problem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
        };
    };
}
type FlattenedDeepRequired<T> = {
    [K in keyof T]-?: FlattenedDeepRequired<T[K] extends unknown[] | undefined | null ? Extract<T[K], unknown[]>[number] : T[K]>;
};
type ReadonlyArray<T> = [
    Exclude<T, undefined>
] extends [
    unknown[]
] ? Readonly<Exclude<T, undefined>> : Readonly<Exclude<T, undefined>[]>;
export const actionValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Action"]> = ["me.read", "session.end", "members.read", "members.manage", "api_keys.read", "api_keys.manage", "audit.read", "tenants.read", "tenants.manage", "tenants.add_individually", "partner_center.read", "partner_center.manage", "partner_center.connect", "operations.read", "operations.manage"];
export const actorTypeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ActorType"]> = ["member", "api_key", "anonymous", "system", "operator"];
export const apiKeyScopeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ApiKeyScope"]> = ["read", "read_write"];
export const connectionStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ConnectionState"]> = ["connected", "needs_reauth", "disconnected"];
export const emailPermissionsValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["EmailPermissions"]> = ["ok", "needs_fix", "unknown"];
export const gdapStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["GdapState"]> = ["ready", "missing", "none", "not_applicable"];
export const healthStatusValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Health"]["status"]> = ["ok", "unavailable"];
export const itemStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ItemState"]> = ["pending", "running", "succeeded", "failed", "cancelled"];
export const meOutActor_typeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["MeOut"]["actor_type"]> = ["member", "api_key"];
export const operationKindValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["OperationKind"]> = ["sync", "onboard", "email_permissions", "offboard", "gdap_follow", "scan", "monitor"];
export const operationStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["OperationState"]> = ["queued", "running", "paused", "succeeded", "partially_failed", "failed", "cancelled"];
export const outcomeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Outcome"]> = ["success", "failure"];
export const petraStatusValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["PetraStatus"]> = ["monitoring", "paused", "previously_deleted", "not_protected", "access_lost"];
export const productNameValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ProductName"]> = ["active", "autopsy", "scan"];
export const recordKindValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["RecordKind"]> = ["onboard", "email_check", "email_fix", "offboard", "pause", "resume"];
export const recordStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["RecordState"]> = ["running", "succeeded", "failed", "cancelled"];
export const relationshipKindValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["RelationshipKind"]> = ["ordinary", "default", "microsoft_led", "reseller"];
export const requestStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["RequestState"]> = ["approval_pending", "active", "assigning", "ready", "expired", "terminated", "failed"];
export const returnToValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ReturnTo"]> = ["portal", "onboarding"];
export const roleValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Role"]> = ["admin", "full_member", "external_guest", "billing"];
export const roleIdValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["RoleId"]> = ["62e90394-69f5-4237-9190-012177145e10", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "158c047a-c907-4556-b7ef-446551a6b5f7", "29232cdf-9323-42fd-ade2-1d097af3e4de", "31392ffb-586c-42d1-9346-e59415a2cc4e", "e8611ab8-c189-46e8-94e1-60213ab1f814", "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "fe930be7-5e62-47db-91af-98c3a49a38b1", "fdd7a751-b60b-444a-984c-02652fe8fa1c", "729827e3-9c14-49f7-bb1b-9608f156bbb8", "966707d0-3269-4727-9be2-8c3a10f19b9d", "c4e39bd9-1100-46d3-8c65-fb160da0071f", "194ae4cb-b126-40b2-bd5b-6091b380977d", "5d6b6bb7-de71-4623-b4af-96380a352509", "f2ef992c-3afb-46b9-b7cf-a126ee74c451", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "3a2c62db-5318-420d-8d74-23affee5d9d5", "69091246-20e8-4a56-aa4d-066075b2a7a8", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "4d6ac14f-3453-41d0-bef9-a3e0c569773a", "f023fd81-a637-4b56-95fd-791ac0226033", "0526716b-113d-4c15-b2c8-68e3c22b9f80", "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f", "9360feb5-f418-4baa-8175-e2a00bac4301", "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "7698a772-787b-4ac8-901f-60d6b08affd2", "17315797-102d-40b4-93e0-432062caca18", "892c5842-a9a6-463a-8041-72aa08ca3cf6", "b0f54661-2d74-4c50-afa3-1ec803f12efe", "4a5d8f65-41da-4de4-8968-e035b65339cf", "8329153b-31d0-4727-b945-745eb3bc5f31", "75941009-915a-4869-abe7-691bff18279e", "44367163-eba1-44c3-98af-f5787879f96a", "11648597-926c-4cf3-9c36-bcebb0ba8dcc", "4ba39ca4-527c-499a-b93d-d9b492c50246", "e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", "d29b2b05-8046-44ba-8758-1e26182fcf32"];
export const severityValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Severity"]> = ["critical", "high", "medium", "low"];
export const sortFieldValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["SortField"]> = ["name", "tenant_id", "gdap", "users", "status", "email", "gdap_end", "last_synced", "excluded"];
export const statusValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Status"]> = ["pass", "fail", "error", "not_applicable"];
export const stepStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["StepState"]> = ["pending", "running", "waiting", "done", "needs_fix", "failed"];
export const tenantActionValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["TenantAction"]> = ["view", "request_gdap", "onboard", "reconsent", "fix_email", "exclude"];
export const userCountSourceValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["UserCountSource"]> = ["graph", "partner_center", "unknown"];
