package io.coterie.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Every open client connection, by id (CLIENT ID/LIST/KILL, INFO clients, maxclients). */
public final class ClientRegistry {

    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentHashMap<Long, ClientHandle> byId = new ConcurrentHashMap<>();

    /** Client ids start at 1 and are never reused, as Redis's. */
    public long nextId() {
        return nextId.getAndIncrement();
    }

    /** Admits a connection if fewer than {@code maxClients} are open; false = refuse it. */
    public boolean tryRegister(ClientHandle h, int maxClients) {
        while (true) {
            int c = count.get();
            if (c >= maxClients) {
                return false;
            }
            if (count.compareAndSet(c, c + 1)) {
                byId.put(h.session().id(), h);
                return true;
            }
        }
    }

    public void unregister(ClientHandle h) {
        if (byId.remove(h.session().id(), h)) {
            count.decrementAndGet();
        }
    }

    public int count() {
        return count.get();
    }

    public ClientHandle get(long id) {
        return byId.get(id);
    }

    /** Open connections ordered by id (CLIENT LIST order). */
    public List<ClientHandle> all() {
        List<ClientHandle> l = new ArrayList<>(byId.values());
        l.sort(Comparator.comparingLong(h -> h.session().id()));
        return l;
    }
}
