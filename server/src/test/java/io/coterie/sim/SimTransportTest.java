package io.coterie.sim;

import io.coterie.server.cluster.bus.BusException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimTransportTest {

    private static final long TIMEOUT_MS = 1_000;

    private static Simulation booted(long seed) {
        Simulation sim = Simulation.builder(seed).nodes(3).factory(i -> new ProbeNode())
                .nemesis(NemesisConfig.everything(3).withKinds(Set.of())).build();
        sim.start();
        sim.runFor(Simulation.BOOT_SPREAD_MS);
        return sim;
    }

    private static ProbeNode probe(Simulation sim, int i) {
        return sim.node(i, ProbeNode.class);
    }

    private static Throwable failure(CompletableFuture<byte[]> f) {
        assertTrue(f.isDone(), "not done");
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return e.getCause();
    }

    @Test
    void requestGetsTheHandlersReplyWithinLatency() throws Exception {
        Simulation sim = booted(1);
        long sentAt = sim.nowMs();
        CompletableFuture<byte[]> f = probe(sim, 0).ctx.transport().request(sim.host(1).bus(), ProbeNode.ECHO, "abc".getBytes(StandardCharsets.UTF_8), TIMEOUT_MS);
        assertFalse(f.isDone(), "nothing is instantaneous on the network");
        sim.runFor(20);
        assertArrayEquals("cba".getBytes(StandardCharsets.UTF_8), f.get());
        assertTrue(sim.nowMs() - sentAt >= 2, "a round trip takes at least two hops");
    }

    @Test
    void payloadsAreCopiedOnSendAndPerDelivery() {
        Simulation sim = booted(2);
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        sim.network().setConditions(new NetworkConditions(0, 1.0, 1, 5, 0, 5));
        probe(sim, 0).ctx.transport().send(sim.host(1).bus(), ProbeNode.ONE_WAY, payload);
        payload[0] = 'J';
        sim.runFor(20);
        assertEquals(2, probe(sim, 1).received.size(), "duplicated");
        assertEquals("10.0.0.1:16379:hello", probe(sim, 1).received.get(0));
        assertEquals("10.0.0.1:16379:hello", probe(sim, 1).received.get(1), "the first handler's scribbling is not seen by the duplicate");
    }

    @Test
    void aDuplicatedRequestIsHandledOnceAsOnAConnection() throws Exception {
        Simulation sim = booted(4);
        sim.network().setConditions(new NetworkConditions(0, 1.0, 1, 5, 0, 5));
        CompletableFuture<byte[]> f = probe(sim, 0).ctx.transport().request(sim.host(1).bus(), ProbeNode.ECHO, "ab".getBytes(StandardCharsets.UTF_8), TIMEOUT_MS);
        sim.runFor(20);
        assertArrayEquals("ba".getBytes(StandardCharsets.UTF_8), f.get());
        assertEquals(1, probe(sim, 1).echoes, "the network duplicated it, the receiving bus ran it once");
    }

    @Test
    void requestToASilentPeerTimesOutInVirtualTime() {
        Simulation sim = booted(3);
        sim.apply(new Fault.Cut(Partition.split(Set.of(1), 3), FaultKind.PARTITION_ISOLATE));
        long sentAt = sim.nowMs();
        CompletableFuture<byte[]> f = probe(sim, 0).ctx.transport().request(sim.host(1).bus(), ProbeNode.ECHO, new byte[1], TIMEOUT_MS);
        sim.runFor(TIMEOUT_MS - 1);
        assertFalse(f.isDone());
        sim.runFor(1);
        assertInstanceOf(TimeoutException.class, failure(f));
        assertEquals(sentAt + TIMEOUT_MS, sim.nowMs());
    }

    @Test
    void oneWayPartitionCutsOnlyOneDirection() {
        Simulation sim = booted(4);
        sim.apply(new Fault.Cut(Partition.oneWay(Set.of(0), Set.of(1, 2)), FaultKind.PARTITION_ONE_WAY));
        probe(sim, 0).ctx.transport().send(sim.host(1).bus(), ProbeNode.ONE_WAY, "a".getBytes(StandardCharsets.UTF_8));
        probe(sim, 1).ctx.transport().send(sim.host(0).bus(), ProbeNode.ONE_WAY, "b".getBytes(StandardCharsets.UTF_8));
        sim.runFor(20);
        assertEquals(0, probe(sim, 1).received.size());
        assertEquals(1, probe(sim, 0).received.size());
    }

    @Test
    void responderFailureBecomesBusExceptionAndOnlyTheFirstAnswerCounts() throws Exception {
        Simulation sim = booted(5);
        CompletableFuture<byte[]> failed = probe(sim, 0).ctx.transport().request(sim.host(2).bus(), ProbeNode.FAIL, new byte[3], TIMEOUT_MS);
        CompletableFuture<byte[]> twice = probe(sim, 0).ctx.transport().request(sim.host(2).bus(), ProbeNode.TWICE, new byte[0], TIMEOUT_MS);
        CompletableFuture<byte[]> unknown = probe(sim, 0).ctx.transport().request(sim.host(2).bus(), 99, new byte[0], TIMEOUT_MS);
        long sentBefore = sim.network().sent();
        sim.runFor(20);
        assertEquals("refused: 3", assertInstanceOf(BusException.class, failure(failed)).getMessage());
        assertArrayEquals(new byte[]{1}, twice.get());
        assertTrue(assertInstanceOf(BusException.class, failure(unknown)).getMessage().contains("no handler"));
        assertEquals(sentBefore + 3, sim.network().sent(), "one answer per request went on the wire");
    }

    @Test
    void requestToACrashedPeerIsRefusedAndACrashDropsInFlightMessages() {
        Simulation sim = booted(6);
        sim.apply(new Fault.Crash(1));
        CompletableFuture<byte[]> refused = probe(sim, 0).ctx.transport().request(sim.host(1).bus(), ProbeNode.ECHO, new byte[1], TIMEOUT_MS);
        CompletableFuture<byte[]> inFlight = probe(sim, 0).ctx.transport().request(sim.host(2).bus(), ProbeNode.SLOW, new byte[1], TIMEOUT_MS);
        sim.runFor(20);
        assertTrue(assertInstanceOf(BusException.class, failure(refused)).getMessage().contains("refused"));
        sim.apply(new Fault.Crash(2));   // while its slow answer is still on a timer
        sim.apply(new Fault.Restart(2));
        sim.runFor(TIMEOUT_MS);
        assertInstanceOf(TimeoutException.class, failure(inFlight), "the dead incarnation's timer never answered");
    }

    @Test
    void aPausedNodeRunsItsTimersAndMessagesLateOnResume() throws Exception {
        Simulation sim = booted(7);
        CompletableFuture<byte[]> slow = probe(sim, 0).ctx.transport().request(sim.host(1).bus(), ProbeNode.SLOW, new byte[]{7}, 10 * TIMEOUT_MS);
        sim.runFor(20);
        sim.apply(new Fault.Pause(1));
        probe(sim, 2).ctx.transport().send(sim.host(1).bus(), ProbeNode.ONE_WAY, "late".getBytes(StandardCharsets.UTF_8));
        sim.runFor(5 * TIMEOUT_MS);
        assertFalse(slow.isDone(), "a stopped process answers nothing");
        assertEquals(0, probe(sim, 1).received.size());
        sim.apply(new Fault.Resume(1));
        assertEquals(1, probe(sim, 1).received.size(), "the buffered message is handled on resume");
        sim.runFor(20);
        assertArrayEquals(new byte[]{7}, slow.get(), "the overdue timer ran on resume");
    }

    @Test
    void closeFailsPendingRequests() {
        Simulation sim = booted(8);
        CompletableFuture<byte[]> f = probe(sim, 0).ctx.transport().request(sim.host(1).bus(), ProbeNode.SLOW, new byte[1], TIMEOUT_MS);
        probe(sim, 0).ctx.transport().close();
        assertInstanceOf(BusException.class, failure(f));
    }
}
