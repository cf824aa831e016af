import { Button, Center } from '@mantine/core';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { QueryError, StatusPanel } from '../components/StatusPanel';
import { useMe } from '../features/auth/session';

/** Renders the signed-in pages, or sends the person to sign in and back to where they were. */
export function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <Center mih="100vh">
        <StatusPanel kind="loading" title="Checking your session…" />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center mih="100vh" p="md">
        <QueryError error={me.error} title="Petra Portal could not load your account" onRetry={() => void me.refetch()} />
      </Center>
    );
  }
  if (me.data === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

export function NotFoundPage() {
  return (
    <StatusPanel kind="empty" title="There is no page here" action={<Button component={Link} to="/portal">Go to managed tenants</Button>}>
      The link may be old, or mistyped.
    </StatusPanel>
  );
}
