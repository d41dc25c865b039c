/** What a failed zod parse reports (zod's full and mini builds alike). */
interface ParseIssues {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** "data.post_id: Invalid input: expected string, received undefined" - names the field a caller must fix. */
export function describeIssues(error: ParseIssues): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
