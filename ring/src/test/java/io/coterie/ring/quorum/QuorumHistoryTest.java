package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.coterie.ring.quorum.Nodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One history end to end through the pure pieces, the way the server will run them: SET k hello
 * acknowledged at W=2 on N=3 (C missed it), then one replica is lost (down), and a quorum read
 * (R=2) from the two that are left still sees the value and repairs whichever of them missed it.
 */
class QuorumHistoryTest {

    private static final NodeId A = node(1), B = node(2), C = node(3);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aWriteAcknowledgedAtTwoOfThreeIsSeenByAQuorumReadAfterAnyOneReplicaIsLost(int lostIndex) {
        NodeId lost = node(lostIndex);
        Map<NodeId, SiblingSet> disk = new HashMap<>(Map.of(A, SiblingSet.empty(), B, SiblingSet.empty(), C, SiblingSet.empty()));

        // A, the first healthy home replica, coordinates: it versions the write against its own state...
        SiblingSet version = Versions.coordinate(disk.get(A), new ClientWrite.Set("hello".getBytes(StandardCharsets.UTF_8),
                Sibling.NO_EXPIRY), A, new HlcTimestamp(1_000, 0), 1_000);
        WriteCoordination write = new WriteCoordination(Nodes.allLive(3, 0), ConsistencyLevel.QUORUM, false, true);
        assertEquals(List.of(new WriteEffect.SendWrite(A), new WriteEffect.SendWrite(B), new WriteEffect.SendWrite(C)), write.start());
        // ...A and B merge it and ack; the message to C is lost.
        disk.put(A, Versions.receive(disk.get(A), version));
        assertEquals(List.of(), write.handle(new WriteEvent.Acked(A)));
        disk.put(B, Versions.receive(disk.get(B), version));
        assertInstanceOf(WriteEffect.Succeed.class, write.handle(new WriteEvent.Acked(B)).get(0));

        // One replica is lost: the failure detector reports it down.
        Set<NodeId> live = new HashSet<>(List.of(A, B, C));
        live.remove(lost);
        Placement afterLoss = new Placement(List.of(A, B, C), List.of(), live);
        ReadCoordination read = new ReadCoordination(afterLoss, ConsistencyLevel.QUORUM, false, true);
        List<ReadEffect> asked = read.start();
        assertEquals(2, asked.size());

        List<ReadEffect> effects = new ArrayList<>();
        for (ReadEffect e : asked) {
            NodeId to = ((ReadEffect.SendRead) e).to();
            SiblingSet held = disk.get(to);
            effects.addAll(read.handle(new ReadEvent.Replied(to, held.isEmpty() ? Optional.empty() : Optional.of(held))));
        }
        if (lost.equals(C)) {
            // A and B both hold it: nothing to repair.
            assertEquals(List.of(new ReadEffect.Succeed(version, Set.of(A, B))), effects);
        } else {
            // The survivor that missed the write is C: repaired before the client hears back.
            assertEquals(List.of(new ReadEffect.SendRepair(C, version, true)), effects);
            disk.put(C, Versions.receive(disk.get(C), version));
            effects = read.handle(new ReadEvent.RepairAcked(C));
        }
        ReadEffect.Succeed answer = assertInstanceOf(ReadEffect.Succeed.class, effects.get(effects.size() - 1));
        assertEquals("hello", new String(answer.versions().visible(2_000).orElseThrow().value(), StandardCharsets.UTF_8));
        for (NodeId survivor : live) {
            assertEquals(version, disk.get(survivor), "every surviving replica now holds the write");
        }
        assertTrue(read.isDone());
    }
}
