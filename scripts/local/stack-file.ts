import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shape of .local/stack.json, written by `npm start` for client scripts and tests. */
export interface LocalStackFile {
  apiUrl: string;
  consoleUrl: string;
  docsUrl: string;
  openApiUrl: string;
  dynamodbEndpoint: string;
  tableName: string;
  /** The coin price stand-in (POST /admin/prices). */
  priceFeedUrl?: string;
  /** The S3 twin and the documents bucket (invoice PDFs/CSVs, finance exports). */
  s3?: { endpoint: string; bucket: string };
  networks: Record<
    string,
    { rpcUrl: string; chainId: number; tokens: Record<string, { address: string; decimals: number }> }
  >;
  faucet: Record<string, { address?: string; privateKey: string }>;
  partners: {
    code: string;
    id: string;
    name: string;
    type: string;
    apiKey: string;
    apiSecret: string;
    consoleUsers: { email: string; password: string; totpSecret: string; role: string }[];
  }[];
}

export const STACK_FILE = resolve(process.cwd(), '.local/stack.json');

export function readStackFile(path = STACK_FILE): LocalStackFile | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LocalStackFile) : undefined;
}
