import { type BroadcastHeader, OwnershipLostError, type PartState } from '@comments-websocket/shared/store';

/**
 * BroadcastRecords kept in memory, with the same conditions as the DynamoDB one (a header and a
 * part are written once; only the owner of an unfinished part advances it; a takeover needs the
 * expected owner or a lapsed lease). Handler tests use it; tests/unit/broadcast-records.test.ts
 * checks the DynamoDB one against the same rules.
 */
export class MemoryBroadcastRecords {
  readonly headers = new Map<string, BroadcastHeader>();
  readonly parts = new Map<string, PartState>();
  /** Every call, in order: `<method> <broadcastId> <part>`. */
  readonly calls: string[] = [];

  async create(header: Omit<BroadcastHeader, 'startedAt'>): Promise<BroadcastHeader | undefined> {
    this.calls.push(`create ${header.broadcastId}`);
    const existing = this.headers.get(header.broadcastId);
    if (existing) return existing;
    this.headers.set(header.broadcastId, { ...header, startedAt: new Date().toISOString() });
    return undefined;
  }

  async saveResponse(broadcastId: string, response: { statusCode: number; body: string }): Promise<void> {
    this.calls.push(`saveResponse ${broadcastId}`);
    const header = this.headers.get(broadcastId);
    if (header) header.response = response;
  }

  async read(broadcastId: string): Promise<{ header: BroadcastHeader; parts: PartState[] } | undefined> {
    const header = this.headers.get(broadcastId);
    if (!header) return undefined;
    const parts = [...this.parts.entries()]
      .filter(([key]) => key.startsWith(`${broadcastId}/`))
      .map(([, state]) => structuredClone(state));
    return { header, parts };
  }

  async startPart(broadcastId: string, state: PartState): Promise<boolean> {
    this.calls.push(`startPart ${broadcastId} ${state.part}`);
    const key = `${broadcastId}/${state.part}`;
    if (this.parts.has(key)) return false;
    this.parts.set(key, structuredClone(state));
    return true;
  }

  async advance(
    broadcastId: string,
    owner: string,
    state: Pick<PartState, 'part' | 'plan' | 'report' | 'leaseUntil' | 'done'> & { nextOwner?: string },
  ): Promise<void> {
    this.calls.push(`advance ${broadcastId} ${state.part}${state.done ? ' done' : ''}`);
    const current = this.parts.get(`${broadcastId}/${state.part}`);
    if (!current || current.owner !== owner || current.done) throw new OwnershipLostError(broadcastId, state.part);
    const { nextOwner, ...rest } = structuredClone(state);
    Object.assign(current, rest, { owner: nextOwner ?? owner });
  }

  async acquire(broadcastId: string, part: number, owner: string, leaseUntil: number): Promise<PartState | undefined> {
    this.calls.push(`acquire ${broadcastId} ${part}`);
    const current = this.parts.get(`${broadcastId}/${part}`);
    if (!current || current.owner !== owner || current.done) return undefined;
    current.leaseUntil = leaseUntil;
    return structuredClone(current);
  }

  async takeOver(
    broadcastId: string,
    part: number,
    from: string | undefined,
    owner: string,
    leaseUntil: number,
  ): Promise<PartState | undefined> {
    this.calls.push(`takeOver ${broadcastId} ${part} from ${from ?? '(lapsed)'}`);
    const current = this.parts.get(`${broadcastId}/${part}`);
    if (!current || current.done) return undefined;
    if (from !== undefined ? current.owner !== from : current.leaseUntil >= Date.now()) return undefined;
    const { report } = current;
    const settled =
      report.delivered + report.stale + report.failed + report.skipped + report.unconfirmed + report.unreached;
    report.unconfirmed += Math.max(0, report.recipients - settled);
    Object.assign(current, { owner, leaseUntil, resumes: current.resumes + 1 });
    return structuredClone(current);
  }

  /** A part's state as stored (for assertions). */
  part(broadcastId: string, part: number): PartState | undefined {
    return this.parts.get(`${broadcastId}/${part}`);
  }
}
