import { Alert } from '@mantine/core';
import type { AlertProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A done action's confirmation, read out politely. */
export function SuccessAlert({
  children,
  ...alert
}: AlertProps & { children: ReactNode; 'data-testid'?: string }) {
  return (
    <Alert color="teal" role="status" {...alert}>
      {children}
    </Alert>
  );
}

/** A form's refusal as text (already readable), or nothing. */
export function FormError({ error }: { error: string | null }) {
  return error ? (
    <Alert color="red" role="alert">
      {error}
    </Alert>
  ) : null;
}
