/**
 * An AWS SDK client, or how to make one when it is first used. The SDK comes from the Lambda runtime
 * (docs/adr/0025-lambda-bundles.md) and is loaded when imported: SES v2, KMS or SQS cost 30–350 ms of
 * module init each on a cold start, paid by every function whose wiring mentions them even if the
 * request never sends an email or a message. An adapter taking a `ClientSource` imports its package
 * (`await import('@aws-sdk/client-…')`) on its first call instead; the composition root passes a
 * factory, tests may still pass a client.
 */
export type ClientSource<C> = C | (() => Promise<C>);

/** The client of a source, made once, on the first call. */
export function deferredClient<C extends object>(source: ClientSource<C>): () => Promise<C> {
  if (typeof source !== 'function') return () => Promise.resolve(source);
  let made: Promise<C> | undefined;
  return () => (made ??= (source as () => Promise<C>)());
}
