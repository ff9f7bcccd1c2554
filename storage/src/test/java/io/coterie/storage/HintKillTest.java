package io.coterie.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.storage.hints.HintInfo;
import io.coterie.storage.hints.HintStore;
import io.coterie.storage.hints.StoredHint;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 for real: a child JVM stores (and forgets some) hints, fsyncing each before it reports it;
 * it is SIGKILLed mid-stream, three times; every reported hint must come back intact and no
 * forgotten one, with at most the one hint the child was writing when it died in addition.
 */
class HintKillTest {

    @TempDir
    Path dir;

    @Test
    void everyReportedHintSurvivesSigkillAndNoForgottenOneReturns() throws Exception {
        Set<Long> expected = new TreeSet<>();
        long next = 0;
        for (int round = 0; round < 3; round++) {
            int lastAck = KillRecoveryTest.runAndKill(CrashingHintWriter.class,
                    List.of(dir.toString(), Long.toString(next)), (int) next, 300);
            for (long i = next; i <= lastAck; i++) {
                if (!CrashingHintWriter.forgotten(i)) {
                    expected.add(i);
                }
            }
            try (HintStore store = HintStore.open(dir, CrashingHintWriter.SEGMENT_BYTES)) {
                Set<Long> found = store.hints().stream().map(HintInfo::id).collect(Collectors.toCollection(TreeSet::new));
                long inFlight = lastAck + 1;
                if (found.remove(inFlight)) {
                    // written, not yet reported when the kill came: allowed, and it must read back intact too
                    store.forget(CrashingHintWriter.target(inFlight), List.of(inFlight));
                }
                assertEquals(expected, found, "round " + round);
                for (long i : List.of(expected.stream().findFirst().orElseThrow(), (long) lastAck - 1, (long) lastAck)) {
                    if (expected.contains(i)) {
                        StoredHint h = store.read(CrashingHintWriter.target(i), i);
                        assertArrayEquals(CrashingHintWriter.hint(i).payload(), h.payload(), "hint " + i);
                        assertEquals(1_000 + i, h.createdMs());
                    }
                }
            }
            next = lastAck + 2;
        }
    }
}
