/**
 * GENERATED FILE, do not edit. Types of the partner API, made by openapi-typescript from the OpenAPI
 * document (`buildOpenApiDocument` in shared/api/openapi.ts). Regenerate with `npm run generate:client`
 * after any change to the API contract.
 */
export interface paths {
    "/v1/partner": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the authenticated partner
         * @description Returns the partner that owns the API key used to sign the request, and that key's metadata. Useful as a first call to check that signing works. The API secret is never returned.
         */
        get: operations["getPartner"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/balances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List balances per asset
         * @description Balances of the authenticated partner, one row per asset (`TOKEN@NETWORK`). `available` can be withdrawn now; `held` is reserved by withdrawals in progress; `total = available + held`. Amounts are decimal strings in token units, never JSON numbers. `totalUsd` values every balance in USD.
         */
        get: operations["listBalances"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/balances/{asset}/flows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the movements of one balance
         * @description Credits and debits of the partner balance in one asset, newest first, each with the posted balance right after it. Held funds are not lines: a withdrawal appears when it settles. Page with `nextCursor`; filter by effective time (`from`, `to`) and `reason`. The running balance counts every line, filtered or not.
         */
        get: operations["listBalanceFlows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gas-records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the gas paid on your behalf
         * @description Every on-chain action the gateway paid gas for on your behalf — gas top-ups of deposit addresses (TOPUP), token approvals (APPROVE), sweeps (SWEEP), returns of unused gas (RETURN) and withdrawals (WITHDRAWAL, TRON energy rentals included) — newest first, with the cost in the native coin and in USD at the coin price of the time (`usdPrice`, `priceAt`; `priceStale` when the kept price was older than the configured maximum age). Filter by `month` (default: the current UTC month) or a `from`/`to` range of UTC days, `network` and `type`. `totals` sum the whole filter per network, whatever the page. These records make the monthly gas invoice.
         */
        get: operations["listGasRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/finance-contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get your finance contacts
         * @description The people who receive the monthly finance export email (links to the statements and invoices), and its language.
         */
        get: operations["getFinanceContacts"];
        /**
         * Set your finance contacts
         * @description Replaces the list: up to 5 people (name and email; an email listed twice is refused) and the email language (`en` or `ko`). Each gets one email per month when the export is written. An empty list stops the emails.
         */
        put: operations["putFinanceContacts"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your monthly finance exports
         * @description With `month`: the files of that month — the settlement statement, the revenue statement (distributors), the gas invoice PDF and CSV, and `manifest.json` (every file with its size and SHA-256 and the reconciliation result) — each with a pre-signed download link valid for 5 minutes; `reconciled` says whether the statements agreed with the ledger to the minor unit. 404 when the month has no export yet. Without `month`: the months that have one, newest first. Exports are written on the 1st of each month at 03:00 UTC for the month before.
         */
        get: operations["listExports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your gas invoices
         * @description Your monthly gas invoices and credit notes, newest number first: one invoice per month with gas records, issued on the 1st for the previous month (per-network lines, USD total at the price each record stored). Filter by `status` and `year`. An issued invoice never changes; a correction is a credit note (`kind: CREDIT_NOTE`, `creditFor`).
         */
        get: operations["listInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one gas invoice (or its PDF / CSV)
         * @description The invoice with its per-network lines, the credit notes that name it, what is left to pay (`dueUsd`) and whether its documents are available. `GET /v1/invoices/{number}.pdf` or `.csv` answers 302 to a short-lived download link of the document (404 when there is none). The month’s individual transactions are `GET /v1/gas-records?month=`.
         */
        get: operations["getInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{number}/pay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay a gas invoice from your balance
         * @description Settles an ISSUED invoice from your available balance of a USD stablecoin (USDT or USDC on any network, 1 token = 1 USD): the amount due (total less credit notes) is moved by the ledger entry `invoice:{number}` to the platform’s gas revenue, in the same write that marks the invoice PAID. A balance that does not cover it is 409 INSUFFICIENT_BALANCE and nothing is written; an invoice not ISSUED is 409 ILLEGAL_TRANSITION. Requires an `Idempotency-Key` header: a retry with the same key answers the same invoice.
         */
        post: operations["payInvoice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deposit-addresses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get a user's deposit address
         * @description The HOT address for one of your users on a network (HD-derived). Idempotent per (user, network): the first call creates it (201), later calls return the same address (200). Send `{ "userId": "user-42", "network": "BSC" }`; transfers of USDT/USDC to it are credited to you and attributed to that user.
         */
        post: operations["getDepositAddress"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deposit-reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List reservations
         * @description Your reservations, active and released, cursor-paginated.
         */
        get: operations["listReservations"];
        put?: never;
        /**
         * Reserve a fixed deposit address for a user
         * @description A dedicated HOT address for a user until released. Body `{ userId, network }`. With an optional `Idempotency-Key` (remembered 30 days) a retry returns the same reservation (200, `Idempotent-Replayed: true`) instead of reserving a second address.
         */
        post: operations["createReservation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deposit-reservations/{network}/{address}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Release a reservation
         * @description Deposits to a released address are no longer attributed to the user (they become unattributed).
         */
        delete: operations["releaseReservation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/external-wallets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List registered sending wallets
         * @description Newest first, cursor-paginated.
         */
        get: operations["listExternalWallets"];
        put?: never;
        /**
         * Register a user's sending wallet
         * @description A transfer from this address to your MASTER or POOL address is attributed to the user. Exchange hot wallets send for many people: known exchange addresses and addresses already registered to anyone are refused. Body `{ userId, network, address, label? }`. With an optional `Idempotency-Key` (remembered 30 days) a retry returns the first registration (200, `Idempotent-Replayed: true`) instead of 409 CONFLICT.
         */
        post: operations["registerExternalWallet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/external-wallets/{network}/{address}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a registered sending wallet
         * @description Answers 204 with no body.
         */
        delete: operations["removeExternalWallet"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deposit-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Request an amount-matched deposit to the POOL address
         * @description Body `{ userId, network, token, amount }` (amount with at most 2 decimals). Answers your POOL address and a unique amount — the requested amount plus a tail of 0.000001–0.009999 unique among open requests — valid for 30 minutes. A transfer of exactly that amount before expiry is attributed to the user; anything else arriving at the POOL is unattributed. With an optional `Idempotency-Key` (remembered 30 days) a retry returns the same request (200, `Idempotent-Replayed: true`); another body with that key is 409 IDEMPOTENCY_KEY_REUSED.
         */
        post: operations["createDepositRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List wallets with on-chain balances
         * @description Your HOT, MASTER and POOL wallets, filterable by `network` and `kind`, with each token balance read from the chain (null when the chain cannot be read).
         */
        get: operations["listWallets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deposits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List deposits
         * @description Newest first, cursor-paginated; filter by `from`/`to` (detection time), `status`, `userId`, or find one by `code` or `txHash`. Statuses: DETECTED → CONFIRMING → CONFIRMED (credited) → COLLECTING → COLLECTED → SETTLED, or FAILED (reorged before finality, or below the minimum amount: recorded, never credited).
         */
        get: operations["listDeposits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deposits/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a deposit
         * @description Fee, net amount, confirmations, attribution method and timestamps of one deposit.
         */
        get: operations["getDeposit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deposits/rescan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-examine one transaction
         * @description Body `{ network, txHash }`. Finds deposits to your addresses in that transaction that were missed (e.g. while a node was down) and credits them once final; already credited deposits are reported as such, never credited twice.
         */
        post: operations["rescanDeposit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sub-partners/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Activity of your direct sub-partners
         * @description One row per direct sub-partner, each covering its whole subtree: deposits (count and amount per asset), withdrawals, and the revenue YOU earned from it, for `period` (UTC: today, week since Monday, month since the 1st). Sort by depositAmount, depositCount, withdrawalAmount or revenue (amounts of several assets compare by their USD sum), `order` desc (default) or asc. A MERCHANT caller gets 403 FORBIDDEN.
         */
        get: operations["listSubPartnerActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sub-partners/{code}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Transaction summary of one sub-partner
         * @description Deposits, withdrawals and the revenue you earned from the sub-partner's whole subtree in `period`. `code` is any partner below you (any depth); a partner outside your subtree is 404 NOT_FOUND, the same answer as a code no one has. A MERCHANT caller gets 403 FORBIDDEN.
         */
        get: operations["getSubPartnerSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sub-partners/{code}/deposits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A sub-partner's deposits (read-only)
         * @description The sub-partner's own deposits, exactly as GET /v1/deposits lists them for it (same filters, cursor pages). `code` is any partner below you (any depth); a partner outside your subtree is 404 NOT_FOUND, the same answer as a code no one has. A MERCHANT caller gets 403 FORBIDDEN.
         */
        get: operations["listSubPartnerDeposits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sub-partners/{code}/withdrawals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A sub-partner's withdrawals (read-only)
         * @description The sub-partner's own withdrawals, as GET /v1/withdrawals lists them for it (same filters, cursor pages). `code` is any partner below you (any depth); a partner outside your subtree is 404 NOT_FOUND, the same answer as a code no one has. A MERCHANT caller gets 403 FORBIDDEN.
         */
        get: operations["listSubPartnerWithdrawals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sub-partners/{code}/flows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A sub-partner's balance movements (read-only)
         * @description The movements of the sub-partner's balance in `asset`, as GET /v1/balances/{asset}/flows shows them to it. `code` is any partner below you (any depth); a partner outside your subtree is 404 NOT_FOUND, the same answer as a code no one has. A MERCHANT caller gets 403 FORBIDDEN.
         */
        get: operations["listSubPartnerFlows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/revenue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your revenue, per asset and per direct sub-partner
         * @description What you earned from deposits below you (your fee share, DESIGN.md §1), for `period` (default month) or the UTC days `from`…`to` (both included, at most 366), per asset and per direct sub-partner whose subtree it came from. The totals are exactly what your revenue account was credited for the deposits of those days (counted by detection day, once credited). A MERCHANT caller gets 403 FORBIDDEN.
         */
        get: operations["getRevenue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fees": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your fee rates and this month’s revenue
         * @description Your own rates as percent strings: a MERCHANT its depositFeeRate and the floor it may not go under, a DISTRIBUTOR its parentFeeRate, maxFeeCap and computed minFeeRate (its parent’s floor plus its parentFeeRate), the PLATFORM its base minFeeRate; and what you earned this month (UTC), per asset. Every partner type.
         */
        get: operations["getFees"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/withdrawals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List withdrawals
         * @description Your withdrawals, newest first, filtered by request date range (`from`, `to`), `status`, `type`, `code`, `txHash` or `userId`; cursor-paginated.
         */
        get: operations["listWithdrawals"];
        put?: never;
        /**
         * Request a withdrawal
         * @description Sends `amount` (or `"MAX"`: the whole available balance less the fee) of a token from your MASTER wallet to `address` or to a whitelist entry (`whitelistEntryId`). Requires an `Idempotency-Key` header, remembered for 30 days: a retry with the same key and body returns the first withdrawal (200, `Idempotent-Replayed: true`), even days later; the same key with another body is 409 IDEMPOTENCY_KEY_REUSED; a retry while the first is still being processed waits for it or gets a retryable 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. Amount + fee are held at once (REQUESTED); above your approval threshold the withdrawal waits in PENDING_APPROVAL for a console approver; it is debited at CONFIRMED and released at REJECTED / CANCELLED / FAILED. Refused with WITHDRAWAL_LOCKED for 24 h after a credential change, ADDRESS_NOT_WHITELISTED in whitelist-only mode, WHITELIST_ENTRY_COOLING while a new entry cools, INSUFFICIENT_FUNDS when the available balance does not cover amount + fee. With `userId` the type is USER, otherwise API. Webhooks: WITHDRAWAL_REQUESTED, _APPROVED, _REJECTED, _CONFIRMED, _FAILED, _CANCELLED.
         */
        post: operations["requestWithdrawal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/withdrawals/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a withdrawal
         * @description One withdrawal with its status history, transaction hash and nonce.
         */
        get: operations["getWithdrawal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/withdrawals/{code}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a withdrawal
         * @description Allowed while nothing was broadcast (REQUESTED, PENDING_APPROVAL, APPROVED, FAILED); the hold is released. Later it is 409 ILLEGAL_TRANSITION. Racing an approval, exactly one of the two wins.
         */
        post: operations["cancelWithdrawal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/withdrawal-whitelist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List whitelisted withdrawal addresses
         * @description Entries are added in the console with a 2FA code and can be used after their cooling period (`usableAt`).
         */
        get: operations["listWhitelist"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the webhook settings
         * @description The endpoint URL, the LARGE_DEPOSIT threshold and when the signing secret was made. The secret itself is never returned after it is shown once. `url` is null until configured.
         */
        get: operations["getWebhookSettings"];
        /**
         * Set the webhook URL and LARGE_DEPOSIT threshold
         * @description Replaces the settings. The URL must be https on a public host (private, loopback and link-local addresses are refused, also when a host name resolves to one at delivery time). The first call generates the signing secret and returns it in `secret`, **once**; later calls keep the secret (rotate it with POST /v1/webhooks/secret). An omitted or null `largeDepositThresholdUsd` disables LARGE_DEPOSIT.
         */
        put: operations["putWebhookSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the webhook signing secret
         * @description Generates a new signing secret (`whsec_` + base64 of 32 random bytes) and returns it **once**. Deliveries are signed with it immediately; until `previousSecretExpiresAt` (24 hours) `webhook-signature` also carries a signature made with the previous secret, so you can deploy the new secret without losing events. 409 when no webhook is configured.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sub-partners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your direct sub-partners
         * @description Your direct sub-partners, newest first, filtered by `status`, `type` and `q` (code or name); cursor-paginated. Distributors (and the platform) only: a MERCHANT caller gets 403 FORBIDDEN; a code outside your subtree is 404 NOT_FOUND.
         */
        get: operations["listSubPartners"];
        put?: never;
        /**
         * Register a merchant or distributor
         * @description Creates a MERCHANT or DISTRIBUTOR under you with its fee rates (a merchant's depositFeeRate within [your floor, your maxFeeCap]; a distributor's maxFeeCap at least its floor, your floor + its parentFeeRate: else 409 FEE_CONSTRAINT_VIOLATED), its chains (each creates its MASTER wallet), and its OWNER console user, who gets an email to sign in and set up 2FA. Requires an Idempotency-Key: a retry returns the first result (200), and a retry after a failure half-way finishes the registration. A distributor at depth 5 cannot register a distributor (400). Distributors (and the platform) only: a MERCHANT caller gets 403 FORBIDDEN; a code outside your subtree is 404 NOT_FOUND.
         */
        post: operations["registerSubPartner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sub-partners/tree": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your whole subtree
         * @description You at the root, every partner below you (up to 5 distributor levels) with counts and status. Distributors (and the platform) only: a MERCHANT caller gets 403 FORBIDDEN; a code outside your subtree is 404 NOT_FOUND.
         */
        get: operations["getSubPartnerTree"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sub-partners/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a sub-partner
         * @description One partner anywhere in your subtree, with the way down to it. Distributors (and the platform) only: a MERCHANT caller gets 403 FORBIDDEN; a code outside your subtree is 404 NOT_FOUND.
         */
        get: operations["getSubPartner"];
        put?: never;
        post?: never;
        /**
         * Delete a sub-partner
         * @description Only a direct sub-partner with no deposits, withdrawals or sub-partners of its own; otherwise 409 SUB_PARTNER_NOT_DELETABLE with `error.details.reason`. Distributors (and the platform) only: a MERCHANT caller gets 403 FORBIDDEN; a code outside your subtree is 404 NOT_FOUND.
         */
        delete: operations["deleteSubPartner"];
        options?: never;
        head?: never;
        /**
         * Rename a sub-partner or change its rates
         * @description A rate change is checked over the partner's whole subtree with the floors it implies; if any merchant would be below its floor or above its cap (or a cap below its floor) it is refused with 409 FEE_CONSTRAINT_VIOLATED, `error.details.offending` listing each one, and nothing is written. Applies to deposits detected after the change. Distributors (and the platform) only: a MERCHANT caller gets 403 FORBIDDEN; a code outside your subtree is 404 NOT_FOUND.
         */
        patch: operations["updateSubPartner"];
        trace?: never;
    };
    "/v1/sub-partners/{code}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suspend a sub-partner
         * @description Its API keys and console sign-in, and those of everything below it, are refused at once; its deposits are still detected and credited. Distributors (and the platform) only: a MERCHANT caller gets 403 FORBIDDEN; a code outside your subtree is 404 NOT_FOUND.
         */
        post: operations["suspendSubPartner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sub-partners/{code}/reinstate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reinstate a suspended sub-partner
         * @description Back to ACTIVE. Distributors (and the platform) only: a MERCHANT caller gets 403 FORBIDDEN; a code outside your subtree is 404 NOT_FOUND.
         */
        post: operations["reinstateSubPartner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sub-partners/{code}/owner-password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset the sub-partner owner's password
         * @description A temporary password, shown once; the owner must change it at the next sign-in. Their sessions are revoked and withdrawals locked for 24 hours. Distributors (and the platform) only: a MERCHANT caller gets 403 FORBIDDEN; a code outside your subtree is 404 NOT_FOUND.
         */
        post: operations["resetSubPartnerOwnerPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event now
         * @description Publishes a WEBHOOK_TEST event to your endpoint right away, through the same queue, signing and retries as real events. The answer is the new delivery (PENDING); follow it in GET /v1/webhooks/deliveries. 409 when no webhook is configured.
         */
        post: operations["sendTestWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook deliveries
         * @description Every event published to you, newest first, with its delivery state and each attempt (time, your HTTP status, latency, error). PENDING deliveries show when the next attempt is due. Page with `nextCursor`.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deliveries/{eventId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redeliver an event
         * @description Sends the event again now, in a new round with a fresh retry schedule, whatever its state; retries still scheduled from the previous round are dropped. The body and webhook-id are the same as before. 404 for an event that is not yours; 409 when no webhook is configured.
         */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A non-negative decimal amount as a string, e.g. "1000.50". Never a JSON number. */
        DecimalString: string;
        FieldError: {
            /** @description Dotted path of the offending field, e.g. `amount` or `items.0.address`. */
            path: string;
            message: string;
        };
        /** @description Every non-2xx response has this body. */
        ErrorResponse: {
            error: {
                /** @description Stable machine-readable code: UNAUTHENTICATED, API_KEY_UNKNOWN, API_KEY_REVOKED, SIGNATURE_INVALID, TIMESTAMP_OUT_OF_WINDOW, SIGNATURE_REPLAYED, SIGNATURE_VERSION_RETIRED, IP_NOT_ALLOWED, PARTNER_SUSPENDED, FORBIDDEN, VALIDATION_FAILED, NOT_FOUND, CONFLICT, ILLEGAL_TRANSITION, RATE_LIMITED, INSUFFICIENT_FUNDS, INSUFFICIENT_BALANCE, LEDGER_ENTRY_CONFLICT, PENDING_NOT_FOUND, PENDING_ALREADY_RESOLVED, LEDGER_CONTENTION, IDEMPOTENCY_KEY_REQUIRED, IDEMPOTENCY_KEY_REUSED, IDEMPOTENCY_REQUEST_IN_PROGRESS, ADDRESS_NOT_WHITELISTED, WHITELIST_ENTRY_COOLING, WITHDRAWAL_LOCKED, FEE_CONSTRAINT_VIOLATED, SUB_PARTNER_NOT_DELETABLE, INTERNAL. */
                code: string;
                /** @description Human-readable explanation; may change, do not parse. */
                message: string;
                /** @description Present on VALIDATION_FAILED. */
                fields?: components["schemas"]["FieldError"][];
                /** @description Quote it when contacting support. */
                requestId?: string;
            };
        };
        /**
         * @description Token and network, `TOKEN@NETWORK`.
         * @enum {string}
         */
        AssetCode: "USDT@BSC" | "USDC@BSC" | "USDT@POLYGON" | "USDC@POLYGON" | "USDT@TRON";
        Partner: {
            id: string;
            /** @description Short human code shown in the console. */
            code: string;
            name: string;
            /** @enum {string} */
            type: "DISTRIBUTOR" | "MERCHANT" | "PLATFORM";
            /** @enum {string} */
            status: "ACTIVE" | "SUSPENDED";
            /** @description The parent partner; null only for the platform. */
            parentId: string | null;
            /** @description Distance from the platform: 0 is the platform itself. */
            depth: number;
            /**
             * Format: date-time
             * @description ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".
             */
            createdAt: string;
        };
        /** @description The API key that signed this request. The secret is never returned. */
        ApiKeyInfo: {
            /** @description The value sent in X-Api-Key. */
            id: string;
            name: string;
            /** @description Addresses or CIDR blocks allowed to use this key; empty means any address. */
            ipAllowlist: (string)[];
            /**
             * Format: date-time
             * @description ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".
             */
            createdAt: string;
        };
        PartnerResponse: {
            partner: components["schemas"]["Partner"];
            apiKey: components["schemas"]["ApiKeyInfo"];
            /** @description The smallest withdrawal per asset (`TOKEN@NETWORK` → token units); a smaller `amount` (or a "MAX" that comes to less) is refused with 400 VALIDATION_FAILED at `amount`. */
            withdrawalMinimums?: {
                [key: string]: components["schemas"]["DecimalString"];
            };
        };
        Balance: {
            asset: components["schemas"]["AssetCode"];
            /** @enum {string} */
            token: "USDT" | "USDC";
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            /** @description The token contract's decimals on this network. */
            decimals: number;
            /** @description Spendable now. */
            available: components["schemas"]["DecimalString"];
            /** @description Reserved by pending withdrawals. */
            held: components["schemas"]["DecimalString"];
            /** @description available + held. */
            total: components["schemas"]["DecimalString"];
        };
        BalancesResponse: {
            balances: components["schemas"]["Balance"][];
            /** @description Sum of all balances (`total`) valued in USD; stablecoins count 1:1. */
            totalUsd: components["schemas"]["DecimalString"];
            /** @description Sum of the `available` balances valued in USD. */
            availableUsd?: components["schemas"]["DecimalString"];
        };
        BalanceFlow: {
            /** @description The journal entry; deterministic from its cause. */
            entryId: string;
            /** @enum {string} */
            reason: "DEPOSIT" | "DEPOSIT_FEE" | "REVENUE_SHARE" | "SWEEP" | "GAS" | "WITHDRAWAL" | "WITHDRAWAL_FEE" | "TRANSFER" | "ADJUSTMENT" | "REVERSAL";
            /** @enum {string} */
            direction: "CREDIT" | "DEBIT";
            amount: components["schemas"]["DecimalString"];
            /** @description Posted balance right after this line. */
            balanceAfter: components["schemas"]["DecimalString"];
            /**
             * Format: date-time
             * @description ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".
             */
            effectiveAt: string;
            /** @description What caused the movement (deposit, withdrawal, …). */
            cause: {
                type: string;
                id: string;
            };
        };
        BalanceFlowsResponse: {
            asset: components["schemas"]["AssetCode"];
            /** @description Newest first. */
            flows: components["schemas"]["BalanceFlow"][];
            /** @description Present when more lines may follow. A page filtered by reason reads at most 1,000 lines, so it may be short or empty and still carry nextCursor; only a page without it is the end. */
            nextCursor?: string;
        };
        /** @description A full replacement of the webhook settings. */
        WebhookSettingsRequest: {
            /** @description Your endpoint. https only, a public host (private, loopback and link-local addresses are refused). */
            url: string;
            /** @description Send LARGE_DEPOSIT for deposits worth at least this many USD (decimal string). Omit or null to disable. */
            largeDepositThresholdUsd?: string | null;
        };
        WebhookSettingsResponse: {
            /** @description The endpoint; null until configured. */
            url: string | null;
            /** @description LARGE_DEPOSIT threshold in USD; null when disabled. */
            largeDepositThresholdUsd: components["schemas"]["DecimalString"] | null;
            /** @description Event types the gateway sends. */
            eventTypes: ("DEPOSIT_DETECTED" | "DEPOSIT_CONFIRMED" | "DEPOSIT_FAILED" | "LARGE_DEPOSIT" | "WITHDRAWAL_REQUESTED" | "WITHDRAWAL_APPROVED" | "WITHDRAWAL_REJECTED" | "WITHDRAWAL_CONFIRMED" | "WITHDRAWAL_FAILED" | "WITHDRAWAL_CANCELLED" | "WEBHOOK_TEST")[];
            /** @description When the current signing secret was made. The secret itself is never returned again. */
            secretCreatedAt: string | null;
            /** @description After a rotation: until when webhook-signature also carries a signature made with the previous secret. */
            previousSecretExpiresAt: string | null;
            createdAt: string | null;
            updatedAt: string | null;
        };
        WebhookSettingsUpdateResponse: {
            /** @description The endpoint; null until configured. */
            url: string | null;
            /** @description LARGE_DEPOSIT threshold in USD; null when disabled. */
            largeDepositThresholdUsd: components["schemas"]["DecimalString"] | null;
            /** @description Event types the gateway sends. */
            eventTypes: ("DEPOSIT_DETECTED" | "DEPOSIT_CONFIRMED" | "DEPOSIT_FAILED" | "LARGE_DEPOSIT" | "WITHDRAWAL_REQUESTED" | "WITHDRAWAL_APPROVED" | "WITHDRAWAL_REJECTED" | "WITHDRAWAL_CONFIRMED" | "WITHDRAWAL_FAILED" | "WITHDRAWAL_CANCELLED" | "WEBHOOK_TEST")[];
            /** @description When the current signing secret was made. The secret itself is never returned again. */
            secretCreatedAt: string | null;
            /** @description After a rotation: until when webhook-signature also carries a signature made with the previous secret. */
            previousSecretExpiresAt: string | null;
            createdAt: string | null;
            updatedAt: string | null;
            /** @description Only on the first configuration: the signing secret (Standard Webhooks, `whsec_` + base64), shown this once. Store it now. */
            secret?: string;
        };
        WebhookSecretResponse: {
            /** @description The new signing secret, shown this once. */
            secret: string;
            /**
             * Format: date-time
             * @description ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".
             */
            secretCreatedAt: string;
            /**
             * Format: date-time
             * @description Until then webhook-signature also carries a signature made with the previous secret.
             */
            previousSecretExpiresAt: string;
        };
        WebhookDeliveryAttempt: {
            /** @description 0 for the automatic delivery; +1 per manual redelivery. */
            round: number;
            /** @description 1-based within the round. */
            attempt: number;
            /**
             * Format: date-time
             * @description ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".
             */
            at: string;
            /** @description HTTP status of your response; null when none arrived. */
            statusCode: number | null;
            latencyMs: number;
            /** @description TIMEOUT, CONNECTION_REFUSED, DNS_FAILURE, ADDRESS_NOT_ALLOWED, TLS_ERROR, NETWORK_ERROR or HTTP_<status>. */
            error: string | null;
            /** @enum {string} */
            outcome: "DELIVERED" | "FAILED";
        };
        WebhookDeliveryResponse: {
            /** @description webhook-id: the same on every attempt; de-duplicate on it. */
            eventId: string;
            /** @enum {string} */
            type: "DEPOSIT_DETECTED" | "DEPOSIT_CONFIRMED" | "DEPOSIT_FAILED" | "LARGE_DEPOSIT" | "WITHDRAWAL_REQUESTED" | "WITHDRAWAL_APPROVED" | "WITHDRAWAL_REJECTED" | "WITHDRAWAL_CONFIRMED" | "WITHDRAWAL_FAILED" | "WITHDRAWAL_CANCELLED" | "WEBHOOK_TEST";
            /**
             * @description PENDING (attempts go on), DELIVERED (a 2xx answer), FAILED (retries exhausted), SKIPPED (no URL was configured).
             * @enum {string}
             */
            status: "PENDING" | "DELIVERED" | "FAILED" | "SKIPPED";
            /**
             * Format: date-time
             * @description ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".
             */
            occurredAt: string;
            /**
             * Format: date-time
             * @description ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".
             */
            updatedAt: string;
            /** @description When PENDING: when the next attempt is due. */
            nextAttemptAt: string | null;
            round: number;
            /** @description Attempts in all rounds. */
            attemptCount: number;
            /** @description Oldest first: the current round plus up to 40 earlier attempts. */
            attempts: components["schemas"]["WebhookDeliveryAttempt"][];
            /** @description The body that is POSTed, byte for byte the same on every attempt. */
            event: {
                id: string;
                /** @enum {string} */
                type: "DEPOSIT_DETECTED" | "DEPOSIT_CONFIRMED" | "DEPOSIT_FAILED" | "LARGE_DEPOSIT" | "WITHDRAWAL_REQUESTED" | "WITHDRAWAL_APPROVED" | "WITHDRAWAL_REJECTED" | "WITHDRAWAL_CONFIRMED" | "WITHDRAWAL_FAILED" | "WITHDRAWAL_CANCELLED" | "WEBHOOK_TEST";
                /**
                 * Format: date-time
                 * @description ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".
                 */
                occurredAt: string;
                data: {
                    [key: string]: unknown;
                };
            };
        };
        WebhookDeliveriesResponse: {
            /** @description Newest first. */
            deliveries: components["schemas"]["WebhookDeliveryResponse"][];
            /** @description Present when more deliveries follow. */
            nextCursor?: string;
        };
        DepositAddressRequest: {
            /** @description Your id for the user: 1-128 of A-Z a-z 0-9 _ . @ : - */
            userId: string;
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
        };
        ReservationRequest: {
            /** @description Your id for the user: 1-128 of A-Z a-z 0-9 _ . @ : - */
            userId: string;
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
        };
        ExternalWalletRequest: {
            /** @description Your id for the user: 1-128 of A-Z a-z 0-9 _ . @ : - */
            userId: string;
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            /** @description The sending address: checksummed or lowercase 0x… on BSC/POLYGON, base58 T… on TRON. */
            address: string;
            label?: string;
        };
        DepositRequestBody: {
            /** @description Your id for the user: 1-128 of A-Z a-z 0-9 _ . @ : - */
            userId: string;
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            /** @enum {string} */
            token: "USDT" | "USDC";
            /** @description The amount you expect, at most 2 decimals; the gateway adds a unique tail. */
            amount: string;
        };
        DepositAddress: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            /** @description Checksummed address; HD-derived (m/44'/60'/0'/0/i). */
            address: string;
            userId: string;
            /** Format: date-time */
            createdAt: string;
            /** @description False when the user already had this address (the call is idempotent). */
            created: boolean;
        };
        Reservation: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            address: string;
            userId: string | null;
            /** @enum {string} */
            status: "ACTIVE" | "RELEASED";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            releasedAt?: string;
        };
        ReservationsResponse: {
            reservations: components["schemas"]["Reservation"][];
            nextCursor?: string;
        };
        ExternalWallet: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            address: string;
            userId: string;
            label: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        ExternalWalletsResponse: {
            externalWallets: components["schemas"]["ExternalWallet"][];
            nextCursor?: string;
        };
        DepositRequest: {
            requestId: string;
            userId: string;
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            /** @enum {string} */
            token: "USDT" | "USDC";
            /** @description The partner POOL address to pay. */
            address: string;
            /** @description The exact amount to send: the requested amount plus a unique tail. */
            amount: components["schemas"]["DecimalString"];
            /** Format: date-time */
            expiresAt: string;
        };
        Deposit: {
            code: string;
            /** @enum {string} */
            status: "DETECTED" | "CONFIRMING" | "CONFIRMED" | "COLLECTING" | "COLLECTED" | "SETTLED" | "FAILED";
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            /** @enum {string} */
            token: "USDT" | "USDC";
            asset: string;
            amount: components["schemas"]["DecimalString"];
            fee: components["schemas"]["DecimalString"];
            netAmount: components["schemas"]["DecimalString"];
            userId: string | null;
            /** @enum {string} */
            method: "HOT_ADDRESS" | "RESERVATION" | "EXTERNAL_WALLET" | "POOL_AMOUNT" | "UNATTRIBUTED";
            /** @enum {string} */
            walletType: "HOT" | "MASTER" | "POOL";
            address: string;
            fromAddress: string;
            txHash: string;
            logIndex: number;
            blockNumber: number;
            confirmations: number;
            requiredConfirmations: number;
            /**
             * @description REORGED: dropped by a reorg before finality. BELOW_MINIMUM: under the minimum deposit. INTAKE_ERROR: the gateway could not process it; held for review by the platform operator, not credited yet.
             * @enum {string}
             */
            failureReason?: "REORGED" | "BELOW_MINIMUM" | "INTAKE_ERROR";
            /** Format: date-time */
            detectedAt: string;
            /** Format: date-time */
            confirmedAt?: string;
            /** @description The transaction that moved the funds to the MASTER wallet. */
            sweepTxHash?: string;
            /** Format: date-time */
            collectedAt?: string;
            /**
             * Format: date-time
             * @description When the sweep was final: the funds are in the MASTER wallet.
             */
            settledAt?: string;
            explorerUrl: string;
        };
        DepositsResponse: {
            deposits: components["schemas"]["Deposit"][];
            /** @description More to read: pass it as `cursor`. With a `status` or `userId` filter a page may be short, even empty, and still carry it; only a page without it is the end. */
            nextCursor?: string;
        };
        RescanRequest: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            txHash: string;
        };
        RescanResponse: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            txHash: string;
            results: {
                code: string;
                /** @enum {string} */
                outcome: "CREDITED" | "ALREADY_CREDITED" | "DETECTED" | "FAILED";
                status: string;
            }[];
        };
        Wallet: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            /** @enum {string} */
            kind: "HOT" | "MASTER" | "POOL";
            /** @enum {string} */
            purpose: "USER" | "RESERVATION" | "MASTER" | "POOL";
            address: string;
            userId: string | null;
            /** @enum {string} */
            status: "ACTIVE" | "RELEASED";
            /** Format: date-time */
            createdAt: string;
            balances: {
                /** @enum {string} */
                token: "USDT" | "USDC";
                /** @description On-chain balance; null when the chain could not be read. */
                amount: components["schemas"]["DecimalString"] | null;
            }[];
        };
        WalletsResponse: {
            wallets: components["schemas"]["Wallet"][];
            nextCursor?: string;
        };
        WithdrawalRequest: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            /** @enum {string} */
            token: "USDT" | "USDC";
            /** @description Token units as a decimal string, or "MAX" (the available balance less the fee). At least the asset's minimum withdrawal (WITHDRAWAL_MIN_AMOUNT, default 1 USDT/USDC; per asset in `withdrawalMinimums` of GET /v1/partner); less, or a "MAX" that comes to less, is 400 VALIDATION_FAILED at `amount`. */
            amount: string;
            address?: string;
            whitelistEntryId?: string;
            userId?: string;
            reference?: string;
        };
        Withdrawal: {
            /** @description Withdrawal code, e.g. W2611204K7QX2MZ */
            code: string;
            /** @enum {string} */
            type: "USER" | "API" | "MANUAL";
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            /** @enum {string} */
            token: "USDT" | "USDC";
            asset: string;
            amount: string;
            fee: string;
            /** @description amount + fee: what is held, then debited */
            total: string;
            address: string;
            whitelistEntryId?: string;
            userId?: string;
            reference?: string;
            /** @enum {string} */
            status: "REQUESTED" | "PENDING_APPROVAL" | "APPROVED" | "PROCESSING" | "BROADCASTING" | "CONFIRMED" | "REJECTED" | "FAILED" | "CANCELLED";
            requiresApproval: boolean;
            txHash?: string;
            /** @description The MASTER address that sends it */
            from?: string;
            nonce?: number;
            /** @description Signed transactions (more than one: replaced with a higher fee) */
            attempts?: number;
            blockNumber?: number;
            requestedBy: {
                /** @enum {string} */
                kind: "user" | "apiKey";
                id: string;
            };
            decidedBy?: string;
            rejectReason?: string;
            failureReason?: string;
            /** @description ISO-8601 timestamp (UTC) */
            createdAt: string;
            /** @description ISO-8601 timestamp (UTC) */
            updatedAt: string;
            /** @description ISO-8601 timestamp (UTC) */
            confirmedAt?: string;
            history: {
                /** @enum {string} */
                status: "REQUESTED" | "PENDING_APPROVAL" | "APPROVED" | "PROCESSING" | "BROADCASTING" | "CONFIRMED" | "REJECTED" | "FAILED" | "CANCELLED";
                /** @description ISO-8601 timestamp (UTC) */
                at: string;
                by?: string;
            }[];
        };
        WithdrawalResponse: {
            withdrawal: components["schemas"]["Withdrawal"];
        };
        WithdrawalsResponse: {
            withdrawals: components["schemas"]["Withdrawal"][];
            nextCursor?: string;
        };
        WhitelistEntry: {
            partnerId: string;
            entryId: string;
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            address: string;
            label: string;
            /** @description ISO-8601 timestamp (UTC) */
            createdAt: string;
            /** @description End of the cooling period: the entry can be used from then on */
            usableAt: string;
            createdBy: string;
        };
        WhitelistResponse: {
            entries: components["schemas"]["WhitelistEntry"][];
        };
        GasRecord: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            /** @enum {string} */
            type: "TOPUP" | "APPROVE" | "SWEEP" | "RETURN" | "WITHDRAWAL";
            txHash: string;
            /** @description The transaction on the network’s block explorer. */
            explorerUrl: string;
            /** @description What the action paid for: the withdrawal code (a withdrawal, or a MASTER top-up for a waiting withdrawal), or for a sweep the code of the first deposit it collected. */
            reference: string | null;
            /** @description SWEEP: the codes of every deposit the sweep collected; empty for other actions. */
            deposits: string[];
            /** @description The address the action served (deposit address, or the paying MASTER). */
            address: string;
            token: string;
            /** @description Gas units (energy on TRON). */
            gasUsed: string;
            /** @description Price per gas unit in the native coin’s smallest unit (wei, sun). */
            gasPrice: string;
            /** @description What it cost, in the native coin (BNB, POL, TRX). */
            nativeAmount: components["schemas"]["DecimalString"];
            nativeSymbol: string;
            /** @description The cost in USD at the coin price of the time; null without one. */
            usdValue: components["schemas"]["DecimalString"] | null;
            /** @description USD per coin that usdValue used; null without a price. */
            usdPrice: components["schemas"]["DecimalString"] | null;
            /** @description FEED: the coin price feed’s price kept at the time; CONFIGURED: a fixed configured price. */
            priceSource: ("FEED" | "CONFIGURED") | null;
            /** @description When the feed priced the coin. */
            priceAt: string | null;
            /** @description The feed’s price was older than the configured maximum age when the record was made. */
            priceStale: boolean;
            success: boolean;
            /**
             * Format: date-time
             * @description ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".
             */
            at: string;
        };
        GasTotal: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            nativeSymbol: string;
            count: number;
            nativeAmount: components["schemas"]["DecimalString"];
            /** @description USD total of the records that had a price. */
            usdValue: components["schemas"]["DecimalString"];
            /** @description Records left out of the USD total for want of a price. */
            withoutPrice: number;
        };
        GasRecordsResponse: {
            /**
             * Format: date
             * @description First UTC day of the filter.
             */
            from: string;
            /**
             * Format: date
             * @description Last UTC day of the filter, inclusive.
             */
            to: string;
            /** @description Newest first. */
            records: components["schemas"]["GasRecord"][];
            /** @description Present when more records may follow. A page filtered by network or type reads a bounded number of times, so it may be short and still carry nextCursor; only a page without it is the end. */
            nextCursor?: string;
            /** @description Per network over the whole filter (every page), from daily totals kept with the records. */
            totals: components["schemas"]["GasTotal"][];
        };
        InvoicePayRequest: {
            /**
             * @description The USD stablecoin balance to pay from, e.g. `USDT@TRON` (any network; 1 token = 1 USD).
             * @enum {string}
             */
            asset: "USDT@BSC" | "USDC@BSC" | "USDT@POLYGON" | "USDC@POLYGON" | "USDT@TRON";
        };
        InvoiceLine: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            nativeSymbol: string;
            /** @description Gas records (transactions) on this network in the month. */
            transactions: number;
            /** @description Native coin spent (BNB, POL, TRX). */
            nativeAmount: components["schemas"]["DecimalString"];
            /** @description Sum of the records’ USD values (at the price each record stored). */
            usdTotal: components["schemas"]["DecimalString"];
            /** @description Records without a USD price (valued at 0, and said so). */
            withoutPrice: number;
            /** @description Records valued at a price older than the configured maximum age. */
            stalePrice: number;
        };
        Invoice: {
            /** @description Gapless per issuer, e.g. `GAS-000042`. */
            number: string;
            /** @enum {string} */
            kind: "INVOICE" | "CREDIT_NOTE";
            /** @description A credit note: the invoice it corrects. */
            creditFor: string | null;
            /** @enum {string} */
            status: "DRAFT" | "ISSUED" | "PAID" | "VOID";
            /** @description The billed month, `YYYY-MM` (UTC). */
            month: string;
            periodFrom: string;
            periodTo: string;
            issuer: {
                code: string;
                name: string;
            };
            recipient: {
                code: string;
                name: string;
            };
            /** @description One per network, sorted by network code. */
            lines: components["schemas"]["InvoiceLine"][];
            /** @description Sum of the lines (a credit note: the credited amount). */
            totalUsd: components["schemas"]["DecimalString"];
            recordCount: number;
            /** Format: date-time */
            createdAt: string;
            issuedAt: string | null;
            paidAt: string | null;
            voidedAt: string | null;
            voidReason: string | null;
            creditReason: string | null;
            payment: {
                /** @enum {string} */
                method: "BALANCE" | "EXTERNAL";
                asset: string | null;
                amount: components["schemas"]["DecimalString"] | null;
                reference: string | null;
            } | null;
            /** @description Whether the PDF and CSV can be downloaded (`{number}.pdf|.csv`). */
            documentsAvailable: boolean;
        };
        InvoiceDetail: {
            /** @description Gapless per issuer, e.g. `GAS-000042`. */
            number: string;
            /** @enum {string} */
            kind: "INVOICE" | "CREDIT_NOTE";
            /** @description A credit note: the invoice it corrects. */
            creditFor: string | null;
            /** @enum {string} */
            status: "DRAFT" | "ISSUED" | "PAID" | "VOID";
            /** @description The billed month, `YYYY-MM` (UTC). */
            month: string;
            periodFrom: string;
            periodTo: string;
            issuer: {
                code: string;
                name: string;
            };
            recipient: {
                code: string;
                name: string;
            };
            /** @description One per network, sorted by network code. */
            lines: components["schemas"]["InvoiceLine"][];
            /** @description Sum of the lines (a credit note: the credited amount). */
            totalUsd: components["schemas"]["DecimalString"];
            recordCount: number;
            /** Format: date-time */
            createdAt: string;
            issuedAt: string | null;
            paidAt: string | null;
            voidedAt: string | null;
            voidReason: string | null;
            creditReason: string | null;
            payment: {
                /** @enum {string} */
                method: "BALANCE" | "EXTERNAL";
                asset: string | null;
                amount: components["schemas"]["DecimalString"] | null;
                reference: string | null;
            } | null;
            /** @description Whether the PDF and CSV can be downloaded (`{number}.pdf|.csv`). */
            documentsAvailable: boolean;
            /** @description Credit notes that name this invoice, oldest first. */
            creditNotes: components["schemas"]["Invoice"][];
            creditedUsd: components["schemas"]["DecimalString"];
            /** @description What is left to pay: the total less credit notes while ISSUED, else 0. */
            dueUsd: components["schemas"]["DecimalString"];
        };
        InvoicesResponse: {
            /** @description Newest number first. */
            items: components["schemas"]["Invoice"][];
            /** @description Present when more invoices may follow. */
            nextCursor?: string;
        };
        InvoiceResponse: {
            invoice: components["schemas"]["InvoiceDetail"];
        };
        FinanceContact: {
            /** @description Who the email greets. */
            name: string;
            /** @description Where the monthly export email goes (stored lower-cased). */
            email: string;
        };
        FinanceContactsRequest: {
            /** @description Up to 5 people; an empty list stops the emails. */
            contacts: components["schemas"]["FinanceContact"][];
            /**
             * @description Language of the export email (default en).
             * @default en
             * @enum {string}
             */
            language: "en" | "ko";
        };
        FinanceContactsResponse: {
            contacts: components["schemas"]["FinanceContact"][];
            /** @enum {string} */
            language: "en" | "ko";
            /** @description Null until first set. */
            updatedAt: string | null;
        };
        ExportFile: {
            /** @description File name, e.g. `settlement-statement.csv`, `GAS-000042.pdf`, `manifest.json`. */
            name: string;
            /** @description Bytes. */
            size: number;
            /** @description Hex SHA-256 of the file, as listed in manifest.json. */
            sha256: string;
            /** @description Pre-signed download URL (GET), valid until expiresAt. */
            url: string;
            /**
             * Format: date-time
             * @description ISO 8601 UTC timestamp.
             */
            expiresAt: string;
        };
        ExportMonthResponse: {
            month: string;
            /** @description Every file of the month, manifest.json last. */
            files: components["schemas"]["ExportFile"][];
            /** @description The settlement (and revenue) statement agreed with the ledger to the minor unit. */
            reconciled: boolean;
        };
        ExportMonthsResponse: {
            /** @description Months (`YYYY-MM`) with an export, newest first. */
            months: string[];
        };
        ExportsResponse: components["schemas"]["ExportMonthResponse"] | components["schemas"]["ExportMonthsResponse"];
        ChainActivation: {
            /** @enum {string} */
            network: "BSC" | "POLYGON" | "TRON";
            tokens: ("USDT" | "USDC")[];
        };
        RegisterSubPartnerRequest: {
            /** @enum {string} */
            type: "MERCHANT" | "DISTRIBUTOR";
            name: string;
            /** @description Sign-in email of the new partner's OWNER console user (2FA off until they set it up). */
            email: string;
            /** @description Initial password (8+ characters, a letter, a digit and a special character). */
            password: string;
            /** @description Human code; generated when absent. */
            code?: string;
            /**
             * @description Chains to activate (networks and tokens).
             * @default []
             */
            chains: components["schemas"]["ChainActivation"][];
            /** @description MERCHANT: { depositFeeRate }. DISTRIBUTOR: { parentFeeRate, maxFeeCap }. */
            fees: {
                /** @description A rate in percent as a decimal string: "1.2" is 1.2 %. At most 4 decimals. */
                depositFeeRate: string;
            } | {
                /** @description A rate in percent as a decimal string: "1.2" is 1.2 %. At most 4 decimals. */
                parentFeeRate: string;
                /** @description A rate in percent as a decimal string: "1.2" is 1.2 %. At most 4 decimals. */
                maxFeeCap: string;
            };
        };
        UpdateSubPartnerRequest: {
            name?: string;
            /** @description MERCHANT: depositFeeRate. DISTRIBUTOR: parentFeeRate and/or maxFeeCap. */
            fees?: {
                /** @description A rate in percent as a decimal string: "1.2" is 1.2 %. At most 4 decimals. */
                depositFeeRate?: string;
                /** @description A rate in percent as a decimal string: "1.2" is 1.2 %. At most 4 decimals. */
                parentFeeRate?: string;
                /** @description A rate in percent as a decimal string: "1.2" is 1.2 %. At most 4 decimals. */
                maxFeeCap?: string;
            };
        };
        SuspendSubPartnerRequest: {
            reason: string;
        };
        ReinstateSubPartnerRequest: {
            reason?: string;
        };
        SubPartner: {
            code: string;
            name: string;
            /** @enum {string} */
            type: "MERCHANT" | "DISTRIBUTOR";
            /** @enum {string} */
            status: "ACTIVE" | "SUSPENDED";
            /** @description Suspended itself or below a suspended distributor: refused everywhere. */
            accessSuspended: boolean;
            depth: number;
            parentCode: string;
            fees: {
                /** @description Percent decimal string */
                depositFeeRate?: string;
                /** @description Percent decimal string */
                parentFeeRate?: string;
                /** @description Percent decimal string */
                maxFeeCap?: string;
                /** @description The floor: parent floor + parentFeeRate (distributor), the distributor floor (merchant). */
                minFeeRate: string;
            };
            chains: {
                /** @enum {string} */
                network: "BSC" | "POLYGON" | "TRON";
                tokens: ("USDT" | "USDC")[];
            }[];
            childCount: number;
            createdAt: string;
        };
        SubPartnersResponse: {
            items: components["schemas"]["SubPartner"][];
            nextCursor?: string;
        };
        SubPartnerResponse: {
            subPartner: components["schemas"]["SubPartner"];
        };
        SubPartnerDetailResponse: {
            subPartner: components["schemas"]["SubPartner"];
            /** @description From the caller down to the sub-partner's parent. */
            ancestors: {
                code: string;
                name: string;
            }[];
        };
        RegisterSubPartnerResponse: {
            subPartner: components["schemas"]["SubPartner"];
            owner: {
                email: string;
            };
        };
        SubPartnerTreeNode: {
            code: string;
            name: string;
            /** @enum {string} */
            type: "PLATFORM" | "DISTRIBUTOR" | "MERCHANT";
            /** @enum {string} */
            status: "ACTIVE" | "SUSPENDED";
            accessSuspended: boolean;
            childCount: number;
            descendantCount: number;
            children: components["schemas"]["SubPartnerTreeNode"][];
        };
        SubPartnerTreeResponse: {
            tree: components["schemas"]["SubPartnerTreeNode"];
            truncated: boolean;
        };
        OwnerPasswordResetResponse: {
            /** @description Shown once; the owner must change it at the next sign-in. */
            temporaryPassword: string;
            email: string;
        };
        SubPartnerDeletedResponse: {
            deleted: string;
        };
        AssetAmount: {
            /** @description `TOKEN@NETWORK`. */
            asset: string;
            /** @description Token units, decimal string. */
            amount: string;
        };
        SubPartnerSummaryResponse: {
            summary: {
                /**
                 * @description UTC: today since 00:00, week since Monday 00:00, month since the 1st 00:00.
                 * @enum {string}
                 */
                period: "today" | "week" | "month";
                /** @description ISO 8601, UTC. */
                from: string;
                /** @description ISO 8601, UTC. */
                to: string;
                /** @description Deposits received in the subtree (not FAILED), by detection day. */
                deposits: {
                    count: number;
                    /** @description Per asset; assets without any are left out. */
                    amounts: components["schemas"]["AssetAmount"][];
                };
                /** @description Withdrawals going out of the subtree (held, not refused), by request day. */
                withdrawals: {
                    count: number;
                    /** @description Per asset; assets without any are left out. */
                    amounts: components["schemas"]["AssetAmount"][];
                };
                /** @description What YOU earned from that subtree (your fee share of its deposits credited), per asset. */
                revenue: components["schemas"]["AssetAmount"][];
            };
        };
        SubPartnerActivityResponse: {
            /**
             * @description UTC: today since 00:00, week since Monday 00:00, month since the 1st 00:00.
             * @enum {string}
             */
            period: "today" | "week" | "month";
            /** @description ISO 8601, UTC. */
            from: string;
            /** @description ISO 8601, UTC. */
            to: string;
            /** @description One row per direct sub-partner, each covering its whole subtree. */
            items: {
                code: string;
                name: string;
                /** @enum {string} */
                type: "MERCHANT" | "DISTRIBUTOR";
                /** @enum {string} */
                status: "ACTIVE" | "SUSPENDED";
                /** @description Deposits received in the subtree (not FAILED), by detection day. */
                deposits: {
                    count: number;
                    /** @description Per asset; assets without any are left out. */
                    amounts: components["schemas"]["AssetAmount"][];
                };
                /** @description Withdrawals going out of the subtree (held, not refused), by request day. */
                withdrawals: {
                    count: number;
                    /** @description Per asset; assets without any are left out. */
                    amounts: components["schemas"]["AssetAmount"][];
                };
                /** @description What YOU earned from that subtree (your fee share of its deposits credited), per asset. */
                revenue: components["schemas"]["AssetAmount"][];
            }[];
        };
        RevenueResponse: {
            /** @description ISO 8601, UTC. */
            from: string;
            /** @description ISO 8601, UTC. */
            to: string;
            /** @description What your revenue account was credited for deposits of the period. */
            totals: components["schemas"]["AssetAmount"][];
            /** @description Per direct sub-partner: the subtree the revenue came from. */
            bySubPartner: {
                code: string;
                name: string;
                amounts: components["schemas"]["AssetAmount"][];
            }[];
        };
        FeesResponse: {
            /** @enum {string} */
            type: "PLATFORM" | "DISTRIBUTOR" | "MERCHANT";
            /** @description Your level in the network: the platform 0, its direct sub-partners 1, … */
            depth: number;
            /** @description The sub-partner types you may register: none for a merchant, merchants only for a distributor at the deepest level (5). */
            canRegister: ("MERCHANT" | "DISTRIBUTOR")[];
            fees: {
                /** @description MERCHANT: what its deposits pay. */
                depositFeeRate?: string;
                /** @description DISTRIBUTOR: what it pays its parent on every deposit below it. */
                parentFeeRate?: string;
                /** @description DISTRIBUTOR: the highest rate its merchants may charge. */
                maxFeeCap?: string;
                /** @description The floor: a distributor its parent’s floor plus its parentFeeRate; a merchant its distributor’s floor; the platform its base. */
                minFeeRate: string;
            };
            /** @description What you earned this month (UTC), per asset. */
            revenueThisMonth: components["schemas"]["AssetAmount"][];
        };
    };
    responses: {
        /** @description The request is invalid; `error.fields` lists each problem. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Credential headers are missing or malformed. */
        Unauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Authentication or authorization failed; `error.code` says why. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Not found. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Conflicts with the current state. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request body is larger than 1 MiB (`PAYLOAD_TOO_LARGE`, answered by the API gateway before any handler runs). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Understood but not possible now, e.g. insufficient available balance. */
        Unprocessable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Rate limited; retry after `Retry-After` seconds. */
        RateLimited: {
            headers: {
                /** @description Seconds to wait before retrying. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Internal error. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Temporarily unavailable under contention; retry the same request. */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getPartner: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get the authenticated partner */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "partner": {
                     *         "id": "01JGZ3M8Q4W7E2R5T9Y6V1K0PA",
                     *         "code": "ACME-PAY",
                     *         "name": "Acme Payments",
                     *         "type": "MERCHANT",
                     *         "status": "ACTIVE",
                     *         "parentId": "01JGZ2XKD9F3B6N8P0R2T4V6X8",
                     *         "depth": 2,
                     *         "createdAt": "2026-01-05T09:30:00.000Z"
                     *       },
                     *       "apiKey": {
                     *         "id": "ak_01jgz4a7c9e1g3j5m7p9r1t3v5",
                     *         "name": "production backend",
                     *         "ipAllowlist": [
                     *           "203.0.113.10",
                     *           "198.51.100.0/24"
                     *         ],
                     *         "createdAt": "2026-01-05T09:30:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["PartnerResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listBalances: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List balances per asset */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "balances": [
                     *         {
                     *           "asset": "USDT@BSC",
                     *           "token": "USDT",
                     *           "network": "BSC",
                     *           "decimals": 18,
                     *           "available": "1250.5",
                     *           "held": "100",
                     *           "total": "1350.5"
                     *         },
                     *         {
                     *           "asset": "USDT@TRON",
                     *           "token": "USDT",
                     *           "network": "TRON",
                     *           "decimals": 6,
                     *           "available": "980.123456",
                     *           "held": "0",
                     *           "total": "980.123456"
                     *         }
                     *       ],
                     *       "totalUsd": "2330.623456",
                     *       "availableUsd": "2230.623456"
                     *     }
                     */
                    "application/json": components["schemas"]["BalancesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listBalanceFlows: {
        parameters: {
            query?: {
                /** @description Lines per page (1-100, default 20). */
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
                /** @description Only lines effective at or after this time. */
                from?: string;
                /** @description Only lines effective at or before this time. */
                to?: string;
                /** @description Only lines with this reason. */
                reason?: "DEPOSIT" | "DEPOSIT_FEE" | "REVENUE_SHARE" | "SWEEP" | "GAS" | "WITHDRAWAL" | "WITHDRAWAL_FEE" | "TRANSFER" | "ADJUSTMENT" | "REVERSAL";
            };
            header?: never;
            path: {
                /** @description Token and network, e.g. `USDT@BSC`. */
                asset: "USDT@BSC" | "USDC@BSC" | "USDT@POLYGON" | "USDC@POLYGON" | "USDT@TRON";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List the movements of one balance */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "asset": "USDT@BSC",
                     *       "flows": [
                     *         {
                     *           "entryId": "withdrawal:W2611200001:post",
                     *           "reason": "WITHDRAWAL",
                     *           "direction": "DEBIT",
                     *           "amount": "100",
                     *           "balanceAfter": "1250.5",
                     *           "effectiveAt": "2026-11-20T10:15:00.000Z",
                     *           "cause": {
                     *             "type": "withdrawal",
                     *             "id": "W2611200001"
                     *           }
                     *         },
                     *         {
                     *           "entryId": "deposit:BSC:0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d:3",
                     *           "reason": "DEPOSIT",
                     *           "direction": "CREDIT",
                     *           "amount": "988",
                     *           "balanceAfter": "1350.5",
                     *           "effectiveAt": "2026-11-20T09:02:11.000Z",
                     *           "cause": {
                     *             "type": "deposit",
                     *             "id": "0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d"
                     *           }
                     *         }
                     *       ],
                     *       "nextCursor": "eyJzayI6IjIwMjYtMTEtMjBUMDk6MDI6MTEuMDAwWiMifQ"
                     *     }
                     */
                    "application/json": components["schemas"]["BalanceFlowsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listGasRecords: {
        parameters: {
            query?: {
                /** @description A UTC calendar month, e.g. `2026-11` (the default is the current month). Not with from/to. */
                month?: string;
                /** @description First UTC day (YYYY-MM-DD), with `to`. */
                from?: string;
                /** @description Last UTC day (YYYY-MM-DD), inclusive; at most 366 days after `from`. */
                to?: string;
                /** @description Only this network. */
                network?: "BSC" | "POLYGON" | "TRON";
                /** @description Only this kind of action. */
                type?: "TOPUP" | "APPROVE" | "SWEEP" | "RETURN" | "WITHDRAWAL";
                /** @description Records per page (1-200, default 50). */
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List the gas paid on your behalf */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "from": "2026-11-01",
                     *       "to": "2026-11-30",
                     *       "records": [
                     *         {
                     *           "network": "BSC",
                     *           "type": "SWEEP",
                     *           "txHash": "0x8a3f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d",
                     *           "explorerUrl": "https://bscscan.com/tx/0x8a3f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d",
                     *           "reference": "D261114K3QZ8M2PA",
                     *           "deposits": [
                     *             "D261114K3QZ8M2PA",
                     *             "D261114W7XR0C5TN"
                     *           ],
                     *           "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *           "token": "USDT",
                     *           "gasUsed": "51234",
                     *           "gasPrice": "1000000000",
                     *           "nativeAmount": "0.000051234",
                     *           "nativeSymbol": "BNB",
                     *           "usdValue": "0.030741",
                     *           "usdPrice": "600",
                     *           "priceSource": "FEED",
                     *           "priceAt": "2026-11-20T09:04:30.000Z",
                     *           "priceStale": false,
                     *           "success": true,
                     *           "at": "2026-11-20T09:05:00.000Z"
                     *         }
                     *       ],
                     *       "totals": [
                     *         {
                     *           "network": "BSC",
                     *           "nativeSymbol": "BNB",
                     *           "count": 42,
                     *           "nativeAmount": "0.002151828",
                     *           "usdValue": "1.291096",
                     *           "withoutPrice": 0
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["GasRecordsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getFinanceContacts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get your finance contacts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "contacts": [
                     *         {
                     *           "name": "김재무",
                     *           "email": "finance@partner.example"
                     *         }
                     *       ],
                     *       "language": "ko",
                     *       "updatedAt": "2026-11-20T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["FinanceContactsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    putFinanceContacts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FinanceContactsRequest"];
            };
        };
        responses: {
            /** @description Set your finance contacts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "contacts": [
                     *         {
                     *           "name": "Ann Lee",
                     *           "email": "ann@partner.example"
                     *         }
                     *       ],
                     *       "language": "en",
                     *       "updatedAt": "2026-11-20T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["FinanceContactsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listExports: {
        parameters: {
            query?: {
                /** @description A UTC month `YYYY-MM`: its files. Without it: the months that have an export. */
                month?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List your monthly finance exports */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "month": "2026-11",
                     *       "files": [
                     *         {
                     *           "name": "settlement-statement.csv",
                     *           "size": 412,
                     *           "sha256": "9f2c1b0e7d4a3c5b6e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d",
                     *           "url": "https://documents.example.s3.amazonaws.com/exports/pt_01kaq7d4xw0m6n3r9t2v5y8z1b/2026-11/settlement-statement.csv?X-Amz-Expires=300",
                     *           "expiresAt": "2026-12-02T10:05:00.000Z"
                     *         }
                     *       ],
                     *       "reconciled": true
                     *     }
                     */
                    "application/json": components["schemas"]["ExportsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listInvoices: {
        parameters: {
            query?: {
                /** @description Only invoices (and credit notes) in this status. */
                status?: "DRAFT" | "ISSUED" | "PAID" | "VOID";
                /** @description Only invoices whose billed month is in this year, e.g. `2026`. */
                year?: string;
                /** @description Invoices per page (1-100, default 20). */
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List your gas invoices */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "number": "GAS-000042",
                     *           "kind": "INVOICE",
                     *           "creditFor": null,
                     *           "status": "ISSUED",
                     *           "month": "2026-11",
                     *           "periodFrom": "2026-11-01",
                     *           "periodTo": "2026-11-30",
                     *           "issuer": {
                     *             "code": "PLATFORM",
                     *             "name": "Gateway Operator"
                     *           },
                     *           "recipient": {
                     *             "code": "SHOP",
                     *             "name": "데모 상점"
                     *           },
                     *           "lines": [
                     *             {
                     *               "network": "BSC",
                     *               "nativeSymbol": "BNB",
                     *               "transactions": 42,
                     *               "nativeAmount": "0.002151828",
                     *               "usdTotal": "1.291096",
                     *               "withoutPrice": 0,
                     *               "stalePrice": 1
                     *             }
                     *           ],
                     *           "totalUsd": "1.291096",
                     *           "recordCount": 42,
                     *           "createdAt": "2026-12-01T01:00:02.000Z",
                     *           "issuedAt": "2026-12-01T01:00:03.000Z",
                     *           "paidAt": null,
                     *           "voidedAt": null,
                     *           "voidReason": null,
                     *           "creditReason": null,
                     *           "payment": null,
                     *           "documentsAvailable": true
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["InvoicesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The invoice number, e.g. `GAS-000042`; `GAS-000042.pdf` or `.csv` redirects to the document. */
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get one gas invoice (or its PDF / CSV) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "invoice": {
                     *         "number": "GAS-000042",
                     *         "kind": "INVOICE",
                     *         "creditFor": null,
                     *         "status": "ISSUED",
                     *         "month": "2026-11",
                     *         "periodFrom": "2026-11-01",
                     *         "periodTo": "2026-11-30",
                     *         "issuer": {
                     *           "code": "PLATFORM",
                     *           "name": "Gateway Operator"
                     *         },
                     *         "recipient": {
                     *           "code": "SHOP",
                     *           "name": "데모 상점"
                     *         },
                     *         "lines": [
                     *           {
                     *             "network": "BSC",
                     *             "nativeSymbol": "BNB",
                     *             "transactions": 42,
                     *             "nativeAmount": "0.002151828",
                     *             "usdTotal": "1.291096",
                     *             "withoutPrice": 0,
                     *             "stalePrice": 1
                     *           }
                     *         ],
                     *         "totalUsd": "1.291096",
                     *         "recordCount": 42,
                     *         "createdAt": "2026-12-01T01:00:02.000Z",
                     *         "issuedAt": "2026-12-01T01:00:03.000Z",
                     *         "paidAt": null,
                     *         "voidedAt": null,
                     *         "voidReason": null,
                     *         "creditReason": null,
                     *         "payment": null,
                     *         "documentsAvailable": true,
                     *         "creditNotes": [],
                     *         "creditedUsd": "0",
                     *         "dueUsd": "1.291096"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["InvoiceResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    payInvoice: {
        parameters: {
            query?: never;
            header: {
                /** @description Required. A key you choose per operation (a UUID), kept 30 days: a retry with the same key and body returns the first result (200, `Idempotent-Replayed: true`), another body is 409 IDEMPOTENCY_KEY_REUSED, and a retry while the first request still runs waits for it, or gets a retryable 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. */
                "Idempotency-Key": string;
            };
            path: {
                /** @description The invoice number. */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvoicePayRequest"];
            };
        };
        responses: {
            /** @description Pay a gas invoice from your balance */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "invoice": {
                     *         "number": "GAS-000042",
                     *         "kind": "INVOICE",
                     *         "creditFor": null,
                     *         "status": "PAID",
                     *         "month": "2026-11",
                     *         "periodFrom": "2026-11-01",
                     *         "periodTo": "2026-11-30",
                     *         "issuer": {
                     *           "code": "PLATFORM",
                     *           "name": "Gateway Operator"
                     *         },
                     *         "recipient": {
                     *           "code": "SHOP",
                     *           "name": "데모 상점"
                     *         },
                     *         "lines": [
                     *           {
                     *             "network": "BSC",
                     *             "nativeSymbol": "BNB",
                     *             "transactions": 42,
                     *             "nativeAmount": "0.002151828",
                     *             "usdTotal": "1.291096",
                     *             "withoutPrice": 0,
                     *             "stalePrice": 1
                     *           }
                     *         ],
                     *         "totalUsd": "1.291096",
                     *         "recordCount": 42,
                     *         "createdAt": "2026-12-01T01:00:02.000Z",
                     *         "issuedAt": "2026-12-01T01:00:03.000Z",
                     *         "paidAt": "2026-12-02T09:00:00.000Z",
                     *         "voidedAt": null,
                     *         "voidReason": null,
                     *         "creditReason": null,
                     *         "payment": {
                     *           "method": "BALANCE",
                     *           "asset": "USDT@TRON",
                     *           "amount": "1.291096",
                     *           "reference": null
                     *         },
                     *         "documentsAvailable": true,
                     *         "creditNotes": [],
                     *         "creditedUsd": "0",
                     *         "dueUsd": "0"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["InvoiceResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getDepositAddress: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DepositAddressRequest"];
            };
        };
        responses: {
            /** @description Get a user's deposit address: it already existed, or a retry with the same Idempotency-Key replays the first answer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "network": "BSC",
                     *       "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *       "userId": "user-42",
                     *       "createdAt": "2026-11-20T09:02:11.000Z",
                     *       "created": true
                     *     }
                     */
                    "application/json": components["schemas"]["DepositAddress"];
                };
            };
            /** @description Created by this call. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "network": "BSC",
                     *       "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *       "userId": "user-42",
                     *       "createdAt": "2026-11-20T09:02:11.000Z",
                     *       "created": true
                     *     }
                     */
                    "application/json": components["schemas"]["DepositAddress"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listReservations: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List reservations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reservations": [
                     *         {
                     *           "network": "BSC",
                     *           "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *           "userId": "vip-7",
                     *           "status": "ACTIVE",
                     *           "createdAt": "2026-11-20T09:02:11.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ReservationsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    createReservation: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional; without it every call creates a new resource. A key you choose per operation (a UUID), kept 30 days: a retry with the same key and body returns the first result (200, `Idempotent-Replayed: true`), another body is 409 IDEMPOTENCY_KEY_REUSED, and a retry while the first request still runs waits for it, or gets a retryable 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReservationRequest"];
            };
        };
        responses: {
            /** @description Reserve a fixed deposit address for a user: it already existed, or a retry with the same Idempotency-Key replays the first answer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "network": "BSC",
                     *       "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *       "userId": "vip-7",
                     *       "status": "ACTIVE",
                     *       "createdAt": "2026-11-20T09:02:11.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Reservation"];
                };
            };
            /** @description Created by this call. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "network": "BSC",
                     *       "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *       "userId": "vip-7",
                     *       "status": "ACTIVE",
                     *       "createdAt": "2026-11-20T09:02:11.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Reservation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    releaseReservation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                network: "BSC" | "POLYGON" | "TRON";
                /** @description The address, as listed. */
                address: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Release a reservation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "network": "BSC",
                     *       "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *       "userId": "vip-7",
                     *       "status": "RELEASED",
                     *       "createdAt": "2026-11-20T09:02:11.000Z",
                     *       "releasedAt": "2026-11-20T09:02:11.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Reservation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listExternalWallets: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List registered sending wallets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "externalWallets": [
                     *         {
                     *           "network": "BSC",
                     *           "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *           "userId": "user-42",
                     *           "label": null,
                     *           "createdAt": "2026-11-20T09:02:11.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ExternalWalletsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    registerExternalWallet: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional; without it every call creates a new resource. A key you choose per operation (a UUID), kept 30 days: a retry with the same key and body returns the first result (200, `Idempotent-Replayed: true`), another body is 409 IDEMPOTENCY_KEY_REUSED, and a retry while the first request still runs waits for it, or gets a retryable 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExternalWalletRequest"];
            };
        };
        responses: {
            /** @description Register a user's sending wallet: it already existed, or a retry with the same Idempotency-Key replays the first answer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "network": "BSC",
                     *       "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *       "userId": "user-42",
                     *       "label": "ledger",
                     *       "createdAt": "2026-11-20T09:02:11.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ExternalWallet"];
                };
            };
            /** @description Created by this call. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "network": "BSC",
                     *       "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *       "userId": "user-42",
                     *       "label": "ledger",
                     *       "createdAt": "2026-11-20T09:02:11.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ExternalWallet"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    removeExternalWallet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                network: "BSC" | "POLYGON" | "TRON";
                /** @description The address, as listed. */
                address: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    createDepositRequest: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional; without it every call creates a new resource. A key you choose per operation (a UUID), kept 30 days: a retry with the same key and body returns the first result (200, `Idempotent-Replayed: true`), another body is 409 IDEMPOTENCY_KEY_REUSED, and a retry while the first request still runs waits for it, or gets a retryable 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DepositRequestBody"];
            };
        };
        responses: {
            /** @description Request an amount-matched deposit to the POOL address: it already existed, or a retry with the same Idempotency-Key replays the first answer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "requestId": "pr_01jgz4a7c9e1g3j5m7p9r1t3v5",
                     *       "userId": "user-42",
                     *       "network": "POLYGON",
                     *       "token": "USDT",
                     *       "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *       "amount": "100.004821",
                     *       "expiresAt": "2026-11-20T09:02:11.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["DepositRequest"];
                };
            };
            /** @description Created by this call. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "requestId": "pr_01jgz4a7c9e1g3j5m7p9r1t3v5",
                     *       "userId": "user-42",
                     *       "network": "POLYGON",
                     *       "token": "USDT",
                     *       "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *       "amount": "100.004821",
                     *       "expiresAt": "2026-11-20T09:02:11.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["DepositRequest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listWallets: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
                network?: "BSC" | "POLYGON" | "TRON";
                kind?: "HOT" | "MASTER" | "POOL";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List wallets with on-chain balances */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "wallets": [
                     *         {
                     *           "network": "BSC",
                     *           "kind": "HOT",
                     *           "purpose": "USER",
                     *           "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *           "userId": "user-42",
                     *           "status": "ACTIVE",
                     *           "createdAt": "2026-11-20T09:02:11.000Z",
                     *           "balances": [
                     *             {
                     *               "token": "USDT",
                     *               "amount": "0"
                     *             },
                     *             {
                     *               "token": "USDC",
                     *               "amount": "25.5"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["WalletsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listDeposits: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
                /** @description Detected at or after this instant. */
                from?: string;
                /** @description Detected at or before this instant. */
                to?: string;
                status?: "DETECTED" | "CONFIRMING" | "CONFIRMED" | "COLLECTING" | "COLLECTED" | "SETTLED" | "FAILED";
                /** @description Your id for the user: 1-128 of A-Z a-z 0-9 _ . @ : - */
                userId?: string;
                code?: string;
                txHash?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List deposits */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "deposits": [
                     *         {
                     *           "code": "D2611204K7QX2MZ",
                     *           "status": "CONFIRMED",
                     *           "network": "POLYGON",
                     *           "token": "USDT",
                     *           "asset": "USDT@POLYGON",
                     *           "amount": "1000",
                     *           "fee": "12",
                     *           "netAmount": "988",
                     *           "userId": "user-42",
                     *           "method": "HOT_ADDRESS",
                     *           "walletType": "HOT",
                     *           "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *           "fromAddress": "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2",
                     *           "txHash": "0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d",
                     *           "logIndex": 3,
                     *           "blockNumber": 64210117,
                     *           "confirmations": 40,
                     *           "requiredConfirmations": 32,
                     *           "detectedAt": "2026-11-20T09:02:11.000Z",
                     *           "confirmedAt": "2026-11-20T09:03:20.000Z",
                     *           "explorerUrl": "https://polygonscan.com/tx/0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["DepositsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getDeposit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The deposit code, e.g. `D2611204K7QX2MZ`. */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get a deposit */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "D2611204K7QX2MZ",
                     *       "status": "CONFIRMED",
                     *       "network": "POLYGON",
                     *       "token": "USDT",
                     *       "asset": "USDT@POLYGON",
                     *       "amount": "1000",
                     *       "fee": "12",
                     *       "netAmount": "988",
                     *       "userId": "user-42",
                     *       "method": "HOT_ADDRESS",
                     *       "walletType": "HOT",
                     *       "address": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *       "fromAddress": "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2",
                     *       "txHash": "0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d",
                     *       "logIndex": 3,
                     *       "blockNumber": 64210117,
                     *       "confirmations": 40,
                     *       "requiredConfirmations": 32,
                     *       "detectedAt": "2026-11-20T09:02:11.000Z",
                     *       "confirmedAt": "2026-11-20T09:03:20.000Z",
                     *       "explorerUrl": "https://polygonscan.com/tx/0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d"
                     *     }
                     */
                    "application/json": components["schemas"]["Deposit"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    rescanDeposit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescanRequest"];
            };
        };
        responses: {
            /** @description Re-examine one transaction */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "network": "POLYGON",
                     *       "txHash": "0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d",
                     *       "results": [
                     *         {
                     *           "code": "D2611204K7QX2MZ",
                     *           "outcome": "ALREADY_CREDITED",
                     *           "status": "CONFIRMED"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RescanResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listSubPartnerActivity: {
        parameters: {
            query?: {
                /** @description UTC: today since 00:00, week since Monday 00:00, month since the 1st 00:00. */
                period?: "today" | "week" | "month";
                /** @description Amounts of several assets compare by their USD sum (stablecoins 1:1). */
                sort?: "depositAmount" | "depositCount" | "withdrawalAmount" | "revenue";
                order?: "desc" | "asc";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Activity of your direct sub-partners */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "period": "month",
                     *       "from": "2026-12-01T00:00:00.000Z",
                     *       "to": "2026-12-07T23:40:00.000Z",
                     *       "items": [
                     *         {
                     *           "code": "SHOP_B",
                     *           "name": "Shop B",
                     *           "type": "MERCHANT",
                     *           "status": "ACTIVE",
                     *           "deposits": {
                     *             "count": 3,
                     *             "amounts": [
                     *               {
                     *                 "asset": "USDT@POLYGON",
                     *                 "amount": "1500"
                     *               }
                     *             ]
                     *           },
                     *           "withdrawals": {
                     *             "count": 1,
                     *             "amounts": [
                     *               {
                     *                 "asset": "USDT@POLYGON",
                     *                 "amount": "200"
                     *               }
                     *             ]
                     *           },
                     *           "revenue": [
                     *             {
                     *               "asset": "USDT@POLYGON",
                     *               "amount": "6"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["SubPartnerActivityResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getSubPartnerSummary: {
        parameters: {
            query?: {
                /** @description UTC: today since 00:00, week since Monday 00:00, month since the 1st 00:00. */
                period?: "today" | "week" | "month";
            };
            header?: never;
            path: {
                /** @description The sub-partner code (anywhere in your subtree). */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Transaction summary of one sub-partner */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "summary": {
                     *         "period": "month",
                     *         "from": "2026-12-01T00:00:00.000Z",
                     *         "to": "2026-12-07T23:40:00.000Z",
                     *         "deposits": {
                     *           "count": 3,
                     *           "amounts": [
                     *             {
                     *               "asset": "USDT@POLYGON",
                     *               "amount": "1500"
                     *             }
                     *           ]
                     *         },
                     *         "withdrawals": {
                     *           "count": 1,
                     *           "amounts": [
                     *             {
                     *               "asset": "USDT@POLYGON",
                     *               "amount": "200"
                     *             }
                     *           ]
                     *         },
                     *         "revenue": [
                     *           {
                     *             "asset": "USDT@POLYGON",
                     *             "amount": "6"
                     *           }
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["SubPartnerSummaryResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listSubPartnerDeposits: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
                /** @description Detected at or after this instant. */
                from?: string;
                /** @description Detected at or before this instant. */
                to?: string;
                status?: "DETECTED" | "CONFIRMING" | "CONFIRMED" | "COLLECTING" | "COLLECTED" | "SETTLED" | "FAILED";
                /** @description Your id for the user: 1-128 of A-Z a-z 0-9 _ . @ : - */
                userId?: string;
                code?: string;
                txHash?: string;
            };
            header?: never;
            path: {
                /** @description The sub-partner code (anywhere in your subtree). */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A sub-partner's deposits (read-only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "deposits": []
                     *     }
                     */
                    "application/json": components["schemas"]["DepositsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listSubPartnerWithdrawals: {
        parameters: {
            query?: {
                /** @description Requested on or after this day or instant. */
                from?: string;
                /** @description Requested on or before this day (inclusive) or instant. */
                to?: string;
                status?: "REQUESTED" | "PENDING_APPROVAL" | "APPROVED" | "PROCESSING" | "BROADCASTING" | "CONFIRMED" | "REJECTED" | "FAILED" | "CANCELLED";
                type?: "USER" | "API" | "MANUAL";
                code?: string;
                txHash?: string;
                userId?: string;
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description The sub-partner code (anywhere in your subtree). */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A sub-partner's withdrawals (read-only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "withdrawals": []
                     *     }
                     */
                    "application/json": components["schemas"]["WithdrawalsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listSubPartnerFlows: {
        parameters: {
            query: {
                /** @description Token and network, e.g. `USDT@BSC`. */
                asset: "USDT@BSC" | "USDC@BSC" | "USDT@POLYGON" | "USDC@POLYGON" | "USDT@TRON";
                /** @description Lines per page (1-100, default 20). */
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
                /** @description Only lines effective at or after this time. */
                from?: string;
                /** @description Only lines effective at or before this time. */
                to?: string;
                /** @description Only lines with this reason. */
                reason?: "DEPOSIT" | "DEPOSIT_FEE" | "REVENUE_SHARE" | "SWEEP" | "GAS" | "WITHDRAWAL" | "WITHDRAWAL_FEE" | "TRANSFER" | "ADJUSTMENT" | "REVERSAL";
            };
            header?: never;
            path: {
                /** @description The sub-partner code (anywhere in your subtree). */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A sub-partner's balance movements (read-only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "asset": "USDT@POLYGON",
                     *       "flows": []
                     *     }
                     */
                    "application/json": components["schemas"]["BalanceFlowsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getRevenue: {
        parameters: {
            query?: {
                /** @description UTC: today since 00:00, week since Monday 00:00, month since the 1st 00:00. */
                period?: "today" | "week" | "month";
                /** @description First UTC day (YYYY-MM-DD), with `to`. */
                from?: string;
                /** @description Last UTC day (YYYY-MM-DD, included), with `from`; at most 366 days. */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your revenue, per asset and per direct sub-partner */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "from": "2026-12-01T00:00:00.000Z",
                     *       "to": "2026-12-07T23:40:00.000Z",
                     *       "totals": [
                     *         {
                     *           "asset": "USDT@POLYGON",
                     *           "amount": "6"
                     *         }
                     *       ],
                     *       "bySubPartner": [
                     *         {
                     *           "code": "SHOP_B",
                     *           "name": "Shop B",
                     *           "amounts": [
                     *             {
                     *               "asset": "USDT@POLYGON",
                     *               "amount": "6"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RevenueResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getFees: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your fee rates and this month’s revenue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "DISTRIBUTOR",
                     *       "depth": 1,
                     *       "canRegister": [
                     *         "MERCHANT",
                     *         "DISTRIBUTOR"
                     *       ],
                     *       "fees": {
                     *         "parentFeeRate": "0.3",
                     *         "maxFeeCap": "3",
                     *         "minFeeRate": "0.8"
                     *       },
                     *       "revenueThisMonth": [
                     *         {
                     *           "asset": "USDT@POLYGON",
                     *           "amount": "4"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["FeesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listWithdrawals: {
        parameters: {
            query?: {
                /** @description Requested on or after this day or instant. */
                from?: string;
                /** @description Requested on or before this day (inclusive) or instant. */
                to?: string;
                status?: "REQUESTED" | "PENDING_APPROVAL" | "APPROVED" | "PROCESSING" | "BROADCASTING" | "CONFIRMED" | "REJECTED" | "FAILED" | "CANCELLED";
                type?: "USER" | "API" | "MANUAL";
                code?: string;
                txHash?: string;
                userId?: string;
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List withdrawals */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "withdrawals": [
                     *         {
                     *           "code": "W261120Q4M7ZK2P",
                     *           "type": "USER",
                     *           "network": "BSC",
                     *           "token": "USDT",
                     *           "asset": "USDT@BSC",
                     *           "amount": "250",
                     *           "fee": "1",
                     *           "total": "251",
                     *           "address": "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2",
                     *           "userId": "user-42",
                     *           "reference": "payout-7781",
                     *           "status": "CONFIRMED",
                     *           "requiresApproval": false,
                     *           "txHash": "0x9a3c5d2e8f1b4a70c0a8012e7b1d4f6e9a3c5d2e8f1b4a70c0a8012e7b1d4f6e",
                     *           "from": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *           "nonce": 41,
                     *           "attempts": 1,
                     *           "blockNumber": 44102331,
                     *           "requestedBy": {
                     *             "kind": "apiKey",
                     *             "id": "ak_01jgz3m8q4w7e2r5t9y6v1k0pa"
                     *           },
                     *           "createdAt": "2026-11-20T09:02:11.000Z",
                     *           "updatedAt": "2026-11-20T09:02:40.000Z",
                     *           "confirmedAt": "2026-11-20T09:02:40.000Z",
                     *           "history": [
                     *             {
                     *               "status": "REQUESTED",
                     *               "at": "2026-11-20T09:02:11.000Z",
                     *               "by": "apiKey:ak_01jgz3m8q4w7e2r5t9y6v1k0pa"
                     *             },
                     *             {
                     *               "status": "APPROVED",
                     *               "at": "2026-11-20T09:02:11.400Z",
                     *               "by": "system"
                     *             },
                     *             {
                     *               "status": "PROCESSING",
                     *               "at": "2026-11-20T09:02:11.600Z",
                     *               "by": "system"
                     *             },
                     *             {
                     *               "status": "BROADCASTING",
                     *               "at": "2026-11-20T09:02:12.100Z",
                     *               "by": "system"
                     *             },
                     *             {
                     *               "status": "CONFIRMED",
                     *               "at": "2026-11-20T09:02:40.000Z",
                     *               "by": "system"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["WithdrawalsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    requestWithdrawal: {
        parameters: {
            query?: never;
            header: {
                /** @description Required. A key you choose per operation (a UUID), kept 30 days: a retry with the same key and body returns the first result (200, `Idempotent-Replayed: true`), another body is 409 IDEMPOTENCY_KEY_REUSED, and a retry while the first request still runs waits for it, or gets a retryable 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WithdrawalRequest"];
            };
        };
        responses: {
            /** @description Request a withdrawal: it already existed, or a retry with the same Idempotency-Key replays the first answer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "withdrawal": {
                     *         "code": "W261120Q4M7ZK2P",
                     *         "type": "USER",
                     *         "network": "BSC",
                     *         "token": "USDT",
                     *         "asset": "USDT@BSC",
                     *         "amount": "250",
                     *         "fee": "1",
                     *         "total": "251",
                     *         "address": "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2",
                     *         "userId": "user-42",
                     *         "reference": "payout-7781",
                     *         "status": "REQUESTED",
                     *         "requiresApproval": false,
                     *         "txHash": "0x9a3c5d2e8f1b4a70c0a8012e7b1d4f6e9a3c5d2e8f1b4a70c0a8012e7b1d4f6e",
                     *         "from": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *         "nonce": 41,
                     *         "attempts": 1,
                     *         "blockNumber": 44102331,
                     *         "requestedBy": {
                     *           "kind": "apiKey",
                     *           "id": "ak_01jgz3m8q4w7e2r5t9y6v1k0pa"
                     *         },
                     *         "createdAt": "2026-11-20T09:02:11.000Z",
                     *         "updatedAt": "2026-11-20T09:02:40.000Z",
                     *         "confirmedAt": "2026-11-20T09:02:40.000Z",
                     *         "history": [
                     *           {
                     *             "status": "REQUESTED",
                     *             "at": "2026-11-20T09:02:11.000Z",
                     *             "by": "apiKey:ak_01jgz3m8q4w7e2r5t9y6v1k0pa"
                     *           }
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WithdrawalResponse"];
                };
            };
            /** @description Created by this call. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "withdrawal": {
                     *         "code": "W261120Q4M7ZK2P",
                     *         "type": "USER",
                     *         "network": "BSC",
                     *         "token": "USDT",
                     *         "asset": "USDT@BSC",
                     *         "amount": "250",
                     *         "fee": "1",
                     *         "total": "251",
                     *         "address": "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2",
                     *         "userId": "user-42",
                     *         "reference": "payout-7781",
                     *         "status": "REQUESTED",
                     *         "requiresApproval": false,
                     *         "txHash": "0x9a3c5d2e8f1b4a70c0a8012e7b1d4f6e9a3c5d2e8f1b4a70c0a8012e7b1d4f6e",
                     *         "from": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *         "nonce": 41,
                     *         "attempts": 1,
                     *         "blockNumber": 44102331,
                     *         "requestedBy": {
                     *           "kind": "apiKey",
                     *           "id": "ak_01jgz3m8q4w7e2r5t9y6v1k0pa"
                     *         },
                     *         "createdAt": "2026-11-20T09:02:11.000Z",
                     *         "updatedAt": "2026-11-20T09:02:40.000Z",
                     *         "confirmedAt": "2026-11-20T09:02:40.000Z",
                     *         "history": [
                     *           {
                     *             "status": "REQUESTED",
                     *             "at": "2026-11-20T09:02:11.000Z",
                     *             "by": "apiKey:ak_01jgz3m8q4w7e2r5t9y6v1k0pa"
                     *           }
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WithdrawalResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    getWithdrawal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The withdrawal code, e.g. `W261120Q4M7ZK2P`. */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get a withdrawal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "withdrawal": {
                     *         "code": "W261120Q4M7ZK2P",
                     *         "type": "USER",
                     *         "network": "BSC",
                     *         "token": "USDT",
                     *         "asset": "USDT@BSC",
                     *         "amount": "250",
                     *         "fee": "1",
                     *         "total": "251",
                     *         "address": "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2",
                     *         "userId": "user-42",
                     *         "reference": "payout-7781",
                     *         "status": "CONFIRMED",
                     *         "requiresApproval": false,
                     *         "txHash": "0x9a3c5d2e8f1b4a70c0a8012e7b1d4f6e9a3c5d2e8f1b4a70c0a8012e7b1d4f6e",
                     *         "from": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *         "nonce": 41,
                     *         "attempts": 1,
                     *         "blockNumber": 44102331,
                     *         "requestedBy": {
                     *           "kind": "apiKey",
                     *           "id": "ak_01jgz3m8q4w7e2r5t9y6v1k0pa"
                     *         },
                     *         "createdAt": "2026-11-20T09:02:11.000Z",
                     *         "updatedAt": "2026-11-20T09:02:40.000Z",
                     *         "confirmedAt": "2026-11-20T09:02:40.000Z",
                     *         "history": [
                     *           {
                     *             "status": "REQUESTED",
                     *             "at": "2026-11-20T09:02:11.000Z",
                     *             "by": "apiKey:ak_01jgz3m8q4w7e2r5t9y6v1k0pa"
                     *           },
                     *           {
                     *             "status": "APPROVED",
                     *             "at": "2026-11-20T09:02:11.400Z",
                     *             "by": "system"
                     *           },
                     *           {
                     *             "status": "PROCESSING",
                     *             "at": "2026-11-20T09:02:11.600Z",
                     *             "by": "system"
                     *           },
                     *           {
                     *             "status": "BROADCASTING",
                     *             "at": "2026-11-20T09:02:12.100Z",
                     *             "by": "system"
                     *           },
                     *           {
                     *             "status": "CONFIRMED",
                     *             "at": "2026-11-20T09:02:40.000Z",
                     *             "by": "system"
                     *           }
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WithdrawalResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    cancelWithdrawal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The withdrawal code, e.g. `W261120Q4M7ZK2P`. */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancel a withdrawal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "withdrawal": {
                     *         "code": "W261120Q4M7ZK2P",
                     *         "type": "USER",
                     *         "network": "BSC",
                     *         "token": "USDT",
                     *         "asset": "USDT@BSC",
                     *         "amount": "250",
                     *         "fee": "1",
                     *         "total": "251",
                     *         "address": "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2",
                     *         "userId": "user-42",
                     *         "reference": "payout-7781",
                     *         "status": "CANCELLED",
                     *         "requiresApproval": false,
                     *         "from": "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4",
                     *         "nonce": 41,
                     *         "attempts": 1,
                     *         "blockNumber": 44102331,
                     *         "requestedBy": {
                     *           "kind": "apiKey",
                     *           "id": "ak_01jgz3m8q4w7e2r5t9y6v1k0pa"
                     *         },
                     *         "createdAt": "2026-11-20T09:02:11.000Z",
                     *         "updatedAt": "2026-11-20T09:02:40.000Z",
                     *         "confirmedAt": "2026-11-20T09:02:40.000Z",
                     *         "history": [
                     *           {
                     *             "status": "REQUESTED",
                     *             "at": "2026-11-20T09:02:11.000Z",
                     *             "by": "apiKey:ak_01jgz3m8q4w7e2r5t9y6v1k0pa"
                     *           },
                     *           {
                     *             "status": "APPROVED",
                     *             "at": "2026-11-20T09:02:11.400Z",
                     *             "by": "system"
                     *           },
                     *           {
                     *             "status": "PROCESSING",
                     *             "at": "2026-11-20T09:02:11.600Z",
                     *             "by": "system"
                     *           },
                     *           {
                     *             "status": "BROADCASTING",
                     *             "at": "2026-11-20T09:02:12.100Z",
                     *             "by": "system"
                     *           },
                     *           {
                     *             "status": "CONFIRMED",
                     *             "at": "2026-11-20T09:02:40.000Z",
                     *             "by": "system"
                     *           }
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WithdrawalResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    listWhitelist: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List whitelisted withdrawal addresses */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "entries": [
                     *         {
                     *           "partnerId": "pt_01jgz3m8q4w7e2r5t9y6v1k0pa",
                     *           "entryId": "wl_01jh0c9x8v7b6n5m4k3j2h1g0f",
                     *           "network": "BSC",
                     *           "address": "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2",
                     *           "label": "Treasury cold wallet",
                     *           "createdAt": "2026-11-20T09:02:11.000Z",
                     *           "usableAt": "2026-11-21T09:02:11.000Z",
                     *           "createdBy": "user:usr_01jgz"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["WhitelistResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getWebhookSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get the webhook settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "url": "https://partner.example.com/gateway/webhooks",
                     *       "largeDepositThresholdUsd": "10000",
                     *       "eventTypes": [
                     *         "DEPOSIT_DETECTED",
                     *         "DEPOSIT_CONFIRMED",
                     *         "LARGE_DEPOSIT",
                     *         "WEBHOOK_TEST"
                     *       ],
                     *       "secretCreatedAt": "2026-01-05T09:30:00.000Z",
                     *       "previousSecretExpiresAt": null,
                     *       "createdAt": "2026-01-05T09:30:00.000Z",
                     *       "updatedAt": "2026-01-05T09:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookSettingsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    putWebhookSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookSettingsRequest"];
            };
        };
        responses: {
            /** @description Set the webhook URL and LARGE_DEPOSIT threshold */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "url": "https://partner.example.com/gateway/webhooks",
                     *       "largeDepositThresholdUsd": "10000",
                     *       "eventTypes": [
                     *         "DEPOSIT_DETECTED",
                     *         "DEPOSIT_CONFIRMED",
                     *         "LARGE_DEPOSIT",
                     *         "WEBHOOK_TEST"
                     *       ],
                     *       "secretCreatedAt": "2026-01-05T09:30:00.000Z",
                     *       "previousSecretExpiresAt": null,
                     *       "createdAt": "2026-01-05T09:30:00.000Z",
                     *       "updatedAt": "2026-01-05T09:30:00.000Z",
                     *       "secret": "whsec_bm90LWEtcmVhbC1zZWNyZXQtLWFuLWV4YW1wbGUtMDE="
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookSettingsUpdateResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rotate the webhook signing secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "secret": "whsec_bm90LWEtcmVhbC1zZWNyZXQtLWFuLWV4YW1wbGUtMDI=",
                     *       "secretCreatedAt": "2026-11-20T12:00:00.000Z",
                     *       "previousSecretExpiresAt": "2026-11-21T12:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookSecretResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listSubPartners: {
        parameters: {
            query?: {
                status?: "ACTIVE" | "SUSPENDED";
                type?: "MERCHANT" | "DISTRIBUTOR";
                /** @description Part of the code (any case) or of the name. */
                q?: string;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List your direct sub-partners */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "code": "SHOP_B",
                     *           "name": "Shop B",
                     *           "type": "MERCHANT",
                     *           "status": "ACTIVE",
                     *           "accessSuspended": false,
                     *           "depth": 2,
                     *           "parentCode": "DIST_A",
                     *           "fees": {
                     *             "depositFeeRate": "1.2",
                     *             "minFeeRate": "0.8"
                     *           },
                     *           "chains": [
                     *             {
                     *               "network": "BSC",
                     *               "tokens": [
                     *                 "USDT"
                     *               ]
                     *             }
                     *           ],
                     *           "childCount": 0,
                     *           "createdAt": "2026-11-20T09:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["SubPartnersResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    registerSubPartner: {
        parameters: {
            query?: never;
            header: {
                /** @description Required. A key you choose per operation (a UUID), kept 30 days: a retry with the same key and body returns the first result (200, `Idempotent-Replayed: true`), another body is 409 IDEMPOTENCY_KEY_REUSED, and a retry while the first request still runs waits for it, or gets a retryable 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterSubPartnerRequest"];
            };
        };
        responses: {
            /** @description Register a merchant or distributor: it already existed, or a retry with the same Idempotency-Key replays the first answer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "subPartner": {
                     *         "code": "SHOP_B",
                     *         "name": "Shop B",
                     *         "type": "MERCHANT",
                     *         "status": "ACTIVE",
                     *         "accessSuspended": false,
                     *         "depth": 2,
                     *         "parentCode": "DIST_A",
                     *         "fees": {
                     *           "depositFeeRate": "1.2",
                     *           "minFeeRate": "0.8"
                     *         },
                     *         "chains": [
                     *           {
                     *             "network": "BSC",
                     *             "tokens": [
                     *               "USDT"
                     *             ]
                     *           }
                     *         ],
                     *         "childCount": 0,
                     *         "createdAt": "2026-11-20T09:00:00.000Z"
                     *       },
                     *       "owner": {
                     *         "email": "owner@shop-b.example"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["RegisterSubPartnerResponse"];
                };
            };
            /** @description Created by this call. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "subPartner": {
                     *         "code": "SHOP_B",
                     *         "name": "Shop B",
                     *         "type": "MERCHANT",
                     *         "status": "ACTIVE",
                     *         "accessSuspended": false,
                     *         "depth": 2,
                     *         "parentCode": "DIST_A",
                     *         "fees": {
                     *           "depositFeeRate": "1.2",
                     *           "minFeeRate": "0.8"
                     *         },
                     *         "chains": [
                     *           {
                     *             "network": "BSC",
                     *             "tokens": [
                     *               "USDT"
                     *             ]
                     *           }
                     *         ],
                     *         "childCount": 0,
                     *         "createdAt": "2026-11-20T09:00:00.000Z"
                     *       },
                     *       "owner": {
                     *         "email": "owner@shop-b.example"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["RegisterSubPartnerResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getSubPartnerTree: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your whole subtree */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "tree": {
                     *         "code": "DIST_A",
                     *         "name": "Distributor A",
                     *         "type": "DISTRIBUTOR",
                     *         "status": "ACTIVE",
                     *         "accessSuspended": false,
                     *         "childCount": 1,
                     *         "descendantCount": 1,
                     *         "children": [
                     *           {
                     *             "code": "SHOP_B",
                     *             "name": "Shop B",
                     *             "type": "MERCHANT",
                     *             "status": "ACTIVE",
                     *             "accessSuspended": false,
                     *             "childCount": 0,
                     *             "descendantCount": 0,
                     *             "children": []
                     *           }
                     *         ]
                     *       },
                     *       "truncated": false
                     *     }
                     */
                    "application/json": components["schemas"]["SubPartnerTreeResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getSubPartner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sub-partner code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get a sub-partner */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "subPartner": {
                     *         "code": "SHOP_B",
                     *         "name": "Shop B",
                     *         "type": "MERCHANT",
                     *         "status": "ACTIVE",
                     *         "accessSuspended": false,
                     *         "depth": 2,
                     *         "parentCode": "DIST_A",
                     *         "fees": {
                     *           "depositFeeRate": "1.2",
                     *           "minFeeRate": "0.8"
                     *         },
                     *         "chains": [
                     *           {
                     *             "network": "BSC",
                     *             "tokens": [
                     *               "USDT"
                     *             ]
                     *           }
                     *         ],
                     *         "childCount": 0,
                     *         "createdAt": "2026-11-20T09:00:00.000Z"
                     *       },
                     *       "ancestors": [
                     *         {
                     *           "code": "DIST_A",
                     *           "name": "Distributor A"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["SubPartnerDetailResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteSubPartner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sub-partner code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delete a sub-partner */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "deleted": "SHOP_B"
                     *     }
                     */
                    "application/json": components["schemas"]["SubPartnerDeletedResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    updateSubPartner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sub-partner code */
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSubPartnerRequest"];
            };
        };
        responses: {
            /** @description Rename a sub-partner or change its rates */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "subPartner": {
                     *         "code": "SHOP_B",
                     *         "name": "Shop B",
                     *         "type": "MERCHANT",
                     *         "status": "ACTIVE",
                     *         "accessSuspended": false,
                     *         "depth": 2,
                     *         "parentCode": "DIST_A",
                     *         "fees": {
                     *           "depositFeeRate": "1.2",
                     *           "minFeeRate": "0.8"
                     *         },
                     *         "chains": [
                     *           {
                     *             "network": "BSC",
                     *             "tokens": [
                     *               "USDT"
                     *             ]
                     *           }
                     *         ],
                     *         "childCount": 0,
                     *         "createdAt": "2026-11-20T09:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["SubPartnerResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    suspendSubPartner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sub-partner code */
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SuspendSubPartnerRequest"];
            };
        };
        responses: {
            /** @description Suspend a sub-partner */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "subPartner": {
                     *         "code": "SHOP_B",
                     *         "name": "Shop B",
                     *         "type": "MERCHANT",
                     *         "status": "SUSPENDED",
                     *         "accessSuspended": true,
                     *         "depth": 2,
                     *         "parentCode": "DIST_A",
                     *         "fees": {
                     *           "depositFeeRate": "1.2",
                     *           "minFeeRate": "0.8"
                     *         },
                     *         "chains": [
                     *           {
                     *             "network": "BSC",
                     *             "tokens": [
                     *               "USDT"
                     *             ]
                     *           }
                     *         ],
                     *         "childCount": 0,
                     *         "createdAt": "2026-11-20T09:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["SubPartnerResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    reinstateSubPartner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sub-partner code */
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReinstateSubPartnerRequest"];
            };
        };
        responses: {
            /** @description Reinstate a suspended sub-partner */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "subPartner": {
                     *         "code": "SHOP_B",
                     *         "name": "Shop B",
                     *         "type": "MERCHANT",
                     *         "status": "ACTIVE",
                     *         "accessSuspended": false,
                     *         "depth": 2,
                     *         "parentCode": "DIST_A",
                     *         "fees": {
                     *           "depositFeeRate": "1.2",
                     *           "minFeeRate": "0.8"
                     *         },
                     *         "chains": [
                     *           {
                     *             "network": "BSC",
                     *             "tokens": [
                     *               "USDT"
                     *             ]
                     *           }
                     *         ],
                     *         "childCount": 0,
                     *         "createdAt": "2026-11-20T09:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["SubPartnerResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    resetSubPartnerOwnerPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sub-partner code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reset the sub-partner owner's password */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "temporaryPassword": "q3Zk8pX1vN0aT5yR7cW2e-7a",
                     *       "email": "owner@shop-b.example"
                     *     }
                     */
                    "application/json": components["schemas"]["OwnerPasswordResetResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    sendTestWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Send a test event now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "eventId": "WEBHOOK_TEST:01kaq7d4xw0m6n3r9t2v5y8z1b",
                     *       "type": "WEBHOOK_TEST",
                     *       "status": "PENDING",
                     *       "occurredAt": "2026-11-20T12:00:00.000Z",
                     *       "createdAt": "2026-11-20T12:00:00.000Z",
                     *       "updatedAt": "2026-11-20T12:00:00.000Z",
                     *       "nextAttemptAt": "2026-11-20T12:00:00.000Z",
                     *       "round": 0,
                     *       "attemptCount": 0,
                     *       "attempts": [],
                     *       "event": {
                     *         "id": "WEBHOOK_TEST:01kaq7d4xw0m6n3r9t2v5y8z1b",
                     *         "type": "WEBHOOK_TEST",
                     *         "occurredAt": "2026-11-20T12:00:00.000Z",
                     *         "data": {
                     *           "message": "Test event from the stablecoin gateway. Verify the signature and answer 2xx.",
                     *           "requestedBy": "ak_01jgz4a7c9e1g3j5m7p9r1t3v5"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookDeliveryResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Deliveries per page (1-100, default 20). */
                limit?: number;
                /** @description `nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`). */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List webhook deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "deliveries": [
                     *         {
                     *           "eventId": "DEPOSIT_CONFIRMED:BSC:0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d:3",
                     *           "type": "DEPOSIT_CONFIRMED",
                     *           "status": "DELIVERED",
                     *           "occurredAt": "2026-11-20T09:02:11.000Z",
                     *           "createdAt": "2026-11-20T09:02:11.250Z",
                     *           "updatedAt": "2026-11-20T09:03:12.101Z",
                     *           "nextAttemptAt": null,
                     *           "round": 0,
                     *           "attemptCount": 2,
                     *           "attempts": [
                     *             {
                     *               "round": 0,
                     *               "attempt": 1,
                     *               "at": "2026-11-20T09:02:11.300Z",
                     *               "statusCode": 503,
                     *               "latencyMs": 84,
                     *               "error": "HTTP_503",
                     *               "outcome": "FAILED"
                     *             },
                     *             {
                     *               "round": 0,
                     *               "attempt": 2,
                     *               "at": "2026-11-20T09:03:12.020Z",
                     *               "statusCode": 200,
                     *               "latencyMs": 81,
                     *               "error": null,
                     *               "outcome": "DELIVERED"
                     *             }
                     *           ],
                     *           "event": {
                     *             "id": "DEPOSIT_CONFIRMED:BSC:0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d:3",
                     *             "type": "DEPOSIT_CONFIRMED",
                     *             "occurredAt": "2026-11-20T09:02:11.000Z",
                     *             "data": {
                     *               "depositCode": "D2611200001",
                     *               "asset": "USDT@BSC",
                     *               "userId": "user-42",
                     *               "amount": "1000",
                     *               "fee": "12",
                     *               "netAmount": "988"
                     *             }
                     *           }
                     *         }
                     *       ],
                     *       "nextCursor": "eyJwIjoiV0hFVkVOVCMuLi4ifQ"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookDeliveriesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The event id (webhook-id), URL-encoded. */
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redeliver an event */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "eventId": "WEBHOOK_TEST:01kaq7d4xw0m6n3r9t2v5y8z1b",
                     *       "type": "WEBHOOK_TEST",
                     *       "status": "PENDING",
                     *       "occurredAt": "2026-11-20T12:00:00.000Z",
                     *       "createdAt": "2026-11-20T12:00:00.000Z",
                     *       "updatedAt": "2026-11-20T12:00:00.000Z",
                     *       "nextAttemptAt": "2026-11-20T12:00:00.000Z",
                     *       "round": 1,
                     *       "attemptCount": 1,
                     *       "attempts": [
                     *         {
                     *           "round": 0,
                     *           "attempt": 1,
                     *           "at": "2026-11-20T12:00:00.120Z",
                     *           "statusCode": null,
                     *           "latencyMs": 10002,
                     *           "error": "TIMEOUT",
                     *           "outcome": "FAILED"
                     *         }
                     *       ],
                     *       "event": {
                     *         "id": "WEBHOOK_TEST:01kaq7d4xw0m6n3r9t2v5y8z1b",
                     *         "type": "WEBHOOK_TEST",
                     *         "occurredAt": "2026-11-20T12:00:00.000Z",
                     *         "data": {
                     *           "message": "Test event from the stablecoin gateway. Verify the signature and answer 2xx.",
                     *           "requestedBy": "ak_01jgz4a7c9e1g3j5m7p9r1t3v5"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookDeliveryResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
}
