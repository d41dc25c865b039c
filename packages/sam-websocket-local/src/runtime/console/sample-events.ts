import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SampleEvent {
  name: string;
  /** The file's text as written (it may not be JSON: the page shows it and the invoke refuses it). */
  text: string;
}

/** The project's `events/*.json`, as `sam local invoke -e` and `npm run invoke` take them; read on each request so edits show. */
export function sampleEvents(projectRoot: string): SampleEvent[] {
  const folder = join(projectRoot, 'events');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(folder, name), 'utf8') }));
}
