/** KYC status of an organisation: pending until a reviewer verifies or rejects it (DOMAIN.md §4). */
export const KYC_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];

export interface KycState {
  status: KycStatus;
  expiresAt: Date | null;
}

export interface KycDecisionInput {
  decision: KycStatus;
  reason: string | null;
  expiresAt: Date | null;
  evidenceCount: number;
}

export type KycOutcome =
  | { ok: true; state: KycState }
  | { ok: false; kind: 'invalid'; field: string; message: string }
  | { ok: false; kind: 'conflict'; message: string };

const ALLOWED: Record<KycStatus, readonly KycStatus[]> = {
  pending: ['verified', 'rejected'],
  verified: ['verified', 'rejected', 'pending'],
  rejected: ['verified', 'pending'],
};

/** Adds whole calendar months to a date (clamped to the month's last day). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** Decides a KYC review: which transition it makes and what it must carry to be recorded. */
export function decideKyc(
  current: KycState,
  input: KycDecisionInput,
  now: Date,
  validityMonths: number,
): KycOutcome {
  if (!ALLOWED[current.status].includes(input.decision)) {
    return {
      ok: false,
      kind: 'conflict',
      message: `KYC cannot go from ${current.status} to ${input.decision}`,
    };
  }
  if (input.decision !== 'verified' && !input.reason?.trim()) {
    return {
      ok: false,
      kind: 'invalid',
      field: 'reason',
      message: `a ${input.decision} decision needs a reason`,
    };
  }
  if (input.decision === 'verified') {
    if (input.evidenceCount === 0) {
      return {
        ok: false,
        kind: 'invalid',
        field: 'documentIds',
        message: 'a verification must cite at least one evidence document',
      };
    }
    const expiresAt = input.expiresAt ?? addMonths(now, validityMonths);
    if (expiresAt.getTime() <= now.getTime()) {
      return { ok: false, kind: 'invalid', field: 'expiresAt', message: 'the expiry must be in the future' };
    }
    return { ok: true, state: { status: 'verified', expiresAt } };
  }
  return { ok: true, state: { status: input.decision, expiresAt: null } };
}

/** True when a verification has passed its expiry and the actor must be verified again. */
export function isKycExpired(state: KycState, now: Date): boolean {
  return (
    state.status === 'verified' && state.expiresAt !== null && state.expiresAt.getTime() <= now.getTime()
  );
}
