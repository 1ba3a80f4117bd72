/**
 * `POST /api/preflight` (function key required): the body is a change document (an ARM what-if
 * result, a Terraform plan in JSON, or proposed ARM resources), evaluated against the live state of
 * the scope this watcher watches. The answer is the JSON of `apim-vnet-guard preflight --format json`.
 *   ?all=true           every instance of the scope, not only those the change touches
 *   ?format=what-if|terraform|resources   instead of detecting the format from the content
 * The body is size-limited and validated like every input; errors are `{ code, message }`.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { toolVersion } from '../src/cli/version.js';
import { CHANGE_FORMATS, ChangeDocumentError, type ChangeFormat } from '../src/preflight/change.js';
import { currentResourceIds } from '../src/preflight/current-ids.js';
import { parseChangeDocument } from '../src/preflight/parse/index.js';
import { preflight } from '../src/preflight/preflight.js';
import { toPreflightJson } from '../src/preflight/render/json.js';
import { logOf } from './invocation.js';
import { apiError, checkQuery, guarded, json } from './recheck.js';
import { defaultRuntime, type RuntimeProvider } from './runtime.js';

/** Plans of large estates are a few MB; the Functions host itself accepts up to 100 MB. */
export const MAX_PREFLIGHT_BODY_BYTES = 16 * 1024 * 1024;

export function preflightHandler(runtime: RuntimeProvider = defaultRuntime) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const bad = checkQuery(request, ['all', 'format']);
    if (bad) return bad;
    const all = request.query.get('all');
    if (all !== null && all !== 'true' && all !== 'false') return apiError(400, 'INVALID_QUERY', 'all must be true or false');
    const format = request.query.get('format');
    if (format !== null && !(CHANGE_FORMATS as readonly string[]).includes(format)) {
      return apiError(400, 'INVALID_QUERY', `format must be one of ${CHANGE_FORMATS.join(', ')}`);
    }
    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > MAX_PREFLIGHT_BODY_BYTES) return tooLarge();
    const body = await request.text();
    if (Buffer.byteLength(body, 'utf8') > MAX_PREFLIGHT_BODY_BYTES) return tooLarge();
    if (body.trim() === '') return apiError(400, 'INVALID_CHANGE_DOCUMENT', 'the body is empty: send a what-if result, a Terraform plan (terraform show -json) or ARM resources');

    return guarded(context, runtime, async (rt) => {
      const log = logOf(context);
      const sweep = await rt.watcher(log).reader.sweep();
      for (const note of sweep.incomplete) log.warn(`preflight: ${note}`);
      let document;
      try {
        document = parseChangeDocument(body, { file: 'request body', currentIds: currentResourceIds(sweep.resources), ...(format ? { format: format as ChangeFormat } : {}) });
      } catch (e) {
        if (e instanceof ChangeDocumentError) return apiError(400, 'INVALID_CHANGE_DOCUMENT', e.message.slice(0, 1000));
        throw e;
      }
      const result = preflight({ current: sweep.resources, document, rules: rt.watcher(log).rules, all: all === 'true' });
      // What the sweep could not read is said in the answer: its verdicts may rest on less than the whole scope.
      result.notes.push(...sweep.incomplete.map((n) => `the live read is incomplete: ${n}`));
      return json(200, toPreflightJson(result, toolVersion()));
    });
  };
}

function tooLarge(): HttpResponseInit {
  return apiError(413, 'PAYLOAD_TOO_LARGE', `the change document is larger than ${MAX_PREFLIGHT_BODY_BYTES / 1024 / 1024} MiB`);
}

app.http('preflight', { methods: ['POST'], authLevel: 'function', route: 'preflight', handler: preflightHandler() });
