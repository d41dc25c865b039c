import { type FSWatcher, watch } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Application } from '../template/application';

/**
 * The folders whose sources make up what runs: each esbuild function's entry folders, each plain
 * code folder (the project root itself excepted: too much to watch), and each layer.
 */
export function sourceFolders(app: Application, root: string): string[] {
  const folders = new Set<string>();
  for (const fn of app.functions.values()) {
    for (const entry of (fn.buildProperties.EntryPoints ?? []) as string[])
      folders.add(dirname(resolve(root, fn.codeUri, entry)));
    const plain =
      fn.buildMethod === undefined && fn.inlineCode === undefined && fn.packageType !== 'Image' && !fn.unavailable;
    if (plain && resolve(root, fn.codeUri) !== resolve(root)) folders.add(resolve(root, fn.codeUri));
  }
  for (const layer of app.layers.values()) folders.add(resolve(root, layer.contentUri));
  return [...folders];
}

/** Calls `onChange` once per burst of edits (editors write several times per save). */
export function watchSources(folders: string[], onChange: () => void, debounceMs = 150): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = folders.map((folder) =>
    watch(folder, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
