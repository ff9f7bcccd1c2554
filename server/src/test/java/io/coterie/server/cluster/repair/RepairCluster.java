package io.coterie.server.cluster.repair;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.placement.Ring;
import io.coterie.ring.placement.RingMember;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.bus.netty.NettyTransport;
import io.coterie.server.cluster.bus.netty.NettyTransportConfig;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.storage.InMemoryStore;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Nodes of a test cluster in one JVM: each a versioned in-memory store, a Netty bus on 127.0.0.1 (ports 34800–34899,
 * this work's range) and a {@link Repairer}; every node replicates every slot (N = node count). Closed together.
 */
final class RepairCluster implements AutoCloseable {

    static final long GRACE_MS = 86_400_000;
    private static final int PORT_FIRST = 34_800;
    private static final int PORT_COUNT = 100;
    private static final AtomicInteger nextPort = new AtomicInteger((int) (ProcessHandle.current().pid() % PORT_COUNT));

    final class Node {
        final NodeId id;
        final VersionedStore store;
        final NettyTransport transport;
        Repairer repairer;

        Node(NodeId id) {
            this.id = id;
            this.store = new VersionedStore(new InMemoryStore(), id, clock, () -> GRACE_MS);
            this.transport = NettyTransport.start(NettyTransportConfig.of("127.0.0.1", freePort(), Optional.empty()));
        }

        /**
         * Attaches the index and starts answering; the index builds from what the store holds now, in the
         * background, and this returns once it is built (a peer answers "digest index still building" before).
         */
        void startRepair() throws InterruptedException {
            repairer = Repairer.start(store, transport, () -> topologyFrom(id), clock, RepairLimits.defaults(), () -> 0, () -> 0);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!repairer.index().ready()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the digest index of " + id + " was not built within 60 s");
                }
                Thread.sleep(10);
            }
        }

        /** With background repair every {@code intervalSeconds}, the first one right after the index is built. */
        void startBackgroundRepair(long intervalSeconds) {
            repairer = Repairer.start(store, transport, () -> topologyFrom(id), clock, RepairLimits.defaults(), () -> 0,
                    () -> intervalSeconds, 0);
        }

        RepairReport repair() throws Exception {
            return repairer.repairNow(0, 16_383).get();
        }
    }

    private final Clock clock = Clock.system();
    private final List<Node> nodes = new ArrayList<>();

    RepairCluster(String... ids) {
        for (String id : ids) {
            nodes.add(new Node(new NodeId(id.repeat(40))));
        }
    }

    Node node(int i) {
        return nodes.get(i);
    }

    Topology topologyFrom(NodeId self) {
        TreeMap<NodeId, Member> members = new TreeMap<>();
        for (Node n : nodes) {
            Address address = new Address("127.0.0.1", n.transport.localAddress().port() - 10_000, n.transport.localAddress().port());
            members.put(n.id, new Member(n.id, address, 1, NodeStatus.UP, PlacementInputs.defaults(), Liveness.LIVE));
        }
        Ring ring = Ring.of(nodes.stream().map(n -> RingMember.of(n.id)).toList(), nodes.size());
        return new Topology(new MembershipView(3, self, members), ring, ring, nodes.size());
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            if (n.repairer != null) {
                n.repairer.close();
            }
            n.transport.close();
            n.store.close();
        }
    }

    private static int freePort() {
        for (int attempt = 0; attempt < PORT_COUNT; attempt++) {
            int port = PORT_FIRST + Math.floorMod(nextPort.getAndIncrement(), PORT_COUNT);
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException inUse) {
                // next one
            }
        }
        throw new IllegalStateException("no free port in " + PORT_FIRST + ".." + (PORT_FIRST + PORT_COUNT - 1));
    }
}
