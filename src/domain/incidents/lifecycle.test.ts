import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  alertsOn,
  checkFourEyes,
  checkTransition,
  INCIDENT_STATES,
  type IncidentState,
  isVerificationOverdue,
  reviewDue,
  suspendsSite,
  verificationDue,
} from './lifecycle.ts';

const ALLOWED: [IncidentState, IncidentState][] = [
  ['reported', 'under_verification'],
  ['under_verification', 'verified'],
  ['under_verification', 'unsubstantiated'],
  ['verified', 'in_mitigation'],
  ['verified', 'escalated'],
  ['verified', 'resolved'],
  ['unsubstantiated', 'under_verification'],
  ['in_mitigation', 'resolved'],
  ['in_mitigation', 'escalated'],
  ['escalated', 'in_mitigation'],
  ['escalated', 'resolved'],
];

test('every transition is allowed or refused exactly as the lifecycle says', () => {
  for (const from of INCIDENT_STATES) {
    for (const to of INCIDENT_STATES) {
      const allowed = ALLOWED.some(([f, t]) => f === from && t === to);
      const problem = checkTransition(from, to, 'because', true);
      assert.equal(problem === null, allowed, `${from} → ${to}`);
    }
  }
});

test('a refused transition says where the incident can go', () => {
  assert.equal(
    checkTransition('reported', 'verified', 'x', true)?.message,
    'an incident that is reported can move only to under_verification',
  );
  assert.equal(
    checkTransition('resolved', 'escalated', 'x', true)?.message,
    'an incident that is resolved is closed',
  );
});

test('every transition needs a reason, and mitigation needs a plan first', () => {
  assert.equal(
    checkTransition('reported', 'under_verification', '  ', true)?.message,
    'every transition needs a reason',
  );
  assert.equal(
    checkTransition('verified', 'in_mitigation', 'plan agreed', false)?.message,
    'write the mitigation plan, with its decision, before mitigation starts',
  );
});

test('verification is due in 7 days for level 1 and 30 for the others, and overdue only after that', () => {
  const reported = new Date('2026-03-01T10:00:00Z');
  const days = { level1: 7, other: 30 };
  const due1 = verificationDue(reported, 1, days);
  assert.equal(due1.toISOString(), '2026-03-08T10:00:00.000Z');
  assert.equal(verificationDue(reported, 3, days).toISOString(), '2026-03-31T10:00:00.000Z');
  assert.equal(isVerificationOverdue('reported', due1, new Date('2026-03-08T10:00:00Z')), false);
  assert.equal(isVerificationOverdue('under_verification', due1, new Date('2026-03-08T10:00:01Z')), true);
  assert.equal(isVerificationOverdue('verified', due1, new Date('2027-01-01T00:00:00Z')), false);
});

test('only a verified, unresolved level-1 incident suspends its site', () => {
  assert.equal(suspendsSite('verified', 1), true);
  assert.equal(suspendsSite('in_mitigation', 1), true);
  assert.equal(suspendsSite('escalated', 1), true);
  assert.equal(suspendsSite('resolved', 1), false);
  assert.equal(suspendsSite('under_verification', 1), false);
  assert.equal(suspendsSite('verified', 2), false);
});

test('a plan is reviewed at most six months apart', () => {
  assert.equal(reviewDue(new Date('2026-03-31T00:00:00Z')).toISOString(), '2026-09-30T00:00:00.000Z');
});

test('verification of levels 1 and 2, escalation and resolution alert subscribers', () => {
  assert.deepEqual(
    (['verified', 'escalated', 'resolved', 'in_mitigation', 'under_verification'] as IncidentState[]).flatMap(
      (s) => ([1, 2, 3] as const).map((l) => `${s}/${l}:${alertsOn(s, l)}`),
    ),
    [
      'verified/1:true',
      'verified/2:true',
      'verified/3:false',
      'escalated/1:true',
      'escalated/2:true',
      'escalated/3:true',
      'resolved/1:true',
      'resolved/2:true',
      'resolved/3:true',
      'in_mitigation/1:false',
      'in_mitigation/2:false',
      'in_mitigation/3:false',
      'under_verification/1:false',
      'under_verification/2:false',
      'under_verification/3:false',
    ],
  );
});

test('a refused transition names its code and the states its sentence says', () => {
  assert.deepEqual(checkTransition('reported', 'verified', 'x', true), {
    message: 'an incident that is reported can move only to under_verification',
    code: 'incidents.transition-not-allowed',
    params: { state: 'reported', to: 'verified' },
  });
  assert.deepEqual(checkTransition('resolved', 'escalated', 'x', true)?.code, 'incidents.closed');
  assert.equal(
    checkTransition('reported', 'under_verification', ' ', true)?.code,
    'incidents.reason-required',
  );
  assert.equal(checkTransition('verified', 'in_mitigation', 'x', false)?.code, 'incidents.plan-first');
});

test('under four eyes the reporter starts the verification but neither concludes it nor resolves the incident', () => {
  const levels = [1, 2] as const;
  for (const to of ['verified', 'unsubstantiated', 'resolved'] as const)
    assert.deepEqual(checkFourEyes(to, 1, 'ana', 'ana', levels), {
      message: `four eyes: someone other than the reporter of a level-1 incident moves it to ${to}`,
      code: 'incidents.four-eyes',
      params: { to, level: '1' },
    });
  for (const to of ['under_verification', 'in_mitigation', 'escalated'] as const)
    assert.equal(checkFourEyes(to, 1, 'ana', 'ana', levels), null);
  assert.equal(checkFourEyes('verified', 1, 'ana', 'bob', levels), null);
  assert.equal(checkFourEyes('verified', 3, 'ana', 'ana', levels), null);
  assert.equal(checkFourEyes('verified', 1, null, 'ana', levels), null);
  assert.equal(checkFourEyes('resolved', 2, 'ana', 'ana', []), null);
  assert.equal(checkFourEyes('resolved', 3, 'ana', 'ana', [3])?.code, 'incidents.four-eyes');
});
