import { useMutation, useQueryClient } from '@tanstack/react-query';

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
