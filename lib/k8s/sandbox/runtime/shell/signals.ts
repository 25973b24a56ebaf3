/** Signal numbers of Linux x86-64 (signal(7)); a process killed by signal n exits 128 + n. */
export const SIGNAL_NUMBERS: Record<string, number> = {
  HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, CHLD: 17, CONT: 18, STOP: 19,
};

/** 'SIGTERM' | 'TERM' | '15' → 'TERM'; undefined if unknown. */
export function signalName(spec: string): string | undefined {
  const s = spec.toUpperCase().replace(/^SIG/, '');
  if (s in SIGNAL_NUMBERS) return s;
  if (/^\d+$/.test(s)) return Object.keys(SIGNAL_NUMBERS).find((k) => SIGNAL_NUMBERS[k] === Number(s)) ?? (s === '0' ? '0' : undefined);
  return undefined;
}

export function exitCodeForSignal(spec: string): number {
  return 128 + (SIGNAL_NUMBERS[signalName(spec) ?? 'TERM'] ?? 15);
}
