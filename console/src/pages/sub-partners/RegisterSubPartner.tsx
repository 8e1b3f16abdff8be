import {
  Checkbox,
  Divider,
  Group,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NETWORK_CODES, TOKEN_DECIMALS, TOKEN_SYMBOLS } from '../../../../shared/domain/chains/networks';
import { ApiError, api } from '../../api/client';
import type { FeeRates, SubPartnerType, SubPartnerView } from '../../api/types';
import { OtpModal, otpField } from '../../components/OtpModal';
import { ErrorAlert } from '../../components/ui';
import {
  distributorFeeIssues,
  distributorFloor,
  childLimits,
  merchantFeeIssues,
  parseRate,
  ppmToPercent,
} from '../../lib/fees';
import type { FeeIssue } from '../../lib/fees';
import { useFeeIssueText, useOwnFees } from './common';

/** The tokens each network carries (shared/domain/chains/networks.ts). */
export const NETWORK_TOKENS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  NETWORK_CODES.map((n) => [n, TOKEN_SYMBOLS.filter((s) => TOKEN_DECIMALS[n][s] !== undefined)]),
);

export interface Registered {
  subPartner: SubPartnerView;
  owner: { email: string };
}

/** Field paths of a refusal (`fees.depositFeeRate`, `chains.0.tokens`) as the form's field names. */
export function serverFieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of e.fields) {
    const field = f.path.startsWith('fees.') ? f.path.slice(5) : f.path.split('.')[0] || '';
    if (field) out[field] ??= f.message;
  }
  if (e.code === 'EMAIL_TAKEN') out['email'] ??= e.message;
  if (e.code === 'FEE_CONSTRAINT_VIOLATED' && !Object.keys(out).length) out['fees'] = e.message;
  return out;
}

/** The fee inputs of one partner type, with the §7.3 limits under them and the problem as typed. */
export function FeeFields({
  type,
  own,
  values,
  onChange,
  serverErrors,
}: {
  type: SubPartnerType;
  own: FeeRates;
  values: { depositFeeRate: string; parentFeeRate: string; maxFeeCap: string };
  onChange: (field: 'depositFeeRate' | 'parentFeeRate' | 'maxFeeCap', value: string) => void;
  serverErrors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const issueText = useFeeIssueText();
  const { floor, cap } = childLimits(own);
  const issues: FeeIssue[] =
    type === 'MERCHANT'
      ? values.depositFeeRate
        ? merchantFeeIssues(values.depositFeeRate, own)
        : []
      : distributorFeeIssues(values.parentFeeRate || '0', values.maxFeeCap || '100', own).filter(
          (i) => (i.field === 'parentFeeRate' ? values.parentFeeRate : values.maxFeeCap) !== '',
        );
  const error = (field: FeeIssue['field']) =>
    issueText(issues.find((i) => i.field === field)) ?? serverErrors[field];
  if (type === 'MERCHANT') {
    const rate = parseRate(values.depositFeeRate);
    return (
      <TextInput
        label={t('subPartners.fee.depositFeeRate')}
        name="depositFeeRate"
        inputMode="decimal"
        value={values.depositFeeRate}
        onChange={(e) => onChange('depositFeeRate', e.currentTarget.value.trim())}
        required
        description={
          <span data-testid="fee-limits">
            {cap !== undefined
              ? t('subPartners.fee.merchantRange', { floor: ppmToPercent(floor), cap: ppmToPercent(cap) })
              : t('subPartners.fee.merchantRangeNoCap', { floor: ppmToPercent(floor) })}
            {rate !== undefined && rate >= floor && !error('depositFeeRate')
              ? ` ${t('subPartners.fee.spread', { spread: ppmToPercent(rate - floor) })}`
              : ''}
          </span>
        }
        error={error('depositFeeRate')}
      />
    );
  }
  const childFloor = distributorFloor(values.parentFeeRate, own);
  return (
    <Group grow align="flex-start">
      <TextInput
        label={t('subPartners.fee.parentFeeRate')}
        name="parentFeeRate"
        inputMode="decimal"
        value={values.parentFeeRate}
        onChange={(e) => onChange('parentFeeRate', e.currentTarget.value.trim())}
        required
        description={
          childFloor !== undefined
            ? t('subPartners.fee.distributorFloor', {
                floor: ppmToPercent(childFloor),
                own: ppmToPercent(floor),
                parent: values.parentFeeRate,
              })
            : t('subPartners.fee.parentHelp')
        }
        error={error('parentFeeRate')}
      />
      <TextInput
        label={t('subPartners.fee.maxFeeCap')}
        name="maxFeeCap"
        inputMode="decimal"
        value={values.maxFeeCap}
        onChange={(e) => onChange('maxFeeCap', e.currentTarget.value.trim())}
        required
        description={t('subPartners.fee.capHelp')}
        error={error('maxFeeCap')}
      />
    </Group>
  );
}

/** Whether the fees typed for `type` are complete and within the limits. */
export function feesComplete(
  type: SubPartnerType,
  own: FeeRates,
  v: { depositFeeRate: string; parentFeeRate: string; maxFeeCap: string },
): boolean {
  return type === 'MERCHANT'
    ? merchantFeeIssues(v.depositFeeRate, own).length === 0
    : distributorFeeIssues(v.parentFeeRate, v.maxFeeCap, own).length === 0;
}

export function feesBody(
  type: SubPartnerType,
  v: { depositFeeRate: string; parentFeeRate: string; maxFeeCap: string },
): Record<string, string> {
  return type === 'MERCHANT'
    ? { depositFeeRate: v.depositFeeRate }
    : { parentFeeRate: v.parentFeeRate, maxFeeCap: v.maxFeeCap };
}

const EMPTY_FEES = { depositFeeRate: '', parentFeeRate: '', maxFeeCap: '' };

/** Register a merchant or a sub-distributor (seed 000 §7.3): 2FA on submit; the refusal lands on its field. */
export function RegisterSubPartnerModal({
  opened,
  onClose,
  onRegistered,
}: {
  opened: boolean;
  onClose: () => void;
  onRegistered: (r: Registered) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const own = useOwnFees(opened);
  const [type, setType] = useState<SubPartnerType>('MERCHANT');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [fees, setFees] = useState(EMPTY_FEES);
  const [chains, setChains] = useState<Record<string, string[]>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  // One key per form: a retried submit cannot register the partner twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const reset = () => {
    setType('MERCHANT');
    setName('');
    setEmail('');
    setPassword('');
    setCode('');
    setFees(EMPTY_FEES);
    setChains({});
    setServerErrors({});
    setIdempotencyKey(crypto.randomUUID());
  };
  const chainList = Object.entries(chains)
    .filter(([, tokens]) => tokens.length > 0)
    .map(([network, tokens]) => ({ network, tokens }));
  const ownFees = own.data?.fees;
  // At the deepest distributor level the server refuses a DISTRIBUTOR: the form does not offer one.
  const merchantsOnly = own.data !== undefined && !own.data.canRegister.includes('DISTRIBUTOR');
  const passwordShort = password !== '' && password.length < 8;
  const canConfirm =
    !!ownFees &&
    name.trim() !== '' &&
    /^\S+@\S+\.\S+$/.test(email.trim()) &&
    password.length >= 8 &&
    feesComplete(type, ownFees, fees) &&
    chainList.length > 0;
  const clear = (field: string) =>
    setServerErrors((e) => {
      const { [field]: _, ...rest } = e;
      return rest;
    });
  return (
    <OtpModal
      opened={opened}
      title={t('subPartners.register.title')}
      confirmLabel={t('subPartners.register.submit')}
      onClose={() => {
        reset();
        onClose();
      }}
      canConfirm={canConfirm}
      onConfirm={async (otp) => {
        try {
          const r = await api.post<Registered>(
            '/console/sub-partners',
            {
              type,
              name: name.trim(),
              email: email.trim(),
              password,
              ...(code.trim() ? { code: code.trim() } : {}),
              fees: feesBody(type, fees),
              chains: chainList,
              ...otpField(otp),
            },
            { headers: { 'Idempotency-Key': idempotencyKey } },
          );
          reset();
          onRegistered(r);
          void queryClient.invalidateQueries({ queryKey: ['sub-partners'] });
          void queryClient.invalidateQueries({ queryKey: ['sub-partner-tree'] });
        } catch (e) {
          setServerErrors(serverFieldErrors(e));
          throw e;
        }
      }}
    >
      {own.isError ? <ErrorAlert error={own.error} onRetry={() => void own.refetch()} /> : null}
      <Stack gap="sm" data-testid="register-sub-partner">
        <div>
          <Text size="sm" fw={500} mb={4} id="register-type-label">
            {t('subPartners.register.type')}
          </Text>
          <SegmentedControl
            aria-labelledby="register-type-label"
            value={type}
            onChange={(v) => setType(v as SubPartnerType)}
            data={[
              { value: 'MERCHANT', label: t('subPartners.type.MERCHANT') },
              {
                value: 'DISTRIBUTOR',
                label: t('subPartners.type.DISTRIBUTOR'),
                disabled: merchantsOnly,
              },
            ]}
          />
          {merchantsOnly ? (
            <Text size="xs" c="dimmed" mt={4} data-testid="register-merchants-only">
              {t('subPartners.register.merchantsOnly')}
            </Text>
          ) : null}
        </div>
        <TextInput
          label={t('subPartners.register.name')}
          name="name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            clear('name');
          }}
          required
          data-autofocus
          error={serverErrors['name']}
        />
        <TextInput
          label={t('subPartners.register.email')}
          name="email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => {
            setEmail(e.currentTarget.value);
            clear('email');
          }}
          required
          description={t('subPartners.register.emailHelp')}
          error={serverErrors['email']}
        />
        <PasswordInput
          label={t('subPartners.register.password')}
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            clear('password');
          }}
          required
          description={t('subPartners.register.passwordHelp')}
          error={passwordShort ? t('subPartners.register.passwordShort') : serverErrors['password']}
        />
        <TextInput
          label={t('subPartners.register.code')}
          name="code"
          value={code}
          onChange={(e) => {
            setCode(e.currentTarget.value.toUpperCase());
            clear('code');
          }}
          description={t('subPartners.register.codeHelp')}
          error={serverErrors['code']}
        />
        <Divider />
        <Title order={3} size="h5">
          {t('subPartners.register.fees')}
        </Title>
        {ownFees ? (
          <FeeFields
            type={type}
            own={ownFees}
            values={fees}
            onChange={(field, value) => {
              setFees((f) => ({ ...f, [field]: value }));
              clear(field);
            }}
            serverErrors={serverErrors}
          />
        ) : null}
        {serverErrors['fees'] ? (
          <Text size="sm" c="red">
            {serverErrors['fees']}
          </Text>
        ) : null}
        <Divider />
        <Title order={3} size="h5">
          {t('subPartners.register.chains')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('subPartners.register.chainsHelp')}
        </Text>
        <Stack gap="xs" data-testid="chain-activation">
          {Object.entries(NETWORK_TOKENS).map(([network, tokens]) => {
            const selected = chains[network] ?? [];
            return (
              <Group key={network} gap="md" wrap="wrap">
                <Checkbox
                  label={network}
                  name={`chain-${network}`}
                  checked={selected.length > 0}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setChains((c) => ({ ...c, [network]: on ? [...tokens] : [] }));
                    clear('chains');
                  }}
                  w={110}
                />
                <Checkbox.Group
                  aria-label={t('subPartners.register.tokens', { network })}
                  value={selected}
                  onChange={(v) => setChains((c) => ({ ...c, [network]: v }))}
                >
                  <Group gap="sm">
                    {tokens.map((token) => (
                      <Checkbox key={token} value={token} label={token} size="xs" />
                    ))}
                  </Group>
                </Checkbox.Group>
              </Group>
            );
          })}
        </Stack>
        {chainList.length === 0 || serverErrors['chains'] ? (
          <Text size="sm" c={serverErrors['chains'] ? 'red' : 'dimmed'}>
            {serverErrors['chains'] ?? t('subPartners.register.noChain')}
          </Text>
        ) : null}
      </Stack>
    </OtpModal>
  );
}
