import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { settingsFromContext } from '../../infra/lib/settings';
import { DataStack } from '../../infra/stacks/data-stack';
import { SchedulesStack, scheduleEvent } from '../../infra/stacks/schedules-stack';
import { WITHDRAWAL_ASL, aslPlaceholders } from '../../infra/stacks/workflows-stack';
import { SCHEDULES } from '../../shared/schedules/schedule-table';
import type { ScheduleEntry } from '../../shared/schedules/schedule-table';
import { cdkJsonContext, gateway } from './support/gateway-app';
import { functionsByName, onlyResource, referencedIds, resourcesOf } from './support/template-helpers';

describe('workflows stack', () => {
  const g = gateway();
  const template = g.template(g.workflows);
  const asl = readFileSync(join(process.cwd(), WITHDRAWAL_ASL), 'utf8');

  it('runs the withdrawal state machine from the ASL file as a STANDARD workflow', () => {
    const [, machine] = onlyResource(template, 'AWS::StepFunctions::StateMachine');
    const props = machine.Properties!;
    expect(props.StateMachineType).toBe('STANDARD');
    expect(props.StateMachineName).toBe('gateway-dev-withdrawal');
    expect(JSON.parse(props.DefinitionString as string)).toEqual(JSON.parse(asl));
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
    const logging = props.LoggingConfiguration as Record<string, unknown>;
    expect(logging).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    const logGroups = Object.entries(resourcesOf(template, 'AWS::Logs::LogGroup')).filter(([, r]) =>
      String(r.Properties?.LogGroupName ?? '').startsWith('/aws/vendedlogs/states/'),
    );
    expect(logGroups).toHaveLength(1);
    expect(referencedIds(logging.Destinations)).toEqual(new Set([logGroups[0]![0]]));
  });

  it('substitutes every ${placeholder} of the ASL file, and nothing else', () => {
    const [, machine] = onlyResource(template, 'AWS::StepFunctions::StateMachine');
    const substitutions = machine.Properties!.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(substitutions).sort()).toEqual(aslPlaceholders(asl));
    // The task function of this stack, by ARN.
    expect(Object.keys(substitutions)).toEqual(['WithdrawalTaskFunctionArn']);
    expect(JSON.stringify(substitutions['WithdrawalTaskFunctionArn'])).toContain('FnwithdrawalTask');
  });

  it('is a structurally valid ASL document: every transition lands on a state, every state is reachable', () => {
    const def = JSON.parse(asl) as {
      StartAt: string;
      States: Record<
        string,
        {
          Type: string;
          Next?: string;
          Default?: string;
          Choices?: Array<{ Next: string }>;
          Catch?: Array<{ Next: string }>;
        }
      >;
    };
    const names = Object.keys(def.States);
    expect(names).toContain(def.StartAt);
    const targets = (s: (typeof def.States)[string]): string[] => [
      ...(s.Next ? [s.Next] : []),
      ...(s.Default ? [s.Default] : []),
      ...(s.Choices ?? []).map((c) => c.Next),
      ...(s.Catch ?? []).map((c) => c.Next),
    ];
    for (const state of Object.values(def.States)) {
      for (const t of targets(state)) expect(names).toContain(t);
      if (!['Succeed', 'Fail', 'Choice'].includes(state.Type)) expect(state.Next).toBeDefined();
    }
    const seen = new Set<string>();
    const visit = (n: string): void => {
      if (seen.has(n)) return;
      seen.add(n);
      targets(def.States[n]!).forEach(visit);
    };
    visit(def.StartAt);
    expect([...seen].sort()).toEqual(names.sort());
  });
});

describe('schedules stack', () => {
  const g = gateway();
  const template = g.template(g.schedules);
  const functions = functionsByName(template);
  const rules = Object.values(resourcesOf(template, 'AWS::Events::Rule'));

  it('has one rule per schedule row and nothing else', () => {
    expect(rules).toHaveLength(SCHEDULES.length);
  });

  it.each(SCHEDULES.map((s) => [s.id, s]))(
    '%s: runs at its rate with its input, on its function',
    (id, entry) => {
      const rule = rules.find((r) => r.Properties?.Name === `gateway-dev-${id}`);
      expect(rule).toBeDefined();
      expect(rule!.Properties!.ScheduleExpression).toBe(
        entry.monthly
          ? `cron(0 ${entry.monthly.hourUtc} ${entry.monthly.day} * ? *)`
          : entry.everyMinutes === 1
            ? 'rate(1 minute)'
            : `rate(${entry.everyMinutes} minutes)`,
      );
      expect(rule!.Properties!.State).toBe('ENABLED');
      const targets = rule!.Properties!.Targets as Array<{ Arn: unknown; Input: string }>;
      expect(targets).toHaveLength(1);
      expect(JSON.parse(targets[0]!.Input)).toEqual({ scheduleId: id, ...entry.input });
      const fn = functions.get(`gateway-dev-${entry.functionName}`);
      expect(referencedIds(targets[0]!.Arn)).toEqual(new Set([fn!.id]));
    },
  );

  it('creates a scheduled function once however many rows use it', () => {
    const distinct = new Set(SCHEDULES.map((s) => s.functionName));
    expect(functions.size).toBe(distinct.size);

    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const settings = settingsFromContext(app.node);
    const data = new DataStack(app, 'Data', { settings });
    const rows: Array<ScheduleEntry & { rate: string }> = [
      {
        id: 'a',
        description: 'a',
        functionName: 'chainHeads',
        everyMinutes: 1,
        input: { network: 'BSC' },
        rate: 'rate(1 minute)',
      },
      {
        id: 'b',
        description: 'b',
        functionName: 'chainHeads',
        everyMinutes: 5,
        input: { network: 'TRON' },
        rate: 'rate(5 minutes)',
      },
      {
        id: 'c',
        description: 'c',
        functionName: 'chainHeads',
        everyMinutes: 60,
        input: { dryRun: true },
        rate: 'rate(60 minutes)',
      },
    ];
    const stack = new SchedulesStack(app, 'Schedules', { settings, data, schedules: rows });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.resourceCountIs('AWS::Events::Rule', 3);
    for (const row of rows) {
      t.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: row.rate,
        Targets: [Match.objectLike({ Input: JSON.stringify(scheduleEvent(row)) })],
      });
    }
  });

  it('refuses a schedule row that names a non-scheduled function', () => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const settings = settingsFromContext(app.node);
    const data = new DataStack(app, 'Data', { settings });
    const rows: ScheduleEntry[] = [
      { id: 'x', description: 'x', functionName: 'getPartner', everyMinutes: 1, input: {} },
    ];
    expect(() => new SchedulesStack(app, 'Schedules', { settings, data, schedules: rows })).toThrow(
      /not a scheduled function/,
    );
  });
});
