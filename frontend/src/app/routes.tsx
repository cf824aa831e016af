import { lazy } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { SignInPage } from '../features/auth/SignInPage';
import { PortalPage } from '../features/portal/PortalPage';
import { RequirePermission } from './RequirePermission';
import { NotFoundPage, RequireSession } from './RequireSession';
import { Shell } from './Shell';

// Pages past the portal load on first visit, so signing in downloads less.
const ApiKeysPage = lazy(() => import('../features/api-keys/ApiKeysPage').then((m) => ({ default: m.ApiKeysPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const GdapRequestsPage = lazy(() =>
  import('../features/gdap/GdapRequestsPage').then((m) => ({ default: m.GdapRequestsPage })),
);
const MembersPage = lazy(() => import('../features/members/MembersPage').then((m) => ({ default: m.MembersPage })));
const OnboardingPage = lazy(() =>
  import('../features/onboarding/OnboardingPage').then((m) => ({ default: m.OnboardingPage })),
);
const OperationDetailPage = lazy(() =>
  import('../features/operations/OperationDetailPage').then((m) => ({ default: m.OperationDetailPage })),
);
const OperationsPage = lazy(() =>
  import('../features/operations/OperationsPage').then((m) => ({ default: m.OperationsPage })),
);
const PartnerCenterPage = lazy(() =>
  import('../features/partner-center/PartnerCenterPage').then((m) => ({ default: m.PartnerCenterPage })),
);
const ScansPage = lazy(() => import('../features/scans/ScansPage').then((m) => ({ default: m.ScansPage })));
const ScanDetailPage = lazy(() => import('../features/scans/ScanDetailPage').then((m) => ({ default: m.ScanDetailPage })));
const TenantDetailPage = lazy(() =>
  import('../features/tenants/TenantDetailPage').then((m) => ({ default: m.TenantDetailPage })),
);

export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <Shell />,
        children: [
          { index: true, element: <Navigate to="/portal" replace /> },
          { path: 'portal', element: <PortalPage /> },
          {
            path: 'onboarding',
            element: (
              <RequirePermission action="partner_center.connect">
                <OnboardingPage />
              </RequirePermission>
            ),
          },
          {
            path: 'tenants/:tenantId',
            element: (
              <RequirePermission action="tenants.read">
                <TenantDetailPage />
              </RequirePermission>
            ),
          },
          {
            path: 'gdap-requests',
            element: (
              <RequirePermission action="tenants.read">
                <GdapRequestsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'operations',
            element: (
              <RequirePermission action="operations.read">
                <OperationsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'operations/:operationId',
            element: (
              <RequirePermission action="operations.read">
                <OperationDetailPage />
              </RequirePermission>
            ),
          },
          {
            path: 'scans',
            element: (
              <RequirePermission action="tenants.read">
                <ScansPage />
              </RequirePermission>
            ),
          },
          {
            path: 'scans/:scanId',
            element: (
              <RequirePermission action="tenants.read">
                <ScanDetailPage />
              </RequirePermission>
            ),
          },
          { path: 'settings', element: <Navigate to="/settings/partner-center" replace /> },
          {
            path: 'settings/partner-center',
            element: (
              <RequirePermission action="partner_center.read">
                <PartnerCenterPage />
              </RequirePermission>
            ),
          },
          {
            path: 'settings/members',
            element: (
              <RequirePermission action="members.read">
                <MembersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'settings/api-keys',
            element: (
              <RequirePermission action="api_keys.read">
                <ApiKeysPage />
              </RequirePermission>
            ),
          },
          {
            path: 'settings/audit',
            element: (
              <RequirePermission action="audit.read">
                <AuditPage />
              </RequirePermission>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
