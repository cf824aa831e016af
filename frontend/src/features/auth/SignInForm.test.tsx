import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { SignInForm } from './SignInForm';

function fill(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
}

describe('SignInForm', () => {
  it('keeps Sign in disabled until both email and password are filled', () => {
    render(<SignInForm onSubmit={vi.fn()} />);
    const button = screen.getByRole('button', { name: 'Sign in' });

    expect(button).toHaveProperty('disabled', true);
    fill('ada@contoso.example', '');
    expect(button).toHaveProperty('disabled', true);
    fill('ada@contoso.example', 'hunter22');
    expect(button).toHaveProperty('disabled', false);
  });

  it('submits the trimmed email and the password, and shows progress', async () => {
    const onSubmit = vi.fn(() => new Promise<void>(() => {}));
    render(<SignInForm onSubmit={onSubmit} />);

    fill('  ada@contoso.example ', 'hunter22');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(onSubmit).toHaveBeenCalledWith({ email: 'ada@contoso.example', password: 'hunter22' });
    expect(await screen.findByRole('button', { name: 'Signing in…' })).toHaveProperty('disabled', true);
  });

  it("shows the problem's detail when sign-in is refused, and lets the user retry", async () => {
    const onSubmit = vi.fn(() =>
      Promise.reject(
        new ApiError({
          status: 401,
          code: 'invalid_credentials',
          title: 'Authentication required',
          detail: 'Wrong e-mail or password.',
        }),
      ),
    );
    render(<SignInForm onSubmit={onSubmit} />);

    fill('ada@contoso.example', 'wrong');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Wrong e-mail or password.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', false);
  });
});
