/**
 * `npm run bench -- <name>`: prints numbers, asserts nothing. Benchmarks start what they need
 * (DynamoDB Local in memory, the API stand-in) on free ports and stop it afterwards.
 */
import { benchAuth } from './auth';
import { benchColdStart } from './cold-start';
import { benchDashboard } from './dashboard';
import { benchDepositToWithdrawal } from './deposit-to-withdrawal';
import { benchFuzz } from './fuzz';
import { benchFaults } from './faults';
import { benchGasInvoices } from './gas-invoices';
import { benchLedger } from './ledger';
import { benchPoller } from './poller';
import { benchWithdrawalIntake } from './withdrawal-intake';
import { benchWithdrawals } from './withdrawals';

const BENCHES: Record<string, (args: string[]) => Promise<void>> = {
  auth: benchAuth,
  'cold-start': benchColdStart,
  dashboard: benchDashboard,
  'deposit-to-withdrawal': benchDepositToWithdrawal,
  fuzz: benchFuzz,
  faults: benchFaults,
  'gas-invoices': benchGasInvoices,
  ledger: benchLedger,
  poller: benchPoller,
  withdrawals: benchWithdrawals,
  'withdrawal-intake': benchWithdrawalIntake,
};

async function main(): Promise<void> {
  const [name = 'all', ...args] = process.argv.slice(2);
  const selected = name === 'all' ? Object.keys(BENCHES) : [name];
  for (const n of selected) {
    const bench = BENCHES[n];
    if (!bench) throw new Error(`Unknown benchmark ${n}; have: ${Object.keys(BENCHES).join(', ')}`);
    await bench(args);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
