/** One factory per adapter of a wiring; a factory may use the other adapters through `self`. */
export type Factories<T> = { readonly [K in keyof T]-?: (self: T) => T[K] };

/**
 * A wiring whose adapters are built on first use and kept for the life of the wiring: a function pays
 * for the clients it uses, not for every adapter the composition root knows. Properties are
 * accessors (spreading the wiring builds everything, which is what a spread asks for).
 */
export function lazily<T extends object>(factories: Factories<T>): T {
  const self = {} as T;
  for (const key of Object.keys(factories) as (keyof T)[]) {
    let built = false;
    let value: T[keyof T];
    Object.defineProperty(self, key, {
      enumerable: true,
      get() {
        if (!built) {
          value = factories[key](self);
          built = true;
        }
        return value;
      },
      // Like a plain object's property: a test or the local stack may swap one adapter (e.g. a clock).
      set(next: T[keyof T]) {
        value = next;
        built = true;
      },
    });
  }
  return self;
}
