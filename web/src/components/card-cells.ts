import { type RefObject, useLayoutEffect } from 'react';

/**
 * Gives every body cell of a table the label of its column (`data-label`), so that on a phone, where the styles
 * turn each row into a card (`table.cards`), each value reads with its label instead of the table running off the
 * screen. Runs after every render: rows come and go as pages load.
 */
export function useCardCells(table: RefObject<HTMLTableElement | null>, labels: readonly string[]): void {
  useLayoutEffect(() => {
    for (const row of table.current?.tBodies[0]?.rows ?? [])
      for (const [i, cell] of [...row.cells].entries())
        if (labels[i] && cell.dataset.label !== labels[i]) cell.dataset.label = labels[i];
  });
}
