import { randomBytes } from 'node:crypto';

/** API Gateway's ids look like `Lg0Ab3KqoAMCJsw=`: 11 random bytes in base64. */
export const newConnectionId = () => randomBytes(11).toString('base64');
export const newRequestId = () => randomBytes(11).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
