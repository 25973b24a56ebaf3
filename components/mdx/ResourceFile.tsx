import Link from 'next/link';
import { ContentError } from '@/lib/content/errors';
import { readResource, ResourcePathError } from '@/lib/content/resources';
import { HighlightedCode } from './CodeBlock';

/** Shows a file of the resource library inline, with links to its page and a download. */
export function ResourceFile({ path }: { path: string }) {
  let text: string;
  try {
    text = readResource(path);
  } catch (err) {
    if (err instanceof ResourcePathError) throw new ContentError(`resources/${path}`, 'referenced by <ResourceFile> but not found');
    throw err;
  }
  return (
    <div className="my-5">
      <div className="mb-1 flex flex-wrap items-center gap-3 text-sm">
        <Link href={`/learn/module-05/resources/${path}`} className="font-mono">
          resources/{path}
        </Link>
        <a href={`/api/resources/${path}`} download className="text-[var(--fg-soft)]">
          Download
        </a>
      </div>
      <HighlightedCode code={text} language={path.endsWith('.md') ? 'text' : 'yaml'} title={path.split('/').pop()} maxHeight="28rem" />
    </div>
  );
}
