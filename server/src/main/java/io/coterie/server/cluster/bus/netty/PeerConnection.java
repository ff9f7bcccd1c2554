package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.bus.BusException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's one outbound connection to one peer: connected lazily on the first frame, reused, re-dialed after it
 * drops. A failed attempt starts an exponential backoff during which frames to the peer fail fast instead of
 * queueing behind a dead host; a successful handshake resets it.
 *
 * <p>Threads: everything but the admission check runs on {@link #loop}, which also owns the channel, so no state
 * here is shared. {@link #queuedBytes} is reserved on callers' threads (so a full queue fails at once) and released
 * on the loop.
 */
final class PeerConnection {

    private static final Logger log = LoggerFactory.getLogger(PeerConnection.class);

    private record Outgoing(BusFrame frame) {
    }

    private record PendingRequest(int type, CompletableFuture<byte[]> future, ScheduledFuture<?> timeout) {
    }

    private final BusAddress peer;
    private final EventLoop loop;
    private final BusContext bus;
    /** Bytes of frames accepted for this peer and not yet written (or discarded): the bounded outbound queue. */
    private final AtomicLong queuedBytes = new AtomicLong();

    // Event loop only.
    private Channel channel;
    private boolean ready;
    private boolean dialedBefore;
    private boolean flushScheduled;
    private int consecutiveFailures;
    private long retryNotBeforeNanos;
    private String lastFailure = "";
    private final ArrayDeque<Outgoing> unsent = new ArrayDeque<>();
    private final Map<Long, PendingRequest> pending = new HashMap<>();

    PeerConnection(BusAddress peer, EventLoop loop, BusContext bus) {
        this.peer = peer;
        this.loop = loop;
        this.bus = bus;
    }

    void send(int type, byte[] payload) {
        BusFrame frame = new BusFrame(FrameKind.ONE_WAY, type, 0, payload);
        String refusal = admit(frame);
        if (refusal != null) {
            bus.counters.sendsDropped.increment();
            log.debug("Dropped a one-way frame of type {} to {}: {}", type, peer, refusal);
        } else if (!onLoop(() -> enqueue(new Outgoing(frame)))) {
            release(frame);
            bus.counters.sendsDropped.increment();
        }
    }

    CompletableFuture<byte[]> request(int type, byte[] payload, long timeoutMs) {
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        BusFrame frame = new BusFrame(FrameKind.REQUEST, type, bus.nextCorrelationId(), payload);
        String refusal = admit(frame);
        if (refusal != null) {
            future.completeExceptionally(BusException.notSent(peer + ": " + refusal));
        } else if (!onLoop(() -> startRequest(frame, future, timeoutMs))) {
            release(frame);
            future.completeExceptionally(BusException.notSent(peer + ": transport closed"));
        }
        return future;
    }

    /** Fails everything waiting and closes the connection; later frames are refused by the closed transport. */
    void close() {
        onLoop(() -> {
            failEverything("transport closed");
            if (channel != null) {
                channel.close();
            }
        });
    }

    /** The dialed channel authenticated the peer: send what waited for it. */
    void onReady(Channel ch) {
        if (ch != channel) {
            return;
        }
        ready = true;
        consecutiveFailures = 0;
        for (Outgoing out = unsent.poll(); out != null; out = unsent.poll()) {
            write(out);
        }
        channel.flush();
    }

    void onResponse(BusFrame frame) {
        PendingRequest request = pending.remove(frame.correlationId());
        if (request == null) {
            // Timed out already, or a correlation id we never sent.
            bus.counters.inboundDropped.increment();
            return;
        }
        request.timeout().cancel(false);
        if (frame.kind() == FrameKind.RESPONSE) {
            request.future().complete(frame.payload());
        } else {
            request.future().completeExceptionally(new BusException(peer + " failed request of type " + request.type()
                    + ": " + new String(frame.payload(), StandardCharsets.UTF_8)));
        }
    }

    /** The connection (or the attempt to make one) ended; a failure before the handshake completed backs off. */
    void onClosed(Channel ch, String reason) {
        if (ch != channel) {
            return;
        }
        channel = null;
        if (ready) {
            ready = false;
            consecutiveFailures = 0;
            retryNotBeforeNanos = 0;
            log.info("Bus connection to {} closed: {}", peer, reason);
        } else {
            consecutiveFailures++;
            long backoffMs = bus.limits.reconnectBackoffMs(consecutiveFailures);
            retryNotBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
            lastFailure = reason;
            if (consecutiveFailures == 1) {
                log.info("Bus peer {} unreachable ({}); next attempt in {} ms", peer, reason, backoffMs);
            } else {
                // A peer that stays down would otherwise log on every attempt.
                log.debug("Bus peer {} still unreachable ({}); next attempt in {} ms", peer, reason, backoffMs);
            }
        }
        failEverything(reason);
    }

    /** Checks the frame limit and reserves queue space; returns why the frame cannot go, or null. Any thread. */
    private String admit(BusFrame frame) {
        if (frame.frameBytes() > bus.limits.frameBytesMax()) {
            return "frame of " + frame.frameBytes() + " bytes exceeds the bus frame limit of "
                    + bus.limits.frameBytesMax() + " bytes";
        }
        if (queuedBytes.addAndGet(frame.frameBytes()) > bus.limits.outboundQueueBytesMax()) {
            queuedBytes.addAndGet(-frame.frameBytes());
            return "outbound queue full (" + bus.limits.outboundQueueBytesMax() + " bytes)";
        }
        return null;
    }

    private void release(BusFrame frame) {
        queuedBytes.addAndGet(-frame.frameBytes());
    }

    private void startRequest(BusFrame frame, CompletableFuture<byte[]> future, long timeoutMs) {
        if (pending.size() >= bus.limits.requestsInFlightMax()) {
            release(frame);
            future.completeExceptionally(new BusException(peer + ": " + bus.limits.requestsInFlightMax()
                    + " requests already in flight"));
            return;
        }
        long id = frame.correlationId();
        ScheduledFuture<?> timeout = loop.schedule(() -> timeOut(id, timeoutMs), timeoutMs, TimeUnit.MILLISECONDS);
        pending.put(id, new PendingRequest(frame.type(), future, timeout));
        enqueue(new Outgoing(frame));
    }

    private void timeOut(long correlationId, long timeoutMs) {
        PendingRequest request = pending.remove(correlationId);
        if (request != null) {
            request.future().completeExceptionally(new TimeoutException("no response from " + peer + " to a request of type "
                    + request.type() + " within " + timeoutMs + " ms"));
        }
    }

    private void enqueue(Outgoing out) {
        if (bus.closed.get()) {
            discard(out, "transport closed");
        } else if (ready) {
            write(out);
            scheduleFlush();
        } else if (channel == null && System.nanoTime() < retryNotBeforeNanos) {
            long waitMs = TimeUnit.NANOSECONDS.toMillis(retryNotBeforeNanos - System.nanoTime());
            discard(out, "unreachable (" + lastFailure + "); next attempt in " + waitMs + " ms");
        } else {
            unsent.add(out);
            if (channel == null) {
                connect();
            }
        }
    }

    private void write(Outgoing out) {
        channel.write(out.frame()).addListener(f -> release(out.frame()));
    }

    /**
     * One flush per burst instead of one system call per frame: the flush task runs after the sends already queued
     * on the loop, so frames sent together from other threads leave together.
     */
    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(() -> {
                flushScheduled = false;
                if (channel != null) {
                    channel.flush();
                }
            });
        }
    }

    private void connect() {
        if (dialedBefore) {
            bus.counters.reconnects.increment();
        }
        dialedBefore = true;
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, bus.limits.connectTimeoutMs())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(BusChannelInitializer.dialing(bus, this))
                .connect(peer.host(), peer.port());
        // Assigned before the listener is added: a connect that fails at once still finds itself current.
        channel = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                onClosed(connecting.channel(), "connect failed: " + f.cause().getMessage());
            }
        });
    }

    private void failEverything(String reason) {
        for (Outgoing out = unsent.poll(); out != null; out = unsent.poll()) {
            discard(out, reason);
        }
        List<PendingRequest> failed = new ArrayList<>(pending.values());
        pending.clear();
        for (PendingRequest request : failed) {
            request.timeout().cancel(false);
            request.future().completeExceptionally(new BusException(peer + ": " + reason));
        }
    }

    private void discard(Outgoing out, String reason) {
        release(out.frame());
        if (out.frame().kind() == FrameKind.REQUEST) {
            PendingRequest request = pending.remove(out.frame().correlationId());
            if (request != null) {
                request.timeout().cancel(false);
                request.future().completeExceptionally(BusException.notSent(peer + ": " + reason));
            }
        } else {
            bus.counters.sendsDropped.increment();
        }
    }

    /** @return false when the event loop no longer accepts tasks (the transport is shutting down) */
    private boolean onLoop(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
