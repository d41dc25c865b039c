import { join, resolve } from 'node:path';

/** The repository root: everything the local tools read is found from here. */
export const projectRoot = resolve(__dirname, '..');
export const templatePath = join(projectRoot, 'template.yaml');
