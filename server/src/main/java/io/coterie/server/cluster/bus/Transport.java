package io.coterie.server.cluster.bus;

import io.coterie.ring.membership.BusAddress;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The inter-node bus as the cluster's protocol code sees it: typed frames of opaque bytes between
 * nodes named by their advertised {@link BusAddress}. Each subsystem (gossip, forwarding, streaming,
 * replication, hints, repair) owns a range of {@link BusMessageTypes} and its own codec, so the bus
 * knows nothing of their records.
 *
 * <p>Two implementations run the same protocol code: the Netty bus in production (framing, protocol
 * version, cluster-secret handshake, reconnects) and the simulated network in tests (virtual time,
 * loss, duplication, reordering, partitions). Payloads are bytes in both, so the codecs are exercised
 * by the simulation too.
 *
 * <p>Threads: handlers run on the executor given at registration (the subsystem's owner thread);
 * futures returned by {@link #request} may complete on any thread — continue on your own executor.
 */
public interface Transport extends AutoCloseable {

    /** This node's advertised bus address (what peers see as {@code from}). */
    BusAddress localAddress();

    /** Fire-and-forget: may be lost, duplicated or reordered; never throws for an unreachable peer. */
    void send(BusAddress to, int type, byte[] payload);

    /**
     * Request/response. Completes with the responder's payload, or exceptionally with
     * {@link BusException} (peer unreachable, refused, or the handler answered with an error) or
     * {@link java.util.concurrent.TimeoutException} after {@code timeoutMs}.
     */
    CompletableFuture<byte[]> request(BusAddress to, int type, byte[] payload, long timeoutMs);

    /** Routes incoming frames of {@code type} to {@code handler}, run on {@code executor}. One handler per type. */
    void register(int type, Executor executor, BusHandler handler);

    @Override
    void close();
}
