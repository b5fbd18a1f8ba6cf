/** The value if it is one of the choices, else '' (an unfiltered list): what a <select>'s string becomes. */
export function oneOf<T extends string>(choices: readonly T[], value: string | null): T | '' {
  return choices.find((c) => c === value) ?? '';
}
