// @fastify/rate-limit's in-process store ships no types of its own: the part Amana uses (decision 0055).
declare module '@fastify/rate-limit/store/LocalStore.js' {
  export default class LocalStore {
    constructor(continueExceeding?: boolean, exponentialBackoff?: boolean, cache?: number);
    incr(
      key: string,
      cb: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void;
    read(key: string, cb: (error: Error | null, result?: { current: number; ttl: number }) => void): void;
    child(params: object): LocalStore;
  }
}
