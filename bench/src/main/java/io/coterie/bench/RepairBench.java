package io.coterie.bench;

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
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.bus.netty.NettyTransport;
import io.coterie.server.cluster.bus.netty.NettyTransportConfig;
import io.coterie.server.cluster.repair.PeerReport;
import io.coterie.server.cluster.repair.RepairLimits;
import io.coterie.server.cluster.repair.RepairReport;
import io.coterie.server.cluster.repair.Repairer;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Anti-entropy at scale without the RESP path (issue #6's bench): three nodes in one JVM — versioned in-memory
 * stores, real Netty buses on 127.0.0.1, a {@link Repairer} each — hold KEYS keys on all three replicas; one replica
 * then misses DIVERGE_PERCENT of the keys' latest writes. One repair on that replica is measured: repair bytes both
 * ways against the bytes of the differing records (target ≤ 3), its time, and that every replica's per-slot digests
 * agree afterwards; then a repair between level replicas, which must exchange only the tree roots.
 *
 * <p>Replication is played directly (a write on node 1, its versions merged into the others), so loading a million
 * keys takes seconds rather than the RESP path's minutes on a shared machine; bench/cluster-repair.sh measures the
 * same with real processes. Usage: {@code RepairBench [keys [divergePercent [valueBytes [busPortFirst]]]]}.
 */
public final class RepairBench {

    private record Node(NodeId id, VersionedStore store, NettyTransport bus) {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(2); // the buses' threads would keep the JVM alive
        }
    }

    private static void run(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int divergePercent = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int valueBytes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int portFirst = args.length > 3 ? Integer.parseInt(args[3]) : 34_900;

        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NodeId id = new NodeId(Character.toString('a' + i).repeat(40));
            nodes.add(new Node(id, new VersionedStore(new InMemoryStore(), id, Clock.system(), () -> 86_400_000L),
                    NettyTransport.start(NettyTransportConfig.of("127.0.0.1", portFirst + i, Optional.empty()))));
        }
        Node writer = nodes.get(0);
        Node stale = nodes.get(2);
        long loadStart = System.nanoTime();
        byte[] value = new byte[valueBytes];
        Arrays.fill(value, (byte) 'v');
        for (int i = 0; i < keys; i++) {
            write(writer, key(i), value, nodes);
        }
        int diverge = keys / 100 * divergePercent;
        Arrays.fill(value, (byte) 'w');
        for (int j = 0; j < diverge; j++) {
            write(writer, key(j * (keys / diverge)), value, nodes.subList(0, 2)); // the stale replica misses these
        }
        long loadMs = (System.nanoTime() - loadStart) / 1_000_000;

        List<Repairer> repairers = new ArrayList<>();
        long indexStart = System.nanoTime();
        for (Node n : nodes) {
            repairers.add(Repairer.start(n.store(), n.bus(), () -> topology(nodes, n.id()), Clock.system(),
                    RepairLimits.defaults(), () -> 0, () -> 0));
        }
        while (!repairers.stream().allMatch(r -> r.index().ready())) {
            Thread.sleep(20);
        }
        long indexMs = (System.nanoTime() - indexStart) / 1_000_000;

        long repairStart = System.nanoTime();
        RepairReport report = repairers.get(2).repairNow(0, 16_383).get();
        long repairMs = (System.nanoTime() - repairStart) / 1_000_000;
        boolean level = Arrays.equals(repairers.get(0).index().digests().snapshot(), repairers.get(2).index().digests().snapshot())
                && Arrays.equals(repairers.get(1).index().digests().snapshot(), repairers.get(2).index().digests().snapshot());
        RepairReport again = repairers.get(0).repairNow(0, 16_383).get();

        long traffic = report.total(PeerReport::bytesSent) + report.total(PeerReport::bytesReceived);
        long records = report.total(PeerReport::recordBytesSent) + report.total(PeerReport::recordBytesReceived);
        System.out.printf("%d keys (%d-byte values) on 3 replicas, loaded in %d ms; digest indexes built in %d ms%n",
                keys, valueBytes, loadMs, indexMs);
        System.out.printf("node 3 missed %d writes (%d%%); one CLUSTER REPAIR-equivalent on node 3:%n", diverge, divergePercent);
        System.out.printf("  slots differing %d, records moved %d (sent %d, received %d), peers failed %d%n",
                report.total(PeerReport::slotsDiffering), report.total(PeerReport::keysSent) + report.total(PeerReport::keysReceived),
                report.total(PeerReport::keysSent), report.total(PeerReport::keysReceived), report.failures().size());
        System.out.printf("  differing record bytes %d, repair bytes sent %d + received %d = %d%n", records,
                report.total(PeerReport::bytesSent), report.total(PeerReport::bytesReceived), traffic);
        System.out.printf("  bytes / differing record bytes = %.2f (target <= 3); %d ms%n", (double) traffic / records, repairMs);
        System.out.printf("  per-slot digests equal on all 3 afterwards: %s%n", level);
        System.out.printf("level replicas (node 1 with both): bytes sent %d + received %d, slots differing %d%n",
                again.total(PeerReport::bytesSent), again.total(PeerReport::bytesReceived), again.total(PeerReport::slotsDiffering));
        repairers.forEach(Repairer::close);
        nodes.forEach(n -> n.bus().close());
        System.exit(level && report.failures().isEmpty() ? 0 : 1);
    }

    private static void write(Node coordinator, byte[] key, byte[] value, List<Node> replicas) {
        coordinator.store().put(key, Record.of(value));
        SiblingSet versions = coordinator.store().versions(key);
        for (Node r : replicas) {
            if (r != coordinator) {
                r.store().merge(key, versions);
            }
        }
    }

    private static Topology topology(List<Node> nodes, NodeId self) {
        TreeMap<NodeId, Member> members = new TreeMap<>();
        for (Node n : nodes) {
            int bus = n.bus().localAddress().port();
            members.put(n.id(), new Member(n.id(), new Address("127.0.0.1", bus - 10_000, bus), 1, NodeStatus.UP,
                    PlacementInputs.defaults(), Liveness.LIVE));
        }
        Ring ring = Ring.of(nodes.stream().map(n -> RingMember.of(n.id())).toList(), nodes.size());
        return new Topology(new MembershipView(1, self, members), ring, ring, nodes.size());
    }

    private static byte[] key(int i) {
        return String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
    }
}
