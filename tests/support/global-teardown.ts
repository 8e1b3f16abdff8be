import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>)['__GATEWAY_STACK__'] as
    | {
        dynamo: { stop(): Promise<void> };
        chains: { stop(): Promise<void> };
        tron?: { stop(): Promise<void> };
        s3?: { stop(): Promise<void> };
      }
    | undefined;
  await Promise.all([stack?.dynamo.stop(), stack?.chains.stop(), stack?.tron?.stop(), stack?.s3?.stop()]);
  const dir = process.env['IT_WORK_DIR'];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
