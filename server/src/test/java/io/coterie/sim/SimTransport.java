package io.coterie.sim;

import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.Scheduler;
import io.coterie.server.cluster.bus.BusException;
import io.coterie.server.cluster.bus.BusHandler;
import io.coterie.server.cluster.bus.BusResponder;
import io.coterie.server.cluster.bus.Transport;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * One process incarnation's {@link Transport} over the {@link SimNetwork}. Handlers run on the executor they were
 * registered with, called inside the delivery event (use {@code Runnable::run}, or the node's scheduler to run it as
 * a separate event); request futures complete inside the delivery or timeout event, on the simulation thread.
 */
public final class SimTransport implements Transport {

    /** Largest payload a frame may carry, as the Netty bus caps frames; larger is a bug in the sender. */
    public static final int PAYLOAD_BYTES_MAX = 16 * 1024 * 1024;

    private record Registration(Executor executor, BusHandler handler) {
    }

    private record Pending(CompletableFuture<byte[]> future, Scheduler.Cancellable timeout) {
    }

    private final SimHost host;
    private final SimNetwork network;
    private final Scheduler scheduler;
    private final Map<Integer, Registration> handlers = new HashMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    /**
     * Requests this incarnation has handled. The network may duplicate any frame, but a request travels on a
     * connection (Netty's bus: TCP, no resend), so its handler runs once: a forwarded SET or VSET is not idempotent.
     */
    private final Set<Long> requestsHandled = new HashSet<>();
    private boolean closed;
    private long unhandled;

    SimTransport(SimHost host, SimNetwork network, Scheduler scheduler) {
        this.host = host;
        this.network = network;
        this.scheduler = scheduler;
    }

    @Override
    public BusAddress localAddress() {
        return host.bus();
    }

    @Override
    public void send(BusAddress to, int type, byte[] payload) {
        checkFrame(to, type, payload);
        if (!closed) {
            network.transmit(host, to, new Frame.OneWay(host.bus(), type, payload.clone()));
        }
    }

    @Override
    public CompletableFuture<byte[]> request(BusAddress to, int type, byte[] payload, long timeoutMs) {
        checkFrame(to, type, payload);
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive: " + timeoutMs);
        }
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new BusException("transport closed"));
            return future;
        }
        long requestId = network.nextRequestId();
        Scheduler.Cancellable timeout = scheduler.schedule(timeoutMs, () -> {
            Pending expired = pending.remove(requestId);
            if (expired != null) {
                expired.future().completeExceptionally(new TimeoutException(
                        "no answer from " + to + " to request " + requestId + " (type " + type + ") within " + timeoutMs + " ms"));
            }
        });
        pending.put(requestId, new Pending(future, timeout));
        network.transmit(host, to, new Frame.Request(host.bus(), requestId, type, payload.clone()));
        return future;
    }

    @Override
    public void register(int type, Executor executor, BusHandler handler) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(type, new Registration(executor, handler)) != null) {
            throw new IllegalStateException("a handler for type " + type + " is already registered");
        }
    }

    @Override
    public void close() {
        closed = true;
        handlers.clear();
        for (Pending p : pending.values()) {
            p.timeout().cancel();
            p.future().completeExceptionally(new BusException("transport closed"));
        }
        pending.clear();
    }

    /** Frames that arrived for a type nobody registered: a wiring bug, or a node not fully started. */
    public long unhandled() {
        return unhandled;
    }

    /** A frame has arrived for this incarnation (the network has already checked it is alive and running). */
    void receive(Frame frame) {
        if (closed) {
            return;
        }
        if (frame instanceof Frame.OneWay oneWay) {
            Registration r = handlers.get(oneWay.type());
            if (r == null) {
                unhandled++;
                return;
            }
            r.executor().execute(() -> r.handler().handle(oneWay.from(), oneWay.payload(), BusResponder.NONE));
        } else if (frame instanceof Frame.Request request) {
            if (!requestsHandled.add(request.requestId())) {
                return; // a duplicated copy: the TCP bus delivers each request at most once
            }
            Registration r = handlers.get(request.type());
            Responder responder = new Responder(request.from(), request.requestId(), host.incarnation());
            if (r == null) {
                unhandled++;
                responder.fail("no handler for frame type " + request.type() + " at " + host.bus());
                return;
            }
            r.executor().execute(() -> r.handler().handle(request.from(), request.payload(), responder));
        } else if (frame instanceof Frame.Response response) {
            Pending p = pending.remove(response.requestId());
            if (p == null) {
                return;  // timed out already, or a duplicate: the first answer won
            }
            p.timeout().cancel();
            if (response.error() == null) {
                p.future().complete(response.payload());
            } else {
                p.future().completeExceptionally(response.error().startsWith(SimNetwork.REFUSED)
                        ? BusException.notSent(response.error()) : new BusException(response.error()));
            }
        } else {
            throw new AssertionError("Frame is sealed");
        }
    }

    private void checkFrame(BusAddress to, int type, byte[] payload) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(payload, "payload");
        if (type < 1) {
            throw new IllegalArgumentException("frame types start at 1: " + type);
        }
        if (payload.length > PAYLOAD_BYTES_MAX) {
            throw new IllegalArgumentException(payload.length + " bytes to " + to + " over PAYLOAD_BYTES_MAX " + PAYLOAD_BYTES_MAX);
        }
    }

    /** Exactly one answer, the first; a dead incarnation answers nothing. */
    private final class Responder implements BusResponder {
        private final BusAddress requester;
        private final long requestId;
        private final int incarnation;
        private boolean answered;

        Responder(BusAddress requester, long requestId, int incarnation) {
            this.requester = requester;
            this.requestId = requestId;
            this.incarnation = incarnation;
        }

        @Override
        public void reply(byte[] payload) {
            Objects.requireNonNull(payload, "payload");
            answer(payload.clone(), null);
        }

        @Override
        public void fail(String message) {
            answer(new byte[0], message == null ? "failed" : message);
        }

        @Override
        public boolean expectsReply() {
            return true;
        }

        private void answer(byte[] payload, String error) {
            if (answered || host.incarnation() != incarnation || host.state() == NodeState.CRASHED) {
                return;
            }
            answered = true;
            network.transmit(host, requester, new Frame.Response(host.bus(), requestId, payload, error));
        }
    }
}
