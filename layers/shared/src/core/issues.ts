import type { z } from 'zod';

/** "data.post_id: Invalid input: expected string, received undefined" - names the field a caller must fix. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
