import { ValidationError } from '../../domain/errors';

/** The request's JSON body; an empty or malformed body is VALIDATION_FAILED (path ''), never a 500. */
export function jsonBody(event: {
  readonly body: string | null;
  readonly isBase64Encoded?: boolean;
}): unknown {
  const text = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (text.trim() === '')
    throw new ValidationError('A JSON body is required', [{ path: '', message: 'Required' }]);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The body is not valid JSON', [{ path: '', message: 'Invalid JSON' }]);
  }
}
