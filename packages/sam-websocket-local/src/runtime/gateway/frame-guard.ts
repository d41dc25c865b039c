/**
 * Watches the raw bytes a client sends and reports each data frame's payload length. `ws` limits
 * whole messages only; API Gateway also limits single frames (32 KB), so frames are measured here,
 * before `ws` reads them.
 */
export class FrameGuard {
  private header = Buffer.alloc(0);
  private skip = 0;

  constructor(private readonly onFrame: (payloadLength: number, opcode: number) => void) {}

  feed(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.skip > 0) {
        const step = Math.min(this.skip, chunk.length - offset);
        this.skip -= step;
        offset += step;
        continue;
      }
      const take = Math.min(14 - this.header.length, chunk.length - offset);
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + take)]);
      offset += take;
      const parsed = this.parseHeader();
      if (!parsed) continue;
      // Bytes of the 14 we took beyond the header belong to the payload.
      const extra = this.header.length - parsed.headerLength;
      offset -= extra;
      this.header = Buffer.alloc(0);
      this.skip = parsed.payloadLength;
      this.onFrame(parsed.payloadLength, parsed.opcode);
    }
  }

  private parseHeader(): { headerLength: number; payloadLength: number; opcode: number } | undefined {
    if (this.header.length < 2) return undefined;
    const opcode = this.header[0]! & 0x0f;
    const masked = (this.header[1]! & 0x80) !== 0;
    let length = this.header[1]! & 0x7f;
    let headerLength = 2;
    if (length === 126) {
      if (this.header.length < 4) return undefined;
      length = this.header.readUInt16BE(2);
      headerLength = 4;
    } else if (length === 127) {
      if (this.header.length < 10) return undefined;
      length = Number(this.header.readBigUInt64BE(2));
      headerLength = 10;
    }
    if (masked) headerLength += 4;
    if (this.header.length < headerLength) return undefined;
    return { headerLength, payloadLength: length, opcode };
  }
}
