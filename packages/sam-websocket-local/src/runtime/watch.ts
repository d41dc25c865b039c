import { type FSWatcher, watch } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Application, FunctionSpec } from '../template/application';

/**
 * The folders whose sources make up what runs: each esbuild function's entry folders, each plain
 * code folder (the project root itself excepted: too much to watch), and each layer.
 */
export function sourceFolders(app: Application, root: string): string[] {
  const folders = new Set<string>();
  for (const fn of app.functions.values()) for (const folder of ownFolders(fn, root)) folders.add(folder);
  for (const layer of app.layers.values()) folders.add(resolve(root, layer.contentUri));
  return [...folders];
}

/** A function's own source folders: its esbuild entries' folders, or its plain code folder. */
export function ownFolders(fn: FunctionSpec, root: string): string[] {
  const folders = ((fn.buildProperties.EntryPoints ?? []) as string[]).map((entry) =>
    dirname(resolve(root, fn.codeUri, entry)),
  );
  const plain =
    fn.buildMethod === undefined && fn.inlineCode === undefined && fn.packageType !== 'Image' && !fn.unavailable;
  if (plain && resolve(root, fn.codeUri) !== resolve(root)) folders.push(resolve(root, fn.codeUri));
  return folders;
}

/** Calls `onChange` once per burst of edits (editors write several times per save), with the files changed. */
export function watchSources(folders: string[], onChange: (files: string[]) => void, debounceMs = 150): () => void {
  let timer: NodeJS.Timeout | undefined;
  let changed = new Set<string>();
  const watchers: FSWatcher[] = folders.map((folder) =>
    watch(folder, { recursive: true }, (_event, name) => {
      changed.add(name ? join(folder, name.toString()) : folder);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const files = [...changed];
        changed = new Set();
        onChange(files);
      }, debounceMs);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
