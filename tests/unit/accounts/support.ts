import { isGatewayError } from '../../../shared/domain/errors';

/** The error code a call throws, or 'OK'. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isGatewayError(e)) return e.code;
    throw e;
  }
  return 'OK';
}
