import { describe, expect, it } from 'vitest';
import { FieldPathError, formatFieldPath, locateField, parseFieldPath } from './locate-field';

// Line numbers are written beside the lines they name, so a change to the text shows in review.
const MANIFEST = `# A headless Service and a StatefulSet, as in the lesson.
apiVersion: v1
kind: Service
metadata:
  name: web-headless
spec:
  clusterIP: None
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web-stateful
spec:
  serviceName: web-headless
  podManagementPolicy: Parallel
  template:
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
        - name: sidecar
          image: busybox:1.36
          args: ["sh", "-c", "sleep 3600"]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: haproxy-config
  namespace: default
data:
  haproxy.cfg: |
    backend app
      server app1 127.0.0.1:80
`;
// line 1 comment; Service doc lines 2-7; StatefulSet doc lines 9-23 (spec 13, podManagementPolicy 15,
// template.spec 17, containers 18, [0] 19, [1] 21, [1].image 22, [1].args 23); ConfigMap 25-33.

const set = { kind: 'StatefulSet', name: 'web-stateful', namespace: 'default' };

describe('locating a field in the learner\'s YAML', () => {
  it.each([
    ['finds a scalar field on its key\'s line, in the second document', set, 'spec.podManagementPolicy', { document: 2, line: 15, column: 3, found: true, text: 'spec.podManagementPolicy' }],
    ['finds a list item by the index the learner wrote', set, 'spec.template.spec.containers[1].image', { document: 2, line: 22, column: 11, found: true, text: 'spec.template.spec.containers[1].image' }],
    ['finds a flow sequence field', set, 'spec.template.spec.containers[1].args', { document: 2, line: 23, column: 11, found: true, text: 'spec.template.spec.containers[1].args' }],
    ['points a missing field at its nearest existing parent\'s key and says what is missing', set, 'spec.template.spec.tolerations', { document: 2, line: 17, column: 5, found: false, text: 'spec.template.spec has no tolerations' }],
    ['points a missing list item at the list', set, 'spec.template.spec.containers[2].image', { document: 2, line: 18, column: 7, found: false, text: 'spec.template.spec.containers has no [2]' }],
    ['points a missing field of a list item at the item', set, 'spec.template.spec.containers[0].command', { document: 2, line: 19, column: 11, found: false, text: 'spec.template.spec.containers[0] has no command' }],
    ['tells kind apart: the Service of the same family has its own clusterIP', { kind: 'Service', name: 'web-headless' }, 'spec.clusterIP', { document: 1, line: 7, column: 3, found: true, text: 'spec.clusterIP' }],
    ['names the object when even the top-level key is missing', { kind: 'Service', name: 'web-headless' }, 'status.loadBalancer', { document: 1, line: 2, column: 1, found: false, text: 'Service web-headless has no status' }],
    ['reads a key with dots in brackets', { kind: 'ConfigMap', name: 'haproxy-config', namespace: 'default' }, 'data["haproxy.cfg"]', { document: 3, line: 31, column: 3, found: true, text: 'data["haproxy.cfg"]' }],
  ])('%s', (_name, object, field, expected) => {
    expect(locateField(MANIFEST, object, field)).toEqual(expected);
  });

  it.each([
    ['is undefined when no document is that object', MANIFEST, { kind: 'DaemonSet', name: 'web-stateful' }, 'spec'],
    ['is undefined when the object\'s namespace differs from the document\'s', MANIFEST, { kind: 'ConfigMap', name: 'haproxy-config', namespace: 'monitoring' }, 'data'],
    ['is undefined when the object\'s document does not parse', 'kind: StatefulSet\nmetadata:\n  name: web-stateful\n   bad: indent\n', set, 'spec'],
    ['is undefined for text that is not YAML at all', '{ [ : ---\n\t- :', set, 'spec'],
    ['is undefined for an empty editor', '', set, 'spec'],
    ['is undefined for a field path it cannot read', MANIFEST, set, 'spec..replicas'],
  ])('%s', (_name, text, object, field) => {
    expect(locateField(text, object, field)).toBeUndefined();
  });

  it('still finds the object when another document of the text is broken', () => {
    const text = `kind: Pod\nmetadata:\n  name: a\n   bad: indent\n---\n${MANIFEST.split('---\n')[1]}`;
    expect(locateField(text, set, 'spec.podManagementPolicy')).toMatchObject({ document: 2, line: 12, found: true });
  });

  it('follows an alias to its anchor\'s node', () => {
    const text = 'kind: Job\nmetadata:\n  name: j\nx: &tmpl\n  spec:\n    parallelism: 3\nspec:\n  template: *tmpl\n';
    expect(locateField(text, { kind: 'Job', name: 'j' }, 'spec.template.spec.parallelism')).toMatchObject({ line: 6, found: true });
  });
});

describe('field paths', () => {
  it.each([
    ['splits keys and indexes', 'spec.template.spec.containers[0].image', ['spec', 'template', 'spec', 'containers', 0, 'image']],
    ['reads a quoted key with dots', 'data["haproxy.cfg"]', ['data', 'haproxy.cfg']],
    ['reads a single key', 'spec', ['spec']],
  ])('%s', (_name, field, steps) => {
    expect(parseFieldPath(field)).toEqual(steps);
    expect(formatFieldPath(steps)).toBe(field);
  });

  it.each([['an empty path', ''], ['two dots', 'spec..replicas'], ['an unclosed bracket', 'containers[0'], ['a bracket without a path before', '.spec']])('refuses %s, naming it', (_name, field) => {
    expect(() => parseFieldPath(field)).toThrow(FieldPathError);
    expect(() => parseFieldPath(field)).toThrow(JSON.stringify(field));
  });
});
