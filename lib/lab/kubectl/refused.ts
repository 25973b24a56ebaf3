/** The one error a refused terminal command raises: its message says what was refused and what to use instead. */
export class CommandRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandRefusedError';
  }
}
