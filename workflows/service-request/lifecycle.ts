// The moments that change a case's round: resolved (the after-service callbacks begin), reopened (a new
// round with a 2-day resolution promise), closed.
import { patched } from '@temporalio/workflow';
import type { Actor, FaultGrade, Resolution } from '@caseflow/domain';
import { CALLBACKS_AS_WORKFLOWS_PATCH, endCallbacks, startCallback } from './callbacks';
import { CALLBACK_KINDS, LEVEL2_CALLBACK, SURVEY, WAITS_ON_CUSTOMER, type Case } from './state';

/** Resolved: open promises are kept (or no longer apply), and the after-service callbacks begin. */
export async function resolveCase(
  sr: Case,
  actor: Actor,
  args: { summary: string; faultGrade?: FaultGrade },
  resolution: Resolution = 'resolved',
): Promise<void> {
  const { kase, commitments, schedule } = sr;
  const now = Date.now();
  const onTheCall = kase.state === 'new';
  kase.state = 'resolved';
  kase.resolution = onTheCall && resolution === 'resolved' ? 'answered_on_call' : resolution;
  kase.resolvedAt = now;
  kase.summary = args.summary;
  kase.faultGrade = args.faultGrade;
  // Solved without being passed on: the hotline's forwarding promise no longer applies.
  commitments.cancel(['forwarding'], now, 'not needed: resolved without forwarding');
  commitments.cancel(['customer_test'], now, 'resolved before the customer reported back');
  // Clocks stopped for the customer's test end now: resumed first, so they are met with a due time.
  commitments.resume(WAITS_ON_CUSTOMER, now);
  // Everything else still open (first contact, the handler's result, the resolution, the inquiry's
  // answer) is kept now — or counted as breached if it is late.
  commitments.meet(
    commitments.open().map((c) => c.kind),
    now,
  );
  // Level-1 confirmation at once; the survey and the level-2 callback at their fixed times.
  let confirm = '';
  if ((sr.callbacksAsWorkflows = patched(CALLBACKS_AS_WORKFLOWS_PATCH))) {
    // Both callbacks are work items of their own (due time, assignee, attempts): level 1 workable now,
    // level 2 from its moment. Their outcomes come back by `callbackOutcomeSignal`.
    const [level1] = await Promise.all([
      startCallback(sr, 1, now),
      startCallback(sr, 2, now + schedule.level2CallbackAfterMs),
    ]);
    if (level1) confirm = `; level-1 confirmation call due ${level1.due} (callback ${level1.callbackId})`;
  } else {
    const level1 = commitments.start('callback_level1', now);
    if (level1) confirm = `; level-1 confirmation call due ${sr.due(level1)}`;
  }
  commitments.schedule(SURVEY, now + schedule.surveyAfterMs);
  commitments.schedule(LEVEL2_CALLBACK, now + schedule.level2CallbackAfterMs);
  const grade = args.faultGrade ? ` (fault grade ${args.faultGrade})` : '';
  const summary =
    resolution === 'resolved_by_silence'
      ? `${args.summary}${confirm}`
      : `Resolved by ${actor.username}: ${args.summary}${grade}${confirm}`;
  const callbacks = sr.ownCallbacks
    .filter((c) => c.round === sr.round())
    .map(({ callbackId, level, startsAt, dueAt }) => ({ callbackId, level, startsAt, dueAt }));
  await sr.record('resolved', actor, summary, {
    resolution: kase.resolution,
    summary: args.summary,
    faultGrade: args.faultGrade,
    ...(callbacks.length ? { callbacks } : {}),
  });
  await sr.tellCustomer('resolution_thanks', `resolved:${kase.reopenCount}`);
}

/** Reopened (a problem found at a callback, or by hand): a new round with a 2-day resolution promise. */
export async function reopenCase(
  sr: Case,
  actor: Actor,
  summary: string,
  data: Record<string, unknown>,
): Promise<void> {
  const { kase, commitments } = sr;
  const now = Date.now();
  kase.state = 'reopened';
  kase.reopenCount += 1;
  kase.resolution = undefined;
  kase.resolvedAt = undefined;
  // This round's callbacks are moot: the next resolution starts its own.
  commitments.cancel(CALLBACK_KINDS, now, 'case reopened');
  commitments.unschedule(SURVEY);
  commitments.unschedule(LEVEL2_CALLBACK);
  const resolution = commitments.start('resolution', now, { id: `resolution#${kase.reopenCount}` });
  const promise = resolution ? `; to be solved by ${sr.due(resolution)}` : '';
  await Promise.all([
    sr.record('reopened', actor, `${summary}${promise}`, { ...data, reopenCount: kase.reopenCount }),
    endCallbacks(sr, 'case reopened', actor),
  ]);
}

export async function closeCase(sr: Case, actor: Actor, summary: string): Promise<void> {
  const now = Date.now();
  sr.kase.state = 'closed';
  sr.kase.closedAt = now;
  sr.commitments.cancel(undefined, now, 'case closed');
  sr.commitments.unschedule(SURVEY);
  sr.commitments.unschedule(LEVEL2_CALLBACK);
  await Promise.all([sr.record('closed', actor, summary), endCallbacks(sr, 'case closed', actor)]);
}
