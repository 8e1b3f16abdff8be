import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { api } from '../api/client';
import { useCursorPager } from '../components/ui';

/** A page of a cursor-paginated list, as the console API answers it. */
export interface Paged {
  nextCursor?: string;
}

/**
 * One page of a cursor-paginated list: the query is keyed by `key` plus the page's cursor (so invalidating
 * `key[0]` refreshes every page), and `url` builds the request for a cursor.
 */
export function usePagedQuery<D extends Paged>(
  key: readonly unknown[],
  url: (cursor: string | undefined) => string,
  options: { refetchInterval?: number } = {},
) {
  const pager = useCursorPager();
  const query = useQuery({
    queryKey: [...key, pager.cursor],
    queryFn: () => api.get<D>(url(pager.cursor)),
    ...options,
  });
  return { query, pager };
}

export type PagedQuery<D extends Paged> = ReturnType<typeof usePagedQuery<D>>;

/**
 * A filtered, paginated list: the filter bar edits a draft, Search applies it (from the first page),
 * Reset clears both. `text` and `select` bind a filter field to a TextInput or a Select.
 */
export function useFilteredPagedQuery<F extends Record<string, string>, D extends Paged>(
  name: string,
  empty: F,
  url: (filters: F, cursor: string | undefined) => string,
  options: { refetchInterval?: number } = {},
) {
  const [draft, setDraft] = useState<F>(empty);
  const [filters, setFilters] = useState<F>(empty);
  const paged = usePagedQuery<D>([name, filters], (cursor) => url(filters, cursor), options);
  return {
    ...paged,
    filterBar: {
      onSubmit: (e: FormEvent) => {
        e.preventDefault();
        paged.pager.reset();
        setFilters(draft);
      },
      onReset: () => {
        setDraft(empty);
        setFilters(empty);
        paged.pager.reset();
      },
    },
    text: (field: keyof F) => ({
      value: draft[field],
      onChange: (e: ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [field]: e.currentTarget.value }),
    }),
    select: (field: keyof F) => ({
      value: draft[field],
      onChange: (v: string | null) => setDraft({ ...draft, [field]: v ?? '' }),
      allowDeselect: false,
    }),
  };
}

/** A filter's date range (local days, `YYYY-MM-DD`) as the API's ISO instants: from the first to the last millisecond. */
export function dayRange(f: { from: string; to: string }): { from?: string; to?: string } {
  return {
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : undefined,
    to: f.to ? new Date(`${f.to}T23:59:59.999`).toISOString() : undefined,
  };
}

/**
 * A mutation that refreshes the lists it changes: after success, `onSuccess` (close the form, clear it),
 * then every query under each of `keys` is invalidated.
 */
export function useRefreshingMutation<V = void, R = unknown>(
  keys: readonly string[],
  mutationFn: (variables: V) => Promise<R>,
  onSuccess?: (result: R) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result: R) => {
      onSuccess?.(result);
      for (const key of keys) void queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
}
