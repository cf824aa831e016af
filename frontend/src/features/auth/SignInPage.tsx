import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { formatWait, useCountdown } from '../../lib/useCountdown';
import { safeNext } from './next';
import { useMe, useSignIn } from './session';

export function SignInPage() {
  const me = useMe();
  const [params] = useSearchParams();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const wait = useCountdown(lockedUntil);
  const locked = wait > 0;

  if (me.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  const error = signIn.error;
  const ready = email.trim() !== '' && password !== '' && !signIn.isPending && !locked;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ready) return;
    signIn.mutate(
      { email: email.trim(), password },
      {
        onError: (caught) => {
          if (isApiError(caught) && caught.status === 429) {
            setLockedUntil(Date.now() + (caught.retryAfterSeconds ?? 60) * 1000);
          }
        },
      },
    );
  }

  let message: string | null = null;
  if (locked) {
    message = `Too many sign-in attempts. Try again in ${formatWait(wait)}.`;
  } else if (error && !(isApiError(error) && error.status === 429)) {
    message = isApiError(error) ? error.detail : 'Something went wrong. Please try again.';
  }

  return (
    <Center mih="100vh" p="md">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <form onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2" id="sign-in-title">
                Sign in to Petra Portal
              </Title>
              <Text c="dimmed" size="sm">
                Manage your client tenants through Partner Center and GDAP.
              </Text>
            </div>
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            {message && (
              <Alert color="red" role="alert" title={locked ? 'Sign-in paused' : undefined}>
                {message}
              </Alert>
            )}
            <Button type="submit" disabled={!ready} loading={signIn.isPending}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
