package io.coterie.storage.hints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HintStoreTest {

    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);

    @TempDir
    Path dir;

    private static StoredHint hint(long id, String target) {
        return new StoredHint(id, target, ("key" + id).getBytes(StandardCharsets.UTF_8),
                ("payload-" + id + "-" + "x".repeat((int) (id % 7))).getBytes(StandardCharsets.UTF_8), 1000 + id);
    }

    private static List<Long> ids(HintStore s) {
        return s.hints().stream().map(HintInfo::id).toList();
    }

    private static void assertSameHint(StoredHint expected, StoredHint actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.target(), actual.target());
        assertArrayEquals(expected.key(), actual.key());
        assertArrayEquals(expected.payload(), actual.payload());
        assertEquals(expected.createdMs(), actual.createdMs());
    }

    /** Hints 1 and 2 in A's first segment, 3 in the second (appended after a restart); returns A's directory. */
    private Path twoSegmentsForA() throws IOException {
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            s.append(hint(1, A));
            s.append(hint(2, A));
        }
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            s.append(hint(3, A));
        }
        return dir.resolve(A);
    }

    @Test
    void hintsReadBackByIdAndSurviveACleanRestart() throws IOException {
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            s.append(hint(1, A));
            s.append(hint(2, B));
            s.append(hint(3, A));
            assertSameHint(hint(3, A), s.read(A, 3));
            assertNull(s.read(B, 3), "ids are per target");
            assertNull(s.read("c".repeat(40), 1));
        }
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            assertEquals(List.of(hint(1, A).info(), hint(3, A).info(), hint(2, B).info()), s.hints());
            assertSameHint(hint(1, A), s.read(A, 1));
            assertSameHint(hint(2, B), s.read(B, 2));
        }
    }

    @Test
    void hintsWrittenButNeitherSyncedNorClosedSurviveAKill() throws IOException {
        HintStore crashed = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT);
        crashed.append(hint(1, A));
        crashed.append(hint(2, A));
        crashed.forget(A, List.of(1L));
        // kill -9: the process keeps nothing but what reached the OS; a new incarnation opens the same files.
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            assertEquals(List.of(2L), ids(s));
            assertSameHint(hint(2, A), s.read(A, 2));
            s.append(hint(3, A));
        }
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            assertEquals(List.of(2L, 3L), ids(s), "hints appended after a restart go to a new segment, read in order");
        }
    }

    @Test
    void everyTruncationOfTheLastHintLosesOnlyThatHint() throws IOException {
        Path targetDir = twoSegmentsForA();
        Path segment = TargetLog.path(targetDir, TargetLog.sequences(targetDir).get(0));
        long twoHintsBytes = Files.size(segment);
        Path last = TargetLog.path(targetDir, TargetLog.sequences(targetDir).get(1));
        byte[] full = Files.readAllBytes(last);
        for (int cut = 8; cut < full.length; cut++) {
            Files.write(last, Arrays.copyOf(full, cut));
            try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
                assertEquals(List.of(1L, 2L), ids(s), "cut at " + cut);
            }
            // each open started a segment of its own: keep the layout fixed for the next cut
            for (long seq : TargetLog.sequences(targetDir)) {
                if (seq > 2) {
                    Files.delete(TargetLog.path(targetDir, seq));
                }
            }
        }
        assertEquals(twoHintsBytes, Files.size(segment));
    }

    @Test
    void aGarbledFrameStopsItsSegmentButNotTheSegmentsAfterIt() throws IOException {
        Path targetDir = twoSegmentsForA();
        Path first = TargetLog.path(targetDir, TargetLog.sequences(targetDir).get(0));
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 1] ^= 0x40; // the last byte of hint 2's payload: its CRC fails
        Files.write(first, bytes);
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            assertEquals(List.of(1L, 3L), ids(s));
        }
    }

    @Test
    void forgottenHintsAreNotReloadedAndAnEmptyTargetLeavesNoFiles() throws IOException {
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            for (long id = 1; id <= 5; id++) {
                s.append(hint(id, A));
            }
            s.append(hint(6, B));
            s.forget(A, List.of(2L, 4L, 99L));
            assertNull(s.read(A, 2));
        }
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            assertEquals(List.of(1L, 3L, 5L, 6L), ids(s));
            s.forget(A, List.of(1L, 3L, 5L));
            assertEquals(1, TargetLog.sequences(dir.resolve(A)).size(), "everything delivered: only a fresh segment");
            assertEquals(8, Files.size(TargetLog.path(dir.resolve(A), TargetLog.sequences(dir.resolve(A)).get(0))));
        }
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            assertEquals(List.of(6L), ids(s));
            assertFalse(Files.exists(dir.resolve(A)), "a target with nothing pending is removed on open");
        }
    }

    @Test
    void segmentsRollOverAndAreDeletedOldestFirstOnceNothingInThemIsLive() throws IOException {
        try (HintStore s = HintStore.open(dir, 1024)) {
            for (long id = 1; id <= 300; id++) {
                s.append(hint(id, A));
            }
            int segments = s.segmentCount();
            assertTrue(segments > 10, "300 hints of ~50 bytes in 1 KiB segments: " + segments);
            s.forget(A, LongStream.rangeClosed(2, 180).boxed().toList());
            assertTrue(s.segmentCount() >= segments, "hint 1 pins the first segment, so none after it may go");
            s.forget(A, List.of(1L));
            assertTrue(s.segmentCount() <= segments * 2 / 3, "the delivered 60% prefix is deleted: " + s.segmentCount());
            for (long id = 181; id <= 300; id++) {
                assertSameHint(hint(id, A), s.read(A, id));
            }
        }
        try (HintStore s = HintStore.open(dir, 1024)) {
            assertEquals(LongStream.rangeClosed(181, 300).boxed().toList(), ids(s));
        }
    }

    @Test
    void unsafeTargetsAndDuplicateIdsAreRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> hint(1, "../etc"));
        assertThrows(IllegalArgumentException.class, () -> hint(1, ""));
        try (HintStore s = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT)) {
            s.append(hint(1, A));
            assertThrows(IllegalArgumentException.class, () -> s.append(hint(1, A)));
            s.sync();
            assertEquals(List.of(1L), ids(s));
        }
    }
}
