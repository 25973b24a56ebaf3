/** A lesson or resource that cannot be loaded. The message always names the file. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ContentError';
  }
}
