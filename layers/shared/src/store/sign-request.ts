/**
 * The layer's one SigV4 signer (aws4), for DynamoDB here and for @connections in `/fanout`, which
 * imports it from this entry: bundled into both, aws4 was parsed twice at a Broadcast cold start.
 */
export { sign as signRequest } from 'aws4';
