/** One factory per adapter of a wiring; a factory may use the other adapters through `self`. */
export type Factories<T> = { readonly [K in keyof T]-?: (self: T) => T[K] };

/**
 * A wiring whose adapters are built on first use and kept for the life of the wiring: a function pays
 * for the clients it uses, not for every adapter the composition root knows. Properties are
 * accessors (spreading the wiring builds everything, which is what a spread asks for).
 */
export function lazily<T extends object>(factories: Factories<T>): T {
  return extendLazily<object, T>({}, factories);
}

/** Factories of the adapters added to a wiring `B`: each may use the whole extended wiring. */
export type ExtensionFactories<B, E> = { readonly [K in keyof E]-?: (self: B & E) => E[K] };

/**
 * Adds more lazily built adapters to an existing wiring, in place: the wiring's own adapters stay the
 * same objects (one DynamoDB client, one clock), and the new factories see the whole through `self`.
 * A key the wiring already has is refused (it would be a second copy of that adapter).
 */
export function extendLazily<B extends object, E extends object>(
  base: B,
  factories: ExtensionFactories<B, E>,
): B & E {
  const self = base as B & E;
  for (const key of Object.keys(factories) as (keyof E & string)[]) {
    if (Object.prototype.hasOwnProperty.call(base, key)) throw new Error(`The wiring already has ${key}`);
    let built = false;
    let value: E[keyof E];
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
      set(next: E[keyof E]) {
        value = next;
        built = true;
      },
    });
  }
  return self;
}

const extendedWith = new WeakMap<object, Set<string>>();

/**
 * `extendLazily` once per wiring and group: a wiring that already has the group's adapters is
 * returned as it is, so the process's core can be extended by whichever of its users comes first.
 */
export function extendOnce<B extends object, E extends object>(
  base: B,
  group: string,
  factories: () => ExtensionFactories<B, E>,
): B & E {
  let groups = extendedWith.get(base);
  if (!groups) {
    groups = new Set();
    extendedWith.set(base, groups);
  }
  if (groups.has(group)) return base as B & E;
  const extended = extendLazily(base, factories());
  groups.add(group);
  return extended as B & E;
}
