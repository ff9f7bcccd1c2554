package io.coterie.server.cluster.hints;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.NodeRequests;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.coordinator.ReplicaCodec;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Handoff over the replica WRITE bus message: the target merges a hint exactly as it merges a
 * replicated write ({@code Versions.receive}), so a hint delivered twice, or after a newer write,
 * changes nothing.
 */
public final class ReplicaWriteDelivery implements HintDelivery {

    private final Transport transport;
    private final TopologySource topology;
    private final LongSupplier timeoutMs;

    /** @param timeoutMs read per delivery, so CONFIG SET request-timeout-ms applies */
    public ReplicaWriteDelivery(Transport transport, TopologySource topology, LongSupplier timeoutMs) {
        this.transport = transport;
        this.topology = topology;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public CompletableFuture<Void> deliver(NodeId target, byte[] key, SiblingSet versions) {
        return NodeRequests.request(transport, topology.current(), target, ReplicaCodec.WRITE_TYPE,
                ReplicaCodec.encodeWrite(key, versions), timeoutMs.getAsLong()).thenApply(reply -> null);
    }
}
