package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.coterie.ring.quorum.Nodes.allLive;
import static io.coterie.ring.quorum.Nodes.node;
import static io.coterie.ring.quorum.Nodes.placement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteCoordinationTest {

    private static final NodeId A = node(1), B = node(2), C = node(3), F1 = node(101), F2 = node(102);

    private static WriteEffect ack(WriteCoordination w, NodeId n) {
        List<WriteEffect> out = w.handle(new WriteEvent.Acked(n));
        return out.isEmpty() ? null : out.get(out.size() - 1);
    }

    private static Set<NodeId> live(NodeId... nodes) {
        return new HashSet<>(List.of(nodes));
    }

    @Test
    void quorumWriteSendsToEveryHomeAndSucceedsAtTheSecondAck() {
        WriteCoordination w = new WriteCoordination(allLive(3, 2), ConsistencyLevel.QUORUM, true, true);
        assertEquals(List.of(new WriteEffect.SendWrite(A), new WriteEffect.SendWrite(B), new WriteEffect.SendWrite(C)), w.start());
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(B)));
        assertEquals(List.of(new WriteEffect.Succeed(Set.of(B, A), Set.of(), Set.of())), w.handle(new WriteEvent.Acked(A)));
        assertTrue(w.replied());
        assertFalse(w.isDone(), "C is still outstanding in the background");
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(C)), "a late ack never replies twice");
        assertTrue(w.isDone());
        assertEquals(Set.of(A, B, C), w.acked());
    }

    @Test
    void everyLevelNeedsItsCountOfAcks() {
        for (ConsistencyLevel level : List.of(ConsistencyLevel.ONE, ConsistencyLevel.TWO, ConsistencyLevel.THREE,
                ConsistencyLevel.QUORUM, ConsistencyLevel.ALL, new ConsistencyLevel.Count(3))) {
            WriteCoordination w = new WriteCoordination(allLive(3, 0), level, true, true);
            w.start();
            int replies = 0;
            for (int i = 0; i < 3; i++) {
                List<WriteEffect> out = w.handle(new WriteEvent.Acked(node(i + 1)));
                if (!out.isEmpty()) {
                    assertInstanceOf(WriteEffect.Succeed.class, out.get(0));
                    assertEquals(level.required(3), i + 1, level.text());
                    replies++;
                }
            }
            assertEquals(1, replies, level.text());
        }
    }

    @Test
    void duplicateAndStrayAcksDoNotCount() {
        WriteCoordination w = new WriteCoordination(allLive(3, 1), ConsistencyLevel.TWO, true, true);
        w.start();
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(A)));
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(A)));
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(F1)), "F1 was never sent the write");
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(node(999))));
        assertInstanceOf(WriteEffect.Succeed.class, ack(w, B));
    }

    @Test
    void sloppyQuorumSendsADownHomesCopyToTheNextLiveFallbackWithAHint() {
        // B is down, F1 is down too: the next live fallback, F2, takes B's copy.
        WriteCoordination w = new WriteCoordination(placement(3, 2, live(A, C, F2)), ConsistencyLevel.ALL, true, true);
        assertEquals(List.of(new WriteEffect.SendWrite(A), new WriteEffect.SendHintedWrite(F2, B), new WriteEffect.SendWrite(C)), w.start());
        w.handle(new WriteEvent.Acked(A));
        w.handle(new WriteEvent.Acked(F2));
        assertEquals(new WriteEffect.Succeed(Set.of(A, C), Set.of(F2), Set.of()), ack(w, C));
    }

    @Test
    void aHomeThatFailsMidRequestIsReplacedByAFallback() {
        WriteCoordination w = new WriteCoordination(allLive(3, 2), ConsistencyLevel.ALL, true, true);
        w.start();
        assertEquals(List.of(new WriteEffect.SendHintedWrite(F1, B)), w.handle(new WriteEvent.Failed(B)));
        assertEquals(List.of(new WriteEffect.SendHintedWrite(F2, B)), w.handle(new WriteEvent.Failed(F1)), "the fallback failed too");
        // No fallback left: B's copy becomes a hint at the coordinator, which does not count for ALL,
        // so the level is out of reach at once.
        List<WriteEffect> out = w.handle(new WriteEvent.Failed(F2));
        assertEquals(new WriteEffect.StoreHint(B), out.get(0));
        assertEquals("NOQUORUM needed 3 acks got 0: 3 nodes failed", assertInstanceOf(WriteEffect.Fail.class, out.get(1)).failure().text());
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(A)));
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(C)));
        assertFalse(w.isDone(), "the hint is still being stored");
        assertEquals(List.of(), w.handle(new WriteEvent.HintStored(B)));
        assertTrue(w.isDone());
    }

    @Test
    void sloppyOffCountsOnlyHomesAndHintsAtTheCoordinator() {
        WriteCoordination w = new WriteCoordination(placement(3, 2, live(A, C, F1, F2)), ConsistencyLevel.QUORUM, false, true);
        assertEquals(List.of(new WriteEffect.SendWrite(A), new WriteEffect.StoreHint(B), new WriteEffect.SendWrite(C)), w.start());
        w.handle(new WriteEvent.HintStored(B));
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(A)));
        assertEquals(new WriteEffect.Succeed(Set.of(A, C), Set.of(), Set.of()), ack(w, C));
    }

    @Test
    void sloppyOffFailsFastWhenTooFewHomesAreLive() {
        WriteCoordination w = new WriteCoordination(placement(3, 2, live(A, F1, F2)), ConsistencyLevel.QUORUM, false, true);
        List<WriteEffect> out = w.start();
        assertEquals(1, out.size(), "nothing is sent");
        assertEquals("NOQUORUM needed 2 acks got 0: only 1 of 3 replicas live",
                assertInstanceOf(WriteEffect.Fail.class, out.get(0)).failure().text());
        assertTrue(w.isDone());
    }

    @Test
    void sloppyOnKeepsWritingWhileAnyWNodesAreAlive() {
        // SPEC section 6: with sloppy quorum on, writes keep succeeding while any W nodes are alive.
        WriteCoordination w = new WriteCoordination(placement(3, 2, live(F1, F2)), ConsistencyLevel.QUORUM, true, true);
        assertEquals(List.of(new WriteEffect.SendHintedWrite(F1, A), new WriteEffect.SendHintedWrite(F2, B), new WriteEffect.StoreHint(C)), w.start());
        w.handle(new WriteEvent.Acked(F2));
        assertEquals(new WriteEffect.Succeed(Set.of(), Set.of(F1, F2), Set.of()), ack(w, F1));
    }

    @Test
    void sloppyQuorumNeedsHintedHandoff() {
        // With hinted-handoff off a fallback could not hand the write back, so it is not used.
        WriteCoordination w = new WriteCoordination(placement(3, 2, live(A, F1, F2)), ConsistencyLevel.ONE, true, false);
        assertEquals(List.of(new WriteEffect.SendWrite(A)), w.start(), "down homes are neither covered nor hinted");
        List<WriteEffect> out = w.handle(new WriteEvent.Failed(A));
        assertEquals("NOQUORUM needed 1 acks got 0: 1 node failed",
                assertInstanceOf(WriteEffect.Fail.class, out.get(0)).failure().text());
    }

    @Test
    void anyCountsACoordinatorHintWhenEveryReplicaIsDown() {
        WriteCoordination w = new WriteCoordination(placement(3, 0, Set.of()), ConsistencyLevel.ANY, false, true);
        assertEquals(List.of(new WriteEffect.StoreHint(A), new WriteEffect.StoreHint(B), new WriteEffect.StoreHint(C)), w.start());
        assertEquals(List.of(new WriteEffect.Succeed(Set.of(), Set.of(), Set.of(B))), w.handle(new WriteEvent.HintStored(B)));
        assertEquals(List.of(), w.handle(new WriteEvent.HintStored(A)));
    }

    @Test
    void anyWithoutHintedHandoffIsLikeOne() {
        WriteCoordination none = new WriteCoordination(placement(3, 0, Set.of()), ConsistencyLevel.ANY, true, false);
        assertEquals("NOQUORUM needed 1 acks got 0: only 0 of 3 replicas live",
                assertInstanceOf(WriteEffect.Fail.class, none.start().get(0)).failure().text());
        WriteCoordination one = new WriteCoordination(placement(3, 0, live(C)), ConsistencyLevel.ANY, true, false);
        assertEquals(List.of(new WriteEffect.SendWrite(C)), one.start());
        assertInstanceOf(WriteEffect.Succeed.class, ack(one, C));
    }

    @Test
    void aLevelAboveNFailsAtOnce() {
        WriteCoordination w = new WriteCoordination(allLive(2, 3), ConsistencyLevel.THREE, true, true);
        List<WriteEffect> out = w.start();
        assertEquals(1, out.size());
        assertEquals("NOQUORUM needed 3 acks got 0: level THREE exceeds N=2",
                assertInstanceOf(WriteEffect.Fail.class, out.get(0)).failure().text());
    }

    @Test
    void timeoutFailsOnceAndHintsTheReplicasThatDidNotAnswer() {
        WriteCoordination w = new WriteCoordination(allLive(3, 0), ConsistencyLevel.ALL, true, true);
        w.start();
        w.handle(new WriteEvent.Acked(A));
        w.handle(new WriteEvent.Acked(B));
        List<WriteEffect> out = w.handle(WriteEvent.TIMED_OUT);
        assertEquals("NOQUORUM needed 3 acks got 2: timed out", assertInstanceOf(WriteEffect.Fail.class, out.get(0)).failure().text());
        assertEquals(List.of(new WriteEffect.StoreHint(C)), out.subList(1, out.size()));
        assertTrue(w.isDone());
        assertEquals(List.of(), w.handle(WriteEvent.TIMED_OUT));
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(C)), "a late ack after the deadline never replies");
        assertEquals(List.of(), w.handle(new WriteEvent.Failed(C)));
    }

    @Test
    void timeoutAfterSuccessOnlyHintsTheStragglers() {
        WriteCoordination w = new WriteCoordination(allLive(3, 0), ConsistencyLevel.ONE, true, true);
        w.start();
        assertInstanceOf(WriteEffect.Succeed.class, ack(w, A));
        assertEquals(List.of(new WriteEffect.StoreHint(B), new WriteEffect.StoreHint(C)), w.handle(WriteEvent.TIMED_OUT));
    }

    @Test
    void timeoutWithoutHintedHandoffHintsNothing() {
        WriteCoordination w = new WriteCoordination(allLive(3, 0), ConsistencyLevel.QUORUM, true, false);
        w.start();
        List<WriteEffect> out = w.handle(WriteEvent.TIMED_OUT);
        assertEquals(1, out.size());
        assertEquals("NOQUORUM needed 2 acks got 0: timed out", assertInstanceOf(WriteEffect.Fail.class, out.get(0)).failure().text());
    }

    @Test
    void failuresAfterSuccessAreStillCoveredInTheBackground() {
        WriteCoordination w = new WriteCoordination(allLive(3, 1), ConsistencyLevel.ONE, true, true);
        w.start();
        assertInstanceOf(WriteEffect.Succeed.class, ack(w, A));
        assertEquals(List.of(new WriteEffect.SendHintedWrite(F1, B)), w.handle(new WriteEvent.Failed(B)));
        assertEquals(List.of(new WriteEffect.StoreHint(C)), w.handle(new WriteEvent.Failed(C)));
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(F1)));
        assertFalse(w.isDone());
        w.handle(new WriteEvent.HintStored(C));
        assertTrue(w.isDone());
    }

    @Test
    void aLateAckFromAReplacedHomeStillCounts() {
        WriteCoordination w = new WriteCoordination(allLive(3, 1), ConsistencyLevel.ALL, true, true);
        w.start();
        w.handle(new WriteEvent.Failed(B)); // B looked failed; F1 takes its copy
        w.handle(new WriteEvent.Acked(A));
        w.handle(new WriteEvent.Acked(B)); // but B's ack was only late: the copy is there
        assertEquals(new WriteEffect.Succeed(Set.of(A, B, C), Set.of(), Set.of()), ack(w, C));
    }

    @Test
    void aFailureAfterAnAckIsIgnored() {
        WriteCoordination w = new WriteCoordination(allLive(3, 1), ConsistencyLevel.ALL, true, true);
        w.start();
        w.handle(new WriteEvent.Acked(B));
        assertEquals(List.of(), w.handle(new WriteEvent.Failed(B)));
    }

    @Test
    void failsAsSoonAsTheLevelIsOutOfReach() {
        WriteCoordination w = new WriteCoordination(allLive(3, 0), ConsistencyLevel.QUORUM, false, false);
        w.start();
        assertEquals(List.of(), w.handle(new WriteEvent.Failed(A)));
        List<WriteEffect> out = w.handle(new WriteEvent.Failed(B));
        assertEquals("NOQUORUM needed 2 acks got 0: 2 nodes failed", assertInstanceOf(WriteEffect.Fail.class, out.get(0)).failure().text());
        assertEquals(List.of(), w.handle(new WriteEvent.Acked(C)));
        assertTrue(w.isDone());
    }

    @Test
    void eventsBeforeStartAndASecondStartAreRefused() {
        WriteCoordination w = new WriteCoordination(allLive(3, 0), ConsistencyLevel.ONE, true, true);
        assertThrows(IllegalStateException.class, () -> w.handle(new WriteEvent.Acked(A)));
        w.start();
        assertThrows(IllegalStateException.class, w::start);
    }
}
