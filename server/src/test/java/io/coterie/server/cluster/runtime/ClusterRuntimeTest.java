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

/** Real ClusterRuntimes on real Netty buses on 127.0.0.1 (bus ports 19501–19504): form, grow, shrink, restart. */
class ClusterRuntimeTest {

    private static final int BUS_PORT_BASE = 19500;
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
    void aCrashedNodeIsMarkedDownForgottenAndTheSurvivorsPullItsSlots() throws Exception {
        RecordingMover moverA = new RecordingMover();
        RecordingMover moverB = new RecordingMover();
        ClusterRuntime a = start(1, moverA, () -> { });
        ClusterRuntime b = start(2, moverB, () -> { }, 1);
        ClusterRuntime c = start(3, new RecordingMover(), () -> { }, 1);
        await("3 nodes agree", () -> agree(List.of(a, b, c)));
        NodeId cId = c.id();
        assertInstanceOf(ForgetOutcome.Refused.class, a.forget(cId).get(5, TimeUnit.SECONDS), "a live node is not forgotten");
        int cSlots = a.current().ring().slotsReplicatedBy(cId).length;
        moverA.pulled.clear();
        moverB.pulled.clear();
        c.close(); // a crash: no leave
        running.remove(c);
        // Issue #4: a dead node is marked down by all others within 10 s.
        await("A and B mark C down", 10_000, () -> List.of(a, b).stream().allMatch(r ->
                r.current().view().member(cId).map(Member::isDown).orElse(false)));
        assertInstanceOf(ForgetOutcome.Forgotten.class, a.forget(cId).get(5, TimeUnit.SECONDS));
        await("C is gone from both views", () -> List.of(a, b).stream().allMatch(r ->
                r.current().view().member(cId).isEmpty() && r.current().ring().members().size() == 2));
        await("both survivors pulled the slots they gained", () -> !moverA.pulled.isEmpty() && !moverB.pulled.isEmpty());
        assertTrue(moverA.pulled.stream().allMatch(t -> t.to().equals(a.id())));
        assertTrue(moverB.pulled.stream().allMatch(t -> t.to().equals(b.id())));
        assertEquals(cSlots, moverA.pulled.size() + moverB.pulled.size(), "exactly the dead node's slots are re-replicated");
    }
}
