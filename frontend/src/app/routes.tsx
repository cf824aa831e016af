import { Navigate, type RouteObject } from 'react-router';
import { SignInPage } from '../features/auth/SignInPage';
import { ApiKeysPage } from '../features/api-keys/ApiKeysPage';
import { AuditPage } from '../features/audit/AuditPage';
import { MembersPage } from '../features/members/MembersPage';
import { OnboardingPage } from '../features/onboarding/OnboardingPage';
import { OperationDetailPage } from '../features/operations/OperationDetailPage';
import { OperationsPage } from '../features/operations/OperationsPage';
import { PartnerCenterPage } from '../features/partner-center/PartnerCenterPage';
import { PortalPage } from '../features/portal/PortalPage';
import { TenantDetailPage } from '../features/tenants/TenantDetailPage';
import { RequirePermission } from './RequirePermission';
import { NotFoundPage, RequireSession } from './RequireSession';
import { Shell } from './Shell';

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
