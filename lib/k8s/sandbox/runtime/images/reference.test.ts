import { describe, expect, it } from 'vitest';
import { InvalidReferenceError, parseImageReference } from './reference';

describe('parseImageReference', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['prom/prometheus:v2.53.0', 'docker.io/prom/prometheus:v2.53.0'],
    ['docker.io/library/busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.15.0', 'docker.elastic.co/elasticsearch/elasticsearch:8.15.0'],
    ['localhost:5000/app:v1', 'localhost:5000/app:v1'],
    [`busybox@sha256:${'a'.repeat(64)}`, `docker.io/library/busybox@sha256:${'a'.repeat(64)}`],
  ])('normalises %s to %s', (image, normalized) => {
    expect(parseImageReference(image).normalized).toBe(normalized);
  });

  it.each([
    ['NGINX:1.27', 'Failed to apply default image tag "NGINX:1.27": couldn\'t parse image name "NGINX:1.27": invalid reference format: repository name (library/NGINX) must be lowercase'],
    ['nginx:', 'Failed to apply default image tag "nginx:": couldn\'t parse image name "nginx:": invalid reference format'],
    ['nginx::1', 'Failed to apply default image tag "nginx::1": couldn\'t parse image name "nginx::1": invalid reference format'],
    [' nginx', 'Failed to apply default image tag " nginx": couldn\'t parse image name " nginx": invalid reference format'],
  ])('rejects %s with the kubelet message', (image, message) => {
    expect(() => parseImageReference(image)).toThrow(new InvalidReferenceError(image, '').constructor as never);
    expect(() => parseImageReference(image)).toThrow(message);
  });
});
