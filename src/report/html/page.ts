/**
 * The shell every HTML page of the project shares (the check report, the watcher's status page, and
 * whatever else lists instances): one self-contained document with its stylesheet and its small
 * script inline, allowed by their SHA-256 hashes in a strict Content-Security-Policy, so the page
 * loads nothing (no font, no image, no script from anywhere) and works from file:// offline.
 * At the top: counts by status that filter, and a text search. Sections are filterable when they
 * carry `data-status` and `data-search` (see `filterable`).
 */
import { createHash } from 'node:crypto';
import { html, raw, type Interpolation, type Markup } from './safe.js';
import { PAGE_CSS } from './style.js';

/** Filters the sections by status and text; copies a command. No network, no storage, no eval. */
const PAGE_SCRIPT = `(() => {
  const sections = [...document.querySelectorAll('[data-status][data-search]')];
  const buttons = [...document.querySelectorAll('button[data-filter]')];
  const search = document.getElementById('search');
  const shown = document.getElementById('shown');
  let status = 'all';
  const apply = () => {
    const q = search ? search.value.trim().toLowerCase() : '';
    let n = 0;
    for (const s of sections) {
      const ok = (status === 'all' || s.dataset.status === status) && (q === '' || s.dataset.search.includes(q));
      s.hidden = !ok;
      if (ok) n++;
    }
    if (shown) shown.textContent = 'Showing ' + n + ' of ' + sections.length;
  };
  for (const b of buttons) {
    b.addEventListener('click', () => {
      status = b.dataset.filter;
      for (const o of buttons) o.setAttribute('aria-pressed', String(o === b));
      apply();
    });
  }
  if (search) search.addEventListener('input', apply);
  const fallbackCopy = (text) => {
    const t = document.createElement('textarea');
    t.value = text;
    t.setAttribute('readonly', '');
    t.className = 'offscreen';
    document.body.append(t);
    t.select();
    const ok = document.execCommand('copy');
    t.remove();
    return ok;
  };
  for (const b of document.querySelectorAll('button[data-copy]')) {
    b.addEventListener('click', async () => {
      const source = document.getElementById(b.dataset.copy);
      const text = source ? source.textContent : '';
      let ok = false;
      try {
        await navigator.clipboard.writeText(text);
        ok = true;
      } catch {
        ok = fallbackCopy(text);
      }
      b.textContent = ok ? 'Copied' : 'Copy failed: select the text';
      b.dataset.copied = String(ok);
      setTimeout(() => { b.textContent = b.dataset.label; }, 2500);
    });
  }
})();`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const POLICY = [
  "default-src 'none'",
  `style-src ${sha256(PAGE_CSS)}`,
  `script-src ${sha256(PAGE_SCRIPT)}`,
  "img-src 'none'",
  "font-src 'none'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The policy of the meta tag; a server adds `frame-ancestors 'none'` in its header (a meta tag cannot). */
export function contentSecurityPolicy(served = false): string {
  return served ? `${POLICY}; frame-ancestors 'none'` : POLICY;
}

export interface StatusCount {
  /** The value of the sections' `data-status`. */
  status: string;
  label: string;
  count: number;
}

export interface HtmlPage {
  title: string;
  /** One line under the title: what was checked, when, by which version. */
  subtitle: Interpolation;
  counts: StatusCount[];
  /** Filterable sections first (see `filterable`), in the order to show. */
  sections: Markup[];
  /** Under the counts (for example: paging of a large estate). */
  navigation?: Markup;
  /** Shown when there is no section. */
  empty?: string;
}

export function renderHtmlDocument(page: HtmlPage): string {
  const total = page.counts.reduce((n, c) => n + c.count, 0);
  const chips = page.counts
    .filter((c) => c.count > 0)
    .map((c) => html`<button type="button" class="chip chip-${c.status}" data-filter="${c.status}" aria-pressed="false">${c.label} <span class="n">${c.count}</span></button>`);
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title}</title>
<style>${raw(PAGE_CSS)}</style>
</head>
<body>
<header class="top">
<h1>${page.title}</h1>
<p class="subtitle">${page.subtitle}</p>
<div class="controls">
<div class="chips" role="group" aria-label="Filter by status"><button type="button" class="chip chip-all" data-filter="all" aria-pressed="true">All <span class="n">${total}</span></button>${chips}</div>
<div class="search"><label for="search">Search</label> <input id="search" type="search" placeholder="name, rule id, resource" autocomplete="off"></div>
<p id="shown" class="shown" aria-live="polite">Showing ${page.sections.length} of ${page.sections.length}</p>
</div>
${page.navigation}
</header>
<main>
${page.sections.length ? page.sections : html`<p class="empty">${page.empty ?? 'Nothing to show.'}</p>`}
</main>
<script>${raw(PAGE_SCRIPT)}</script>
</body>
</html>
`;
  return doc.value;
}

/** A section the filter and search act on. */
export function filterable(status: string, searchText: string, id: string, body: Markup): Markup {
  return html`<section class="instance status-${status}" id="${id}" data-status="${status}" data-search="${searchText.toLowerCase()}">${body}</section>\n`;
}
