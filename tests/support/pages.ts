/** Recipients as a paginated source under one index key, the way the connection store yields them. */
export async function* pagesOf(...pages: string[][]): AsyncIterable<{ key: string; ids: string[] }> {
  for (const ids of pages) yield { key: 'k', ids };
}

/** An SDK-shaped service error: recognised by name and status, as the real client builds them. */
export function serviceError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(name), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
  });
}
