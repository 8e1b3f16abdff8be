import { join } from 'node:path';

// Every integration test file runs against the local stack started by global-setup, never AWS.
process.env['APP_ENV'] = 'local';
process.env['KEY_VAULT'] = 'local-file';
process.env['LOCAL_KEY_FILE'] = join(process.env['IT_WORK_DIR'] ?? '/tmp', 'master.key');
process.env['LOG_LEVEL'] = 'SILENT';
process.env['AWS_REGION'] = 'us-east-1';
