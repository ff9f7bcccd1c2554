package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.coterie.ring.quorum.Nodes.allLive;
import static io.coterie.ring.quorum.Nodes.node;
import static io.coterie.ring.quorum.Nodes.placement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadCoordinationTest {

    private static final NodeId A = node(1), B = node(2), C = node(3), F1 = node(101), F2 = node(102);

    /** v1 written at A; v2 written over it at A (so v2 dominates v1); w concurrent with v1 at B. */
    private static final SiblingSet V1 = SiblingSet.empty().write(VectorClock.empty(), A, bytes("v1"), new HlcTimestamp(1, 0), 0, 1);
    private static final SiblingSet V2 = V1.write(V1.context(), A, bytes("v2"), new HlcTimestamp(2, 0), 0, 2);
    private static final SiblingSet W = SiblingSet.empty().write(VectorClock.empty(), B, bytes("w"), new HlcTimestamp(3, 0), 0, 3);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ReadEvent reply(NodeId from, SiblingSet set) {
        return new ReadEvent.Replied(from, Optional.of(set));
    }

    private static ReadEvent absent(NodeId from) {
        return new ReadEvent.Replied(from, Optional.empty());
    }

    private static Set<NodeId> live(NodeId... nodes) {
        return new HashSet<>(List.of(nodes));
    }

    @Test
    void asksEveryHomeAndAnswersAtRWithTheMergeAndRepairsTheStaleOne() {
        ReadCoordination r = new ReadCoordination(allLive(3, 2), ConsistencyLevel.QUORUM, true, false);
        assertEquals(List.of(new ReadEffect.SendRead(A), new ReadEffect.SendRead(B), new ReadEffect.SendRead(C)), r.start());
        assertEquals(List.of(), r.handle(reply(A, V2)));
        assertEquals(List.of(new ReadEffect.SendRepair(B, V2, false), new ReadEffect.Succeed(V2, Set.of(A, B))), r.handle(reply(B, V1)));
        assertTrue(r.replied());
        // C answers late, with nothing: background repair.
        assertEquals(List.of(new ReadEffect.SendRepair(C, V2, false)), r.handle(absent(C)));
        assertFalse(r.isDone());
        r.handle(new ReadEvent.RepairAcked(B));
        r.handle(new ReadEvent.RepairFailed(C));
        assertTrue(r.isDone());
        assertEquals(1, r.repairsAcked());
        assertEquals(1, r.repairsFailed());
        assertEquals(Set.of(B, C), r.repaired());
    }

    @Test
    void concurrentRepliesMergeIntoSiblingsAndBothRepliersAreRepaired() {
        ReadCoordination r = new ReadCoordination(allLive(3, 0), ConsistencyLevel.TWO, true, false);
        r.start();
        r.handle(reply(A, V1));
        List<ReadEffect> out = r.handle(reply(B, W));
        SiblingSet merged = V1.merge(W);
        assertEquals(2, merged.siblings().size());
        assertEquals(List.of(new ReadEffect.SendRepair(A, merged, false), new ReadEffect.SendRepair(B, merged, false),
                new ReadEffect.Succeed(merged, Set.of(A, B))), out);
    }

    @Test
    void agreeingRepliesNeedNoRepair() {
        ReadCoordination r = new ReadCoordination(allLive(3, 0), ConsistencyLevel.ALL, true, true);
        r.start();
        r.handle(reply(A, V2));
        r.handle(reply(B, V2));
        assertEquals(List.of(new ReadEffect.Succeed(V2, Set.of(A, B, C))), r.handle(reply(C, V2)));
        assertTrue(r.isDone());
    }

    @Test
    void everyReplicaAbsentIsAnEmptyAnswer() {
        ReadCoordination r = new ReadCoordination(allLive(3, 0), ConsistencyLevel.ONE, true, true);
        r.start();
        assertEquals(List.of(new ReadEffect.Succeed(SiblingSet.empty(), Set.of(B))), r.handle(absent(B)));
    }

    @Test
    void blockingRepairGatesTheReplyOnTheRepairsOfTheRReplies() {
        ReadCoordination r = new ReadCoordination(allLive(3, 0), ConsistencyLevel.QUORUM, true, true);
        r.start();
        r.handle(reply(A, V1));
        assertEquals(List.of(new ReadEffect.SendRepair(A, V2, true)), r.handle(reply(B, V2)));
        assertFalse(r.replied());
        // C arrives while the client waits: repaired in the background, not waited on.
        assertEquals(List.of(new ReadEffect.SendRepair(C, V2, false)), r.handle(absent(C)));
        assertEquals(List.of(), r.handle(new ReadEvent.RepairAcked(C)));
        assertEquals(List.of(new ReadEffect.Succeed(V2, Set.of(A, B))), r.handle(new ReadEvent.RepairAcked(A)));
        assertTrue(r.isDone());
    }

    @Test
    void aFailedBlockingRepairStillLetsTheReadAnswer() {
        ReadCoordination r = new ReadCoordination(allLive(3, 0), ConsistencyLevel.QUORUM, true, true);
        r.start();
        r.handle(reply(A, V1));
        r.handle(reply(B, V2));
        assertEquals(List.of(new ReadEffect.Succeed(V2, Set.of(A, B))), r.handle(new ReadEvent.RepairFailed(A)));
    }

    @Test
    void aTimeoutWhileWaitingOnRepairsAnswersWithWhatWasRead() {
        ReadCoordination r = new ReadCoordination(allLive(3, 0), ConsistencyLevel.QUORUM, true, true);
        r.start();
        r.handle(reply(A, V1));
        r.handle(reply(B, V2));
        assertEquals(List.of(new ReadEffect.Succeed(V2, Set.of(A, B))), r.handle(ReadEvent.TIMED_OUT));
        assertEquals(List.of(), r.handle(new ReadEvent.RepairAcked(A)), "never replies twice");
    }

    @Test
    void aLateReplyWithNewerDataRepairsEveryoneBehindIt() {
        ReadCoordination r = new ReadCoordination(allLive(3, 0), ConsistencyLevel.QUORUM, true, false);
        r.start();
        r.handle(reply(A, V1));
        assertEquals(List.of(new ReadEffect.Succeed(V1, Set.of(A, B))), r.handle(reply(B, V1)));
        assertEquals(List.of(new ReadEffect.SendRepair(A, V2, false), new ReadEffect.SendRepair(B, V2, false)), r.handle(reply(C, V2)));
        assertEquals(V2, r.merged());
    }

    @Test
    void downHomesAreStoodInForByFallbacksWhichCountOnlyWithSloppyQuorum() {
        Placement p = placement(3, 2, live(A, F1, F2));
        ReadCoordination sloppy = new ReadCoordination(p, ConsistencyLevel.QUORUM, true, false);
        assertEquals(List.of(new ReadEffect.SendRead(A), new ReadEffect.SendRead(F1), new ReadEffect.SendRead(F2)), sloppy.start());
        sloppy.handle(reply(F1, V2));
        assertEquals(List.of(new ReadEffect.SendRepair(A, V2, false), new ReadEffect.Succeed(V2, Set.of(A, F1))), sloppy.handle(reply(A, V1)),
                "the fallback counts, but is never repaired");

        ReadCoordination strict = new ReadCoordination(p, ConsistencyLevel.QUORUM, false, false);
        List<ReadEffect> out = strict.start();
        assertEquals("NOQUORUM needed 2 replies got 0: only 1 of 3 replicas live",
                assertInstanceOf(ReadEffect.Fail.class, out.get(0)).failure().text());
        assertEquals(1, out.size());
    }

    @Test
    void withSloppyOffAFallbackReplyIsMergedButNotCounted() {
        ReadCoordination r = new ReadCoordination(placement(3, 1, live(A, B, F1)), ConsistencyLevel.QUORUM, false, false);
        assertEquals(List.of(new ReadEffect.SendRead(A), new ReadEffect.SendRead(B), new ReadEffect.SendRead(F1)), r.start());
        assertEquals(List.of(), r.handle(reply(F1, W)));
        assertEquals(List.of(), r.handle(reply(A, V2)));
        SiblingSet merged = V2.merge(W);
        assertEquals(List.of(new ReadEffect.SendRepair(A, merged, false), new ReadEffect.SendRepair(B, merged, false),
                new ReadEffect.Succeed(merged, Set.of(A, B))), r.handle(absent(B)));
    }

    @Test
    void aFailedHomeIsReplacedByAFallbackAndTheReadFailsWhenOutOfReach() {
        ReadCoordination r = new ReadCoordination(allLive(3, 1), ConsistencyLevel.ALL, true, false);
        r.start();
        assertEquals(List.of(new ReadEffect.SendRead(F1)), r.handle(new ReadEvent.Failed(A)));
        r.handle(reply(B, V1));
        List<ReadEffect> out = r.handle(new ReadEvent.Failed(C));
        assertEquals("NOQUORUM needed 3 replies got 1: 2 nodes failed", assertInstanceOf(ReadEffect.Fail.class, out.get(0)).failure().text());
        assertEquals(List.of(), r.handle(reply(F1, V1)), "never replies twice");
    }

    @Test
    void aReplicaRepairedTwiceIsDoneOnlyWhenBothRepairsFinish() {
        ReadCoordination r = new ReadCoordination(allLive(3, 0), ConsistencyLevel.ONE, true, false);
        r.start();
        assertEquals(List.of(new ReadEffect.Succeed(SiblingSet.empty(), Set.of(A))), r.handle(absent(A)));
        assertEquals(List.of(new ReadEffect.SendRepair(A, V1, false)), r.handle(reply(B, V1)));
        assertEquals(List.of(new ReadEffect.SendRepair(A, V2, false), new ReadEffect.SendRepair(B, V2, false)), r.handle(reply(C, V2)));
        r.handle(new ReadEvent.RepairAcked(A));
        r.handle(new ReadEvent.RepairAcked(B));
        assertFalse(r.isDone(), "A's second repair is still out");
        r.handle(new ReadEvent.RepairAcked(A));
        assertTrue(r.isDone());
        assertEquals(List.of(), r.handle(new ReadEvent.RepairAcked(A)), "an extra outcome is ignored");
        assertEquals(3, r.repairsAcked());
    }

    @Test
    void noStandInIsAskedOnceTheAnswerIsSettled() {
        ReadCoordination r = new ReadCoordination(allLive(3, 2), ConsistencyLevel.ONE, true, false);
        r.start();
        assertInstanceOf(ReadEffect.Succeed.class, r.handle(reply(A, V1)).get(0));
        assertEquals(List.of(), r.handle(new ReadEvent.Failed(B)));
        r.handle(reply(C, V1));
        assertTrue(r.isDone());
    }

    @Test
    void timeoutShortOfRFails() {
        ReadCoordination r = new ReadCoordination(allLive(3, 0), ConsistencyLevel.ALL, true, true);
        r.start();
        r.handle(reply(A, V1));
        List<ReadEffect> out = r.handle(ReadEvent.TIMED_OUT);
        assertEquals("NOQUORUM needed 3 replies got 1: timed out", assertInstanceOf(ReadEffect.Fail.class, out.get(0)).failure().text());
        assertTrue(r.isDone());
        assertEquals(List.of(), r.handle(reply(B, V1)));
        assertEquals(List.of(), r.handle(ReadEvent.TIMED_OUT));
    }

    @Test
    void strayDuplicateAndUnaskedRepliesAreIgnored() {
        ReadCoordination r = new ReadCoordination(allLive(3, 1), ConsistencyLevel.TWO, true, false);
        r.start();
        r.handle(reply(A, V1));
        assertEquals(List.of(), r.handle(reply(A, V2)), "A already answered");
        assertEquals(List.of(), r.handle(reply(F1, V2)), "F1 was never asked");
        assertEquals(List.of(), r.handle(new ReadEvent.RepairAcked(C)), "no repair was sent to C");
        assertInstanceOf(ReadEffect.Succeed.class, r.handle(reply(B, V1)).get(0));
    }

    @Test
    void levelAboveNAndAnyAreRefused() {
        ReadCoordination r = new ReadCoordination(allLive(2, 2), ConsistencyLevel.THREE, true, false);
        assertEquals("NOQUORUM needed 3 replies got 0: level THREE exceeds N=2",
                assertInstanceOf(ReadEffect.Fail.class, r.start().get(0)).failure().text());
        assertThrows(IllegalArgumentException.class, () -> new ReadCoordination(allLive(3, 0), ConsistencyLevel.ANY, true, false));
    }
}
