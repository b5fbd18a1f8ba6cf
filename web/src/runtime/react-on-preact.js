// The React API the app and its libraries import, run by Preact (docs/decisions/0017-preact-runtime.md):
// preact/compat, plus what it does not offer yet. Plain JavaScript: TypeScript under `nodenext` refuses to
// re-export preact/compat's `export =` types, and the app is type-checked against React's own types anyway.
import { useCallback, useState } from 'preact/compat';

export * from 'preact/compat';
export { default } from 'preact/compat';

/**
 * React 19's useOptimistic: the value shown while an action is under way, until the state it started from is
 * replaced by the real one. React Router imports it for its data-mode forms.
 */
export function useOptimistic(passthrough, reducer) {
  const [optimistic, setOptimistic] = useState(null);
  const value = optimistic && Object.is(optimistic.from, passthrough) ? optimistic.value : passthrough;
  const add = useCallback(
    (action) => setOptimistic({ from: passthrough, value: reducer ? reducer(value, action) : action }),
    [passthrough, reducer, value],
  );
  return [value, add];
}
