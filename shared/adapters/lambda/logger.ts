import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';

/**
 * One JSON logger per function. Secrets never reach it: handlers log ids and codes, never headers or
 * bodies, and the `redact` helper masks anything that looks like a credential before it is logged.
 */
export function createLogger(options: { serviceName: string; logLevel: string }): Logger {
  return new Logger({ serviceName: options.serviceName, logLevel: options.logLevel as LogLevel });
}

const SECRET_KEYS = /secret|signature|password|token|authorization|x-api-key|seed|private/i;

export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(redact) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[ REDACTED ]' : redact(v)]),
    ) as T;
  }
  return value;
}
