package io.coterie.server.cluster.coordinator;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.NodeRequests;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.bus.BusException;
import io.coterie.server.cluster.bus.Transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Replica writes to one peer, batched by group commit: at most {@link #IN_FLIGHT_MAX} batches are on the wire at
 * once, and writes that arrive meanwhile wait and leave together in the next WRITE_BATCH frame. A lone write leaves
 * at once (no timer, no added latency); under load, batches grow with the load, so the peer decodes, merges and
 * waits for durability once per batch instead of once per key, and the bus carries one frame each way.
 */
final class WriteBatcher {

    /** Batches on the wire to one peer at once; more writes queue for the next. */
    static final int IN_FLIGHT_MAX = 2;
    /** Writes per batch at most. */
    static final int BATCH_WRITES_MAX = 256;
    /** Encoded versions per batch at most, well under the bus frame limit. */
    static final int BATCH_BYTES_MAX = 1 << 20;

    private record Pending(ReplicaCodec.Request write, long timeoutMs, CompletableFuture<Void> done) {
    }

    private final Transport transport;
    private final NodeId peer;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;

    WriteBatcher(Transport transport, NodeId peer) {
        this.transport = transport;
        this.peer = peer;
    }

    /** Completes once the peer has merged the write durably; exceptionally if it refused, failed or timed out. */
    CompletableFuture<Void> write(Topology topology, byte[] key, SiblingSet versions, long timeoutMs) {
        Pending p = new Pending(new ReplicaCodec.Request(key, versions), timeoutMs, new CompletableFuture<>());
        List<Pending> batch;
        synchronized (this) {
            queue.add(p);
            batch = takeBatch();
        }
        send(topology, batch);
        return p.done();
    }

    /** The next batch if one may leave now (empty otherwise); the caller sends it outside the lock. */
    private List<Pending> takeBatch() {
        if (inFlight >= IN_FLIGHT_MAX || queue.isEmpty()) {
            return List.of();
        }
        List<Pending> batch = new ArrayList<>();
        long bytes = 0;
        while (!queue.isEmpty() && batch.size() < BATCH_WRITES_MAX && (batch.isEmpty() || bytes < BATCH_BYTES_MAX)) {
            Pending next = queue.poll();
            bytes += sizeEstimate(next.write());
            batch.add(next);
        }
        inFlight++;
        return batch;
    }

    private static long sizeEstimate(ReplicaCodec.Request write) {
        long bytes = write.key().length + 64L;
        for (var sibling : write.versions().siblings()) {
            bytes += 48 + (sibling.tombstone() ? 0 : sibling.value().length);
        }
        return bytes;
    }

    private void send(Topology topology, List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long timeoutMs = batch.stream().mapToLong(Pending::timeoutMs).min().orElseThrow();
        CompletableFuture<byte[]> reply = batch.size() == 1
                ? NodeRequests.request(transport, topology, peer, ReplicaCodec.WRITE_TYPE,
                        ReplicaCodec.encodeWrite(batch.get(0).write().key(), batch.get(0).write().versions()), timeoutMs)
                        .thenApply(ignored -> new byte[] {ReplicaCodec.MERGED})
                : NodeRequests.request(transport, topology, peer, ReplicaCodec.WRITE_BATCH_TYPE,
                        ReplicaCodec.encodeWriteBatch(batch.stream().map(Pending::write).toList()), timeoutMs);
        reply.whenComplete((statuses, error) -> {
            List<Pending> next;
            synchronized (this) {
                inFlight--;
                next = takeBatch();
            }
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<Void> done = batch.get(i).done();
                if (error != null) {
                    done.completeExceptionally(error);
                } else if (statuses.length != batch.size()) {
                    done.completeExceptionally(new BusException("replica answered " + statuses.length
                            + " statuses for " + batch.size() + " writes"));
                } else if (statuses[i] == ReplicaCodec.MERGED) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new BusException(statuses[i] == ReplicaCodec.STORE_FULL
                            ? "replica store full" : "replica write failed"));
                }
            }
            send(topology, next);
        });
    }
}
