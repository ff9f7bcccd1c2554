package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.coterie.ring.quorum.Nodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HintBookTest {

    private static final NodeId B = node(2), C = node(3);

    private static HintRef admitted(HintAdmission a) {
        return assertInstanceOf(HintAdmission.Admitted.class, a).hint();
    }

    private static List<Long> ids(List<HintRef> hints) {
        return hints.stream().map(HintRef::id).toList();
    }

    @Test
    void pendingHintsArePerTarget() {
        HintBook book = new HintBook(new HintLimits(10, 1_000, 60_000, 10, 1_000));
        admitted(book.admit(B, 100, 1_000, 0));
        admitted(book.admit(B, 50, 2_000, 0));
        admitted(book.admit(C, 7, 3_000, 0));
        assertEquals(List.of(new PendingHints(B, 2, 150, 0, 1_000, 0), new PendingHints(C, 1, 7, 0, 3_000, 0)), book.pending());
    }

    @Test
    void overTheCountLimitTheOldestHintIsDropped() {
        HintBook book = new HintBook(new HintLimits(2, 1_000, 60_000, 10, 1_000));
        HintRef first = admitted(book.admit(B, 1, 1, 0));
        admitted(book.admit(B, 1, 2, 0));
        HintAdmission.Admitted third = assertInstanceOf(HintAdmission.Admitted.class, book.admit(B, 1, 3, 0));
        assertEquals(List.of(first), third.dropped());
        assertEquals(2, book.pending().get(0).count());
        assertTrue(book.needsRepair(B), "a dropped hint means only anti-entropy can catch B up");
        book.repaired(B);
        assertFalse(book.needsRepair(B));
    }

    @Test
    void overTheByteLimitAsManyOldestHintsAsNeededAreDropped() {
        HintBook book = new HintBook(new HintLimits(100, 100, 60_000, 10, 1_000));
        HintRef a = admitted(book.admit(B, 40, 1, 0));
        HintRef b = admitted(book.admit(B, 40, 2, 0));
        HintAdmission.Admitted c = assertInstanceOf(HintAdmission.Admitted.class, book.admit(B, 90, 3, 0));
        assertEquals(List.of(a, b), c.dropped());
        assertEquals(90, book.pending().get(0).bytes());
    }

    @Test
    void aHintLargerThanTheWholeBudgetIsRefused() {
        HintBook book = new HintBook(new HintLimits(100, 100, 60_000, 10, 1_000));
        admitted(book.admit(B, 40, 1, 0));
        assertInstanceOf(HintAdmission.Refused.class, book.admit(B, 101, 2, 0));
        assertEquals(40, book.pending().get(0).bytes(), "the refusal evicted nothing");
        assertTrue(book.needsRepair(B));
    }

    @Test
    void aTargetDownLongerThanTheWindowIsNoLongerHinted() {
        HintBook book = new HintBook(new HintLimits(100, 100, 60_000, 10, 1_000));
        admitted(book.admit(B, 1, 60_000, 0));
        HintAdmission.Refused r = assertInstanceOf(HintAdmission.Refused.class, book.admit(B, 1, 60_001, 0));
        assertEquals("target down for 60001 ms, past the hint window of 60000 ms", r.reason());
    }

    @Test
    void hintsOlderThanTheWindowExpire() {
        HintBook book = new HintBook(new HintLimits(100, 100, 60_000, 10, 1_000));
        HintRef old = admitted(book.admit(B, 1, 1_000, 1_000));
        HintRef young = admitted(book.admit(B, 1, 30_000, 1_000));
        assertEquals(List.of(), book.expire(61_000));
        assertEquals(List.of(old), book.expire(61_001));
        assertEquals(young.createdMs(), book.pending().get(0).oldestMs());
    }

    @Test
    void handoffGoesOldestFirstInBoundedBatchesAndForgetsWhatWasDelivered() {
        HintBook book = new HintBook(new HintLimits(100, 10_000, 60_000, 2, 1_000));
        HintRef h1 = admitted(book.admit(B, 10, 1, 0));
        HintRef h2 = admitted(book.admit(B, 10, 2, 0));
        HintRef h3 = admitted(book.admit(B, 10, 3, 0));
        List<HintRef> batch = book.nextBatch(B);
        assertEquals(List.of(h1, h2), batch, "batchCountMax = 2");
        assertEquals(List.of(h3), book.nextBatch(B), "in-flight hints are not sent twice");
        assertEquals(List.of(), book.nextBatch(B));
        assertEquals(3, book.pending().get(0).inFlight());
        book.delivered(B, ids(batch));
        book.handoffFailed(B, List.of(h3.id()));
        assertEquals(List.of(new PendingHints(B, 1, 10, 0, 3, 0)), book.pending());
        assertEquals(List.of(h3), book.nextBatch(B), "a failed batch is retried");
        book.delivered(B, List.of(h3.id()));
        assertEquals(List.of(), book.pending());
    }

    @Test
    void aBatchRespectsItsByteLimitButAlwaysCarriesOneHint() {
        HintBook book = new HintBook(new HintLimits(100, 10_000, 60_000, 10, 100));
        HintRef big = admitted(book.admit(B, 500, 1, 0));
        HintRef a = admitted(book.admit(B, 60, 2, 0));
        HintRef b = admitted(book.admit(B, 60, 3, 0));
        assertEquals(List.of(big), book.nextBatch(B));
        assertEquals(List.of(a), book.nextBatch(B));
        assertEquals(List.of(b), book.nextBatch(B));
        assertEquals(List.of(), book.nextBatch(C));
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new HintLimits(0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new HintLimits(1, -1, 1, 1, 1));
        assertEquals(10_800_000L, HintLimits.DEFAULT.windowMs());
        assertEquals(1L << 30, HintLimits.DEFAULT.bytesMax());
    }

    @Test
    void restoredHintsKeepTheirIdsAndAgeAndNewIdsFollowThem() {
        HintBook book = new HintBook(new HintLimits(10, 1_000, 60_000, 10, 1_000));
        book.restore(new HintRef(7, B, 10, 1_000));
        book.restore(new HintRef(9, B, 20, 2_000));
        book.restore(new HintRef(8, C, 5, 1_500));
        assertEquals(List.of(new PendingHints(B, 2, 30, 0, 1_000, 0), new PendingHints(C, 1, 5, 0, 1_500, 0)), book.pending());
        assertEquals(10, admitted(book.admit(C, 1, 3_000, 3_000)).id());
        assertEquals(List.of(7L, 9L), ids(book.nextBatch(B)));
        assertEquals(List.of(7L), ids(book.expire(61_001)), "a restored hint expires by its original creation time");
    }

    @Test
    void lowerLimitsDropTheOldestHintsAtOnce() {
        HintBook book = new HintBook(new HintLimits(10, 1_000, 60_000, 10, 1_000));
        HintRef a = admitted(book.admit(B, 40, 1, 0));
        HintRef b = admitted(book.admit(B, 40, 2, 0));
        admitted(book.admit(B, 40, 3, 0));
        admitted(book.admit(C, 40, 4, 0));
        assertEquals(List.of(a, b), book.setLimits(new HintLimits(10, 50, 60_000, 10, 1_000)));
        assertEquals(new HintLimits(10, 50, 60_000, 10, 1_000), book.limits());
        assertEquals(List.of(new PendingHints(B, 1, 40, 0, 3, 2), new PendingHints(C, 1, 40, 0, 4, 0)), book.pending());
        assertEquals(List.of(), book.setLimits(new HintLimits(10, 1_000, 1, 10, 1_000)));
        assertEquals(2, book.expire(10).size(), "a shorter window applies at the next expire");
    }
}
