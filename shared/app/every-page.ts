/** Every item of a cursor-paged list, page after page (the counter rebuilds read whole lists this way). */
export async function* every<T>(
  page: (cursor: {
    cursor?: string;
  }) => Promise<{ readonly items: readonly T[]; readonly nextCursor?: string }>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const out = await page(cursor ? { cursor } : {});
    yield* out.items;
    cursor = out.nextCursor;
  } while (cursor);
}
