import { join } from 'node:path';
import { type Template, readTemplate } from 'sam-websocket-local/internal';

export const projectRoot = join(__dirname, '..', '..');

/** A fresh copy of the real template each call, safe to mutate in a negative test. */
export function loadTemplate(): Template {
  return readTemplate(join(projectRoot, 'template.yaml'));
}
