import type { ReactNode } from 'react';

interface StatusPanelProps {
  kind: 'loading' | 'empty' | 'error';
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}

/** The one look for "nothing to show yet": loading, empty and error states. */
export function StatusPanel({ kind, title, children, action }: StatusPanelProps) {
  return (
    <section
      className={`status-panel status-panel--${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      aria-busy={kind === 'loading'}
    >
      {kind === 'loading' && <span className="spinner" aria-hidden="true" />}
      <h2 className="status-panel__title">{title}</h2>
      {children && <div className="status-panel__body">{children}</div>}
      {action && <div className="status-panel__action">{action}</div>}
    </section>
  );
}
