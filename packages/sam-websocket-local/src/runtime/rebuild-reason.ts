import { relative, resolve, sep } from 'node:path';
import type { Application } from '../template/application';
import { ownFolders } from './watch';

const inside = (file: string, folder: string) => file === folder || file.startsWith(folder + sep);

/** The functions whose code a changed file is part of: their own folders, and the layers they name. */
export function affectedFunctions(app: Application, root: string, files: string[]): string[] {
  const layerFolders = new Map(
    [...app.layers.values()].map((layer) => [layer.logicalId, resolve(root, layer.contentUri)]),
  );
  return [...app.functions.values()]
    .filter((fn) => {
      const folders = [
        ...ownFolders(fn, root),
        ...fn.layers.map((id) => layerFolders.get(id)).filter((f) => f !== undefined),
      ];
      return files.some((file) => folders.some((folder) => inside(file, folder)));
    })
    .map((fn) => fn.logicalId);
}

/** "BroadcastFunction, FanoutWorkerFunction: layers/shared/src/fanout/fan-out.ts changed", for the log. */
export function rebuildReason(app: Application, root: string, files: string[]): string {
  const functions = affectedFunctions(app, root, files);
  const named =
    functions.length === 0
      ? 'every function'
      : functions.length <= 4
        ? functions.join(', ')
        : `${functions.slice(0, 3).join(', ')} and ${functions.length - 3} more functions`;
  const shown = files.slice(0, 2).map((file) => relative(root, file));
  const more = files.length > 2 ? ` and ${files.length - 2} more files` : '';
  return `${named}: ${shown.join(', ')}${more} changed`;
}
