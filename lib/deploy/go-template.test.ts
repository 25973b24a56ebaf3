/**
 * The renderer against text/template's documented behaviour (pkg text/template: "Text and
 * spaces", "Actions", "Pipelines", "Variables", "Functions") and Helm's functions. Each expected
 * output is what Go 1.22's text/template (with Helm's sprig functions and missingkey=zero) prints
 * for the same template and data.
 */
import { describe, expect, it } from 'vitest';
import { renderTemplate as r, TemplateError, TemplateFailError, toYaml, truthy } from './go-template';

describe('text and spaces', () => {
  it('trims the white space (newlines included) beside {{- and -}}', () => {
    expect(r('{{23 -}} < {{- 45}}', {})).toBe('23<45');
    expect(r('a\n  {{- "b" }}\n', {})).toBe('ab\n');
    expect(r('a\n{{- /* a comment */ -}}\n  b', {})).toBe('ab');
  });

  it('keeps a minus that is a number, not a trim marker', () => {
    expect(r('x{{-3}}', {})).toBe('x-3');
  });

  it('drops comments and keeps text verbatim', () => {
    expect(r('a{{/* c */}}b', {})).toBe('ab');
  });
});

describe('actions', () => {
  it('prints fields, missing keys as empty (Helm: missingkey=zero, <no value> removed)', () => {
    expect(r('{{ .a.b }}-{{ .missing }}-{{ .a.none }}', { a: { b: 'x' } })).toBe('x--');
  });

  it('refuses a field of nil the way Go does', () => {
    expect(() => r('{{ .a.b.c }}', { a: {} })).toThrow(/nil pointer evaluating interface \{\}\.c/);
  });

  it('if / else if / else on text/template truth (0, "", empty list and map, nil are false)', () => {
    const t = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}';
    expect(r(t, { a: 1 })).toBe('A');
    expect(r(t, { a: 0, b: 'x' })).toBe('B');
    expect(r(t, { a: [], b: {} })).toBe('C');
    expect([0, '', [], {}, null, false].map(truthy)).toEqual([false, false, false, false, false, false]);
    expect([1, 'x', [0], { a: 1 }, true].map(truthy)).toEqual([true, true, true, true, true]);
  });

  it('with sets the dot, and runs its else when the value is empty', () => {
    expect(r('{{ with .a }}{{ .b }}{{ else }}none{{ end }}', { a: { b: 'in' } })).toBe('in');
    expect(r('{{ with .a }}{{ .b }}{{ else }}none{{ end }}', { a: {} })).toBe('none');
  });

  it('ranges over lists with $i, $v, over maps in sorted key order, and runs else for empty', () => {
    expect(r('{{ range $i, $v := .l }}{{ $i }}={{ $v }};{{ end }}', { l: ['a', 'b'] })).toBe('0=a;1=b;');
    expect(r('{{ range $k, $v := . }}{{ $k }}:{{ $v }} {{ end }}', { b: 2, a: 1, c: 3 })).toBe('a:1 b:2 c:3 ');
    expect(r('{{ range .l }}[{{ . }}]{{ else }}empty{{ end }}', { l: [] })).toBe('empty');
    expect(r('{{ range $v := .l }}{{ $v }}{{ end }}', { l: [1, 2] })).toBe('12');
  });

  it('keeps $ as the root inside range and with', () => {
    expect(r('{{ range .l }}{{ $.name }}{{ . }} {{ end }}', { name: 'n', l: [1, 2] })).toBe('n1 n2 ');
  });

  it('scopes variables to the control structure that declares them, and = assigns an outer one', () => {
    expect(r('{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}', {})).toBe('21');
    expect(r('{{ $x := 1 }}{{ range .l }}{{ $x = . }}{{ end }}{{ $x }}', { l: [5, 6] })).toBe('6');
    expect(() => r('{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}', {})).toThrow(/undefined variable "\$y"/);
  });

  it('define + template and include (with its own dot and $)', () => {
    const t = '{{ define "x" }}<{{ .v }}>{{ end }}{{ template "x" .a }}{{ include "x" .b | upper }}';
    expect(r(t, { a: { v: 'a' }, b: { v: 'b' } })).toBe('<a><B>');
  });
});

describe('pipelines', () => {
  it('passes the previous result as the last argument', () => {
    expect(r('{{ "abc" | printf "%s-%s" "x" }}', {})).toBe('x-abc');
    expect(r('{{ .v | default "d" | quote }}', {})).toBe('"d"');
  });

  it('evaluates parenthesised pipelines and fields of their result', () => {
    expect(r('{{ (dict "a" (dict "b" "deep")).a.b }}', {})).toBe('deep');
    expect(r('{{ printf "%d" (len .l) }}', { l: [1, 2, 3] })).toBe('3');
  });

  it('and / or return the deciding operand and stop early (Go 1.18+)', () => {
    expect(r('{{ and 1 "" 3 }}|{{ or 0 "" "x" }}|{{ or 0 "" }}', {})).toBe('|x|');
    expect(r('{{ or .a .b.c }}', { a: 'first' })).toBe('first');
  });

  it('compares with eq (any of several), ne, lt, ge', () => {
    expect(r('{{ eq .k "a" "b" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ ge "b" "a" }}', { k: 'b' })).toBe('true true true true');
  });
});

describe('Helm functions', () => {
  it('toYaml sorts keys, does not indent lists in maps, and has no trailing newline', () => {
    expect(toYaml({ b: 1, a: { list: [{ y: 1, x: 2 }] } })).toBe('a:\n  list:\n  - x: 2\n    y: 1\nb: 1');
  });

  it('nindent and indent pad every line', () => {
    expect(r('x:{{ toYaml .v | nindent 2 }}', { v: { a: 1, b: [1] } })).toBe('x:\n  a: 1\n  b:\n  - 1');
    expect(r('{{ "a\\nb" | indent 3 }}', {})).toBe('   a\n   b');
  });

  it('quote uses Go %q escaping, squote single quotes', () => {
    expect(r('{{ quote .s }} {{ squote "x" }}', { s: 'say "hi"\n' })).toBe('"say \\"hi\\"\\n" \'x\'');
  });

  it('default takes the given value unless it is empty', () => {
    expect(r('{{ default "d" .a }} {{ default "d" .b }} {{ default 5 0 }}', { a: 'given', b: '' })).toBe('given d 5');
  });

  it('required and fail refuse with the chart\'s message', () => {
    expect(() => r('{{ required "database.url is required" .x }}', {})).toThrow(TemplateFailError);
    expect(() => r('{{ required "database.url is required" .x }}', {})).toThrow('database.url is required');
    expect(r('{{ required "m" .x }}', { x: 'ok' })).toBe('ok');
    expect(() => r('{{ fail "no" }}', {})).toThrow('no');
  });

  it('printf, trunc and trimSuffix make DNS-safe names as Helm charts do', () => {
    expect(r('{{ printf "%s-%s" .a .b | trunc 10 | trimSuffix "-" }}', { a: 'kubelab', b: 'x-long' })).toBe('kubelab-x');
    expect(r('{{ printf "%s-%s" .a .b | trunc 8 | trimSuffix "-" }}', { a: 'kubelab', b: 'x' })).toBe('kubelab');
    expect(r('{{ trunc -3 "abcdef" }}', {})).toBe('def');
    expect(r('{{ printf "%d%%" 5 }} {{ printf "%v" .l }} {{ printf "%q" "a" }}', { l: [1, 'b'] })).toBe('5% [1 b] "a"');
  });

  it('b64enc, sha256sum, hasKey, ternary, replace, contains', () => {
    expect(r('{{ b64enc "kubelab" }}', {})).toBe('a3ViZWxhYg==');
    expect(r('{{ sha256sum "" }}', {})).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(r('{{ hasKey . "a" }} {{ ternary "y" "n" false }} {{ replace "." "-" "a.b.c" }} {{ contains "b" "abc" }}', { a: null })).toBe('true n a-b-c true');
  });
});

describe('urlParse', () => {
  it('gives sprig\'s parts: host keeps the port, hostname does not', () => {
    expect(r('{{ (urlParse .u).hostname }} {{ (urlParse .u).host }} {{ (urlParse .u).scheme }} [{{ (urlParse .u).path }}]', { u: 'https://kubelab.school.example:8443' })).toBe('kubelab.school.example kubelab.school.example:8443 https []');
    expect(r('{{ (urlParse .u).path }}', { u: 'https://h/a/b?x=1' })).toBe('/a/b');
  });
});

describe('errors name the template and line', () => {
  it('refuses unknown functions and unsupported actions, saying so', () => {
    expect(() => r('\n{{ lookup "v1" "Secret" "" "" }}', {}, 'templates/x.yaml')).toThrow('template templates/x.yaml:2: function "lookup" not defined (not supported by this renderer)');
    expect(() => r('{{ range .l }}{{ break }}{{ end }}', { l: [1] })).toThrow(/not supported/);
  });

  it('refuses unclosed actions and blocks', () => {
    expect(() => r('{{ if .a }}x', {})).toThrow(TemplateError);
    expect(() => r('{{ .a ', {})).toThrow(/unclosed action/);
    expect(() => r('{{ end }}', {})).toThrow(/unexpected/);
  });
});
