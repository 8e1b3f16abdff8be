import { partnerApiHandler } from '../../shared/adapters/lambda/partner-api-handler';
import { GasRecordsQuery } from '../../shared/api/gas-api-schemas';
import { listGasRecords } from '../../shared/app/gas/gas-records';
import type { GasRecordsDeps } from '../../shared/app/gas/gas-records';
import { gasRecordsDeps } from '../../shared/composition/gas-records';
import { getPartnerApiDeps } from '../../shared/composition/partner-auth';

let deps: GasRecordsDeps | undefined;

/** GET /v1/gas-records — the gas the gateway paid on the partner's behalf, with totals per network. */
export const handler = partnerApiHandler(getPartnerApiDeps, async ({ principal, event }) => {
  deps ??= gasRecordsDeps(getPartnerApiDeps());
  return {
    statusCode: 200,
    body: await listGasRecords(
      deps,
      principal.partnerId,
      GasRecordsQuery.parse(event.queryStringParameters ?? {}),
    ),
  };
});
