/**
 * The command-line words of a deploy script, one at a time, each with `value()` that takes the
 * next word as the option's value (an option given last without one is an error).
 */
export function* cliOptions(args: readonly string[]): Generator<[option: string, value: () => string]> {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    yield [a, value];
  }
}
