import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { setCsrfToken } from '../api/client';
import { keys } from '../api/keys';
import type { Me } from '../api/schemas';
import { Providers } from '../app/Providers';
import { createQueryClient } from '../app/queryClient';
import { routes } from '../app/routes';

interface Options {
  /** The signed-in person; null for no session; undefined to let the app ask /me. */
  me?: Me | null;
  routes?: RouteObject[];
}

/** Renders the app (or some routes) at `path` with the real providers and a fresh cache. */
export function renderAt(path: string, options: Options = {}) {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  if (options.me !== undefined) {
    client.setQueryData(keys.me, options.me);
    setCsrfToken(options.me?.csrf_token ?? null);
  }
  const router = createMemoryRouter(options.routes ?? routes, { initialEntries: [path] });
  const view = render(
    <Providers client={client}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...view, client, router };
}
