package io.coterie.server.cluster.stream;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.bus.netty.NettyTransport;
import io.coterie.server.cluster.bus.netty.NettyTransportConfig;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.storage.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/** Nodes of a test cluster on 127.0.0.1 — a bus, a store, a stream executor and a mover each — closed together. */
final class StreamNodes implements AutoCloseable {

    static final long REQUEST_TIMEOUT_MS = 5_000;
    static final long TOMBSTONE_GRACE_MS = 600_000;

    final Map<NodeId, BusAddress> addresses = new ConcurrentHashMap<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(7);

    /** One node of the cluster; {@code transport} and {@code mover} change if the test restarts the bus. */
    final class Node {
        final NodeId id;
        /** The raw store: records with their encoded versions, as the source scans and the receiver stores them. */
        final Store store;
        /** The same store as commands see it: what mints versions and merges arriving ones. */
        final VersionedStore versioned;
        final ScheduledExecutorService executor;
        final StreamLimits limits;
        volatile NettyTransport transport;
        volatile BusDataMover mover;

        Node(NodeId id, Store store, StreamLimits limits, int port) {
            this.id = id;
            this.store = store;
            this.versioned = new VersionedStore(store, id, Clock.system(), () -> TOMBSTONE_GRACE_MS);
            this.limits = limits;
            this.executor = BusDataMover.newExecutor();
            owned.add(executor::shutdownNow);
            owned.add(store);
            startBus(port);
        }

        void startBus(int port) {
            transport = NettyTransport.start(NettyTransportConfig.of("127.0.0.1", port, Optional.empty()));
            owned.add(0, transport);
            addresses.put(id, transport.localAddress());
            mover = BusDataMover.start(id, transport, versioned, addresses::get, executor, Clock.system(),
                    REQUEST_TIMEOUT_MS, limits);
        }

        /** Closes the bus and starts a new one on the same port with a fresh mover over the same store. */
        void restartBus() {
            int port = transport.localAddress().port();
            transport.close();
            startBus(port);
        }
    }

    Node start(Store store, StreamLimits limits) {
        return start(NodeId.random(random), store, limits);
    }

    Node start(NodeId id, Store store, StreamLimits limits) {
        return new Node(id, store, limits, StreamPorts.free());
    }

    NodeId newId() {
        return NodeId.random(random);
    }

    @Override
    public void close() throws Exception {
        // Buses first (added at the front), then executors and stores.
        for (AutoCloseable c : owned) {
            c.close();
        }
    }
}
