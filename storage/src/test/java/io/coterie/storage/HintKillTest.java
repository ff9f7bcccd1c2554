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
 * forgotten one; hints written after the last report the parent read may be there too (the child keeps
 * writing until the kill lands).
 */
class HintKillTest {

    @TempDir
    Path dir;

    @Test
    void everyReportedHintSurvivesSigkillAndNoForgottenOneReturns() throws Exception {
        Set<Long> expected = new TreeSet<>();
        long next = 0;
        long highest = 0;
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
                // The child goes on writing between the ack the parent read last and the kill landing: hints past
                // that ack may or may not be there (and may or may not be forgotten yet). Allowed; set aside.
                List<Long> beyond = found.stream().filter(i -> i > lastAck).toList();
                for (long i : beyond) {
                    found.remove(i);
                    store.forget(CrashingHintWriter.target(i), List.of(i));
                }
                assertEquals(expected, found, "round " + round);
                highest = Math.max(highest, beyond.isEmpty() ? lastAck : beyond.get(beyond.size() - 1));
                for (long i : List.of(expected.stream().findFirst().orElseThrow(), (long) lastAck - 1, (long) lastAck)) {
                    if (expected.contains(i)) {
                        StoredHint h = store.read(CrashingHintWriter.target(i), i);
                        assertArrayEquals(CrashingHintWriter.hint(i).payload(), h.payload(), "hint " + i);
                        assertEquals(1_000 + i, h.createdMs());
                    }
                }
            }
            next = highest + 2;
        }
    }
}
