// The static checks of `npm test`, two at a time (CI and this machine have two cores), each one's output
// printed whole when it ends; exits non-zero when any check fails. Usage: node scripts/run-checks.mjs <npm script>…
import { spawn } from 'node:child_process';
import process from 'node:process';

const checks = process.argv.slice(2);
const concurrency = 2;
let failed = 0;
let next = 0;

function run(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `\n> ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s\n${output}`,
      );
      if (code !== 0) failed += 1;
      resolve();
    });
  });
}

async function worker() {
  while (next < checks.length) await run(checks[next++]);
}

await Promise.all(Array.from({ length: Math.min(concurrency, checks.length) }, worker));
process.exit(failed > 0 ? 1 : 0);
