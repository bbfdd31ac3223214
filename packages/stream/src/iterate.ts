const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A lean async iterator over `pull()`: one promise per item, no generator machinery. It ends
 * when `isEnd(item)` is true; an error ends it too. Leaving a `for await` loop early leaves
 * the underlying stream open.
 * @internal
 */
export function iterate<T>(
  pull: () => Promise<T>,
  isEnd: (item: T) => boolean,
): AsyncIterableIterator<Exclude<T, null>, undefined> {
  let finished = false;
  const onItem = (item: T): IteratorResult<Exclude<T, null>, undefined> => {
    if (isEnd(item)) {
      finished = true;
      return DONE;
    }
    return { done: false, value: item as Exclude<T, null> };
  };
  const onError = (error: unknown): never => {
    finished = true;
    throw error;
  };
  const iterator: AsyncIterableIterator<Exclude<T, null>, undefined> = {
    next() {
      if (finished) return Promise.resolve(DONE);
      return pull().then(onItem, onError);
    },
    return() {
      finished = true;
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
