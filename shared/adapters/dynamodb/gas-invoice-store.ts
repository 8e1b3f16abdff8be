import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError, GatewayError, ValidationError } from '../../domain/errors';
import type { GasInvoice, InvoiceStatus } from '../../domain/invoices/gas-invoice';
import { MONTH_PATTERN } from '../../domain/invoices/gas-invoice';
import { invoiceNumber, invoiceSequence } from '../../domain/invoices/invoice-rules';
import type {
  GasInvoiceListQuery,
  GasInvoicePage,
  GasInvoiceStore,
  InvoicePatch,
} from '../../ports/gas-invoices';
import { cancellationReasons, isConditionalCheckFailed, queryAll } from './client';
import { decodeListCursor, encodeListCursor, invalidListCursor, readListPage } from './list-pages';

/**
 * Gas invoices and credit notes (ADR 0033):
 * - `GASINV#<partnerId>` / `INV#<sequence, 12 digits>`: the document, so a partner's invoices read
 *   newest first from one partition; GSI2 `GASINVNO#<number>` finds one by number (operator tools).
 * - `GASINVSEQ#<prefix>` / `SEQ`: the issuer's counter, `seq` = the last number given.
 * - `GASINVMONTH#<partnerId>` / `<YYYY-MM>`: the marker that the month is invoiced, with its number.
 * An invoice is written in ONE transaction: counter `seq = :last` → `:next`, marker absent, invoice
 * absent. A refused transaction writes nothing, so no number is lost (gapless) and none is given twice
 * (the counter condition), and a month is invoiced once (the marker). Losers of a counter race re-read
 * the counter and try again.
 */
const invoicePk = (partnerId: string) => `GASINV#${partnerId}`;
const invoiceSk = (number: string) => `INV#${String(invoiceSequence(number)).padStart(12, '0')}`;
const counterKey = (prefix: string) => ({ PK: `GASINVSEQ#${prefix}`, SK: 'SEQ' });
const monthKey = (partnerId: string, month: string) => ({ PK: `GASINVMONTH#${partnerId}`, SK: month });

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const COUNTER_UNCHANGED = 'attribute_not_exists(PK) OR #seq = :last';
const STATUS_IS_FROM = '#status = :from';
const CREDITED_UNCHANGED =
  '#status IN (:issued, :paid) AND (attribute_not_exists(#credited) OR #credited = :creditedBefore)';

const MAX_ATTEMPTS = 200;

type Stored = Record<string, unknown>;

/** A stored number, whether the client wraps numbers (`{ value }`, the ledger's client) or not. */
const num = (v: unknown): number =>
  Number(typeof v === 'object' && v !== null && 'value' in v ? (v as { value: string }).value : v);

function toItem(invoice: GasInvoice): Stored {
  return {
    PK: invoicePk(invoice.recipient.partnerId),
    SK: invoiceSk(invoice.number),
    entity: 'GasInvoice',
    GSI2PK: `GASINVNO#${invoice.number}`,
    GSI2SK: 'GASINV',
    ...invoice,
    lines: invoice.lines.map((l) => ({
      ...l,
      nativeAmount: l.nativeAmount.toString(),
      usdMicros: l.usdMicros.toString(),
    })),
    totalUsdMicros: invoice.totalUsdMicros.toString(),
    ...(invoice.payment ? { payment: paymentToItem(invoice.payment) } : {}),
  };
}

function paymentToItem(p: NonNullable<GasInvoice['payment']>): Stored {
  return { ...p, ...(p.amount !== undefined ? { amount: p.amount.toString() } : {}) };
}

function fromItem(item: Stored): GasInvoice {
  const {
    PK: _pk,
    SK: _sk,
    entity: _e,
    GSI2PK: _g,
    GSI2SK: _h,
    creditedMicros: _c,
    lines,
    totalUsdMicros,
    payment,
    ...rest
  } = item;
  const p = payment as Stored | undefined;
  return {
    ...(rest as unknown as GasInvoice),
    lines: (lines as Stored[]).map((l) => ({
      ...(l as unknown as GasInvoice['lines'][number]),
      nativeAmount: BigInt(String(l['nativeAmount'])),
      usdMicros: BigInt(String(l['usdMicros'])),
      transactions: num(l['transactions']),
      withoutPrice: num(l['withoutPrice']),
      stalePrice: num(l['stalePrice']),
      nativeDecimals: num(l['nativeDecimals']),
    })),
    totalUsdMicros: BigInt(String(totalUsdMicros)),
    recordCount: num(rest['recordCount']),
    ...(p
      ? {
          payment: {
            ...(p as unknown as NonNullable<GasInvoice['payment']>),
            ...(p['amount'] !== undefined ? { amount: BigInt(String(p['amount'])) } : {}),
          },
        }
      : {}),
  };
}

/** `SET a = :a, …` of a patch (bigints stored as strings). */
function patchExpression(patch: InvoicePatch & { status: InvoiceStatus }) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    names[`#${k}`] = k;
    values[`:${k}`] = k === 'payment' ? paymentToItem(v as NonNullable<GasInvoice['payment']>) : v;
    sets.push(`#${k} = :${k}`);
  }
  return { names, values, update: `SET ${sets.join(', ')}` };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DynamoGasInvoiceStore implements GasInvoiceStore {
  /**
   * Numbering calls of this process take turns per prefix: they would only race each other for the
   * one counter item (N callers, N² attempts). Other processes still race, and the counter condition
   * keeps that correct.
   */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(partnerId: string, number: string): Promise<GasInvoice | undefined> {
    let sk: string;
    try {
      sk = invoiceSk(number);
    } catch {
      return undefined;
    }
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: invoicePk(partnerId), SK: sk },
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async listForMonth(partnerId: string, month: string): Promise<GasInvoice[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :inv)',
      FilterExpression: '#month = :month',
      ExpressionAttributeNames: { '#month': 'month' },
      ExpressionAttributeValues: { ':pk': invoicePk(partnerId), ':inv': 'INV#', ':month': month },
      ConsistentRead: true,
    });
    return items.map(fromItem);
  }

  async creditNotesFor(partnerId: string, number: string): Promise<GasInvoice[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND SK > :after',
      FilterExpression: 'creditFor = :number',
      ExpressionAttributeValues: {
        ':pk': invoicePk(partnerId),
        ':after': invoiceSk(number),
        ':number': number,
      },
      ConsistentRead: true,
    });
    return items.map(fromItem);
  }

  async findForMonth(partnerId: string, month: string): Promise<GasInvoice | undefined> {
    const marker = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: monthKey(partnerId, month), ConsistentRead: true }),
    );
    if (!marker.Item) return undefined;
    return this.get(partnerId, String(marker.Item['number']));
  }

  async findByNumber(number: string): Promise<GasInvoice | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `GASINVNO#${number}` },
        Limit: 1,
      }),
    );
    const hit = out.Items?.[0];
    // The index is eventually consistent: read the document itself.
    return hit
      ? this.get(String(hit['recipient'] && (hit['recipient'] as Stored)['partnerId']), number)
      : undefined;
  }

  async list(partnerId: string, query: GasInvoiceListQuery): Promise<GasInvoicePage> {
    const pk = invoicePk(partnerId);
    let startKey = query.cursor ? decodeListCursor(query.cursor) : undefined;
    if (startKey && startKey['PK'] !== pk) throw invalidListCursor();
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': pk, ':inv': 'INV#' };
    const filters: string[] = [];
    if (query.status) {
      names['#status'] = 'status';
      values[':status'] = query.status;
      filters.push('#status = :status');
    }
    if (query.year) {
      names['#month'] = 'month';
      values[':year'] = `${query.year}-`;
      filters.push('begins_with(#month, :year)');
    }
    const items: GasInvoice[] = [];
    // Filters apply after the read: read on (at most 10 reads) until the page is full.
    for (let reads = 0; reads < 10 && items.length < query.limit; reads++) {
      const out = await readListPage(
        this.db,
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :inv)',
          ...(filters.length
            ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names }
            : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: filters.length ? Math.max(query.limit, 50) : query.limit - items.length,
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
        reads === 0 && query.cursor !== undefined,
      );
      for (const item of out.Items ?? []) {
        if (items.length === query.limit) {
          const last = items[items.length - 1]!;
          return {
            items,
            nextCursor: encodeListCursor({ PK: pk, SK: invoiceSk(last.number) }),
          };
        }
        items.push(fromItem(item));
      }
      startKey = out.LastEvaluatedKey;
      if (!startKey) return { items };
    }
    return startKey ? { items, nextCursor: encodeListCursor(startKey) } : { items };
  }

  private async lastNumber(prefix: string): Promise<number> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: counterKey(prefix), ConsistentRead: true }),
    );
    return out.Item ? num(out.Item['seq']) : 0;
  }

  private counterUpdate(prefix: string, last: number) {
    return {
      Update: {
        TableName: this.tableName,
        Key: counterKey(prefix),
        UpdateExpression: 'SET #seq = :next, entity = :entity',
        ConditionExpression: COUNTER_UNCHANGED,
        ExpressionAttributeNames: { '#seq': 'seq' },
        ExpressionAttributeValues: { ':last': last, ':next': last + 1, ':entity': 'GasInvoiceCounter' },
      },
    };
  }

  /**
   * Tries `write(next number)` until the counter condition holds. `refused(reasons)` turns a refusal
   * by another item into its answer (or undefined to go on).
   */
  private numbered<T>(
    prefix: string,
    write: (last: number) => Record<string, unknown>[],
    refused: (reasons: string[]) => Promise<T | undefined>,
    done: (number: string) => T,
  ): Promise<T> {
    const previous = this.turns.get(prefix) ?? Promise.resolve();
    const mine = previous.then(
      () => this.numberedNow(prefix, write, refused, done),
      () => this.numberedNow(prefix, write, refused, done),
    );
    const settled = mine.catch(() => undefined);
    this.turns.set(prefix, settled);
    void settled.then(() => {
      if (this.turns.get(prefix) === settled) this.turns.delete(prefix);
    });
    return mine;
  }

  private async numberedNow<T>(
    prefix: string,
    write: (last: number) => Record<string, unknown>[],
    refused: (reasons: string[]) => Promise<T | undefined>,
    done: (number: string) => T,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const last = await this.lastNumber(prefix);
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [this.counterUpdate(prefix, last), ...write(last)] as never,
          }),
        );
        return done(invoiceNumber(prefix, last + 1));
      } catch (e) {
        const reasons = cancellationReasons(e);
        if (!reasons) throw e;
        const answer = await refused(reasons);
        if (answer !== undefined) return answer;
        const contended = reasons.some((r) => r === 'ConditionalCheckFailed' || r === 'TransactionConflict');
        if (!contended) throw e;
        if (attempt + 1 >= MAX_ATTEMPTS)
          throw new GatewayError('CONFLICT', `Could not number an invoice under contention; retry`, {
            cause: e,
          });
        // Full jitter, growing: under a burst (many issuers at once) losers spread out instead of
        // hammering the one counter item in lockstep.
        await sleep(Math.random() * Math.min(250, 5 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  async createInvoice(
    draft: Omit<GasInvoice, 'number'>,
    prefix: string,
  ): Promise<{ invoice: GasInvoice; created: boolean }> {
    if (!MONTH_PATTERN.test(draft.month))
      throw new ValidationError('Invalid month', [{ path: 'month', message: 'Use YYYY-MM' }]);
    const partnerId = draft.recipient.partnerId;
    const existing = await this.findForMonth(partnerId, draft.month);
    if (existing) return { invoice: existing, created: false };
    let invoice: GasInvoice | undefined;
    return this.numbered<{ invoice: GasInvoice; created: boolean }>(
      prefix,
      (last) => {
        invoice = { ...draft, number: invoiceNumber(prefix, last + 1) };
        return [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...monthKey(partnerId, draft.month),
                entity: 'GasInvoiceMonth',
                number: invoice.number,
              },
              ConditionExpression: ITEM_IS_NEW,
            },
          },
          { Put: { TableName: this.tableName, Item: toItem(invoice), ConditionExpression: ITEM_IS_NEW } },
        ];
      },
      async (reasons) => {
        if (reasons[1] !== 'ConditionalCheckFailed') return undefined;
        // Another run invoiced the month first: that invoice is the answer.
        const other = await this.findForMonth(partnerId, draft.month);
        return other ? { invoice: other, created: false } : undefined;
      },
      () => ({ invoice: invoice!, created: true }),
    );
  }

  async createCreditNote(
    invoice: GasInvoice,
    note: Omit<GasInvoice, 'number'>,
    prefix: string,
    creditedBefore: bigint,
  ): Promise<GasInvoice> {
    let made: GasInvoice | undefined;
    return this.numbered(
      prefix,
      (last) => {
        made = { ...note, number: invoiceNumber(prefix, last + 1) };
        return [
          {
            Update: {
              TableName: this.tableName,
              Key: { PK: invoicePk(invoice.recipient.partnerId), SK: invoiceSk(invoice.number) },
              UpdateExpression: 'SET #credited = :credited',
              ConditionExpression: CREDITED_UNCHANGED,
              ExpressionAttributeNames: { '#status': 'status', '#credited': 'creditedMicros' },
              ExpressionAttributeValues: {
                ':issued': 'ISSUED',
                ':paid': 'PAID',
                ':creditedBefore': creditedBefore.toString(),
                ':credited': (creditedBefore + made.totalUsdMicros).toString(),
              },
            },
          },
          { Put: { TableName: this.tableName, Item: toItem(made), ConditionExpression: ITEM_IS_NEW } },
        ];
      },
      async (reasons) => {
        if (reasons[1] !== 'ConditionalCheckFailed') return undefined;
        throw new ConflictError(
          `Invoice ${invoice.number} changed meanwhile (status or credit notes); retry`,
          {
            number: invoice.number,
          },
        );
      },
      () => made!,
    );
  }

  prepareTransition(
    invoice: GasInvoice,
    from: InvoiceStatus,
    to: InvoiceStatus,
    patch: InvoicePatch,
  ): readonly unknown[] {
    const { names, values, update } = patchExpression({ ...patch, status: to });
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: { PK: invoicePk(invoice.recipient.partnerId), SK: invoiceSk(invoice.number) },
          UpdateExpression: update,
          ConditionExpression: STATUS_IS_FROM,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':from': from },
        },
      },
    ];
  }

  async transition(
    invoice: GasInvoice,
    from: InvoiceStatus,
    to: InvoiceStatus,
    patch: InvoicePatch,
  ): Promise<GasInvoice> {
    const [write] = this.prepareTransition(invoice, from, to, patch) as [{ Update: UpdateCommandInput }];
    try {
      const out = await this.db.send(new UpdateCommand({ ...write.Update, ReturnValues: 'ALL_NEW' }));
      return fromItem(out.Attributes as Stored);
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
      const now = await this.get(invoice.recipient.partnerId, invoice.number);
      throw new GatewayError(
        'ILLEGAL_TRANSITION',
        `Invoice ${invoice.number} is ${now?.status ?? 'absent'}, not ${from}`,
        {
          details: { number: invoice.number, from: now?.status, to },
        },
      );
    }
  }
}
