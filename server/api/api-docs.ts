/**
 * `/api/docs`: the OpenAPI document rendered as one plain HTML page (no script, no CDN), so the
 * human-readable reference cannot drift from the spec: each route's parameters, the fields of
 * its body, its answers and the error codes each one can carry, then every named schema field
 * by field.
 */
import { escapeHtml } from '../notify/email.js';

/** The part of JSON Schema (as zod-to-openapi writes it) that the page reads. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  prefixItems?: Schema[];
  additionalProperties?: Schema | boolean;
  enum?: unknown[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
  nullable?: boolean;
}

interface Media {
  schema?: Schema;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Schema }[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
}

interface Spec {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
/** Descriptions use Markdown's backticks for names; nothing else of Markdown. */
const prose = (text = '') => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
const refName = (ref: string) => ref.split('/').pop() ?? ref;
const link = (ref: string) => `<a href="#${escapeHtml(refName(ref))}">${escapeHtml(refName(ref))}</a>`;

function keyLabel(security: Operation['security']): string {
  if (!security?.length) return ' <small class="public">public</small>';
  const schemes = security.flatMap((requirement) => Object.keys(requirement));
  return ` <small>${schemes.includes('memberKey') ? 'admin or member key' : 'admin key'}</small>`;
}

function limits(schema: Schema): string {
  const parts: string[] = [];
  if (schema.format) parts.push(schema.format);
  if (schema.maxLength !== undefined) parts.push(schema.minLength ? `${schema.minLength}–${schema.maxLength} characters` : `at most ${schema.maxLength} characters`);
  else if (schema.minLength) parts.push(`at least ${schema.minLength} characters`);
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.minItems) parts.push(`at least ${schema.minItems}`);
  if (schema.pattern) parts.push(`matching ${code(schema.pattern)}`);
  return parts.length ? ` <small class="limits">${parts.join(', ')}</small>` : '';
}

/** A schema in a few words: a link for a named one, the values of an enum, `array of …`. */
function typeOf(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return link(schema.$ref);
  if (schema.enum) return schema.enum.map((v) => code(JSON.stringify(v))).join(' | ');
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return variants.map(variantOf).join(' | ');
  if (schema.allOf) return schema.allOf.map(typeOf).join(' & ');
  if (schema.prefixItems) return `[${schema.prefixItems.map(typeOf).join(', ')}]`;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array') return `array of ${typeOf(schema.items)}`;
  if (type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object') return `map of ${typeOf(schema.additionalProperties)}`;
  return `${escapeHtml(type ?? 'any')}${schema.nullable ? ' | null' : ''}${limits(schema)}`;
}

/** One variant of a union: an inline object reads as `{type: "ics", url}`. */
function variantOf(schema: Schema): string {
  if (!schema.properties) return typeOf(schema);
  const keys = Object.entries(schema.properties).map(([name, p]) =>
    p.enum?.length === 1 ? `${escapeHtml(name)}: ${code(JSON.stringify(p.enum[0]))}` : escapeHtml(name),
  );
  return `{${keys.join(', ')}}`;
}

/** Rows of a fields table; inline objects (and arrays of them) are spelled out as `a.b`, `a[].b`. */
function fieldRows(schema: Schema, prefix = ''): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, field]) => {
    const path = `${prefix}${name}`;
    const notes = [prose(field.description), field.default !== undefined ? `default ${code(JSON.stringify(field.default))}` : '']
      .filter(Boolean)
      .join(' · ');
    const row = `<tr><td>${code(path)}</td><td>${typeOf(field)}</td><td>${required.has(name) ? 'required' : ''}</td><td>${notes}</td></tr>`;
    const nested = field.properties ? fieldRows(field, `${path}.`) : field.items?.properties ? fieldRows(field.items, `${path}[].`) : [];
    return [row, ...nested];
  });
}

function fieldsTable(schema: Schema): string {
  const rows = fieldRows(schema);
  return rows.length ? `<table><tr><th>field</th><th>type</th><th></th><th></th></tr>${rows.join('')}</table>` : `<p>${typeOf(schema)}</p>`;
}

function parametersTable(parameters: NonNullable<Operation['parameters']>): string {
  const rows = parameters.map(
    (p) => `<tr><td>${code(p.name)}</td><td>${p.in}</td><td>${typeOf(p.schema)}</td><td>${p.required ? 'required' : ''}</td><td>${prose(p.description)}</td></tr>`,
  );
  return `<h3>Parameters</h3><table><tr><th>name</th><th>in</th><th>type</th><th></th><th></th></tr>${rows.join('')}</table>`;
}

function requestBody(body: NonNullable<Operation['requestBody']>, components: Record<string, Schema>): string {
  const schema = body.content?.['application/json']?.schema;
  if (!schema) return '';
  const named = schema.$ref ? components[refName(schema.$ref)] : undefined;
  const title = `Body${body.required ? '' : ' (optional)'}: ${schema.$ref ? link(schema.$ref) : 'JSON'} — ${prose(body.description)}`;
  return `<h3>${title}</h3>${fieldsTable(named ?? schema)}`;
}

/** The codes an error answer narrows `error.code` to (`errors()` in route-docs.ts). */
function errorCodesOf(schema: Schema | undefined): string[] {
  const narrowing = schema?.allOf?.find((part) => part.properties?.error);
  const codes = narrowing?.properties?.error?.properties?.code?.enum;
  return (codes ?? []).map(String);
}

function responses(list: NonNullable<Operation['responses']>): string {
  const items = Object.entries(list).map(([status, response]) => {
    const media = Object.entries(response.content ?? {})[0];
    const codes = errorCodesOf(media?.[1].schema);
    if (codes.length) return `<li>${code(status)} ${codes.map(code).join(', ')}<br><small>${prose(response.description)}</small></li>`;
    const shape = media ? ` — ${media[0] === 'application/json' ? typeOf(media[1].schema) : escapeHtml(media[0])}` : '';
    return `<li>${code(status)} ${prose(response.description)}${shape}</li>`;
  });
  return `<h3>Answers</h3><ul>${items.join('')}</ul>`;
}

function operation(path: string, method: string, op: Operation, components: Record<string, Schema>): string {
  const id = escapeHtml(op.operationId ?? `${method}-${path}`);
  return `<section id="${id}"><h2><code>${method.toUpperCase()} /api${escapeHtml(path)}</code>${keyLabel(op.security)}</h2>
<p>${prose(op.summary)}</p>${op.description ? `<p>${prose(op.description)}</p>` : ''}
${op.parameters?.length ? parametersTable(op.parameters) : ''}${op.requestBody ? requestBody(op.requestBody, components) : ''}
${responses(op.responses ?? {})}</section>`;
}

function schemaSection(name: string, schema: Schema): string {
  const body = schema.properties ? fieldsTable(schema) : `<p>${typeOf(schema)}</p>`;
  const description = schema.description ? `<p>${prose(schema.description).replace(/\n/g, '<br>')}</p>` : '';
  return `<section id="${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${description}${body}</section>`;
}

export function apiDocsHtml(spec: Spec): string {
  const components = spec.components?.schemas ?? {};
  const operations = Object.entries(spec.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => operation(path, method, op, components)),
  );
  const schemas = Object.entries(components).map(([name, schema]) => schemaSection(name, schema));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(spec.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem}h2{font-size:1.05rem;margin-top:2.5rem}h3{font-size:.95rem;margin:1rem 0 .3rem}
small{background:#fde68a;padding:0 .3rem;border-radius:3px}small.public{background:#bbf7d0}small.limits{background:none;color:#555}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #e4e4e7;padding:.25rem .5rem;text-align:left;vertical-align:top}
li{margin:.2rem 0}li small{background:none;color:#444}</style></head>
<body><h1>${escapeHtml(spec.info.title)} <small>${escapeHtml(spec.info.version)}</small></h1><p>${prose(spec.info.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Every error has the <a href="#Error">Error</a> shape; each route lists the codes it can answer.</p>
${operations.join('\n')}<h2>Schemas</h2>${schemas.join('\n')}</body></html>`;
}
