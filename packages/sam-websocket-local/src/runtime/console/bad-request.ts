/** A request the console answers 400, with this message. */
export class BadRequest extends Error {}
