/** Schemes of registration numbers an organisation may carry. */
export const REGISTRATION_SCHEMES = ['rccm', 'id_nat', 'nif', 'other'] as const;
export type RegistrationScheme = (typeof REGISTRATION_SCHEMES)[number];

const PATTERNS: Record<RegistrationScheme, { pattern: RegExp; example: string }> = {
  // Registre du commerce et du crédit mobilier (OHADA), e.g. CD/KZI/RCCM/19-B-00123.
  rccm: { pattern: /^CD\/[A-Z]{3}\/RCCM\/\d{2}-[A-B]-\d{1,6}$/, example: 'CD/KZI/RCCM/19-B-00123' },
  // Identification nationale, e.g. 05-H4901-N12345X.
  id_nat: { pattern: /^\d{2}-[A-Z0-9]{3,6}-[A-Z]\d{4,6}[A-Z]?$/, example: '05-H4901-N12345X' },
  // Numéro d'impôt, e.g. A1234567B.
  nif: { pattern: /^[A-Z]\d{7}[A-Z]$/, example: 'A1234567B' },
  other: { pattern: /^[\p{L}\p{N}][\p{L}\p{N} ./-]{0,62}$/u, example: 'ZA-2019/012345' },
};

/** Normalises a registration number (trimmed, upper case, inner spaces collapsed). */
export function normaliseRegistrationNumber(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toUpperCase();
}

/**
 * Returns null when the number fits its scheme, else what is expected: in English words, and as a stable code with
 * the scheme and an example, for the reader's language.
 */
export function checkRegistrationNumber(
  scheme: RegistrationScheme,
  value: string,
): {
  message: string;
  code: 'actors.registration-format';
  params: { scheme: string; example: string };
} | null {
  const { pattern, example } = PATTERNS[scheme];
  return pattern.test(normaliseRegistrationNumber(value))
    ? null
    : {
        message: `not a valid ${scheme.toUpperCase()} number; expected the form ${example}`,
        code: 'actors.registration-format',
        params: { scheme: scheme.toUpperCase(), example },
      };
}
