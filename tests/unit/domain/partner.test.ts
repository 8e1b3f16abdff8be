import { transitionApiKey } from '../../../shared/domain/auth/api-key';
import { isGatewayError } from '../../../shared/domain/errors';
import { childDepth, registrableTypes, transitionPartner } from '../../../shared/domain/partner/partner';
import type { Partner } from '../../../shared/domain/partner/partner';

const partner = (type: Partner['type'], depth: number): Partner => ({
  id: `pt_${type}_${depth}`,
  code: `${type}_${depth}`,
  name: type,
  type,
  status: 'ACTIVE',
  parentId: depth === 0 ? null : 'pt_parent',
  depth,
  createdAt: '2026-11-20T00:00:00.000Z',
});

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isGatewayError(e)) return e.code;
    throw e;
  }
  return 'OK';
};

describe('partner hierarchy', () => {
  it('places distributors up to five levels under the platform', () => {
    expect(childDepth(partner('PLATFORM', 0), 'DISTRIBUTOR')).toBe(1);
    expect(childDepth(partner('DISTRIBUTOR', 4), 'DISTRIBUTOR')).toBe(5);
    expect(codeOf(() => childDepth(partner('DISTRIBUTOR', 5), 'DISTRIBUTOR'))).toBe('VALIDATION_FAILED');
  });

  it('lets a merchant sit under the deepest distributor', () => {
    expect(childDepth(partner('DISTRIBUTOR', 5), 'MERCHANT')).toBe(6);
  });

  it('offers a form exactly the types childDepth accepts', () => {
    for (const [type, depth] of [
      ['PLATFORM', 0],
      ['DISTRIBUTOR', 4],
      ['DISTRIBUTOR', 5],
      ['MERCHANT', 2],
    ] as const) {
      const parent = partner(type, depth);
      const accepted = (['MERCHANT', 'DISTRIBUTOR'] as const).filter(
        (t) => codeOf(() => childDepth(parent, t)) === 'OK',
      );
      expect(registrableTypes(parent)).toEqual(accepted);
    }
    expect(registrableTypes(partner('DISTRIBUTOR', 5))).toEqual(['MERCHANT']);
  });

  it('never puts anything under a merchant, and allows one platform only', () => {
    expect(codeOf(() => childDepth(partner('MERCHANT', 2), 'MERCHANT'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => childDepth(partner('PLATFORM', 0), 'PLATFORM'))).toBe('VALIDATION_FAILED');
  });
});

describe('status tables', () => {
  it('suspends active partners and reinstates suspended ones', () => {
    expect(transitionPartner('ACTIVE', 'SUSPEND')).toBe('SUSPENDED');
    expect(transitionPartner('SUSPENDED', 'REINSTATE')).toBe('ACTIVE');
  });

  it('rejects illegal partner and API key transitions', () => {
    expect(codeOf(() => transitionPartner('ACTIVE', 'REINSTATE'))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => transitionPartner('SUSPENDED', 'SUSPEND'))).toBe('ILLEGAL_TRANSITION');
    expect(transitionApiKey('ACTIVE', 'REVOKE')).toBe('REVOKED');
    expect(codeOf(() => transitionApiKey('REVOKED', 'REVOKE'))).toBe('ILLEGAL_TRANSITION');
  });
});
