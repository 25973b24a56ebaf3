/**
 * ImageServiceImpl: pulls from the catalog as containerd would from a registry, with the
 * error text containerd returns through CRI (the kubelet shows it after
 * `Failed to pull image "<image>": `), and remembers which node has which image.
 */
import { createHash } from 'node:crypto';
import type { ImagePullResult, ImageService } from '../types';
import { catalogEntry, type ImageConfig } from './catalog';
import { InvalidReferenceError, parseImageReference, type ImageReference } from './reference';

/** Registry bandwidth for the virtual pull time (a kind node on a good connection). */
const BYTES_PER_SECOND = 25_000_000;
const PULL_OVERHEAD_MS = 400;

/** A deterministic sha256 standing for the manifest digest of a reference. */
export function imageDigest(normalized: string): string {
  return `sha256:${createHash('sha256').update(normalized).digest('hex')}`;
}

export class UnknownImageError extends Error {
  constructor(readonly image: string) {
    super(`image ${image} is not in the catalog`);
    this.name = 'UnknownImageError';
  }
}

function notFoundMessage(ref: ImageReference, known: boolean): string {
  const n = ref.normalized;
  const head = `failed to pull and unpack image "${n}": failed to resolve reference "${n}"`;
  if (known) return `rpc error: code = NotFound desc = ${head}: ${n}: not found`;
  if (ref.registry === 'docker.io') {
    return `rpc error: code = Unknown desc = ${head}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  }
  const path = `${ref.repository}/manifests/${ref.tag ?? ref.digest}`;
  if (['registry.k8s.io', 'docker.elastic.co', 'quay.io', 'ghcr.io', 'gcr.io'].includes(ref.registry)) {
    return `rpc error: code = NotFound desc = ${head}: ${n}: not found`;
  }
  return `rpc error: code = Unknown desc = ${head}: failed to do request: Head "https://${ref.registry}/v2/${path}": dial tcp: lookup ${ref.registry.split(':')[0]}: no such host`;
}

/** The catalog entry and tag a reference names, or why not. */
function lookup(image: string): { ref: ImageReference; tag: string; entry: NonNullable<ReturnType<typeof catalogEntry>> } | { error: ImagePullResult & { ok: false } } {
  let ref: ImageReference;
  try {
    ref = parseImageReference(image);
  } catch (err) {
    if (err instanceof InvalidReferenceError) return { error: { ok: false, reason: 'InvalidImageName', message: err.message } };
    throw err;
  }
  const entry = catalogEntry(ref.name);
  if (!entry) return { error: { ok: false, reason: 'ErrImagePull', message: notFoundMessage(ref, false) } };
  // A digest pins some version of the repository; the catalog takes it as the newest tag.
  const tag = ref.tag ?? (entry.tags.includes('latest') ? 'latest' : entry.tags[entry.tags.length - 1]);
  if (!entry.tags.includes(tag)) return { error: { ok: false, reason: 'ErrImagePull', message: notFoundMessage(ref, true) } };
  return { ref, tag, entry };
}

export class ImageServiceImpl implements ImageService {
  private readonly present_ = new Map<string, Set<string>>();

  pull(image: string): ImagePullResult {
    const hit = lookup(image);
    if ('error' in hit) return hit.error;
    const { ref, entry } = hit;
    const digest = ref.digest ?? imageDigest(ref.normalized);
    return {
      ok: true,
      imageRef: ref.normalized,
      imageID: `${ref.name}@${digest}`,
      sizeBytes: entry.sizeBytes,
      pullMs: PULL_OVERHEAD_MS + Math.round((entry.sizeBytes / BYTES_PER_SECOND) * 1000),
    };
  }

  present(node: string, image: string): boolean {
    return this.present_.get(node)?.has(normalizedOrSelf(image)) ?? false;
  }

  markPresent(node: string, image: string): void {
    let set = this.present_.get(node);
    if (!set) this.present_.set(node, (set = new Set()));
    set.add(normalizedOrSelf(image));
  }
}

function normalizedOrSelf(image: string): string {
  try {
    return parseImageReference(image).normalized;
  } catch {
    return image;
  }
}

/** What a pulled image runs and holds; throws UnknownImageError for images the catalog lacks. */
export function imageConfig(image: string): ImageConfig {
  const hit = lookup(image);
  if ('error' in hit) throw new UnknownImageError(image);
  return hit.entry.config(hit.tag);
}

export const imageCatalog = { lookup: (image: string) => ('error' in lookup(image) ? undefined : imageConfig(image)) };
