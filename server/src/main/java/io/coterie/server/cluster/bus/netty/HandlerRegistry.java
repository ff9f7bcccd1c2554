package io.coterie.server.cluster.bus.netty;

import io.coterie.server.cluster.bus.BusHandler;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/** One handler per frame type, with the executor it runs on; read by every event loop. */
final class HandlerRegistry {

    record Registration(Executor executor, BusHandler handler) {
    }

    private final ConcurrentMap<Integer, Registration> byType = new ConcurrentHashMap<>();

    void register(int type, Executor executor, BusHandler handler) {
        if (type <= 0) {
            throw new IllegalArgumentException("bus message types are positive, got " + type);
        }
        Registration registration = new Registration(Objects.requireNonNull(executor, "executor"),
                Objects.requireNonNull(handler, "handler"));
        if (byType.putIfAbsent(type, registration) != null) {
            throw new IllegalStateException("a handler for bus message type " + type + " is already registered");
        }
    }

    /** @return the registration, or null when no subsystem handles {@code type} */
    Registration lookup(int type) {
        return byType.get(type);
    }
}
