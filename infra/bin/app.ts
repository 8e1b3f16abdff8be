import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ensureConsoleBuilt } from '../../scripts/local/console-build';
import { buildGatewayApp } from '../lib/gateway-app';

// `npm run synth` (cdk synth) runs this file with tsx. Context: -c stage=dev -c appEnv=testnet.
// The console stack uploads console/dist: build it first when it is missing or older than its sources.
await ensureConsoleBuilt(process.cwd(), (line) => process.stderr.write(`${line}\n`));
const app = new App();
buildGatewayApp(app);
// cdk-nag 3 is a policy-validation plugin: any unacknowledged AwsSolutions error fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
