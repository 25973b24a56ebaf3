/**
 * The learner's prediction against what the cluster showed. A prediction is one of a few
 * options: a plain value ("3", "web-2", "Failed") or a range of numbers for durations
 * ("about 30 s" = 20..45 seconds of cluster time).
 */
export interface PredictionOption {
  label: string;
  /** The observed value this option stands for; defaults to the label. */
  value?: string | number;
  /** Inclusive range of numbers this option covers (durations). */
  range?: [number, number];
}

/** Options as MDX authors write them: a bare string is its own label and value. */
export type OptionInput = string | PredictionOption;

export class PredictionOptionError extends Error {
  constructor(readonly option: unknown, reason: string) {
    super(`Try-it option ${JSON.stringify(option)}: ${reason}`);
    this.name = 'PredictionOptionError';
  }
}

export function normalizeOptions(inputs: OptionInput[]): PredictionOption[] {
  return inputs.map((o) => {
    const option = typeof o === 'string' ? { label: o } : o;
    if (!option.label) throw new PredictionOptionError(o, 'needs a label');
    if (option.range && !(option.range[0] <= option.range[1])) throw new PredictionOptionError(o, 'range must be [low, high]');
    return option;
  });
}

function same(a: string | number, b: string | number): boolean {
  return String(a).trim().toLowerCase() === String(b).trim().toLowerCase();
}

/** True when the option covers the observed value. */
export function covers(option: PredictionOption, observed: string | number): boolean {
  if (option.range) {
    const n = typeof observed === 'number' ? observed : Number(observed);
    return Number.isFinite(n) && n >= option.range[0] && n <= option.range[1];
  }
  return same(option.value ?? option.label, observed);
}

export interface Verdict {
  right: boolean;
  /** The option that matches what the cluster showed, if any does. */
  actual?: PredictionOption;
  message: string;
}

export function verdict(options: PredictionOption[], predicted: PredictionOption, observed: string | number): Verdict {
  const actual = options.find((o) => covers(o, observed));
  if (covers(predicted, observed)) return { right: true, actual, message: `You predicted “${predicted.label}”, and that is what happened.` };
  const shown = actual ? actual.label : String(observed);
  return { right: false, actual, message: `You predicted “${predicted.label}”; your cluster showed “${shown}”.` };
}
