/** What a route schema's validator says of one value (a Zod issue as fastify-type-provider-zod hands it over). */
export interface ValidationIssue {
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? v : undefined);

/** A stable problem code and the values its sentence names (the shape of services' `Coded`). */
export interface IssueCode {
  code: `${string}.${string}`;
  params?: Record<string, string | number>;
}

/**
 * The stable code and values of a schema refusal, so that the web says it in the reader's language: the same for
 * the server's validation and the browser's check of a form with the same schema.
 */
export function validationCode(issue: ValidationIssue): IssueCode {
  const p = issue.params ?? {};
  const origin = p.origin;
  const limit = (key: 'maximum' | 'minimum') => {
    const v = text(p[key]);
    return v === undefined ? undefined : { limit: v };
  };
  switch (issue.keyword) {
    case 'invalid_type':
      if (issue.message?.includes('received undefined')) return { code: 'common.field.required' };
      return { code: 'common.field.type', params: { expected: String(p.expected ?? '') } };
    case 'too_big':
      return {
        code:
          origin === 'string'
            ? 'common.field.too-long'
            : origin === 'array' || origin === 'set'
              ? 'common.field.too-many'
              : 'common.field.too-big',
        params: limit('maximum'),
      };
    case 'too_small':
      if (origin === 'string' && Number(p.minimum) === 1) return { code: 'common.field.required' };
      return {
        code:
          origin === 'string'
            ? 'common.field.too-short'
            : origin === 'array' || origin === 'set'
              ? 'common.field.too-few'
              : 'common.field.too-small',
        params: limit('minimum'),
      };
    case 'invalid_format':
      return { code: 'common.field.format', params: { format: String(p.format ?? '') } };
    case 'invalid_value':
      return {
        code: 'common.field.one-of',
        params: { values: Array.isArray(p.values) ? p.values.map(String).join(', ') : '' },
      };
    case 'unrecognized_keys':
      return {
        code: 'common.field.unknown',
        params: { keys: Array.isArray(p.keys) ? p.keys.map(String).join(', ') : '' },
      };
    case 'custom': {
      // A refinement names its own code: ctx.addIssue({ code: 'custom', message, params: { code, values } }).
      const own = p.params as { code?: unknown; values?: Record<string, string | number> } | undefined;
      if (typeof own?.code === 'string' && own.code.includes('.'))
        return { code: own.code as IssueCode['code'], ...(own.values ? { params: own.values } : {}) };
      return { code: 'common.field.invalid' };
    }
    default:
      return { code: 'common.field.invalid' };
  }
}
