import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
/**
 * The least zxcvbn score (0–4) a password needs: 3 means about 10^8 guesses or more, past the common-password
 * lists and their usual variants (capitals, digits, leetspeak, keyboard walks, dates).
 */
export const PASSWORD_MIN_SCORE = 3;

/** Whose password it is: a password may not contain their name or e-mail. */
export interface PasswordOwner {
  name: string;
  email: string;
}

/**
 * zxcvbn's matching grows faster than the length (2 s for 200 characters on a small server, on the event loop):
 * the estimate reads the first characters only, which decide whether a long password is a guessable one.
 */
export const PASSWORD_ESTIMATED_LENGTH = 40;

// Ranking the dictionaries takes tens of milliseconds: done once, on the first check.
let estimator: ZxcvbnFactory | undefined;
const strength = (password: string, userInputs: string[]) => {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator.check(password.slice(0, PASSWORD_ESTIMATED_LENGTH), userInputs).score;
};

/** Lower case without accents, so "Espérance" and "esperance" are the same word. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The parts of a person's identity a password may not contain: each word of the name and the e-mail's local
 * part, whole and in its words, when at least 3 characters long (shorter ones occur in too many words).
 */
export function identityPieces(owner: PasswordOwner): string[] {
  const local = fold(owner.email.split('@')[0] ?? '');
  const words = (s: string) => s.split(/[^\p{L}\p{N}]+/u);
  return [...new Set([...words(fold(owner.name)), local, ...words(local)])].filter((p) => p.length >= 3);
}

/** A rule a password breaks: in English words, and as a stable code with the values its sentence names. */
export interface PasswordProblem {
  message: string;
  code: `access.${string}`;
  params?: Record<string, string | number>;
}

/** The rule a new password breaks, or null when it meets them all. */
export function checkPassword(password: string, owner?: PasswordOwner): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH)
    return {
      message: `a password needs at least ${PASSWORD_MIN_LENGTH} characters`,
      code: 'access.password-too-short',
      params: { min: PASSWORD_MIN_LENGTH },
    };
  if (password.length > PASSWORD_MAX_LENGTH)
    return {
      message: `a password has at most ${PASSWORD_MAX_LENGTH} characters`,
      code: 'access.password-too-long',
      params: { max: PASSWORD_MAX_LENGTH },
    };
  const pieces = owner ? identityPieces(owner) : [];
  const folded = fold(password);
  const own = pieces.find((p) => folded.includes(p));
  if (own)
    return {
      message: `a password may not contain the user's own name or e-mail ("${own}")`,
      code: 'access.password-personal',
      params: { piece: own },
    };
  if (strength(password, pieces) < PASSWORD_MIN_SCORE)
    return {
      message:
        'this password is among the most common or too easy to guess; a few unrelated words make a strong one',
      code: 'access.password-weak',
    };
  return null;
}
