package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HintBook against a naive model (a plain list per target, dropping from the front): random
 * admissions, expiries, batches, deliveries and failed handoffs over three targets.
 */
class HintBookProperties {

    @Property
    void theBookStaysWithinItsLimitsAndAgreesWithANaiveModel(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        HintLimits limits = new HintLimits(1 + random.nextInt(8), 50 + random.nextInt(200), 100 + random.nextInt(500),
                1 + random.nextInt(4), 1 + random.nextInt(100));
        HintBook book = new HintBook(limits);
        Map<NodeId, List<HintRef>> model = new HashMap<>();
        Map<NodeId, Set<Long>> inFlight = new HashMap<>();
        List<NodeId> targets = Nodes.nodes(1, 3);
        targets.forEach(t -> {
            model.put(t, new ArrayList<>());
            inFlight.put(t, new HashSet<>());
        });
        long nowMs = 0;
        for (int step = 0; step < 200; step++) {
            nowMs += random.nextInt(20);
            NodeId target = targets.get(random.nextInt(targets.size()));
            List<HintRef> kept = model.get(target);
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    HintAdmission a = book.admit(target, random.nextInt(80), nowMs, nowMs - random.nextLong(limits.windowMs() + 50));
                    if (a instanceof HintAdmission.Admitted admitted) {
                        kept.add(admitted.hint());
                        List<HintRef> dropped = new ArrayList<>();
                        while (kept.size() > limits.countMax() || kept.stream().mapToLong(HintRef::bytes).sum() > limits.bytesMax()) {
                            dropped.add(kept.remove(0));
                        }
                        assertEquals(dropped, admitted.dropped(), "the oldest are dropped, and only as many as needed");
                        dropped.forEach(h -> inFlight.get(target).remove(h.id()));
                    }
                }
                case 2 -> {
                    List<HintRef> expired = book.expire(nowMs);
                    for (HintRef h : expired) {
                        assertTrue(nowMs - h.createdMs() > limits.windowMs());
                        assertEquals(h, model.get(h.target()).remove(0), "expiry takes from the oldest end");
                        inFlight.get(h.target()).remove(h.id());
                    }
                }
                case 3 -> {
                    List<HintRef> batch = book.nextBatch(target);
                    List<HintRef> expected = kept.stream().filter(h -> !inFlight.get(target).contains(h.id())).toList();
                    assertTrue(batch.size() <= limits.batchCountMax());
                    assertEquals(expected.subList(0, batch.size()), batch, "batches go oldest first and skip what is in flight");
                    assertTrue(batch.size() <= 1 || batch.stream().mapToLong(HintRef::bytes).sum() <= limits.batchBytesMax());
                    assertTrue(!batch.isEmpty() || expected.isEmpty(), "a batch is never empty while hints wait");
                    batch.forEach(h -> inFlight.get(target).add(h.id()));
                }
                default -> {
                    List<Long> ids = new ArrayList<>(inFlight.get(target));
                    if (random.nextBoolean()) {
                        book.delivered(target, ids);
                        kept.removeIf(h -> ids.contains(h.id()));
                    } else {
                        book.handoffFailed(target, ids);
                    }
                    inFlight.get(target).clear();
                }
            }
            for (NodeId t : targets) {
                List<HintRef> m = model.get(t);
                long bytes = m.stream().mapToLong(HintRef::bytes).sum();
                assertTrue(m.size() <= limits.countMax() && bytes <= limits.bytesMax());
                PendingHints row = book.pending().stream().filter(p -> p.target().equals(t)).findFirst()
                        .orElse(new PendingHints(t, 0, 0, 0, -1, 0));
                assertEquals(m.size(), row.count());
                assertEquals(bytes, row.bytes());
                assertEquals(inFlight.get(t).size(), row.inFlight());
                assertEquals(m.isEmpty() ? -1 : m.get(0).createdMs(), row.oldestMs());
            }
        }
    }
}
