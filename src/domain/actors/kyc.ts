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

/** Why a decision is refused: in English words, and as a stable code with the values its sentence names. */
interface KycRefusal {
  message: string;
  code: `actors.${string}` | `common.${string}`;
  params?: Record<string, string | number>;
}

export type KycOutcome =
  | { ok: true; state: KycState }
  | ({ ok: false; kind: 'invalid'; field: string } & KycRefusal)
  | ({ ok: false; kind: 'conflict' } & KycRefusal);

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
      code: 'actors.kyc-transition',
      params: { from: current.status, to: input.decision },
    };
  }
  if (input.decision !== 'verified' && !input.reason?.trim()) {
    return {
      ok: false,
      kind: 'invalid',
      field: 'reason',
      message: `a ${input.decision} decision needs a reason`,
      code: 'actors.kyc-reason-required',
      params: { decision: input.decision },
    };
  }
  if (input.decision === 'verified') {
    if (input.evidenceCount === 0) {
      return {
        ok: false,
        kind: 'invalid',
        field: 'documentIds',
        message: 'a verification must cite at least one evidence document',
        code: 'actors.kyc-evidence-required',
      };
    }
    const expiresAt = input.expiresAt ?? addMonths(now, validityMonths);
    if (expiresAt.getTime() <= now.getTime()) {
      return {
        ok: false,
        kind: 'invalid',
        field: 'expiresAt',
        message: 'the expiry must be in the future',
        code: 'common.field.future-only',
      };
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

/** What identifies an actor: a change to any of it sends a verified KYC back to review (DOMAIN.md §4). */
export interface ActorIdentity {
  legalName: string;
  registrationNumbers: readonly { scheme: string; number: string }[];
  chainRoles: readonly string[];
}

export type IdentityField = keyof ActorIdentity;

/** One identity field that changed, with its value before and after. */
export type IdentityChange =
  | { field: 'legalName'; from: string; to: string }
  | { field: 'registrationNumbers'; from: string[]; to: string[] }
  | { field: 'chainRoles'; from: string[]; to: string[] };

// Lists compare as sets: reordering registration numbers or roles is not a change of identity.
const sortedNumbers = (numbers: ActorIdentity['registrationNumbers']) =>
  [...new Set(numbers.map((n) => `${n.scheme}:${n.number}`))].sort();
const sortedRoles = (roles: ActorIdentity['chainRoles']) => [...new Set(roles)].sort();
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The identity fields that differ between two versions of an actor's profile, in a fixed order. */
export function identityChanges(before: ActorIdentity, after: ActorIdentity): IdentityChange[] {
  const changes: IdentityChange[] = [];
  if (before.legalName !== after.legalName)
    changes.push({ field: 'legalName', from: before.legalName, to: after.legalName });
  const [numbersBefore, numbersAfter] = [
    sortedNumbers(before.registrationNumbers),
    sortedNumbers(after.registrationNumbers),
  ];
  if (!sameList(numbersBefore, numbersAfter))
    changes.push({ field: 'registrationNumbers', from: numbersBefore, to: numbersAfter });
  const [rolesBefore, rolesAfter] = [sortedRoles(before.chainRoles), sortedRoles(after.chainRoles)];
  if (!sameList(rolesBefore, rolesAfter))
    changes.push({ field: 'chainRoles', from: rolesBefore, to: rolesAfter });
  return changes;
}

/**
 * The KYC state after an identity change: a verification no longer vouches for the new identity, so a
 * verified actor goes back to pending review. A pending actor stays pending; a rejected one stays rejected,
 * since renaming itself must not clear a rejection.
 */
export function kycAfterIdentityChange(current: KycState, changes: readonly IdentityChange[]): KycState {
  if (changes.length === 0 || current.status !== 'verified') return current;
  return { status: 'pending', expiresAt: null };
}

const LABELS: Record<IdentityField, string> = {
  legalName: 'legal name',
  registrationNumbers: 'registration numbers',
  chainRoles: 'chain roles',
};
const shown = (value: string | string[]) =>
  Array.isArray(value) ? (value.length ? value.join(', ') : 'none') : `"${value}"`;

/** Why a KYC re-opened, in English words: each changed field from what to what. */
export function describeIdentityChanges(changes: readonly IdentityChange[]): string {
  return `identity changed: ${changes
    .map((c) => `${LABELS[c.field]} from ${shown(c.from)} to ${shown(c.to)}`)
    .join('; ')}`;
}
