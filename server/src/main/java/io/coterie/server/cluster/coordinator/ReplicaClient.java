package io.coterie.server.cluster.coordinator;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.LoopTurnEnd;
import io.coterie.server.cluster.NodeRequests;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.replica.VersionedStore;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Replica reads and writes addressed by node id: over the bus for peers, straight to the store for
 * this node (whose copy is one of the replies or acks like any other).
 */
final class ReplicaClient {

    private final Transport transport;
    private final VersionedStore store;
    private final Executor localWrites;
    /** One per peer: replica writes to it leave in batches under load ({@link WriteBatcher}). */
    private final Map<NodeId, WriteBatcher> batchers = new ConcurrentHashMap<>();

    /** @param localWrites where this node's own copy is merged and made durable: not a bus event loop */
    ReplicaClient(Transport transport, VersionedStore store, Executor localWrites) {
        this.transport = transport;
        this.store = store;
        this.localWrites = localWrites;
    }

    CompletableFuture<SiblingSet> read(Topology topology, NodeId node, byte[] key, long timeoutMs) {
        if (node.equals(topology.self())) {
            return CompletableFuture.completedFuture(store.versions(key));
        }
        return send(topology, node, ReplicaCodec.READ_TYPE, ReplicaCodec.encodeRead(key), timeoutMs)
                .thenApply(ReplicaCodec::decodeVersions);
    }

    CompletableFuture<Void> write(Topology topology, NodeId node, byte[] key, SiblingSet versions, long timeoutMs) {
        if (node.equals(topology.self())) {
            return writeHere(key, versions);
        }
        return batchers.computeIfAbsent(node, peer -> new WriteBatcher(transport, peer))
                .write(topology, key, versions, timeoutMs);
    }

    /**
     * Merges into this node's copy (a read repair: the coordinator's own write is acked as it is made); the ack waits
     * until the merge is as durable as appendfsync promises, on an event loop at the end of the loop's turn, where
     * one write of the commit log covers every write the turn made instead of one system call per key.
     */
    private CompletableFuture<Void> writeHere(byte[] key, SiblingSet versions) {
        return CompletableFuture.supplyAsync(() -> {
            store.merge(key, versions);
            return LoopTurnEnd.awaitDurable(store.durabilityMark());
        }, localWrites).thenCompose(Function.identity());
    }

    private CompletableFuture<byte[]> send(Topology topology, NodeId node, int type, byte[] payload, long timeoutMs) {
        return NodeRequests.request(transport, topology, node, type, payload, timeoutMs);
    }
}
