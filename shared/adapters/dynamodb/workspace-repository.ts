import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Workspace, WorkspaceRepository } from '../../ports/accounts';

/** Workspace details the partner's owners edit (`PARTNER#<id>` / `WORKSPACE`). */
const workspaceKey = (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'WORKSPACE' });

export class DynamoWorkspaceRepository implements WorkspaceRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(partnerId: string): Promise<Workspace | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: workspaceKey(partnerId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { PK: _pk, SK: _sk, entity: _e, ...rest } = out.Item;
    return rest as Workspace;
  }

  async put(workspace: Workspace): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...workspaceKey(workspace.partnerId), entity: 'Workspace', ...workspace },
      }),
    );
  }
}
