package io.coterie.server.cluster.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.ForgetOutcome;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.placement.Transfer;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.stream.DataMover;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ClusterRuntimes on real Netty buses on 127.0.0.1 (bus ports 19501–19504, or from {@code -Dcoterie.test.busPortBase}
 * + 1): form, grow, shrink, restart, with N = 3.
 */
class ClusterRuntimeTest {

    private static final int BUS_PORT_BASE = Integer.getInteger("coterie.test.busPortBase", 19500);
    /** Issue #4: all nodes agree on membership and ring within 5 s of a change. */
    private static final long CONVERGE_MS_MAX = 5_000;

    @TempDir
    Path dir;

    private final List<ClusterRuntime> running = new ArrayList<>();

    /** A mover that records what it was asked to move and completes at once. */
    static final class RecordingMover implements DataMover {
        final List<Transfer> pulled = new CopyOnWriteArrayList<>();
        final List<Transfer> pushed = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<MoveReport> pull(List<Transfer> transfers) {
            pulled.addAll(transfers);
            return CompletableFuture.completedFuture(new MoveReport(transfers.size(), 0, 0, 0));
        }

        @Override
        public CompletableFuture<MoveReport> push(List<Transfer> transfers) {
            pushed.addAll(transfers);
            return CompletableFuture.completedFuture(new MoveReport(transfers.size(), 0, 0, 0));
        }
    }

    private ClusterRuntime start(int n, RecordingMover mover, Runnable onExit, Integer... seeds) {
        List<BusAddress> seedBuses = new ArrayList<>();
        for (int s : seeds) {
            seedBuses.add(new BusAddress("127.0.0.1", BUS_PORT_BASE + s));
        }
        ClusterSettings settings = new ClusterSettings("127.0.0.1", new Address("127.0.0.1", 9400 + n, BUS_PORT_BASE + n),
                seedBuses, Optional.empty(), 3, new PlacementInputs(1, "", 32), dir.resolve("node" + n));
        dir.resolve("node" + n).toFile().mkdirs();
        ClusterRuntime r = ClusterRuntime.start(settings, (self, bus, topology) -> mover, Clock.system(), new SplittableRandom(n), onExit);
        running.add(r);
        return r;
    }

    @AfterEach
    void stop() {
        running.forEach(ClusterRuntime::close);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, CONVERGE_MS_MAX, condition);
    }

    private static void await(String what, long limitMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limitMs + " ms: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Every node sees exactly {@code nodes}, all UP and live, and computes the same ring. */
    private static boolean agree(List<ClusterRuntime> nodes) {
        List<NodeId> ids = nodes.stream().map(ClusterRuntime::id).sorted().toList();
        Long fingerprint = null;
        for (ClusterRuntime r : nodes) {
            Topology t = r.current();
            List<Member> members = List.copyOf(t.view().members().values());
            if (!members.stream().map(Member::id).toList().equals(ids)
                    || !members.stream().allMatch(m -> m.status() == NodeStatus.UP && m.liveness() == Liveness.LIVE)) {
                return false;
            }
            if (fingerprint != null && fingerprint != t.ring().fingerprint()) {
                return false;
            }
            fingerprint = t.ring().fingerprint();
        }
        return true;
    }

    @Test
    void threeNodesConvergeAFourthJoinsOneLeavesAndARestartIsTheSameNode() throws Exception {
        RecordingMover moverA = new RecordingMover();
        RecordingMover moverB = new RecordingMover();
        RecordingMover moverC = new RecordingMover();
        ClusterRuntime a = start(1, moverA, () -> { });
        assertEquals(NodeStatus.UP, a.current().view().local().status(), "a node alone is UP at once");
        ClusterRuntime b = start(2, moverB, () -> { }, 1);
        CountDownLatch cExited = new CountDownLatch(1);
        ClusterRuntime c = start(3, moverC, cExited::countDown, 1);
        await("3 nodes agree", () -> agree(List.of(a, b, c)));
        assertFalse(moverB.pulled.isEmpty(), "B pulled the slots it took over");
        assertTrue(moverB.pulled.stream().allMatch(t -> t.to().equals(b.id())));
        assertTrue(moverC.pulled.stream().allMatch(t -> t.to().equals(c.id())));

        RecordingMover moverD = new RecordingMover();
        ClusterRuntime d = start(4, moverD, () -> { }, 2);
        await("4 nodes agree", () -> agree(List.of(a, b, c, d)));
        assertFalse(moverD.pulled.isEmpty());
        assertTrue(moverD.pulled.stream().allMatch(t -> t.to().equals(d.id()) && !t.from().equals(d.id())));
        int dSlots = d.current().ring().slotsReplicatedBy(d.id()).length;
        assertEquals(dSlots, moverD.pulled.stream().map(Transfer::slot).distinct().count(),
                "D pulled exactly the slots it owns now");

        c.leaveThenExit().get(10, TimeUnit.SECONDS);
        assertTrue(cExited.await(5, TimeUnit.SECONDS), "CLUSTER LEAVE ends with the exit hook");
        assertFalse(moverC.pushed.isEmpty(), "C pushed its slots away");
        assertTrue(moverC.pushed.stream().allMatch(t -> t.from().equals(c.id())));
        NodeId cId = c.id();
        await("the others drop C from the ring", () -> List.of(a, b, d).stream().allMatch(r ->
                r.current().ring().member(cId).isEmpty()
                        && r.current().view().member(cId).map(m -> m.status() == NodeStatus.LEFT).orElse(true)));
        c.close();
        running.remove(c);

        NodeId aId = a.id();
        long aGeneration = a.current().view().local().generation();
        a.close();
        running.remove(a);
        Thread.sleep(5);
        ClusterRuntime a2 = start(1, new RecordingMover(), () -> { });
        assertEquals(aId, a2.id(), "a restarted node is the same node");
        assertEquals(NodeStatus.UP, a2.current().view().local().status(), "it had joined: it restarts UP");
        await("the restarted node is back in every view", () -> List.of(b, d).stream().allMatch(r ->
                r.current().view().member(aId).map(m -> m.generation() > aGeneration && m.liveness() == Liveness.LIVE)
                        .orElse(false)) && a2.current().view().members().size() >= 3);
    }

    @Test
    void aRestartedNodeStartsFromTheRingItSavedWithItsUnheardPeersDown() throws Exception {
        ClusterRuntime a = start(1, new RecordingMover(), () -> { });
        ClusterRuntime b = start(2, new RecordingMover(), () -> { }, 1);
        ClusterRuntime c = start(3, new RecordingMover(), () -> { }, 1);
        await("3 nodes agree", () -> agree(List.of(a, b, c)));
        long fingerprint = a.current().ring().fingerprint();
        NodeId bId = b.id();
        NodeId cId = c.id();
        for (ClusterRuntime r : List.of(a, b, c)) {
            r.close();
            running.remove(r);
        }
        ClusterRuntime a2 = start(1, new RecordingMover(), () -> { });
        Topology alone = a2.current();
        assertEquals(fingerprint, alone.ring().fingerprint(), "the same ring as before, before hearing from anyone");
        assertTrue(alone.view().member(bId).orElseThrow().isDown());
        assertTrue(alone.view().member(cId).orElseThrow().isDown());
        assertFalse(a2.knowsCluster(), "it still waits to hear from a peer before it serves keys");
        ClusterRuntime b2 = start(2, new RecordingMover(), () -> { });
        await("the two restarted nodes see each other live", () -> a2.knowsCluster()
                && a2.current().view().member(bId).map(m -> m.liveness() == Liveness.LIVE).orElse(false));
        assertEquals(fingerprint, a2.current().ring().fingerprint(), "C, not heard from, is still in the ring");
        assertTrue(a2.current().view().member(cId).orElseThrow().isDown());
        assertEquals(fingerprint, b2.current().ring().fingerprint());
    }

    @Test
    void aCrashedNodeIsMarkedDownForgottenAndTheSurvivorsReReplicateItsSlots() throws Exception {
        List<RecordingMover> movers = List.of(new RecordingMover(), new RecordingMover(), new RecordingMover());
        List<ClusterRuntime> survivors = List.of(start(1, movers.get(0), () -> { }),
                start(2, movers.get(1), () -> { }, 1), start(3, movers.get(2), () -> { }, 1));
        ClusterRuntime a = survivors.get(0);
        ClusterRuntime d = start(4, new RecordingMover(), () -> { }, 1);
        await("4 nodes agree", () -> agree(List.of(a, survivors.get(1), survivors.get(2), d)));
        NodeId dId = d.id();
        assertInstanceOf(ForgetOutcome.Refused.class, a.forget(dId).get(5, TimeUnit.SECONDS), "a live node is not forgotten");
        int dSlots = a.current().ring().slotsReplicatedBy(dId).length;
        movers.forEach(m -> m.pulled.clear());
        d.close(); // a crash: no leave
        running.remove(d);
        // Issue #4: a dead node is marked down by all others within 10 s.
        await("the others mark D down", 10_000, () -> survivors.stream().allMatch(r ->
                r.current().view().member(dId).map(Member::isDown).orElse(false)));
        assertInstanceOf(ForgetOutcome.Forgotten.class, a.forget(dId).get(5, TimeUnit.SECONDS));
        await("D is gone from every view", () -> survivors.stream().allMatch(r ->
                r.current().view().member(dId).isEmpty() && r.current().ring().members().size() == 3));
        await("every survivor pulled the slots it gained",
                () -> movers.stream().mapToInt(m -> m.pulled.size()).sum() == dSlots);
        for (int i = 0; i < survivors.size(); i++) {
            NodeId self = survivors.get(i).id();
            assertFalse(movers.get(i).pulled.isEmpty());
            assertTrue(movers.get(i).pulled.stream().allMatch(t -> t.to().equals(self) && !t.from().equals(dId)
                    && a.current().ring().isReplica(t.from(), t.slot())), "pulled from a surviving replica");
        }
    }

    @Test
    void aLoneNodeMetIntoAClusterJoinsItWhicheverSideWasSentMeet() throws Exception {
        ClusterRuntime a = start(1, new RecordingMover(), () -> { });
        ClusterRuntime b = start(2, new RecordingMover(), () -> { }, 1);
        await("2 nodes agree", () -> agree(List.of(a, b)));
        RecordingMover moverC = new RecordingMover();
        ClusterRuntime c = start(3, moverC, () -> { });
        assertEquals(NodeStatus.UP, c.current().view().local().status(), "alone, C is UP");
        a.meet(new BusAddress("127.0.0.1", BUS_PORT_BASE + 3));
        await("3 nodes agree after MEET sent to a member", () -> agree(List.of(a, b, c)));
        assertEquals(c.current().ring().slotsReplicatedBy(c.id()).length,
                moverC.pulled.stream().map(Transfer::slot).distinct().count(), "C pulled every slot it holds now");
        assertTrue(moverC.pulled.stream().allMatch(t -> t.to().equals(c.id())));

        RecordingMover moverD = new RecordingMover();
        ClusterRuntime d = start(4, moverD, () -> { });
        d.meet(new BusAddress("127.0.0.1", BUS_PORT_BASE + 2));
        await("4 nodes agree after MEET sent to the lone node", () -> agree(List.of(a, b, c, d)));
        assertEquals(d.current().ring().slotsReplicatedBy(d.id()).length,
                moverD.pulled.stream().map(Transfer::slot).distinct().count(), "D pulled every slot it holds now");
    }
}
