import type { ParameterDeclaration } from './parameter-checks';
import { readFileSync } from 'node:fs';
import { type ScalarTag, type CollectionTag, parse } from 'yaml';

/** CloudFormation's short-form tags, read into their long JSON form (`!Ref X` -> `{Ref: 'X'}`). */
const INTRINSICS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'Condition',
  'Ref',
  'GetAtt',
  'ToJsonString',
  'Length',
];

function keyFor(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function tagsFor(name: string): (ScalarTag | CollectionTag)[] {
  const key = keyFor(name);
  const scalar: ScalarTag = {
    tag: `!${name}`,
    resolve: (value: string) =>
      // `!GetAtt Resource.Attribute` is the one short form whose scalar means a list.
      ({
        [key]: name === 'GetAtt' ? [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)] : value,
      }),
  };
  const seq: CollectionTag = {
    tag: `!${name}`,
    collection: 'seq',
    resolve: (value) => ({ [key]: (value as unknown as { toJSON(): unknown }).toJSON() }),
  };
  const map: CollectionTag = {
    tag: `!${name}`,
    collection: 'map',
    resolve: (value) => ({ [key]: (value as unknown as { toJSON(): unknown }).toJSON() }),
  };
  return [scalar, seq, map];
}

const customTags = INTRINSICS.flatMap(tagsFor);

export type Template = {
  Parameters?: Record<string, ParameterDeclaration>;
  Conditions?: Record<string, unknown>;
  Globals?: { Function?: Record<string, unknown>; [kind: string]: unknown };
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value: unknown }>;
  [section: string]: unknown;
};

export type TemplateResource = {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
};

export function parseTemplate(text: string): Template {
  return parse(text, { customTags, maxAliasCount: -1 }) as Template;
}

export function readTemplate(path: string): Template {
  return parseTemplate(readFileSync(path, 'utf8'));
}
