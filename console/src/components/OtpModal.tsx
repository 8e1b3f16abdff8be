import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/session';
import { useSubmit } from '../lib/useSubmit';
import { OtpInput } from './ui';

/** The `otp` field of a request body: absent when the member has no 2FA (the server decides whether that is allowed). */
export function otpField(otp: string): { otp?: string } {
  return otp ? { otp } : {};
}

/**
 * A sensitive action confirmed with a fresh 6-digit code: the form (`children`) plus the OTP field;
 * the server's refusal is shown in place, readable, and the code cleared for the next try.
 */
export function OtpModal({
  opened,
  title,
  confirmLabel,
  confirmColor,
  onClose,
  onConfirm,
  canConfirm = true,
  children,
  withOtp = true,
  cancelLabel,
}: {
  opened: boolean;
  title: string;
  confirmLabel: string;
  confirmColor?: string;
  onClose: () => void;
  onConfirm: (otp: string) => Promise<unknown>;
  canConfirm?: boolean;
  children?: ReactNode;
  withOtp?: boolean;
  /** The dismiss button's words when "Cancel" would be ambiguous (e.g. "Keep" on cancelling a withdrawal). */
  cancelLabel?: string;
}) {
  const { t } = useTranslation();
  const me = useMe();
  // Members without 2FA have no code to give: the server refuses (TWO_FACTOR_REQUIRED) unless the
  // partner's policy lets them act without one.
  const askOtp = withOtp && (me.data?.user.twoFactorEnabled ?? true);
  const [otp, setOtp] = useState('');
  const { busy, error, setError, handle } = useSubmit();
  const close = () => {
    setOtp('');
    setError(null);
    onClose();
  };
  const submit = handle(
    async () => {
      await onConfirm(otp);
      setOtp('');
      onClose();
    },
    () => setOtp(''),
  );
  return (
    <Modal opened={opened} onClose={close} title={title} centered size="lg">
      <form onSubmit={submit}>
        <Stack>
          {children}
          {askOtp ? <OtpInput value={otp} onChange={setOtp} autoFocus={!children} /> : null}
          {error ? (
            <Alert color="red" role="alert" data-testid="modal-error">
              {error}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {cancelLabel ?? t('app.cancel')}
            </Button>
            <Button
              type="submit"
              loading={busy}
              color={confirmColor}
              disabled={!canConfirm || (askOtp && !/^\d{6}$/.test(otp))}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
