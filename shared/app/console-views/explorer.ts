/**
 * The console links a transaction hash to a block explorer only where one exists: the local chains
 * have none (their configured URL points back at the local console), so there the hash is shown
 * without a link.
 */
export function explorerLink(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol !== 'https:' || hostname === 'localhost' || hostname === '127.0.0.1') return null;
    return url;
  } catch {
    return null;
  }
}

/** A deposit view with `explorerUrl` null where the network has no explorer. */
export function withExplorerLink<T extends { explorerUrl: string }>(
  view: T,
): Omit<T, 'explorerUrl'> & { explorerUrl: string | null } {
  return { ...view, explorerUrl: explorerLink(view.explorerUrl) };
}
