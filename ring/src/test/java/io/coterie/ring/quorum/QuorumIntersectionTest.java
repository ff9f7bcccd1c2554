package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamo §4.5 / SPEC section 6: with R + W &gt; N and sloppy quorum off, a quorum read that starts
 * after a write was acknowledged sees it. A model check over every N ≤ 5, every (R, W) with
 * R + W &gt; N, every set of replicas that acknowledges the write and every set that answers the
 * read — driving the real state machines, not a formula.
 */
class QuorumIntersectionTest {

    private static final SiblingSet WRITTEN = Versions.coordinate(SiblingSet.empty(),
            new ClientWrite.Set(new byte[] {42}, Sibling.NO_EXPIRY), Nodes.node(1), new HlcTimestamp(1, 0), 1);

    /** Runs the write with exactly {@code acking} acknowledging and the rest failing; returns who holds it, if it succeeded. */
    private static Optional<Set<NodeId>> write(Placement p, int w, Set<NodeId> acking) {
        WriteCoordination machine = new WriteCoordination(p, new ConsistencyLevel.Count(w), false, false);
        boolean succeeded = false;
        for (WriteEffect e : machine.start()) {
            assertInstanceOf(WriteEffect.SendWrite.class, e);
        }
        for (NodeId node : p.home()) {
            for (WriteEffect e : machine.handle(acking.contains(node) ? new WriteEvent.Acked(node) : new WriteEvent.Failed(node))) {
                succeeded |= e instanceof WriteEffect.Succeed;
            }
        }
        return succeeded ? Optional.of(acking) : Optional.empty();
    }

    /** Runs the read with exactly {@code answering} replying from {@code stored}; returns the answer, if it succeeded. */
    private static Optional<SiblingSet> read(Placement p, int r, Set<NodeId> answering, Map<NodeId, SiblingSet> stored) {
        ReadCoordination machine = new ReadCoordination(p, new ConsistencyLevel.Count(r), false, false);
        machine.start();
        Optional<SiblingSet> answer = Optional.empty();
        for (NodeId node : p.home()) {
            ReadEvent event = answering.contains(node)
                    ? new ReadEvent.Replied(node, Optional.ofNullable(stored.get(node))) : new ReadEvent.Failed(node);
            for (ReadEffect e : machine.handle(event)) {
                if (e instanceof ReadEffect.Succeed s) {
                    answer = Optional.of(s.versions());
                }
            }
        }
        return answer;
    }

    private static Set<NodeId> subset(List<NodeId> nodes, int mask) {
        Set<NodeId> out = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                out.add(nodes.get(i));
            }
        }
        return out;
    }

    @Test
    void everyQuorumReadSeesEveryAcknowledgedWriteWhenRPlusWExceedsN() {
        int checked = 0;
        for (int n = 1; n <= 5; n++) {
            Placement p = Nodes.allLive(n, 2);
            for (int w = 1; w <= n; w++) {
                for (int r = n - w + 1; r <= n; r++) {
                    for (int writeMask = 0; writeMask < 1 << n; writeMask++) {
                        Set<NodeId> acking = subset(p.home(), writeMask);
                        Optional<Set<NodeId>> holders = write(p, w, acking);
                        assertEquals(acking.size() >= w, holders.isPresent(), "the write succeeds exactly with W acks");
                        if (holders.isEmpty()) {
                            continue;
                        }
                        Map<NodeId, SiblingSet> stored = new HashMap<>();
                        holders.get().forEach(node -> stored.put(node, WRITTEN));
                        for (int readMask = 0; readMask < 1 << n; readMask++) {
                            Set<NodeId> answering = subset(p.home(), readMask);
                            Optional<SiblingSet> answer = read(p, r, answering, stored);
                            assertEquals(answering.size() >= r, answer.isPresent(), "the read succeeds exactly with R replies");
                            if (answer.isPresent()) {
                                assertEquals(WRITTEN, answer.get(), "N=" + n + " W=" + w + " R=" + r
                                        + ": acked by " + holders.get() + ", read from " + answering);
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 1_000, "the model check covered " + checked + " read/write pairs");
    }

    @Test
    void withRPlusWAtMostNAQuorumReadCanMissAnAcknowledgedWrite() {
        // The converse, so the check above cannot pass vacuously: N=3, W=1, R=2 misses a write on one replica.
        Placement p = Nodes.allLive(3, 0);
        NodeId a = Nodes.node(1);
        assertTrue(write(p, 1, Set.of(a)).isPresent());
        Optional<SiblingSet> answer = read(p, 2, Set.of(Nodes.node(2), Nodes.node(3)), Map.of(a, WRITTEN));
        assertEquals(Optional.of(SiblingSet.empty()), answer);
    }
}
