import { useQuery } from '@tanstack/react-query';
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

export function can(me: Me | undefined, permission: string): boolean {
  return !!me?.permissions.includes(permission);
}

/** Whether the member sees the Sub-partners chapter: distributors and the platform, with `subpartner:read`. */
export function seesSubPartners(me: Me): boolean {
  return me.partner.type !== 'MERCHANT' && can(me, 'subpartner:read');
}
