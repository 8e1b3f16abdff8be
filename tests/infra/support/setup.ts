// CDK's built-in CloudFormation template validation costs ~10 s per synthesis (a WASM engine started
// once per test file). Off for the infra project; tests/infra/support/gateway-app.ts registers it
// again where it checks something: every distinct gateway app is still validated once.
process.env['CDK_VALIDATION'] = 'false';
