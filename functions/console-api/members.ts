import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import {
  inviteMember,
  listReceivedInvitations,
  listSentInvitations,
  resendInvitation,
  revokeInvitation,
} from '../../shared/app/accounts/invitations';
import {
  changeMemberRole,
  deactivateMember,
  listMembers,
  listMemberSentTokens,
  listRoles,
  reactivateMember,
} from '../../shared/app/accounts/members';
import { getAccountDeps } from '../../shared/composition/accounts';

/** Members, roles and invitations of the caller's workspace. */
export const routes: ConsoleRoutes = {
  'GET /console/roles': {
    auth: 'console',
    handle: async () => ({ statusCode: 200, body: { roles: listRoles() } }),
  },
  'GET /console/members': {
    auth: 'console',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: { members: await listMembers(getAccountDeps(), principal) },
    }),
  },
  'PATCH /console/members/{userId}': {
    auth: 'console',
    handle: async ({ principal, params, body, meta }) => ({
      statusCode: 200,
      body: {
        member: await changeMemberRole(getAccountDeps(), principal, params['userId'] ?? '', body, meta),
      },
    }),
  },
  'POST /console/members/{userId}/deactivate': {
    auth: 'console',
    handle: async ({ principal, params, meta }) => ({
      statusCode: 200,
      body: { member: await deactivateMember(getAccountDeps(), principal, params['userId'] ?? '', meta) },
    }),
  },
  'POST /console/members/{userId}/reactivate': {
    auth: 'console',
    handle: async ({ principal, params, meta }) => ({
      statusCode: 200,
      body: { member: await reactivateMember(getAccountDeps(), principal, params['userId'] ?? '', meta) },
    }),
  },
  'GET /console/members/{userId}/tokens': {
    auth: 'console',
    handle: async ({ principal, params, meta }) => ({
      statusCode: 200,
      body: { tokens: await listMemberSentTokens(getAccountDeps(), principal, params['userId'] ?? '', meta) },
    }),
  },
  'GET /console/invitations': {
    auth: 'console',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: { invitations: await listSentInvitations(getAccountDeps(), principal) },
    }),
  },
  'GET /console/invitations/received': {
    auth: 'console',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: { invitations: await listReceivedInvitations(getAccountDeps(), principal) },
    }),
  },
  'POST /console/invitations': {
    auth: 'console',
    handle: async ({ principal, body, meta }) => ({
      statusCode: 201,
      body: { invitation: await inviteMember(getAccountDeps(), principal, body, meta) },
    }),
  },
  'POST /console/invitations/{invitationId}/resend': {
    auth: 'console',
    handle: async ({ principal, params, meta }) => ({
      statusCode: 200,
      body: {
        invitation: await resendInvitation(getAccountDeps(), principal, params['invitationId'] ?? '', meta),
      },
    }),
  },
  'POST /console/invitations/{invitationId}/revoke': {
    auth: 'console',
    handle: async ({ principal, params, meta }) => ({
      statusCode: 200,
      body: {
        invitation: await revokeInvitation(getAccountDeps(), principal, params['invitationId'] ?? '', meta),
      },
    }),
  },
};

export const handler = consoleApiHandler(getAccountDeps, routes);
