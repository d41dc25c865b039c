/** The logical ids a value refers to through Ref, GetAtt or ${...} in a Sub. */
export function referencedIds(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return [record.Ref];
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0]];
  const sub = record['Fn::Sub'];
  if (sub !== undefined) {
    const text = Array.isArray(sub) ? sub[0] : sub;
    const names = [...String(text).matchAll(/\$\{([^!}][^}]*)\}/g)].map((match) => match[1]!.split('.')[0]!);
    return Array.isArray(sub) ? [...names, ...referencedIds(sub[1])] : names;
  }
  return Object.values(record).flatMap(referencedIds);
}
