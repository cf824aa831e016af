import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { Credentials } from '../../api/types';

interface SignInFormProps {
  onSubmit: (credentials: Credentials) => Promise<void>;
}

export function SignInForm({ onSubmit }: SignInFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ready = email.trim() !== '' && password !== '' && !pending;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ready) return;
    setPending(true);
    setError(null);
    try {
      await onSubmit({ email: email.trim(), password });
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught.detail : 'Something went wrong. Please try again.',
      );
      // On success this component unmounts, so pending is only reset on failure.
      setPending(false);
    }
  }

  return (
    <form className="card sign-in" onSubmit={handleSubmit} aria-labelledby="sign-in-title" noValidate>
      <h1 id="sign-in-title">Sign in to Petra Portal</h1>
      <p className="muted">Manage your client tenants through Partner Center and GDAP.</p>

      <label htmlFor="sign-in-email">Email</label>
      <input
        id="sign-in-email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />

      <label htmlFor="sign-in-password">Password</label>
      <input
        id="sign-in-password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />

      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}

      <button type="submit" className="button button--primary" disabled={!ready}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
