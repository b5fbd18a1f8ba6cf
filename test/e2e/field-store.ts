// Reading the field app's store as IndexedDB holds it, in the page: raw (sealed), or opened with the PIN the way
// an attacker who knew it would, from the lock in localStorage (decision 0045). The tests never go through the
// app's own code to read it.
import type { Page } from 'playwright-core';

/** Every row of a table as IndexedDB holds it, sealed, with its blobs' bytes as text (Latin-1) to search in. */
export const rawRows = (page: Page, table: string) =>
  page.evaluate(
    (table) =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = indexedDB.open('amana-field');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains(table)) {
            db.close();
            return resolve([]);
          }
          const all = db.transaction(table).objectStore(table).getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result);
          };
        };
      }),
    table,
  );

/**
 * The whole store as bytes an attacker with the phone's files would read: every value of every table, ArrayBuffers
 * and blobs included, as Latin-1 text, to search for what was typed.
 */
export const rawStoreText = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const req = indexedDB.open('amana-field');
        req.onerror = () => reject(req.error);
        req.onsuccess = async () => {
          const db = req.result;
          const names = [...db.objectStoreNames];
          const parts: string[] = [];
          const bytes = (b: ArrayBuffer | ArrayBufferView) =>
            new TextDecoder('latin1').decode(b instanceof ArrayBuffer ? new Uint8Array(b) : b);
          const walk = async (v: unknown): Promise<void> => {
            if (v instanceof Blob) parts.push(bytes(await v.arrayBuffer()));
            else if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) parts.push(bytes(v as ArrayBuffer));
            else if (Array.isArray(v)) for (const x of v) await walk(x);
            else if (v && typeof v === 'object') for (const x of Object.values(v)) await walk(x);
            else parts.push(String(v));
          };
          for (const name of names) {
            const rows = await new Promise<unknown[]>((r) => {
              const all = db.transaction(name).objectStore(name).getAll();
              all.onsuccess = () => r(all.result);
            });
            await walk(rows);
          }
          db.close();
          resolve(parts.join('\n'));
        };
      }),
  );

/** Every row of a table opened with the PIN: PBKDF2 over the PIN and the lock's salt, AES-GCM, as decision 0045. */
export const openedRows = <T>(page: Page, table: string, pin: string) =>
  page.evaluate(
    async ({ table, pin }) => {
      const lock = JSON.parse(localStorage.getItem('amana.field.lock') ?? 'null');
      if (!lock) throw new Error('no PIN lock on this phone');
      const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
      const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
        'deriveKey',
      ]);
      const key = await crypto.subtle.deriveKey(
        { name: 'PBKDF2', hash: 'SHA-256', salt: b64(lock.salt), iterations: lock.iterations },
        material,
        { name: 'AES-GCM', length: 256 },
        false,
        ['decrypt'],
      );
      const rows = await new Promise<{ $sealed: { iv: Uint8Array; data: ArrayBuffer } }[]>(
        (resolve, reject) => {
          const req = indexedDB.open('amana-field');
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const all = req.result.transaction(table).objectStore(table).getAll();
            all.onsuccess = () => {
              req.result.close();
              resolve(all.result);
            };
          };
        },
      );
      return Promise.all(
        rows.map(async (r) =>
          JSON.parse(
            new TextDecoder().decode(
              await crypto.subtle.decrypt(
                { name: 'AES-GCM', iv: r.$sealed.iv as Uint8Array<ArrayBuffer> },
                key,
                r.$sealed.data,
              ),
            ),
          ),
        ),
      );
    },
    { table, pin },
  ) as Promise<T[]>;

/** Whether the phone holds a store at all (a wiped phone holds none until the app opens it again). */
export const storeExists = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'amana-field'));
