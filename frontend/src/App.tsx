import { StatusPanel } from './components/StatusPanel';
import { SignInForm } from './features/auth/SignInForm';
import { useMe } from './features/auth/useMe';
import { PortalPage } from './features/portal/PortalPage';

export function App() {
  const { state, reload, signIn, signOut } = useMe();

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Petra Portal</span>
      </header>
      <main className={state.status === 'signed-in' ? 'content content--wide' : 'content'}>
        {state.status === 'loading' && <StatusPanel kind="loading" title="Checking your session…" />}
        {state.status === 'error' && (
          <StatusPanel
            kind="error"
            title="Petra Portal could not load your account"
            action={
              <button type="button" className="button" onClick={reload}>
                Try again
              </button>
            }
          >
            {state.error.detail}
          </StatusPanel>
        )}
        {state.status === 'signed-out' && <SignInForm onSubmit={signIn} />}
        {state.status === 'signed-in' && <PortalPage me={state.me} onSignOut={signOut} />}
      </main>
    </div>
  );
}
