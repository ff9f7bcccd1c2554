package io.coterie.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Log segments written by hand, as a crash would leave them, replayed by open. */
class TornLogTest {

    private Path dir;

    @BeforeEach
    void create() throws IOException {
        dir = TempDirs.create("torn");
        Files.createDirectories(dir.resolve("log"));
    }

    @AfterEach
    void cleanUp() {
        TempDirs.delete(dir);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] segment(ScratchBuffer entries) {
        ScratchBuffer s = new ScratchBuffer();
        s.writeInt(LogSegments.MAGIC);
        s.writeInt(LogSegments.FORMAT_V1);
        s.write(entries.array(), 0, entries.length());
        return Arrays.copyOf(s.array(), s.length());
    }

    private static ScratchBuffer threeEntries() {
        ScratchBuffer e = new ScratchBuffer();
        LogEntryCodec.encodePut(b("a"), Record.of(b("1")), e);
        LogEntryCodec.encodePut(b("b"), Record.of(b("2"), 5000), e);
        LogEntryCodec.encodeRemove(b("a"), e);
        return e;
    }

    private ChronicleStore open() {
        return ChronicleStore.open(TempDirs.options(dir, AppendFsync.ALWAYS, 1000));
    }

    @Test
    void everyTruncationOfTheLastEntryIsIgnoredAndTheRestApplied() throws IOException {
        ScratchBuffer entries = threeEntries();
        int completeLength = entries.length();
        LogEntryCodec.encodePut(b("c"), Record.of(b("never acknowledged")), entries);
        byte[] full = segment(entries);
        int completeEnd = LogSegments.HEADER_BYTES + completeLength;
        for (int cut = completeEnd; cut < full.length; cut += 3) {
            TempDirs.delete(dir);
            Files.createDirectories(dir.resolve("log"));
            Files.write(LogSegments.path(dir.resolve("log"), 1), Arrays.copyOf(full, cut));
            try (ChronicleStore store = open()) {
                assertNull(store.get(b("a"), 0), "cut at " + cut);
                assertArrayEquals(b("2"), store.get(b("b"), 0).value());
                assertEquals(5000, store.get(b("b"), 0).expireAtMs());
                assertNull(store.get(b("c"), 0), "a torn entry is never applied, cut at " + cut);
                assertEquals(1, store.size());
                assertEquals(1, store.stats().keysWithExpiry());
            }
        }
    }

    @Test
    void aCorruptedLastEntryFailsItsChecksumAndIsNotApplied() throws IOException {
        ScratchBuffer entries = threeEntries();
        LogEntryCodec.encodePut(b("c"), Record.of(b("garbage-to-be")), entries);
        byte[] seg = segment(entries);
        seg[seg.length - 3] ^= 0x5A;
        Files.write(LogSegments.path(dir.resolve("log"), 1), seg);
        try (ChronicleStore store = open()) {
            assertNull(store.get(b("c"), 0));
            assertArrayEquals(b("2"), store.get(b("b"), 0).value());
        }
    }

    @Test
    void replayIsIdempotent() throws IOException {
        byte[] seg = segment(threeEntries());
        Files.write(LogSegments.path(dir.resolve("log"), 1), seg);
        Files.write(LogSegments.path(dir.resolve("log"), 2), seg);
        ScratchBuffer more = new ScratchBuffer();
        LogEntryCodec.encodePut(b("a"), Record.of(b("again")), more);
        Files.write(LogSegments.path(dir.resolve("log"), 3), segment(more));
        try (ChronicleStore store = open()) {
            assertArrayEquals(b("again"), store.get(b("a"), 0).value());
            assertArrayEquals(b("2"), store.get(b("b"), 0).value());
            assertEquals(2, store.size());
        }
        // Replaying the same segments over the recovered map again changes nothing.
        Files.write(LogSegments.path(dir.resolve("log"), 1), seg);
        Files.write(LogSegments.path(dir.resolve("log"), 2), segment(more), StandardOpenOption.CREATE);
        try (ChronicleStore store = open()) {
            assertArrayEquals(b("again"), store.get(b("a"), 0).value());
            assertEquals(2, store.size());
        }
    }

    @Test
    void damageInAnOlderSegmentStopsTheOpenInsteadOfDroppingLaterWrites() throws IOException {
        byte[] seg = segment(threeEntries());
        seg[seg.length - 2] ^= 0x01;
        Files.write(LogSegments.path(dir.resolve("log"), 1), seg);
        Files.write(LogSegments.path(dir.resolve("log"), 2), segment(threeEntries()));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, this::open);
        assertEquals(true, e.getMessage().contains("not the last one"), e.getMessage());
    }
}
