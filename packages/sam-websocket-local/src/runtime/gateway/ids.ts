import { randomFillSync } from 'node:crypto';

const ID_BYTES = 11;
/** Random bytes drawn a page at a time: every message takes two ids, and each draw is a call into OpenSSL. */
const pool = Buffer.alloc(ID_BYTES * 372);
let used = pool.length;

function randomId(): Buffer {
  if (used + ID_BYTES > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += ID_BYTES;
  return pool.subarray(used - ID_BYTES, used);
}

/** API Gateway's ids look like `Lg0Ab3KqoAMCJsw=`: 11 random bytes in base64. */
export const newConnectionId = () => randomId().toString('base64');
/** The same in the URL-safe alphabet, padding kept, as API Gateway's request ids are. */
export const newRequestId = () => `${randomId().toString('base64url')}=`;
