import { randomBytes } from 'node:crypto';

const PROCESS_QUERY_KEY_BYTES = 32;
/** Random bytes for the next keys, fetched for KEYS_PER_FETCH keys at once (one call into the system's generator, not one per send). */
const KEYS_PER_FETCH = 256;
let keyBytes = Buffer.alloc(0);
let nextKeyAt = 0;

/** The base64 alphabet in the byte order SQLite compares text in, so that time prefixes sort as their times do. */
const ORDERED_BASE64 = '+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Characters of the send time (ms) a key starts with: 48 bits, past the year 10,000. */
const TIME_PREFIX_CHARS = 8;

/**
 * A message's key, in base64 like DingTalk's (44 characters, `+`, `/` and a final `=`): the send time `at` in
 * ORDERED_BASE64, then random characters (208 bits, so the key stays unguessable; each random byte serves one key
 * only). Keys sent close together sort close together, so the primary keys of `messages` and `deliveries` grow at
 * their end instead of at random places of their indexes (docs/benchmarks.md, the rows of a send).
 */
export function newProcessQueryKey(at: number): string {
  if (nextKeyAt + PROCESS_QUERY_KEY_BYTES > keyBytes.length) {
    keyBytes = randomBytes(PROCESS_QUERY_KEY_BYTES * KEYS_PER_FETCH);
    nextKeyAt = 0;
  }
  const random = keyBytes.toString('base64', nextKeyAt, nextKeyAt + PROCESS_QUERY_KEY_BYTES);
  nextKeyAt += PROCESS_QUERY_KEY_BYTES;
  return timePrefix(at) + random.slice(TIME_PREFIX_CHARS);
}

function timePrefix(at: number): string {
  let prefix = '';
  let rest = Math.max(0, Math.floor(at));
  for (let i = 0; i < TIME_PREFIX_CHARS; i++) {
    prefix = ORDERED_BASE64[rest % 64] + prefix;
    rest = Math.floor(rest / 64);
  }
  return prefix;
}
