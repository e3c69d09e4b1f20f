// The panels' Content-Security-Policy: the generated page allows nothing by default, runs only scripts with its
// nonce, loads nothing remote; the webview scripts (as written and as bundled) make no inline handlers (no
// on* attributes, no HTML from strings), evaluate no strings and load nothing remote.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { panelHtml } from '../../src/panels/panelHtml';

const repo = resolve(__dirname, '..', '..', '..');
const CSP_SOURCE = 'https://*.vscode-cdn.net';
const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q=';

const page = panelHtml({
  cspSource: CSP_SOURCE,
  resource: (...path) => `https://file+.vscode-resource.vscode-cdn.net/ext/${path.join('/')}`,
  title: 'Metrics: <script>alert(1)</script>',
  script: 'metrics.js',
  nonce: NONCE,
});

function policy(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'the page declares a Content-Security-Policy');
  return new Map(
    content.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

/** The webview scripts as written, and as the build bundles them when it has run. */
function webviewScripts(): { name: string; text: string }[] {
  const dir = (d: string) =>
    readdirSync(join(repo, d))
      .filter((f) => f.endsWith('.js') && f !== 'elements.js')
      .map((f) => ({ name: `${d}/${f}`, text: readFileSync(join(repo, d, f), 'utf8') }));
  let bundled: { name: string; text: string }[] = [];
  try {
    bundled = dir('dist/webviews');
  } catch {
    // not built: the sources are still checked
  }
  return [...dir('webviews'), ...bundled];
}

describe('panel Content-Security-Policy', () => {
  it("allows nothing by default, scripts by nonce only, images and styles from the webview's own resources", () => {
    const csp = policy(page);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${NONCE}'`]);
    assert.deepEqual(csp.get('img-src'), [CSP_SOURCE, 'data:']);
    assert.deepEqual(csp.get('style-src'), [CSP_SOURCE, `'nonce-${NONCE}'`]);
    assert.deepEqual(csp.get('font-src'), [CSP_SOURCE]);
    assert.deepEqual([...csp.keys()].sort(), [
      'default-src',
      'font-src',
      'img-src',
      'script-src',
      'style-src',
    ]);
    for (const values of csp.values())
      for (const v of values) assert.doesNotMatch(v, /unsafe|^\*$|^https?:$|^http:\/\//, `source ${v}`);
  });

  it('gives every script the nonce and a bundled source, with no inline code or handler', () => {
    const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 2);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, new RegExp(`nonce="${NONCE}"`));
      assert.match(
        attrs,
        /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webviews\/[\w.]+\.js"/,
      );
      assert.equal(body.trim(), '', 'no inline script');
    }
    assert.doesNotMatch(page, /\son[a-z]+\s*=/i, 'no inline event handler attribute');
    assert.match(page, /<title>Metrics: &#60;script&#62;alert\(1\)&#60;\/script&#62;<\/title>/);
    const links = [...page.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    for (const link of links)
      assert.match(link, /^https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\//);
  });

  it('keeps the webview scripts free of inline handlers, evaluated strings and remote resources', () => {
    const scripts = webviewScripts();
    assert.ok(scripts.some((s) => s.name === 'webviews/metrics.js'));
    for (const { name, text } of scripts) {
      assert.doesNotMatch(text, /setAttribute\(\s*['"]on/i, `${name}: an inline handler attribute`);
      assert.doesNotMatch(
        text,
        /\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write/,
        `${name}: HTML from strings`,
      );
      assert.doesNotMatch(text, /\beval\(|new Function\(/, `${name}: code from strings`);
      // The SVG namespace is a name, not a resource.
      const remote = text.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '').match(/\bhttps?:\/\/[^\s'"`)]+/g);
      assert.equal(remote, null, `${name}: remote resource ${remote?.join(', ')}`);
    }
  });
});
