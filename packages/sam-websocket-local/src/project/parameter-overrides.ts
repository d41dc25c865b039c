/**
 * `--parameter-overrides` as SAM CLI reads it: `Key=Value` pairs separated by spaces, values
 * optionally in double quotes (a space inside quotes belongs to the value), or the CloudFormation
 * form `ParameterKey=Key,ParameterValue=Value`.
 */
export function parseParameterOverrides(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const pair = /ParameterKey=([^,\s]+),ParameterValue=("(?:[^"\\]|\\.)*"|\S*)|([A-Za-z0-9]+)=("(?:[^"\\]|\\.)*"|\S*)/g;
  const unquote = (value: string) =>
    value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
  let rest = text.trim();
  for (const match of text.matchAll(pair)) {
    const [whole, cfnKey, cfnValue, key, value] = match;
    if (cfnKey !== undefined) result[cfnKey] = unquote(cfnValue ?? '');
    else result[key!] = unquote(value ?? '');
    rest = rest.replace(whole, '').trim();
  }
  if (rest)
    throw new Error(
      `Could not read "${rest.slice(0, 60)}" in the parameter overrides; write Key=Value pairs separated by spaces`,
    );
  return result;
}
