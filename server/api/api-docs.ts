/**
 * `/api/docs`: the OpenAPI document rendered as one plain HTML page (no script, no CDN), so the
 * human-readable reference cannot drift from the spec.
 */
import { escapeHtml } from '../notify/email.js';

interface Operation {
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
}

interface Spec {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const schemaName = (schema: unknown) => {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  return ref ? ref.split('/').pop() : 'object';
};

const keyLabel = (security: Operation['security']) => {
  if (!security) return '';
  const schemes = security.flatMap((requirement) => Object.keys(requirement as object));
  return ` <small>${schemes.includes('memberKey') ? 'admin or member key' : 'admin key'}</small>`;
};

export function apiDocsHtml(spec: Spec): string {
  const operations = Object.entries(spec.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (op.parameters ?? []).map((p) => `<code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''})`).join(', ');
      const body = op.requestBody?.content?.['application/json']?.schema;
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><code>${status}</code> ${escapeHtml(r.description ?? '')}</li>`)
        .join('');
      return `<section><h2><code>${method.toUpperCase()} /api${escapeHtml(path)}</code>${keyLabel(op.security)}</h2>
<p>${escapeHtml(op.summary ?? '')}</p>${params ? `<p>Parameters: ${params}</p>` : ''}${body ? `<p>Body: <a href="#${schemaName(body)}">${escapeHtml(schemaName(body) ?? '')}</a></p>` : ''}<ul>${responses}</ul></section>`;
    }),
  );
  const schemas = Object.entries(spec.components?.schemas ?? {})
    .map(([name, schema]) => `<section id="${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(spec.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}h2{font-size:1rem;margin-top:2rem}small{background:#fde68a;padding:0 .3rem;border-radius:3px}pre{background:#f4f4f5;padding:.5rem;overflow:auto;font-size:12px}</style></head>
<body><h1>${escapeHtml(spec.info.title)} <small>${escapeHtml(spec.info.version)}</small></h1><p>${escapeHtml(spec.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p>
${operations.join('\n')}<h2>Schemas</h2>${schemas}</body></html>`;
}
