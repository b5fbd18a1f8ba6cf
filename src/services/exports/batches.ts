/** A page of a list as its route answers it. */
export interface ListPage {
  items: readonly unknown[];
  nextCursor: string | null;
}

/** Thrown when an export runs past its row limit after its first rows were sent: the download fails. */
export class ExportCutOff extends Error {}

/**
 * The rows of a list batch after batch, from its first page on, asking for the next page only when the writer
 * wants more (so that a slow reader holds the database back rather than filling memory). At most `max` rows:
 * a list longer than that ends in an error, so that a download is never delivered short as if it were whole.
 */
export async function* limitedBatches(
  first: ListPage,
  next: (cursor: string) => Promise<ListPage>,
  max: number,
  gone: () => boolean = () => false,
): AsyncGenerator<readonly unknown[]> {
  let page = first;
  let sent = 0;
  for (;;) {
    const room = max - sent;
    if (page.items.length > room) {
      yield page.items.slice(0, room);
      throw new ExportCutOff(`the export holds more than ${max} rows`);
    }
    yield page.items;
    sent += page.items.length;
    if (!page.nextCursor || gone()) return;
    if (sent === max) throw new ExportCutOff(`the export holds more than ${max} rows`);
    page = await next(page.nextCursor);
  }
}
