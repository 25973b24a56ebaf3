/**
 * `instanceof` for error classes whose instances cross Next.js's bundle boundary. server.ts
 * builds the portal context (stream slots, kubectl run slots, the host's kubectl turns) from its
 * own copy of these modules, and each route handler is bundled with another copy: an error
 * thrown by a context object is then an instance of server.ts's class, and the route's
 * `err instanceof LabError` said no (a refusal became a 500). A branded class is recognised by
 * a symbol in the global symbol registry that its prototype carries, the same in every copy.
 * Subclasses keep ordinary instanceof unless they are branded themselves.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ErrorClass = abstract new (...args: any[]) => Error;

export function brandAcrossBundles<T extends ErrorClass>(cls: T, brand: string): T {
  const key = Symbol.for(`kubelab.error.${brand}`);
  Object.defineProperty(cls.prototype, key, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, v: unknown): boolean {
      if (this !== cls) return Function.prototype[Symbol.hasInstance].call(this, v);
      return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[key] === true;
    },
  });
  return cls;
}
