/** Where to go after signing in: only a path of this app, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/sign-in')) {
    return '/portal';
  }
  return next;
}
