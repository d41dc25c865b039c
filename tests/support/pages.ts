/** Recipients as a paginated source under one index key, the way the connection store yields them. */
export async function* pagesOf(...pages: string[][]): AsyncIterable<{ key: string; ids: string[] }> {
  for (const ids of pages) yield { key: 'k', ids };
}

/** Every page a recipient source yields, as [key, ids]. */
export async function readPages(pages: AsyncIterable<{ key: string; ids: string[] }>): Promise<[string, string[]][]> {
  const out: [string, string[]][] = [];
  for await (const page of pages) out.push([page.key, page.ids]);
  return out;
}

/** An SDK-shaped service error: recognised by name and status, as the real client builds them. */
export function serviceError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(name), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
  });
}
