/** What every client receives: the seed contract's `{type, data, timestamp}`, plus the topic when targeted. */
export interface OutboundMessage {
  type: string;
  data: unknown;
  timestamp: string;
  topic?: string;
}

export function encodeOutbound(message: OutboundMessage): Uint8Array {
  return Buffer.from(JSON.stringify(message), 'utf8');
}
