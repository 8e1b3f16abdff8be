import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The DynamoDB commands these clients send while `fn` runs, by command name, in order: how tests assert
 * the request budget of an operation (the dashboard's 3, the authorizer's 2, a list page's 1–2).
 */
export async function commandsSentDuring(
  clients: readonly DynamoDBDocumentClient[],
  fn: () => Promise<unknown>,
): Promise<string[]> {
  const sent: string[] = [];
  const name = `count-${Math.random()}`;
  for (const client of new Set(clients))
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name },
    );
  try {
    await fn();
  } finally {
    for (const client of new Set(clients)) client.middlewareStack.remove(name);
  }
  return sent;
}
