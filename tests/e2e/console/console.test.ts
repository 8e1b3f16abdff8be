import type { Context } from 'aws-lambda';
import { Contract, JsonRpcProvider, Network, Wallet } from 'ethers';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { functionSpec } from '../../../functions/catalog';
import { lambdaContext } from '../../../scripts/local/lambda-runtime';
import {
  artifactPath,
  freshTotp,
  seedConsoleUser,
  startLocalStack,
  useStackEnvironment,
} from '../support/local-stack';
import type { RunningStack } from '../support/local-stack';

/**
 * The partner console in a real browser (Debian's Chromium driven by playwright-core) against the
 * whole local stack as `npm start` runs it: sign-in with a TOTP code, a deposit sent on the local chain
 * followed from the dashboard and the deposit list to SETTLED without a reload, and every page
 * rendered (screenshots in test-artifacts/console/).
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ERC20 = ['function transfer(address,uint256) returns (bool)'];
const UI_WAIT_MS = 90_000;

type ConsoleUser = { email: string; password: string; totpSecret: string };

describe('partner console in a browser (local stack, Chromium)', () => {
  let stack: RunningStack;
  let browser: Browser;
  let owner: ConsoleUser;
  let merchant: RunningStack['file']['partners'][number];
  const problems: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack();
    useStackEnvironment(stack);
    const found = stack.file.partners.find((p) => p.type === 'MERCHANT');
    if (!found?.consoleUsers[0]) throw new Error('no demo merchant owner in stack.json');
    merchant = found;
    owner = found.consoleUsers[0];
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
  }, 200_000);

  afterAll(async () => {
    await owned?.context.close();
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
        problems.push(`console: ${m.text()}`);
    });
    return { context, page };
  }

  /** Sign-in with the keyboard only: the fields in tab order, Enter submits, the code field takes focus. */
  async function signInWithKeyboard(page: Page, user: ConsoleUser): Promise<void> {
    await page.goto(stack.file.consoleUrl);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.keyboard.type(user.email); // the email field has focus on arrival
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await page.keyboard.type(await freshTotp(user.totpSecret));
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { name: 'Dashboard' })
      .waitFor()
      .catch(async (e: Error) => {
        await shot(page, 'keyboard-sign-in-failed');
        throw new Error(
          `${e.message}\nfocused: ${await page.evaluate('document.activeElement && document.activeElement.outerHTML')}`,
        );
      });
  }

  /** The owner's browser session, signed in once for the whole file (each TOTP step works once per user). */
  let owned: { context: BrowserContext; page: Page } | undefined;
  async function ownerSession(): Promise<{ context: BrowserContext; page: Page }> {
    if (!owned) {
      const session = await newPage();
      await signIn(session.page, owner, true);
      owned = session;
    }
    return owned;
  }

  const shot = async (page: Page, name: string) => {
    await page.mouse.move(0, 0); // no hover tooltips in the pictures
    await page.screenshot({ path: artifactPath(`${name}.png`), fullPage: true });
  };

  async function signIn(page: Page, user: ConsoleUser, screenshots = false): Promise<void> {
    await page.goto(stack.file.consoleUrl);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.locator('input[name=email]').fill(user.email);
    await page.locator('input[name=password]').fill(user.password);
    await page.getByLabel('Keep me signed in (7 days)').check();
    if (screenshots) await shot(page, '01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await page.locator('input[name=otp]').fill(await freshTotp(user.totpSecret));
    if (screenshots) await shot(page, '02-sign-in-2fa');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }

  /** The console API with the browser's own session (its cookies and CSRF token): what a tampered page could send. */
  function sameSession(context: BrowserContext) {
    const send = async <T>(
      method: 'POST' | 'PUT',
      path: string,
      body: unknown,
    ): Promise<{ status: number; body: T }> => {
      const csrf = (await context.cookies()).find((c) => c.name === 'gw_csrf')?.value ?? '';
      const res = await context.request.fetch(`${stack.file.apiUrl}/api${path}`, {
        method,
        headers: { 'X-CSRF-Token': csrf },
        data: body,
      });
      return { status: res.status(), body: (await res.json()) as T };
    };
    return {
      send,
      post: <T>(path: string, body: unknown) => send<T>('POST', path, body),
      get: async <T>(path: string): Promise<T> =>
        (await (await context.request.get(`${stack.file.apiUrl}/api${path}`)).json()) as T,
    };
  }

  /** Sends `whole` USDT from the faucet to an address on the BSC stand-in; returns the transaction hash. */
  async function sendUsdt(to: string, whole: bigint): Promise<string> {
    const bsc = stack.file.networks['BSC'];
    if (!bsc) throw new Error('no BSC in stack.json');
    const network = new Network('bsc-local', bsc.chainId);
    const provider = new JsonRpcProvider(bsc.rpcUrl, network, { staticNetwork: network });
    try {
      const faucet = new Wallet(stack.file.faucet['BSC']?.privateKey as string, provider);
      const usdt = new Contract(bsc.tokens['USDT']?.address as string, ERC20, faucet);
      const tx = await usdt.getFunction('transfer')(to, whole * 10n ** 18n);
      await tx.wait();
      return tx.hash as string;
    } finally {
      provider.destroy();
    }
  }

  /** Sends native coin (BNB on the stand-in, in wei) from the faucet. */
  async function sendNative(to: string, wei: bigint): Promise<void> {
    const bsc = stack.file.networks['BSC'];
    if (!bsc) throw new Error('no BSC in stack.json');
    const network = new Network('bsc-local', bsc.chainId);
    const provider = new JsonRpcProvider(bsc.rpcUrl, network, { staticNetwork: network });
    try {
      const faucet = new Wallet(stack.file.faucet['BSC']?.privateKey as string, provider);
      await (await faucet.sendTransaction({ to, value: wei })).wait();
    } finally {
      provider.destroy();
    }
  }

  /** Runs the scheduled sweep now (the local scheduler would in 5 minutes) until `done` holds. */
  async function sweepUntil(done: () => Promise<boolean>): Promise<void> {
    const { handler } = (await import('../../../functions/schedules/sweep-deposits')) as {
      handler: (event: unknown, context: Context) => Promise<unknown>;
    };
    for (let run = 0; run < 6 && !(await done()); run += 1) {
      await handler(
        { scheduleId: 'sweep-deposits-bsc', network: 'BSC' },
        lambdaContext(functionSpec('sweepDeposits')),
      );
    }
  }

  it('signs in with email, password and a TOTP code, and shows the dashboard', async () => {
    const { page } = await ownerSession();
    await page.getByTestId('available-balance').waitFor();
    await page.getByTestId('deposit-trend-chart').waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toContain(owner.email);
    // The seeded owner has 2FA on: no warning banner.
    expect(await page.getByTestId('two-factor-banner').count()).toBe(0);
    await shot(page, '03-dashboard');
    expect(problems).toEqual([]);
  }, 120_000);

  it('shows a deposit sent on the local chain on the dashboard and the deposit list, and follows it to SETTLED without a reload', async () => {
    const partnerApi = createPartnerClient({
      apiUrl: stack.file.apiUrl,
      apiKey: merchant.apiKey,
      apiSecret: merchant.apiSecret,
    });
    const userId = `e2e-${Date.now()}`;
    const { page } = await ownerSession();

    // The user's deposit address, made with the Wallets page's "Create HOT" button.
    await page.goto(`${stack.file.consoleUrl}#/wallets`);
    await page.getByRole('button', { name: 'Create HOT' }).click();
    const create = page.getByRole('dialog');
    await create.getByLabel('User ID').fill(userId);
    await create.getByRole('button', { name: 'Confirm' }).click();
    const created = (await create.getByTestId('wallet-created').textContent({ timeout: UI_WAIT_MS })) ?? '';
    const depositAddress = /0x[0-9a-fA-F]{40}/.exec(created)?.[0] ?? '';
    expect(depositAddress).not.toBe('');
    await create.getByRole('button', { name: 'Close' }).click();
    await page.locator(`tr[data-address="${depositAddress}"]`).waitFor({ timeout: UI_WAIT_MS });

    await page.goto(`${stack.file.consoleUrl}#/`);
    await page.getByTestId('today-deposits-value').waitFor();
    const before = (await page.getByTestId('today-deposits-value').textContent()) ?? '';
    await page.evaluate('window.__stillTheSamePage = true');

    // 25 USDT (18 decimals on the BSC stand-in) from the faucet to the user's deposit address.
    const txHash = await sendUsdt(depositAddress, 25n);

    // The dashboard picks it up by itself.
    await page
      .getByTestId('today-deposits-value')
      .filter({ hasNotText: before })
      .waitFor({ timeout: UI_WAIT_MS });
    expect(await page.getByTestId('today-deposits-value').textContent()).toBe('$25.00');
    await shot(page, '04-dashboard-after-deposit');

    // The deposit list, reached through the navigation (no reload), shows it and its progress.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByText('Deposits', { exact: true }).click();
    await nav.getByRole('link', { name: 'Deposit history' }).click();
    const row = page.locator('tr[data-code]', { hasText: userId });
    await row.waitFor({ timeout: UI_WAIT_MS });
    await row.locator('[data-status="CONFIRMED"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await row.textContent()).toContain('25 USDT');
    await shot(page, '05-deposits');

    const code = (await row.getAttribute('data-code')) ?? '';
    const settled = async () =>
      (await partnerApi.get<{ status: string }>(`/v1/deposits/${code}`)).body.status === 'SETTLED';
    await sweepUntil(settled);
    expect(await settled()).toBe(true);
    await row.locator('[data-status="SETTLED"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await page.evaluate('window.__stillTheSamePage')).toBe(true);

    // Detail panel: code, fee, net amount, confirmations, confirmation time, method; no explorer link locally.
    await row.click();
    const panel = page.getByRole('dialog');
    await panel.getByText('Net amount').waitFor();
    for (const label of ['Fee', 'Confirmations', 'Confirmation time', 'Method', 'Sweep TX'])
      await panel.getByText(label, { exact: true }).waitFor();
    expect(await panel.textContent()).toContain(code);
    expect(await panel.textContent()).toContain('HD wallet');
    expect(await panel.locator(`a[href*="${txHash}"]`).count()).toBe(0);
    await shot(page, '06-deposit-detail');
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  }, 300_000);

  it('renders every page with data, empty and loading states handled (screenshots)', async () => {
    const { context, page } = await ownerSession();
    // The 10-minute access token runs out: the console refreshes the session by itself and carries on.
    await context.clearCookies({ name: 'gw_access' });
    const visit = async (hash: string, heading: string, name: string) => {
      await page.goto(`${stack.file.consoleUrl}#${hash}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.locator('[data-loading]').first().waitFor({ state: 'detached', timeout: UI_WAIT_MS });
      await shot(page, name);
    };
    // Destructive actions ask first and say what happens; cancelling changes nothing.
    const backend = createPartnerClient({
      apiUrl: stack.file.apiUrl,
      apiKey: merchant.apiKey,
      apiSecret: merchant.apiSecret,
    });
    const reserved = await backend.post<{ address: string }>(
      '/v1/deposit-reservations',
      { userId: 'confirm-user', network: 'BSC' },
      { 'Idempotency-Key': 'e2e-confirm-reservation' },
    );
    const external = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
    expect(
      (
        await backend.post('/v1/external-wallets', {
          userId: 'confirm-user',
          network: 'BSC',
          address: external,
        })
      ).status,
    ).toBeLessThan(300);
    await visit('/deposits/reservations', 'Deposit reservations', '07-reservations');
    expect((await context.cookies()).some((c) => c.name === 'gw_access')).toBe(true);
    const confirmFirst = async (rowText: string, button: string, says: string, done: () => Promise<void>) => {
      const row = page.locator('tr', { hasText: rowText });
      await row.getByRole('button', { name: button }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(says, { exact: false }).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await row.getByRole('button', { name: button }).click();
      await page.getByRole('dialog').getByRole('button', { name: button }).click();
      await done();
    };
    await confirmFirst(reserved.body.address, 'Release', 'no longer matched to user confirm-user', () =>
      page
        .locator('tr', { hasText: reserved.body.address })
        .locator('[data-status="RELEASED"]')
        .waitFor({ timeout: UI_WAIT_MS }),
    );
    await visit('/wallets', 'Wallets', '08-wallets');
    await page.locator('tr[data-address]').first().waitFor({ timeout: UI_WAIT_MS });
    await page.locator('tr[data-address]').first().click();
    await page.getByRole('heading', { name: 'Wallet · BSC' }).waitFor();
    await page.getByTestId('wallet-balance-USDT').waitFor();
    await shot(page, '09-wallet-detail');
    await visit('/wallets/external', 'External wallets', '10-external-wallets');
    await confirmFirst(external, 'Remove', 'no longer be attributed to user confirm-user', () =>
      page.locator('tr', { hasText: external }).waitFor({ state: 'detached', timeout: UI_WAIT_MS }),
    );
    await visit('/transactions', 'Transactions', '11-transactions');
    expect(await page.getByTestId('transactions-table').textContent()).toContain('Sweep');
    for (const [tab, name] of [
      ['api-keys', '12-settings-api-keys'],
      ['webhook', '13-settings-webhook'],
      ['policy', '14-settings-policy'],
      ['members', '15-settings-members'],
      ['audit', '16-settings-audit'],
    ] as const) {
      await visit(`/settings?tab=${tab}`, 'Settings', name);
    }
    await visit('/account', 'My account', '17-my-account');
    await visit('/withdrawals', 'Withdrawal history', '18-withdrawals');
    await visit('/withdrawals/whitelist', 'Withdrawal whitelist', '19-whitelist');
    // Korean
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await visit('/', '대시보드', '20-dashboard-ko');
    await page.getByRole('combobox', { name: '언어' }).selectOption('en');
    expect(problems).toEqual([]);
  }, 240_000);

  it('shows a member without 2FA the warning banner until they set it up with the QR code', async () => {
    // Another partner's member: turning 2FA on locks that partner's withdrawals for 24 hours.
    const dist = stack.file.partners.find((p) => p.type === 'DISTRIBUTOR');
    if (!dist) throw new Error('no demo distributor');
    const { getDeps } = await import('../../../shared/composition/gateway');
    const member = await seedConsoleUser(getDeps(), dist.id, 'OPERATOR', 'operator@demo-dist.example', {
      twoFactor: false,
    });
    const { context, page } = await newPage();
    await page.goto(stack.file.consoleUrl);
    await page.locator('input[name=email]').fill(member.email);
    await page.locator('input[name=password]').fill(member.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('two-factor-banner').waitFor();
    await shot(page, '26-two-factor-banner');

    await page.getByTestId('two-factor-banner').getByRole('link', { name: 'Set up 2FA' }).click();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    await page.getByRole('button', { name: 'Set up 2FA' }).click();
    await page.getByTestId('two-factor-qr').waitFor();
    const secret = ((await page.getByTestId('two-factor-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.getByTestId('two-factor-qr').getAttribute('src')).toMatch(
      /^data:image\/svg\+xml;base64,/,
    );
    // The browser draws the SVG (a broken image has no natural size).
    await page.waitForFunction(
      "(() => { const img = document.querySelector('[data-testid=two-factor-qr]'); return !!img && img.complete && img.naturalWidth > 0; })()",
    );
    await shot(page, '27-two-factor-setup');
    await page.locator('input[name=otp]').fill(await freshTotp(secret));
    await page.getByRole('button', { name: 'Turn on 2FA' }).click();
    await page.getByTestId('recovery-codes').waitFor({ timeout: UI_WAIT_MS });
    expect(((await page.getByTestId('recovery-codes').textContent()) ?? '').length).toBeGreaterThan(50);
    await page.getByTestId('two-factor-banner').waitFor({ state: 'detached' });
    expect(await page.getByTestId('two-factor-state').textContent()).toBe('On');
    await shot(page, '28-two-factor-on');
    await context.close();
    expect(problems).toEqual([]);
  }, 120_000);

  describe('sub-partners (issue 16)', () => {
    /** Reloads `page` at `hash` until `locator` shows `text` (the figures come from the ledger once the deposit is credited). */
    async function reloadUntil(
      page: Page,
      hash: string,
      selector: string,
      text: string,
      waitMs = UI_WAIT_MS,
    ): Promise<void> {
      const deadline = Date.now() + waitMs;
      for (;;) {
        await page.goto(`${stack.file.consoleUrl}#${hash}`);
        const found = page.locator(selector).filter({ hasText: text });
        try {
          await found.first().waitFor({ timeout: 3_000 });
          return;
        } catch (e) {
          if (Date.now() > deadline) {
            await shot(page, 'sub-partners-wait-failed');
            throw new Error(
              `${(e as Error).message}\nshown: ${await page.locator(selector).allTextContents()}\nstack output:\n${stack.output().slice(-3000)}`,
            );
          }
        }
      }
    }

    it("lets a distributor register a merchant (§7.3's fees inline, OTP); the merchant signs in, sets up 2FA and receives 1,000 USDT; the distributor sees its 4 USDT revenue", async () => {
      const dist = stack.file.partners.find((p) => p.code === 'DEMO_DIST');
      const distOwner = dist?.consoleUsers[0];
      if (!distOwner) throw new Error('no DEMO_DIST owner in stack.json');
      const { context, page } = await newPage();
      await signIn(page, distOwner);

      // The menu: Sub-partners → list, reached by the navigation.
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByText('Sub-partners', { exact: true }).click();
      await nav.getByRole('link', { name: 'Sub-partner list' }).click();
      await page.getByRole('heading', { name: 'Sub-partners', exact: true }).waitFor();
      await page.locator('tr[data-code="DEMO_SHOP"]').waitFor({ timeout: UI_WAIT_MS });

      // Settings → Fees: the distributor's own rates (platform 0.5 % + its 0.3 % = floor 0.8 %, cap 3 %).
      await page.goto(`${stack.file.consoleUrl}#/settings?tab=fees`);
      const feesTab = page.getByTestId('fees-tab');
      await feesTab
        .getByText('0.8 %', { exact: true })
        .waitFor({ timeout: UI_WAIT_MS })
        .catch(async (e: Error) => {
          await shot(page, '30-settings-fees-failed');
          throw new Error(
            `${e.message}\nshown: ${await page.locator('main').textContent()}\nstack output:\n${stack.output().slice(-3000)}`,
          );
        });
      expect(await feesTab.textContent()).toContain('3 %');
      await shot(page, '30-settings-fees');

      // Register: the §7.3 limits show while typing; the merchant's rate 1.2 % leaves the distributor 0.4 %.
      await page.goto(`${stack.file.consoleUrl}#/sub-partners`);
      await page.getByTestId('register-sub-partner-button').click();
      const form = page.getByRole('dialog');
      const email = `owner-${Date.now()}@e2e-merchant.example`;
      const password = `Merchant-${Date.now()}-pw!`;
      await form.locator('input[name=name]').fill('E2E Merchant');
      await form.locator('input[name=email]').fill(email);
      await form.locator('input[name=password]').fill(password);
      await form.locator('input[name=depositFeeRate]').fill('0.7');
      await form.getByText('Below the floor of 0.8 %.').waitFor();
      await form.locator('input[name=depositFeeRate]').fill('3.5');
      await form.getByText('Above the cap of 3 %.').waitFor();
      await form.locator('input[name=depositFeeRate]').fill('1.2');
      expect(await form.getByTestId('fee-limits').textContent()).toContain('Your spread: 0.4 %');
      await form.getByRole('checkbox', { name: 'BSC', exact: true }).check();
      await form.locator('input[name=otp]').fill(await freshTotp(distOwner.totpSecret));
      await shot(page, '31-sub-partner-register');
      await form.getByRole('button', { name: 'Register', exact: true }).click();
      const created = page.getByTestId('sub-partner-created');
      await created.waitFor({ timeout: UI_WAIT_MS });
      const createdText = (await created.textContent()) ?? '';
      expect(createdText).toContain(`A sign-in email was sent to ${email}`);
      const code = /Registered (\S+) \(/.exec(createdText)?.[1] ?? '';
      expect(code).not.toBe('');
      const row = page.locator(`tr[data-code="${code}"]`);
      await row.waitFor({ timeout: UI_WAIT_MS });
      expect(await row.textContent()).toContain('1.2 %');
      await shot(page, '32-sub-partners-list');

      // The merchant's owner signs in with that password and sets up 2FA (the 2FA setup flow).
      const merchantSide = await newPage();
      const m = merchantSide.page;
      await m.goto(stack.file.consoleUrl);
      await m.locator('input[name=email]').fill(email);
      await m.locator('input[name=password]').fill(password);
      await m.getByRole('button', { name: 'Sign in' }).click();
      await m.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await m.getByTestId('two-factor-banner').getByRole('link', { name: 'Set up 2FA' }).click();
      await m.getByRole('button', { name: 'Set up 2FA' }).click();
      const secret = ((await m.getByTestId('two-factor-secret').textContent()) ?? '').trim();
      await m.locator('input[name=otp]').fill(await freshTotp(secret));
      await m.getByRole('button', { name: 'Turn on 2FA' }).click();
      await m.getByTestId('recovery-codes').waitFor({ timeout: UI_WAIT_MS });
      await m.getByTestId('two-factor-banner').waitFor({ state: 'detached' });

      // A merchant has no Sub-partners menu, and the URL says why.
      expect(await m.getByRole('navigation', { name: 'Main' }).getByText('Sub-partners').count()).toBe(0);
      await m.goto(`${stack.file.consoleUrl}#/sub-partners`);
      await m.getByRole('heading', { name: 'Not available for merchants' }).waitFor();

      // 1,000 USDT to a deposit address of the new merchant, on the local chain.
      await m.goto(`${stack.file.consoleUrl}#/wallets`);
      await m.getByRole('button', { name: 'Create HOT' }).click();
      const create = m.getByRole('dialog');
      await create.getByLabel('User ID').fill('e2e-sub-partner-user');
      await create.getByRole('button', { name: 'Confirm' }).click();
      const wallet = (await create.getByTestId('wallet-created').textContent({ timeout: UI_WAIT_MS })) ?? '';
      const depositAddress = /0x[0-9a-fA-F]{40}/.exec(wallet)?.[0] ?? '';
      expect(depositAddress).not.toBe('');
      await merchantSide.context.close();
      await sendUsdt(depositAddress, 1_000n);

      // The distributor's revenue view: 1,000 USDT at 1.2 % over a floor of 0.8 % → 4 USDT from that merchant.
      // Detection and confirmation each get UI_WAIT_MS, as in the deposit test above (a loaded CI machine
      // took longer than one).
      await reloadUntil(page, '/sub-partners/revenue', `tr[data-code="${code}"]`, '4 USDT', 2 * UI_WAIT_MS);
      await shot(page, '33-revenue');
      // The detail page's summary and the activity overview say the same.
      await page.goto(`${stack.file.consoleUrl}#/sub-partners/activity`);
      const activityRow = page.locator(`tr[data-code="${code}"]`);
      await activityRow.waitFor({ timeout: UI_WAIT_MS });
      expect(await page.getByTestId(`activity-revenue-${code}`).textContent()).toContain('4 USDT');
      expect(await activityRow.textContent()).toContain('1,000 USDT');
      await activityRow.focus();
      await page.keyboard.press('Enter'); // rows open the sub-partner from the keyboard too
      await page.getByTestId('summary-today-revenue').filter({ hasText: '4 USDT' }).waitFor();
      expect(await page.getByTestId('summary-month-deposits').textContent()).toContain('1,000 USDT');
      await shot(page, '34-sub-partner-detail');
      expect(await page.getByTestId('sub-partner-actions').count()).toBe(1);

      // Reset the owner's password: shown once; the owner signs in with it and must choose a new one first.
      await page.getByRole('button', { name: 'Reset owner password' }).click();
      const reset = page.getByRole('dialog');
      await reset.locator('input[name=otp]').fill(await freshTotp(distOwner.totpSecret));
      await reset.getByRole('button', { name: 'Reset owner password' }).click();
      const temporary = (
        (await page.getByTestId('temporary-password').textContent({ timeout: UI_WAIT_MS })) ?? ''
      ).trim();
      expect(temporary.length).toBeGreaterThanOrEqual(8);
      await shot(page, '37-owner-password-reset');
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      const again = await newPage();
      await again.page.goto(stack.file.consoleUrl);
      await again.page.locator('input[name=email]').fill(email);
      await again.page.locator('input[name=password]').fill(temporary);
      await again.page.getByRole('button', { name: 'Sign in' }).click();
      await again.page.locator('input[name=otp]').fill(await freshTotp(secret));
      await again.page.getByRole('button', { name: 'Verify' }).click();
      await again.page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await again.page.locator('input[name=currentPassword]').fill(temporary);
      await again.page.locator('input[name=newPassword]').fill(`${password}-2`);
      await again.page.locator('input[name=otp]').fill(await freshTotp(secret));
      await again.page.getByRole('button', { name: 'Set password and continue' }).click();
      await again.page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: UI_WAIT_MS });
      await again.context.close();

      // The distributor's dashboard: the sub-partner overview and the revenue summary.
      await page.goto(stack.file.consoleUrl);
      await page.getByTestId('dashboard-sub-partners').waitFor({ timeout: UI_WAIT_MS });
      await page.getByTestId('dashboard-revenue-today').filter({ hasText: 'USDT' }).waitFor();
      expect(
        Number(await page.getByTestId('dashboard-sub-partners-total').textContent()),
      ).toBeGreaterThanOrEqual(2);
      await shot(page, '36-dashboard-distributor');

      // A phone (390×844) and Korean: the same pages, nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
      await page.goto(`${stack.file.consoleUrl}#/sub-partners`);
      await page.getByRole('heading', { name: '하위 파트너', exact: true }).waitFor();
      await page.locator(`tr[data-code="${code}"]`).waitFor({ timeout: UI_WAIT_MS });
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await shot(page, '35-sub-partners-mobile-ko');
      await page.getByRole('combobox', { name: '언어' }).selectOption('en');
      await context.close();

      // A VIEWER of the distributor reads the same pages without a single action.
      const { getDeps } = await import('../../../shared/composition/gateway');
      const viewer = await seedConsoleUser(getDeps(), dist.id, 'VIEWER', 'viewer@demo-dist.example');
      const viewerSide = await newPage();
      await signIn(viewerSide.page, viewer);
      await viewerSide.page.goto(`${stack.file.consoleUrl}#/sub-partners/${code}`);
      await viewerSide.page.getByTestId('summary-today').waitFor({ timeout: UI_WAIT_MS });
      expect(await viewerSide.page.getByTestId('sub-partner-actions').count()).toBe(0);
      await viewerSide.page.goto(`${stack.file.consoleUrl}#/sub-partners`);
      await viewerSide.page.locator(`tr[data-code="${code}"]`).waitFor({ timeout: UI_WAIT_MS });
      expect(await viewerSide.page.getByTestId('register-sub-partner-button').count()).toBe(0);
      await viewerSide.context.close();
      expect(problems).toEqual([]);
    }, 480_000);
  });

  describe('withdrawals with approval', () => {
    let requester: ConsoleUser;
    let approver: ConsoleUser;
    let viewer: ConsoleUser;
    let code: string;
    const destination = Wallet.createRandom().address;

    beforeAll(async () => {
      const { getDeps } = await import('../../../shared/composition/gateway');
      requester = await seedConsoleUser(getDeps(), merchant.id, 'ADMIN', 'requester@demo-shop.example');
      approver = await seedConsoleUser(getDeps(), merchant.id, 'APPROVER', 'approver@demo-shop.example');
      viewer = await seedConsoleUser(getDeps(), merchant.id, 'VIEWER', 'viewer@demo-shop.example');
      // Conditional approval above 10 USDT, manual addresses allowed (no whitelist cooling period).
      const o = sameSession((await ownerSession()).context);
      const settings = await o.send('PUT', '/console/withdrawal-settings', {
        addressMode: 'MANUAL_ADDRESS',
        approval: { mode: 'CONDITIONAL', thresholdUsdt: '10' },
        otp: await freshTotp(owner.totpSecret),
      });
      if (settings.status !== 200) throw new Error(`settings: ${JSON.stringify(settings.body)}`);
      // Funds in MASTER: a deposit, credited and swept.
      const partnerApi = createPartnerClient({
        apiUrl: stack.file.apiUrl,
        apiKey: merchant.apiKey,
        apiSecret: merchant.apiSecret,
      });
      const address = await partnerApi.post<{ address: string }>('/v1/deposit-addresses', {
        userId: 'e2e-treasury',
        network: 'BSC',
      });
      await sendUsdt(address.body.address, 100n);
      const settledDeposit = async () => {
        const list = await partnerApi.get<{ deposits: { status: string }[] }>('/v1/deposits', {
          userId: 'e2e-treasury',
        });
        return list.body.deposits.some((d) => d.status === 'SETTLED');
      };
      for (
        let i = 0;
        i < 60 &&
        !(
          await partnerApi.get<{ deposits: { status: string }[] }>('/v1/deposits', { userId: 'e2e-treasury' })
        ).body.deposits.some((d) => d.status === 'CONFIRMED' || d.status === 'SETTLED');
        i += 1
      ) {
        await new Promise((r) => setTimeout(r, 1_000));
      }
      await sweepUntil(settledDeposit);
      if (!(await settledDeposit())) throw new Error('the treasury deposit did not settle');
      // The MASTER wallet pays the withdrawal's gas in BNB: give it some, as an operator would.
      const masters = await partnerApi.get<{ wallets: { address: string }[] }>('/v1/wallets', {
        kind: 'MASTER',
        network: 'BSC',
      });
      const master = masters.body.wallets[0]?.address;
      if (!master) throw new Error('no MASTER wallet after the sweep');
      await sendNative(master, 10n ** 18n);
    }, 240_000);

    it('requests a withdrawal above the approval threshold in the browser: it waits for approval, and its requester cannot approve it', async () => {
      const { context, page } = await newPage();
      await signIn(page, requester);
      await page.goto(`${stack.file.consoleUrl}#/withdrawals`);
      await page.getByTestId('request-withdrawal').click();
      const modal = page.getByRole('dialog');
      await modal
        .getByTestId('available-for-withdrawal')
        .filter({ hasText: /Available: [1-9]/ })
        .waitFor({ timeout: UI_WAIT_MS });
      await modal.locator('input[name=amount]').fill('50');
      await modal.getByText('Destination address', { exact: true }).click();
      await modal.locator('input[name=address]').fill(destination);
      await modal.locator('input[name=otp]').fill(await freshTotp(requester.totpSecret));
      await shot(page, '21-withdrawal-request');
      await modal.getByRole('button', { name: 'Request', exact: true }).click();
      await page.getByTestId('withdrawal-created').waitFor({ timeout: UI_WAIT_MS });
      const row = page.locator('tr[data-code]').first();
      await row.locator('[data-status="PENDING_APPROVAL"]').waitFor({ timeout: UI_WAIT_MS });
      code = (await row.getAttribute('data-code')) ?? '';
      expect(code).toMatch(/^W/);

      await row.click();
      const panel = page.getByRole('dialog');
      await panel.getByTestId('own-request').waitFor();
      expect(await panel.getByTestId('approve-withdrawal').count()).toBe(0);
      await shot(page, '22-withdrawal-own-request');
      // And the API refuses the requester's approval, valid OTP and all, whatever the page shows.
      const api = sameSession(context);
      const refused = await api.post<{ error: { code: string } }>(`/console/withdrawals/${code}/approve`, {
        otp: await freshTotp(requester.totpSecret),
      });
      expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FOUR_EYES_VIOLATION' } } });
      expect(
        (await api.get<{ withdrawal: { status: string } }>(`/console/withdrawals/${code}`)).withdrawal.status,
      ).toBe('PENDING_APPROVAL');
      await context.close();
      expect(problems).toEqual([]);
    }, 240_000);

    it('shows a VIEWER no approve button, and the API refuses the VIEWER anyway', async () => {
      const { context, page } = await newPage();
      await signInWithKeyboard(page, viewer);
      await page.goto(`${stack.file.consoleUrl}#/withdrawals`);
      const row = page.locator(`tr[data-code="${code}"]`);
      await row.waitFor({ timeout: UI_WAIT_MS });
      expect(await page.getByTestId('request-withdrawal').count()).toBe(0);
      await row.focus();
      await page.keyboard.press('Enter'); // rows open their detail from the keyboard too
      const panel = page.getByRole('dialog');
      await panel.getByText('Withdrawal code', { exact: true }).waitFor();
      for (const action of ['approve-withdrawal', 'reject-withdrawal', 'cancel-withdrawal'])
        expect(await panel.getByTestId(action).count()).toBe(0);
      await shot(page, '23-withdrawal-viewer');
      const refused = await sameSession(context).post<{ error: { code: string } }>(
        `/console/withdrawals/${code}/approve`,
        { otp: await freshTotp(viewer.totpSecret) },
      );
      expect(refused.status).toBe(403);
      expect(['PERMISSION_DENIED', 'FORBIDDEN']).toContain(refused.body.error.code);
      // Signing out ends the session: the pages ask to sign in again.
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.goto(`${stack.file.consoleUrl}#/deposits`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await context.close();
      expect(problems).toEqual([]);
    }, 180_000);

    it('is approved by another member in the browser and followed to CONFIRMED without a reload', async () => {
      const { context, page } = await newPage();
      await signIn(page, approver);
      await page.goto(`${stack.file.consoleUrl}#/withdrawals`);
      await page.evaluate('window.__stillTheSamePage = true');
      const row = page.locator(`tr[data-code="${code}"]`);
      await row.waitFor({ timeout: UI_WAIT_MS });
      await row.click();
      const panel = page.getByRole('dialog').filter({ hasText: code });
      await panel.getByTestId('approve-withdrawal').click();
      const confirm = page.getByRole('dialog').filter({ hasText: `Approve · ${code}` });
      await confirm.locator('input[name=otp]').fill(await freshTotp(approver.totpSecret));
      await confirm.getByRole('button', { name: 'Approve', exact: true }).click();
      await confirm.waitFor({ state: 'detached', timeout: UI_WAIT_MS });
      await panel
        .locator('[data-status="CONFIRMED"]')
        .waitFor({ timeout: 180_000 })
        .catch(async (e: Error) => {
          await shot(page, '24-withdrawal-not-confirmed');
          throw new Error(
            `${e.message}\nlast status shown: ${await panel.locator('[data-status]').first().getAttribute('data-status')}\nstack output:\n${stack.output().slice(-4000)}`,
          );
        });
      await shot(page, '24-withdrawal-confirmed');
      await page.keyboard.press('Escape');
      await row.locator('[data-status="CONFIRMED"]').waitFor({ timeout: UI_WAIT_MS });
      expect(await row.textContent()).toContain('50 USDT');
      expect(await page.evaluate('window.__stillTheSamePage')).toBe(true);
      await shot(page, '25-withdrawals');
      await context.close();
      expect(problems).toEqual([]);
    }, 300_000);
  });

  it('walks Gas → Gas records → Invoices → the invoice: a seeded month issued by the job, its totals, transactions and Pay from balance', async () => {
    const { getDeps } = await import('../../../shared/composition/gateway');
    const { DynamoGasRecordStore } = await import('../../../shared/adapters/dynamodb/gas-record-store');
    const { gasInvoiceDeps } = await import('../../../shared/composition/gas-invoices');
    const { issueMonthlyInvoices } = await import('../../../shared/app/invoices/gas-invoices');
    const deps = getDeps();
    const records = new DynamoGasRecordStore(deps.db, deps.config.tableName);
    const hash = (n: number) => `0x${'e2e'.padEnd(60, '0')}${String(n).padStart(4, '0')}`;
    const base = {
      partnerId: merchant.id,
      address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
      token: 'USDT' as const,
      gasUsed: 50_000n,
      effectiveGasPrice: 10n ** 9n,
      transferredAmount: 0n,
      success: true,
    };
    await records.record({
      ...base,
      network: 'BSC',
      type: 'SWEEP',
      txHash: hash(1),
      blockNumber: 1,
      nativeAmount: 5n * 10n ** 13n,
      nativeAsset: 'BNB@BSC',
      usdValue: '0.030025',
      usdPrice: '600.5',
      priceSource: 'FEED',
      priceAt: '2026-10-03T09:59:00.000Z',
      priceStale: false,
      at: '2026-10-03T10:00:00.000Z',
    });
    await records.record({
      ...base,
      network: 'BSC',
      type: 'APPROVE',
      txHash: hash(2),
      blockNumber: 2,
      nativeAmount: 10n ** 14n,
      nativeAsset: 'BNB@BSC',
      usdValue: '0.060050',
      usdPrice: '600.5',
      priceSource: 'FEED',
      priceAt: '2026-10-01T00:00:00.000Z',
      priceStale: true,
      at: '2026-10-04T10:00:00.000Z',
    });
    await records.record({
      ...base,
      network: 'POLYGON',
      type: 'WITHDRAWAL',
      txHash: hash(3),
      blockNumber: 3,
      nativeAmount: 63n * 10n ** 13n,
      nativeAsset: 'POL@POLYGON',
      usdValue: null,
      reference: 'W2610050001',
      at: '2026-10-05T10:00:00.000Z',
    });
    const { invoiceDocumentPublisher } = await import('../../../shared/composition/invoice-documents');
    const issued = await issueMonthlyInvoices(
      gasInvoiceDeps(deps, { publisher: invoiceDocumentPublisher(deps) }),
      '2026-10',
      { partnerCode: merchant.code },
    );
    expect(issued).toMatchObject({ issued: 1, failed: 0 });
    const number = (await gasInvoiceDeps(deps).invoices.findForMonth(merchant.id, '2026-10'))!.number;

    const { page } = await ownerSession();
    await page.goto(`${stack.file.consoleUrl}#/`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByText('Gas', { exact: true }).click();
    await nav.getByRole('link', { name: 'Gas records' }).click();
    await page.getByRole('heading', { name: 'Gas records' }).waitFor();
    const filters = page.getByRole('form', { name: 'Gas records' });
    await filters.getByLabel('Month').fill('2026-10');
    await filters.getByRole('button', { name: 'Search' }).click();
    const table = page.getByTestId('gas-records-table');
    await table.locator(`tr[data-tx="${hash(3)}"]`).waitFor({ timeout: UI_WAIT_MS });
    expect(await table.locator('tr[data-tx]').count()).toBe(3);
    await table.locator(`tr[data-tx="${hash(3)}"] [data-price="none"]`).waitFor();
    await table.locator(`tr[data-tx="${hash(2)}"] [data-price="stale"]`).waitFor();
    expect(await table.locator(`tr[data-tx="${hash(1)}"] a[href*="${hash(1)}"]`).count()).toBe(1);
    expect(await page.getByTestId('gas-totals').locator('[data-network="BSC"]').textContent()).toContain(
      '0.090075 USD',
    );
    await shot(page, '40-gas-records');

    await nav.getByRole('link', { name: 'Invoices' }).click();
    const row = page.locator(`tr[data-number="${number}"]`);
    await row.waitFor({ timeout: UI_WAIT_MS });
    await row.locator('[data-status="ISSUED"]').waitFor();
    expect(await row.textContent()).toContain('2026-10-01 – 2026-10-31');
    expect(await row.textContent()).toContain('0.090075');
    await shot(page, '41-invoices');

    await row.getByRole('link', { name: number }).click();
    const detail = page.getByTestId('invoice-detail');
    await detail.waitFor({ timeout: UI_WAIT_MS });
    const lines = detail.getByTestId('invoice-lines');
    expect(await lines.locator('[data-network="BSC"]').textContent()).toContain('0.00015 BNB');
    expect(await lines.locator('[data-network="POLYGON"]').textContent()).toContain('1 without price');
    await detail
      .getByTestId('invoice-transactions')
      .locator('tr[data-tx]')
      .nth(2)
      .waitFor({ timeout: UI_WAIT_MS });
    expect(await detail.getByTestId('invoice-transactions').locator('tr[data-tx]').count()).toBe(3);
    // The owner may pay (finance:manage) while the invoice is ISSUED: the dialog asks for an asset and a code.
    await detail.getByRole('button', { name: 'Pay from balance' }).click();
    const pay = page.getByRole('dialog').filter({ hasText: `Pay invoice ${number}` });
    await pay.getByRole('button', { name: 'Pay 0.090075 USD' }).waitFor();
    await shot(page, '42-invoice-pay');
    await pay.getByRole('button', { name: 'Cancel' }).click();
    await shot(page, '43-invoice-detail');
    // Download PDF: the console link answers 302 to a short-lived URL of the S3 twin; the browser
    // downloads a real PDF named after the invoice, showing its number and total.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: UI_WAIT_MS }),
      detail.getByTestId('download-pdf').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${number}.pdf`);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    const { pdfText } = await import('../../support/pdf-text');
    const { text } = await pdfText(readFileSync(file!));
    expect(text).toContain(number);
    expect(text).toContain('USD 0.090075');
    expect(problems).toEqual([]);
  }, 180_000);

  it('Finance (issue 17): Settings → Finance contacts saves a contact the API then returns; Finance → Exports says none yet', async () => {
    const { page } = await ownerSession();
    await page.goto(`${stack.file.consoleUrl}#/settings?tab=finance-contacts`);
    const form = page.getByTestId('finance-contacts');
    await form.waitFor({ timeout: UI_WAIT_MS });
    await page.getByRole('button', { name: 'Add contact' }).click();
    await form.getByRole('textbox', { name: /Name/ }).last().fill('Finance Team');
    await form.getByRole('textbox', { name: /Email/ }).last().fill('Finance@Shop.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Finance contacts saved.').waitFor({ timeout: UI_WAIT_MS });
    await shot(page, '44-settings-finance-contacts');
    const partnerApi = createPartnerClient({
      apiUrl: stack.file.apiUrl,
      apiKey: merchant.apiKey,
      apiSecret: merchant.apiSecret,
    });
    const contacts = await partnerApi.get<{ contacts: { name: string; email: string }[] }>(
      '/v1/finance-contacts',
    );
    expect(contacts.body.contacts).toContainEqual({ name: 'Finance Team', email: 'finance@shop.example' });

    await page.goto(`${stack.file.consoleUrl}#/finance/exports`);
    await page.getByRole('heading', { name: 'Exports', exact: true }).waitFor();
    await page.getByText('No export yet.', { exact: false }).waitFor({ timeout: UI_WAIT_MS });
    await shot(page, '45-finance-exports-empty');
    expect(problems).toEqual([]);
  }, 300_000);

  it('Issue 18 screens: My account sessions and sent links, member role and deactivation, workspace name, API-key IP allowlist', async () => {
    const { getDeps } = await import('../../../shared/composition/gateway');
    const { requestPasswordReset } = await import('../../../shared/app/accounts/password-reset');
    // An admin without 2FA (signs in without a code, so twice in a row), and a viewer the admin manages.
    const admin = await seedConsoleUser(getDeps(), merchant.id, 'ADMIN', 'admin-screens@demo-shop.example', {
      twoFactor: false,
    });
    const viewer = await seedConsoleUser(
      getDeps(),
      merchant.id,
      'VIEWER',
      'viewer-screens@demo-shop.example',
      {
        twoFactor: false,
      },
    );
    const signInNo2fa = async (user: ConsoleUser) => {
      const session = await newPage();
      await session.page.goto(stack.file.consoleUrl);
      await session.page.locator('input[name=email]').fill(user.email);
      await session.page.locator('input[name=password]').fill(user.password);
      await session.page.getByRole('button', { name: 'Sign in' }).click();
      await session.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      return session;
    };
    const elsewhere = await signInNo2fa(admin);
    const { context, page } = await signInNo2fa(admin);
    await requestPasswordReset(
      getDeps(),
      { email: admin.email },
      { sourceIp: '127.0.0.1', userAgent: 'e2e' },
    );

    // 1. My account → Sessions: this one flagged, the other signed out after a confirmation.
    await page.goto(`${stack.file.consoleUrl}#/account`);
    const sessions = page.getByTestId('my-sessions');
    await sessions.waitFor({ timeout: UI_WAIT_MS });
    const current = sessions.locator('tr[data-session=current]');
    expect(await current.count()).toBe(1);
    expect(await current.textContent()).toContain('This session');
    expect(await current.textContent()).toContain('Chrome');
    const other = sessions.locator('tr[data-session=ACTIVE]');
    expect(await other.count()).toBe(1);
    expect(await current.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await other.getByRole('button', { name: 'Sign out' }).click();
    const confirm = page.getByRole('dialog', { name: 'Sign out this session?' });
    await confirm.getByText('You stay signed in here.', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('The session was signed out.').waitFor({ timeout: UI_WAIT_MS });
    await sessions.locator('tr[data-session=REVOKED]').waitFor({ timeout: UI_WAIT_MS });
    expect(await sessions.locator('tr[data-session=ACTIVE]').count()).toBe(0);
    const gone = await elsewhere.context.request.get(`${stack.file.apiUrl}/api/console/me`);
    expect([gone.status(), ((await gone.json()) as { error: { code: string } }).error.code]).toEqual([
      403,
      'SESSION_REVOKED',
    ]);
    await elsewhere.context.close();

    // 2. My account → Sent links: the reset link's time, destination, type and status, never the link.
    const tokens = page.getByTestId('my-tokens');
    await tokens.waitFor({ timeout: UI_WAIT_MS });
    const tokenRow = tokens.locator('tbody tr');
    expect(await tokenRow.count()).toBe(1);
    const tokenText = (await tokenRow.textContent()) ?? '';
    expect(tokenText).toContain(admin.email);
    expect(tokenText).toContain('Password reset');
    expect(tokenText).toContain('Sent');
    expect(await page.content()).not.toMatch(/reset-password\?token=/);
    await shot(page, '46-account-sessions-tokens');

    // 3. Settings → Members: the admin cannot grant what they do not hold (audit:read), said in words;
    // a permission they hold is granted; deactivating asks first and says the sessions end too.
    const viewerSession = await signInNo2fa(viewer);
    await page.goto(`${stack.file.consoleUrl}#/settings?tab=members`);
    const members = page.getByTestId('members-table');
    await members.waitFor({ timeout: UI_WAIT_MS });
    const viewerRow = members.locator('tr', { hasText: viewer.email });
    await viewerRow.getByRole('button', { name: 'Change role' }).click();
    const edit = page.getByRole('dialog', { name: 'Role and permissions of VIEWER (e2e)' });
    await edit.getByRole('checkbox', { name: 'audit:read' }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByText('You cannot grant permissions you do not hold.').waitFor({ timeout: UI_WAIT_MS });
    expect(await edit.getByTestId('member-refused-permissions').textContent()).toContain('audit:read');
    await shot(page, '47-members-escalation-refused');
    await edit.getByRole('checkbox', { name: 'audit:read' }).uncheck();
    await edit.getByRole('checkbox', { name: 'withdrawal:request' }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The role of VIEWER (e2e) was changed.').waitFor({ timeout: UI_WAIT_MS });
    await edit.waitFor({ state: 'detached' });
    await viewerRow.getByTestId('member-extras').getByText('withdrawal:request', { exact: false }).waitFor();
    const listed = await sameSession(context).get<{ members: { email: string; permissions: string[] }[] }>(
      '/console/members',
    );
    const viewerPermissions = listed.members.find((m) => m.email === viewer.email)?.permissions ?? [];
    expect(viewerPermissions).toContain('withdrawal:request');
    expect(viewerPermissions).not.toContain('audit:read');

    await viewerRow.getByRole('button', { name: 'Deactivate' }).click();
    const deactivate = page.getByRole('dialog', { name: 'Deactivate VIEWER (e2e)?' });
    await deactivate.getByText('This also ends their sessions', { exact: false }).waitFor();
    await shot(page, '48-members-deactivate-confirm');
    await deactivate.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('VIEWER (e2e) was deactivated', { exact: false }).waitFor({ timeout: UI_WAIT_MS });
    await viewerRow.locator('[data-status=DEACTIVATED]').waitFor({ timeout: UI_WAIT_MS });
    const viewerGone = await viewerSession.context.request.get(`${stack.file.apiUrl}/api/console/me`);
    expect([
      viewerGone.status(),
      ((await viewerGone.json()) as { error: { code: string } }).error.code,
    ]).toEqual([403, 'SESSION_REVOKED']);
    await viewerSession.context.close();
    await context.close();

    // 4. Settings → Workspace (the owner): rename; the invitations sent to the owner's address (none).
    const ownerTab = await ownerSession();
    const ownerPage = ownerTab.page;
    await ownerPage.goto(`${stack.file.consoleUrl}#/settings?tab=workspace`);
    const displayName = ownerPage.getByRole('textbox', { name: 'Display name' });
    await displayName.waitFor({ timeout: UI_WAIT_MS });
    await displayName.fill('Demo Shop (renamed in e2e)');
    await ownerPage.getByRole('button', { name: 'Save' }).click();
    await ownerPage.getByText('Workspace details saved.').waitFor({ timeout: UI_WAIT_MS });
    const ws = await sameSession(ownerTab.context).get<{ workspace: { displayName: string } }>(
      '/console/workspace',
    );
    expect(ws.workspace.displayName).toBe('Demo Shop (renamed in e2e)');
    await ownerPage.getByText('No invitations for your email address.').waitFor({ timeout: UI_WAIT_MS });
    await shot(ownerPage, '49-settings-workspace');

    // 5. Settings → API keys → Edit IP allowlist: a bad entry is named on the field (nothing changes);
    // a good list is saved with a 2FA code. Opens every address so the key keeps working.
    type KeyList = { apiKeys: { id: string; ipAllowlist: string[] }[] };
    const allowlistNow = async () =>
      (await sameSession(ownerTab.context).get<KeyList>('/console/api-keys')).apiKeys.find(
        (k) => k.id === merchant.apiKey,
      )?.ipAllowlist;
    const before = await allowlistNow();
    await ownerPage.goto(`${stack.file.consoleUrl}#/settings?tab=api-keys`);
    const keyRow = ownerPage.getByTestId('api-keys').locator(`tr[data-key-id="${merchant.apiKey}"]`);
    await keyRow.waitFor({ timeout: UI_WAIT_MS });
    await keyRow.getByRole('button', { name: 'Edit IP allowlist' }).click();
    const allowlist = ownerPage.getByRole('dialog', { name: /IP allowlist of/ });
    const field = allowlist.getByRole('textbox', { name: 'IP allowlist' });
    await field.fill('0.0.0.0/0\n300.1.1.1');
    await allowlist.locator('input[name=otp]').fill(await freshTotp(owner.totpSecret));
    await allowlist.getByRole('button', { name: 'Save' }).click();
    await allowlist
      .getByText('“300.1.1.1” is not an IP address or CIDR range.')
      .waitFor({ timeout: UI_WAIT_MS });
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await shot(ownerPage, '50-api-key-allowlist-field-error');
    expect(await allowlistNow()).toEqual(before);
    await field.fill('0.0.0.0/0, ::/0');
    await allowlist.locator('input[name=otp]').fill(await freshTotp(owner.totpSecret));
    await allowlist.getByRole('button', { name: 'Save' }).click();
    await ownerPage.getByText(/The IP allowlist of .* was saved\./).waitFor({ timeout: UI_WAIT_MS });
    await allowlist.waitFor({ state: 'detached' });
    expect(await allowlistNow()).toEqual(['0.0.0.0/0', '::/0']);
    expect(await keyRow.textContent()).toContain('0.0.0.0/0, ::/0');

    expect(problems).toEqual([]);
  }, 300_000);
});
