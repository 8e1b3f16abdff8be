import { Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { FinanceContacts as FinanceContactsView, Me } from '../../api/types';
import { SectionTitle } from '../../components/DataTable';
import { SuccessAlert } from '../../components/notices';
import { ErrorAlert, QueryView } from '../../components/ui';
import { useRefreshingMutation } from '../../lib/queries';
import { can } from '../../lib/session';

const MAX_CONTACTS = 5;
type Draft = { contacts: { name: string; email: string }[]; language: 'en' | 'ko' };

/** Settings → Finance contacts: who gets the monthly export email (PUT needs settings:write). */
export function FinanceContacts({ me }: { me: Me }) {
  const { t } = useTranslation();
  const current = useQuery({
    queryKey: ['finance-contacts'],
    queryFn: () => api.get<FinanceContactsView>('/console/finance-contacts'),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const mayWrite = can(me, 'settings:write');
  // After a save the form shows what the server kept (emails lower-cased).
  const save = useRefreshingMutation(
    ['finance-contacts'],
    (d: Draft) => api.put<FinanceContactsView>('/console/finance-contacts', d),
    () => setDraft(null),
  );
  return (
    <Stack>
      <SectionTitle title={t('finance.contacts.tab')} />
      <Text size="sm" c="dimmed">
        {t('finance.contacts.help')}
      </Text>
      <QueryView query={current}>
        {(c) => {
          const d: Draft = draft ?? { contacts: c.contacts, language: c.language };
          const setContact = (i: number, field: 'name' | 'email', value: string) =>
            setDraft({
              ...d,
              contacts: d.contacts.map((x, j) => (j === i ? { ...x, [field]: value } : x)),
            });
          return (
            <Paper withBorder p="md">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  save.mutate(d);
                }}
              >
                <Stack data-testid="finance-contacts">
                  {!mayWrite ? (
                    <Text size="sm" c="dimmed">
                      {t('settings.readOnly')}
                    </Text>
                  ) : null}
                  {d.contacts.map((x, i) => (
                    <Group key={i} align="flex-end" wrap="wrap">
                      <TextInput
                        label={t('finance.contacts.name')}
                        value={x.name}
                        onChange={(e) => setContact(i, 'name', e.currentTarget.value)}
                        disabled={!mayWrite}
                        required
                      />
                      <TextInput
                        label={t('finance.contacts.email')}
                        type="email"
                        value={x.email}
                        onChange={(e) => setContact(i, 'email', e.currentTarget.value)}
                        disabled={!mayWrite}
                        required
                      />
                      {mayWrite ? (
                        <Button
                          variant="subtle"
                          color="red"
                          onClick={() => setDraft({ ...d, contacts: d.contacts.filter((_, j) => j !== i) })}
                        >
                          {t('finance.contacts.remove')}
                        </Button>
                      ) : null}
                    </Group>
                  ))}
                  <Select
                    label={t('finance.contacts.language')}
                    data={[
                      { value: 'en', label: 'English' },
                      { value: 'ko', label: '한국어' },
                    ]}
                    value={d.language}
                    onChange={(v) => setDraft({ ...d, language: v === 'ko' ? 'ko' : 'en' })}
                    disabled={!mayWrite}
                    allowDeselect={false}
                    w={200}
                  />
                  {save.isError ? <ErrorAlert error={save.error} /> : null}
                  {save.isSuccess ? <SuccessAlert>{t('finance.contacts.saved')}</SuccessAlert> : null}
                  {mayWrite ? (
                    <Group justify="space-between">
                      <Button
                        variant="default"
                        disabled={d.contacts.length >= MAX_CONTACTS}
                        onClick={() => setDraft({ ...d, contacts: [...d.contacts, { name: '', email: '' }] })}
                      >
                        {t('finance.contacts.add')}
                      </Button>
                      <Button type="submit" loading={save.isPending}>
                        {t('app.save')}
                      </Button>
                    </Group>
                  ) : null}
                </Stack>
              </form>
            </Paper>
          );
        }}
      </QueryView>
    </Stack>
  );
}
