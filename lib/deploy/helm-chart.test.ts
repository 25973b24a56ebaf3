import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChartError, mergeValues, printManifests, renderChart, setValue } from './helm-chart';
import { TemplateFailError } from './go-template';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function chart(files: Record<string, string>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-chart-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const CHART = 'apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: "9.9"\n';

describe('mergeValues and setValue (helm -f / --set)', () => {
  it('merges maps key by key, replaces lists and scalars, and null removes a key', () => {
    expect(mergeValues({ a: { b: 1, c: 2 }, l: [1, 2], s: 'x' }, { a: { c: 3 }, l: [3], s: null })).toEqual({ a: { b: 1, c: 3 }, l: [3] });
  });

  it('sets dotted keys with numbers, booleans and strings', () => {
    expect(setValue({ a: { keep: 1 } }, 'a.b.c=3')).toEqual({ a: { keep: 1, b: { c: 3 } } });
    expect(setValue({}, 'x=true')).toEqual({ x: true });
    expect(setValue({}, 'u=postgres://a:b@h/db')).toEqual({ u: 'postgres://a:b@h/db' });
    expect(() => setValue({}, 'novalue')).toThrow(/key=value/);
  });
});

describe('renderChart', () => {
  it('renders every template with .Values, .Chart, .Release and shared defines, and skips partials and NOTES', () => {
    const d = chart({
      'Chart.yaml': CHART,
      'values.yaml': 'n: 2\nname: web\n',
      'templates/_helpers.tpl': '{{- define "demo.name" -}}{{ .Release.Name }}-{{ .Values.name }}{{- end -}}',
      'templates/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "demo.name" . }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  chart: {{ .Chart.Name }}-{{ .Chart.AppVersion }}\n  n: {{ .Values.n | quote }}\n---\n# only a comment\n---\n',
      'templates/NOTES.txt': 'Thanks for installing {{ .Chart.Name }}',
    });
    const docs = renderChart(d, { releaseName: 'r1', namespace: 'ns', values: { n: 5 } });
    expect(docs.map((x) => x.object)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r1-web', namespace: 'ns' }, data: { chart: 'demo-9.9', n: '5' } }]);
    expect(docs[0].source).toBe('demo/templates/a.yaml');
    expect(printManifests(docs)).toMatch(/^---\n# Source: demo\/templates\/a.yaml\napiVersion: v1\n/);
  });

  it('lets a template include another file by its name (checksum annotations)', () => {
    const d = chart({
      'Chart.yaml': CHART,
      'templates/s.yaml': 'kind: S\nv: {{ .Values.v }}\n',
      'templates/t.yaml': 'kind: T\nsum: {{ include (print $.Template.BasePath "/s.yaml") . | sha256sum }}\n',
    });
    const [s1, t1] = renderChart(d, { values: { v: 'a' } });
    const [, t2] = renderChart(d, { values: { v: 'b' } });
    expect(s1.object).toEqual({ kind: 'S', v: 'a' });
    expect(t1.object.sum).toMatch(/^[0-9a-f]{64}$/);
    expect(t1.object.sum).not.toBe(t2.object.sum);
  });

  it('says which template rendered YAML that does not parse, and passes required\'s message on', () => {
    const bad = chart({ 'Chart.yaml': CHART, 'templates/x.yaml': 'a: [\n' });
    expect(() => renderChart(bad)).toThrow(ChartError);
    expect(() => renderChart(bad)).toThrow(/demo\/templates\/x.yaml rendered YAML that does not parse/);
    fs.rmSync(bad, { recursive: true });
    const req = chart({ 'Chart.yaml': CHART, 'templates/x.yaml': 'a: {{ required "token is required" .Values.token }}\n' });
    expect(() => renderChart(req)).toThrow(TemplateFailError);
  });

  it('refuses a directory that is not a v2 chart', () => {
    const d = chart({ 'Chart.yaml': 'name: x\n', 'templates/a.yaml': '' });
    expect(() => renderChart(d)).toThrow(/apiVersion: v2/);
  });
});
