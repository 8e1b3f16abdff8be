import { ensureConsoleBuilt } from '../../scripts/local/console-build';

/** The console stack deploys console/dist; the infra tests synthesize it, so it must exist. */
export default async function infraGlobalSetup(): Promise<void> {
  await ensureConsoleBuilt(process.cwd(), (line) => process.stderr.write(`${line}\n`));
}
