import { MAX_MESSAGE_BYTES, badRequest, parseJsonBody, payloadTooLarge } from '../core';
import { broadcastRequestSchema, commentsBroadcastSchema } from './broadcast-request';
import { type OutboundMessage, encodeOutbound } from './outbound-message';
import { postTopic } from '../messages/topic';

interface BroadcastEvent {
  resource?: string | null;
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface Broadcast {
  message: OutboundMessage;
  payload: Uint8Array;
}

/** Turns a REST request to one of the broadcast resources into the message every recipient gets. */
export function readBroadcast(event: BroadcastEvent, now = new Date()): Broadcast {
  const timestamp = now.toISOString();
  let message: OutboundMessage;
  if (event.resource === '/broadcast/comments') {
    const request = parseJsonBody(event, commentsBroadcastSchema);
    message = { type: request.type, data: request.data, timestamp, topic: postTopic(request.data.post_id) };
  } else if (event.resource === '/broadcast') {
    const request = parseJsonBody(event, broadcastRequestSchema);
    message = { type: request.type, data: request.data ?? null, timestamp, topic: request.topic };
  } else {
    throw badRequest(`No broadcast at ${String(event.resource)}; use /broadcast or /broadcast/comments`);
  }
  const payload = encodeOutbound(message);
  if (payload.byteLength > MAX_MESSAGE_BYTES) {
    throw payloadTooLarge(
      `The message would be ${payload.byteLength} bytes; API Gateway's limit is ${MAX_MESSAGE_BYTES}`,
    );
  }
  return { message, payload };
}
