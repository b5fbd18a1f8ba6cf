/**
 * A problem's code is `area.what`: its sentence is `problems.what` in the area's catalogue (`common` for what
 * every area can say), in the reader's language.
 */
export const namespaceOf = (code: string | undefined) =>
  code?.includes('.') ? code.slice(0, code.indexOf('.')) : 'common';

/** The catalogue key of a code, `namespace:problems.what`. */
export const problemKey = (code: string) =>
  `${namespaceOf(code)}:problems.${code.slice(code.indexOf('.') + 1)}`;
