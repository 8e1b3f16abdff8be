import { Duration, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { functionSpec } from '../../functions/catalog';
import { SCHEDULES } from '../../shared/schedules/schedule-table';
import type { ScheduleEntry } from '../../shared/schedules/schedule-table';
import { gatewayFunction } from '../constructs/gateway-function';
import type { GatewayFunction } from '../constructs/gateway-function';
import { names } from '../lib/settings';
import type { GatewaySettings } from '../lib/settings';
import type { DataStack } from './data-stack';

export interface SchedulesStackProps extends StackProps {
  readonly settings: GatewaySettings;
  readonly data: DataStack;
  /** Override the schedule table (tests); defaults to shared/schedules/schedule-table.ts. */
  readonly schedules?: readonly ScheduleEntry[];
}

/** EventBridge rate in the table's unit (minutes; EventBridge wants the singular for 1). */
export function rateExpression(everyMinutes: number): string {
  return `rate(${everyMinutes} ${everyMinutes === 1 ? 'minute' : 'minutes'})`;
}

/** The rule's schedule: the row's monthly cron (UTC), or its rate. */
export function scheduleExpression(entry: ScheduleEntry): string {
  return entry.monthly
    ? `cron(0 ${entry.monthly.hourUtc} ${entry.monthly.day} * ? *)`
    : rateExpression(entry.everyMinutes);
}

/** The event a scheduled function receives: the row id plus the row's constant input. */
export function scheduleEvent(entry: ScheduleEntry): Record<string, string | number | boolean> {
  return { scheduleId: entry.id, ...entry.input };
}

/**
 * One EventBridge rule per row of the schedule table, each invoking the catalog function the row names.
 * A function used by several rows (one poller per network) is created once.
 */
export class SchedulesStack extends Stack {
  readonly functions: ReadonlyMap<string, GatewayFunction>;
  readonly rules: ReadonlyMap<string, events.Rule>;

  constructor(scope: Construct, id: string, props: SchedulesStackProps) {
    super(scope, id, props);
    const { settings, data } = props;
    const schedules = props.schedules ?? SCHEDULES;

    const functions = new Map<string, GatewayFunction>();
    const rules = new Map<string, events.Rule>();
    for (const entry of schedules) {
      if (rules.has(entry.id)) throw new Error(`Duplicate schedule id ${entry.id}`);
      if (!Number.isInteger(entry.everyMinutes) || entry.everyMinutes < 1) {
        throw new Error(`Schedule ${entry.id}: everyMinutes must be a positive integer`);
      }
      let fn = functions.get(entry.functionName);
      if (!fn) {
        const spec = functionSpec(entry.functionName);
        if (spec.kind !== 'scheduled')
          throw new Error(`Schedule ${entry.id}: ${spec.name} is not a scheduled function`);
        fn = gatewayFunction(this, spec, settings, data);
        functions.set(spec.name, fn);
      }
      const rule = new events.Rule(this, `Schedule-${entry.id}`, {
        ruleName: names.resource(settings, entry.id),
        description: entry.description.slice(0, 512),
        schedule: events.Schedule.expression(scheduleExpression(entry)),
      });
      rule.addTarget(
        new targets.LambdaFunction(fn.function, {
          event: events.RuleTargetInput.fromObject(scheduleEvent(entry)),
          // A run that cannot start within one period is superseded by the next one.
          maxEventAge: Duration.minutes(Math.max(1, entry.everyMinutes)),
          retryAttempts: 2,
        }),
      );
      rules.set(entry.id, rule);
    }
    this.functions = functions;
    this.rules = rules;
  }
}
