import { useCallback, useState } from 'react';
import type { Me } from '../../api/types';
import { StatusPanel } from '../../components/StatusPanel';
import { AccountSummary } from '../auth/AccountSummary';
import { PartnerCenterCard } from '../partner-center/PartnerCenterCard';
import { SignInOutcomeBanner } from '../partner-center/SignInOutcomeBanner';
import { useSignInOutcome } from '../partner-center/useSignInOutcome';
import { TenantsTable } from '../tenants/TenantsTable';

interface PortalPageProps {
  me: Me;
  onSignOut: () => Promise<void>;
}

/** /portal: the Partner Center connection above the managed tenants table. */
export function PortalPage({ me, onSignOut }: PortalPageProps) {
  const { outcome, dismiss } = useSignInOutcome();
  const [tenantsRefresh, setTenantsRefresh] = useState(0);
  const refreshTenants = useCallback(() => setTenantsRefresh((n) => n + 1), []);
  // The API enforces these too; checking here only avoids offering buttons that would be refused.
  const can = (action: string) => me.permissions.includes(action);

  return (
    <div className="stack">
      {outcome && <SignInOutcomeBanner outcome={outcome} onDismiss={dismiss} />}
      <AccountSummary me={me} onSignOut={onSignOut} />
      {can('partner_center.read') && (
        <PartnerCenterCard
          permissions={{
            connect: can('partner_center.connect'),
            manage: can('partner_center.manage'),
            sync: can('tenants.manage'),
          }}
          onSyncFinished={refreshTenants}
        />
      )}
      {can('tenants.read') ? (
        <TenantsTable refreshKey={tenantsRefresh} />
      ) : (
        <StatusPanel kind="empty" title="Your role does not include client tenants">
          Ask an admin of your organization for access to Partner Center and tenants.
        </StatusPanel>
      )}
    </div>
  );
}
