/**
 * An instructor's notice as the bench shows it: plain text (React escapes it; line breaks kept
 * by CSS), never markup, whatever the instructor typed.
 */
import type { Notice } from '@/lib/classes/notices';

export function NoticeText({ notice }: { notice: Pick<Notice, 'kind' | 'text'> }) {
  return (
    <span className="whitespace-pre-wrap break-words">
      <strong className="font-semibold">{notice.kind === 'hint' ? 'Hint from your instructor: ' : 'Your instructor: '}</strong>
      {notice.text}
    </span>
  );
}
