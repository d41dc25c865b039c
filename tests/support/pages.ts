/** Recipients as a paginated source, the way the connection store yields them. */
export async function* pagesOf(...pages: string[][]): AsyncIterable<string[]> {
  for (const page of pages) yield page;
}

/** An SDK-shaped service error: recognised by name and status, as the real client builds them. */
export function serviceError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(name), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode } });
}
