import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { toApiError } from '../../api/client';
import { roleValues } from '../../api/generated/schema';
import type { MemberCreated, Role } from '../../api/schemas';
import { useCreateMember } from './hooks';
import { ROLE_HINTS, ROLE_LABELS } from './labels';

/** Invite: the member signs in with the password set here, or the one generated and shown once. */
export function InviteMember() {
  const [opened, { open, close }] = useDisclosure(false);
  const create = useCreateMember();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('full_member');
  const [manage, setManage] = useState(true);
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<MemberCreated | null>(null);

  function reset() {
    setEmail('');
    setName('');
    setRole('full_member');
    setManage(true);
    setPassword('');
    create.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      {
        email: email.trim(),
        display_name: name.trim(),
        role,
        can_manage_tenants: role === 'full_member' ? manage : role === 'admin',
        password: password || null,
      },
      {
        onSuccess: (member) => {
          setCreated(member);
          reset();
          close();
        },
      },
    );
  }

  const tooShort = password !== '' && password.length < 12;
  return (
    <>
      <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={open}>
        Invite member
      </Button>
      <Modal opened={opened} onClose={() => { reset(); close(); }} title="Invite a member" centered>
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Select
              label="Role"
              data={roleValues.map((value) => ({ value, label: ROLE_LABELS[value] }))}
              value={role}
              allowDeselect={false}
              onChange={(value) => setRole(roleValues.find((v) => v === value) ?? 'full_member')}
              description={ROLE_HINTS[role]}
            />
            {role === 'full_member' && (
              <Checkbox label="Can manage tenants" checked={manage} onChange={(e) => setManage(e.currentTarget.checked)} />
            )}
            <PasswordInput
              label="Password"
              description="At least 12 characters. Leave empty and Petra generates one, shown once."
              value={password}
              error={tooShort ? 'Use at least 12 characters.' : undefined}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            {create.error && (
              <Alert color="red" role="alert">
                {toApiError(create.error).detail}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending} disabled={!email.trim() || tooShort}>
                Invite
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={created !== null} onClose={() => setCreated(null)} title="Member invited" centered>
        {created && (
          <Stack>
            <Text size="sm">
              {created.email} can now sign in as {ROLE_LABELS[created.role]}.
            </Text>
            {created.initial_password && (
              <>
                <Text size="sm">Their password is shown only now. Send it to them through a safe channel:</Text>
                <Group>
                  <Code fz="sm">{created.initial_password}</Code>
                  <CopyButton value={created.initial_password}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="default" onClick={copy}>
                        {copied ? 'Copied' : 'Copy'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </>
            )}
            <Group justify="flex-end">
              <Button onClick={() => setCreated(null)}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
