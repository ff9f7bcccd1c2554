package io.coterie.server.dispatch;

import io.coterie.storage.InMemoryStore;
import io.coterie.storage.KeyUpdate;
import io.coterie.storage.Record;
import io.coterie.storage.StoreFullException;

/** A store that is full: every write is refused with StoreFullException, reads work. */
public final class FullStore extends DelegatingStore {

    public FullStore() {
        super(new InMemoryStore());
    }

    @Override
    public void put(byte[] key, Record record) {
        throw new StoreFullException("store is full");
    }

    @Override
    public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) {
        throw new StoreFullException("store is full");
    }
}
