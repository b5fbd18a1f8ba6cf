// The React API the app and its libraries import, run by Preact (docs/decisions/0017-preact-runtime.md):
// preact/compat, plus what it does not offer yet.
import { useCallback, useState } from 'preact/compat';

export * from 'preact/compat';
export { default } from 'preact/compat';

/**
 * React 19's useOptimistic: the value shown while an action is under way, until the state it started from is
 * replaced by the real one. React Router imports it for its data-mode forms.
 */
export function useOptimistic<S, A = S>(passthrough: S, reducer?: (state: S, action: A) => S) {
  const [optimistic, setOptimistic] = useState<{ from: S; value: S } | null>(null);
  const value = optimistic && Object.is(optimistic.from, passthrough) ? optimistic.value : passthrough;
  const add = useCallback(
    (action: A) =>
      setOptimistic({ from: passthrough, value: reducer ? reducer(value, action) : (action as unknown as S) }),
    [passthrough, reducer, value],
  );
  return [value, add] as const;
}
