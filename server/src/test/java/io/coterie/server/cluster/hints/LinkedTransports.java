package io.coterie.server.cluster.hints;

import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.bus.BusException;
import io.coterie.server.cluster.bus.BusHandler;
import io.coterie.server.cluster.bus.BusResponder;
import io.coterie.server.cluster.bus.Transport;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** An in-memory bus between a few nodes in one test: requests reach the peer's handler on its executor, or fail as unreachable. */
final class LinkedTransports {

    private record Registration(Executor executor, BusHandler handler) {}

    private final Map<BusAddress, Map<Integer, Registration>> nodes = new HashMap<>();

    Transport node(BusAddress self) {
        nodes.put(self, new HashMap<>());
        return new Transport() {
            @Override
            public BusAddress localAddress() {
                return self;
            }

            @Override
            public void send(BusAddress to, int type, byte[] payload) {
                request(to, type, payload, 0);
            }

            @Override
            public CompletableFuture<byte[]> request(BusAddress to, int type, byte[] payload, long timeoutMs) {
                Registration r = nodes.getOrDefault(to, Map.of()).get(type);
                if (r == null) {
                    return CompletableFuture.failedFuture(new BusException("unreachable: " + to));
                }
                CompletableFuture<byte[]> reply = new CompletableFuture<>();
                r.executor().execute(() -> r.handler().handle(self, payload, new BusResponder() {
                    @Override
                    public void reply(byte[] bytes) {
                        reply.complete(bytes);
                    }

                    @Override
                    public void fail(String message) {
                        reply.completeExceptionally(new BusException(message));
                    }

                    @Override
                    public boolean expectsReply() {
                        return true;
                    }
                }));
                return reply;
            }

            @Override
            public void register(int type, Executor executor, BusHandler handler) {
                nodes.get(self).put(type, new Registration(executor, handler));
            }

            @Override
            public void close() {
                nodes.remove(self);
            }
        };
    }
}
