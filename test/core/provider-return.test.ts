// The note a tab keeps when it leaves for a provider: read once, fresh for half an hour, and
// harmless where storage is missing or refuses to be used.
import { expect } from '@open-wc/testing';
import { noteProviderDeparture, takeProviderDeparture } from '../../src/core/provider-return.js';

function memory(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  } as Storage;
}

const now = Date.parse('2026-11-27T12:00:00Z');

describe('provider departure note', () => {
  it('is taken once after the tab left for a provider', () => {
    const storage = memory();
    noteProviderDeparture(now, storage);
    expect(takeProviderDeparture(now + 60_000, storage)).to.equal(true);
    expect(takeProviderDeparture(now + 61_000, storage)).to.equal(false);
  });

  it('is nothing when the tab never left, or left more than half an hour ago', () => {
    const storage = memory();
    expect(takeProviderDeparture(now, storage)).to.equal(false);
    noteProviderDeparture(now, storage);
    expect(takeProviderDeparture(now + 30 * 60_000, storage)).to.equal(false);
  });

  it('never throws where storage refuses', () => {
    const refusing = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(() => noteProviderDeparture(now, refusing)).to.not.throw();
    expect(takeProviderDeparture(now, refusing)).to.equal(false);
  });

  it("keeps its note in the tab's sessionStorage by default", () => {
    noteProviderDeparture(now);
    expect(takeProviderDeparture(now + 1000)).to.equal(true);
    expect(takeProviderDeparture(now + 2000)).to.equal(false);
  });
});
