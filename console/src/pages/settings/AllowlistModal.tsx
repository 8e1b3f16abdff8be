import { Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiKeyView } from '../../api/types';
import { OtpModal, otpField } from '../../components/OtpModal';
import { allowlistEntries, allowlistFieldError } from '../../lib/allowlist';

/** Settings → API keys → Edit IP allowlist (PUT /console/api-keys/{id}/ip-allowlist, with a 2FA code). */
export function AllowlistModal({
  apiKey,
  onClose,
  onDone,
}: {
  apiKey: ApiKeyView | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const value = text ?? apiKey?.ipAllowlist.join('\n') ?? '';
  const close = () => {
    setText(null);
    setFieldError(null);
    onClose();
  };
  return (
    <OtpModal
      opened={!!apiKey}
      title={t('screens.apiKeys.allowlistTitle', { name: apiKey?.name ?? '' })}
      confirmLabel={t('app.save')}
      onClose={close}
      onConfirm={async (otp) => {
        const entries = allowlistEntries(value);
        setFieldError(null);
        try {
          await api.put(`/console/api-keys/${encodeURIComponent(apiKey?.id ?? '')}/ip-allowlist`, {
            ipAllowlist: entries,
            ...otpField(otp),
          });
        } catch (e) {
          setFieldError(allowlistFieldError(e, entries, t));
          throw e;
        }
        await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
        onDone(t('screens.apiKeys.allowlistSaved', { name: apiKey?.name ?? '' }));
        setText(null);
      }}
    >
      <Textarea
        label={t('settings.ipAllowlist')}
        description={t('screens.apiKeys.allowlistHelp')}
        name="ipAllowlist"
        value={value}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setFieldError(null);
        }}
        error={fieldError}
        autosize
        minRows={3}
        data-autofocus
      />
    </OtpModal>
  );
}
