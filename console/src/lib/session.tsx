import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Me } from '../api/types';

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: () => api.get<Me>('/console/me'),
    staleTime: 30_000,
    retry: false,
  });
}

/**
 * Until when the signed-in user's withdrawal actions (request, approve, whitelist changes) are locked
 * after a change to their own sign-in security, or undefined. Re-checked every 15 s, so the lock lifts
 * on screen when it ends, without a reload.
 */
export function useWithdrawalLock(me: Me | undefined): string | undefined {
  const [now, setNow] = useState(() => Date.now());
  const until = me?.withdrawalLockedUntil ?? undefined;
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, [until]);
  return until && Date.parse(until) > now ? until : undefined;
}

export function can(me: Me | undefined, permission: string): boolean {
  return !!me?.permissions.includes(permission);
}

/** Whether the member sees the Sub-partners chapter: distributors and the platform, with `subpartner:read`. */
export function seesSubPartners(me: Me): boolean {
  return me.partner.type !== 'MERCHANT' && can(me, 'subpartner:read');
}
