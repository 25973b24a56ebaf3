/**
 * Image references as containerd reads them (github.com/distribution/reference, normalize.go):
 * `[registry/]repo[:tag][@digest]`, registry docker.io with `library/` for one-component
 * names, tag `latest` when neither tag nor digest is given. Malformed references throw
 * InvalidReferenceError with the kubelet's wording.
 */
export interface ImageReference {
  registry: string;
  /** Path in the registry, e.g. `library/nginx`, `prom/prometheus`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** `docker.io/library/nginx:1.27` (or `...@sha256:...`). */
  normalized: string;
  /** registry/repository, the catalog key. */
  name: string;
}

export class InvalidReferenceError extends Error {
  constructor(readonly image: string, readonly reason: string) {
    super(`Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${reason}`);
    this.name = 'InvalidReferenceError';
  }
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DOMAIN = /^(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+|[a-zA-Z0-9-]+:\d+|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+:\d+)$/;

export function parseImageReference(image: string): ImageReference {
  const invalid = (why = 'invalid reference format') => new InvalidReferenceError(image, why);
  if (!image || image.trim() !== image || image.length > 255) throw invalid();
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid();
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid();
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (DOMAIN.test(parts[0]) && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost'))) {
    registry = parts.shift()!;
  }
  const repoPath = parts.join('/');
  if (parts.some((c) => !COMPONENT.test(c))) {
    if (parts.every((c) => COMPONENT.test(c.toLowerCase()))) {
      const shown = registry === 'docker.io' && parts.length === 1 ? `library/${repoPath}` : repoPath;
      throw invalid(`invalid reference format: repository name (${shown}) must be lowercase`);
    }
    throw invalid();
  }
  if (registry === 'index.docker.io') registry = 'docker.io';
  const repository = registry === 'docker.io' && parts.length === 1 ? `library/${parts[0]}` : repoPath;
  if (!tag && !digest) tag = 'latest';
  const name = `${registry}/${repository}`;
  const normalized = `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { registry, repository, tag, digest, normalized, name };
}
