import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { categoricalFromValues, Frame, numericColumn } from '../data/frame.js';
import { driftFrames, profileFrame, withDrift } from './profile.js';
import { renderReportHtml } from './report-html.js';

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** Tags balance like a stack (void elements and `/>` aside); returns the first problem or null. */
function tagProblem(html: string): string | null {
  const stack: string[] = [];
  for (const m of html.replace(/<!DOCTYPE html>/i, '').matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const [, close, tag, rest] = m;
    const name = tag.toLowerCase();
    if (close) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open}> at ${m.index}`;
    } else if (!VOID.has(name) && !rest.endsWith('/')) stack.push(name);
  }
  return stack.length > 0 ? `unclosed ${stack.join(', ')}` : null;
}

function sampleFrame(n: number, shift = 0): { frame: Frame; labels: string[] } {
  const age = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : 20 + ((i * 13 + shift) % 50)));
  const size = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 5) % 6));
  const prof = categoricalFromValues(
    'Profession <b>&"\'',
    Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : i % 50 === 0 ? '<script>alert(1)</script>' : ['Artist', 'Doctor', 'Paris, France'][i % 3])),
  );
  const frame = new Frame([numericColumn('Âge', age), numericColumn('Family_Size', size), prof]);
  return { frame, labels: Array.from({ length: n }, (_, i) => ['A', 'B', 'C', 'D'][(i * 7) % 4]) };
}

function report(): string {
  const a = sampleFrame(400);
  const b = sampleFrame(300, 9);
  const p = withDrift(profileFrame(a.frame, { labels: a.labels, targetName: 'Segmentation', source: 'train <1>.csv' }), driftFrames(a.frame, b.frame, { reference: 'train.csv', current: 'test.csv' }));
  return renderReportHtml(p);
}

describe('HTML report', () => {
  const html = report();

  it('is one well-formed document with every section and chart', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(tagProblem(html)).toBeNull();
    for (const id of ['overview', 'warnings', 'target', 'columns', 'relations', 'missingness', 'correlations', 'drift']) expect(html).toContain(`<section id="${id}">`);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThan(10);
  });

  it('needs nothing outside itself: no URL, script, link or external stylesheet', () => {
    expect(html).not.toMatch(/https?:|\/\/[a-z]|<script|<link|<img|<iframe|url\(|@import|src=/i);
  });

  it('escapes every string from the data', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Profession &lt;b&gt;&amp;&quot;&#39;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('train &lt;1&gt;.csv');
  });

  it('is deterministic', () => {
    expect(report()).toBe(html);
  });
});

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) console.warn(`skipping the browser check of the report: ${CHROMIUM} is absent (apt-get install chromium)`);

function runChromium(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!existsSync(CHROMIUM))('HTML report in headless chromium', () => {
  it('renders its charts with no console message or failed load; screenshot written for review', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custseg-eda-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, report());
    const common = ['--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0', `--user-data-dir=${join(dir, 'profile')}`];
    const shot = join(dir, 'report.png');
    const s = await runChromium([...common, '--window-size=1280,4000', `--screenshot=${shot}`, pathToFileURL(file).href]);
    expect(s.code).toBe(0);
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    console.log(`report screenshot for review: ${shot}`);
    const d = await runChromium([...common, '--dump-dom', pathToFileURL(file).href]);
    expect(d.code).toBe(0);
    // The DOM as the browser built it: every chart is an SVG element with drawn shapes.
    expect((d.stdout.match(/<svg /g) ?? []).length).toBe((report().match(/<svg /g) ?? []).length);
    expect(d.stdout).toContain('<rect');
    for (const out of [s.stderr, d.stderr]) {
      const problems = out.split('\n').filter((l) => /CONSOLE|Uncaught|Failed to load|net::ERR|Refused to/i.test(l));
      expect(problems).toEqual([]);
    }
  });
});
