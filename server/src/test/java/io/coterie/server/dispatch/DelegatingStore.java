package io.coterie.server.dispatch;

import io.coterie.storage.ForwardingStore;
import io.coterie.storage.Store;

/** Passes every call to another store; tests override what they watch or break. */
public class DelegatingStore extends ForwardingStore {

    public DelegatingStore(Store data) {
        super(data);
    }
}
