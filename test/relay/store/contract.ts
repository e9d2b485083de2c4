// The one behaviour every Store must show (relay/store/types.ts), run against each
// implementation. Each test gets a fresh, empty store.
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../../relay/store/types';
import { guardsContract } from './contract-guards';
import { mailboxContract } from './contract-mailbox';
import { outboxContract } from './contract-outbox';
import { sharedStateContract } from './contract-shared-state';
import { visitorDataContract } from './contract-visitor-data';

export interface StoreUnderTest {
  store: Store;
  cleanup(): Promise<void>;
}

export type StoreGetter = () => Store;

export function runStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name} store contract`, () => {
    let current: StoreUnderTest | undefined;
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });
    const getStore: StoreGetter = () => {
      if (!current) throw new Error('no store: the contract runs inside its own beforeEach');
      return current.store;
    };
    mailboxContract(getStore);
    outboxContract(getStore);
    sharedStateContract(getStore);
    guardsContract(getStore);
    visitorDataContract(getStore);
  });
}
