package io.coterie.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommitLogTest {

    private Path dir;

    @BeforeEach
    void create() {
        dir = TempDirs.create("commitlog");
    }

    @AfterEach
    void cleanUp() {
        TempDirs.delete(dir);
    }

    private static ScratchBuffer put(String key, byte[] value) {
        ScratchBuffer s = new ScratchBuffer();
        LogEntryCodec.encodePut(key.getBytes(StandardCharsets.UTF_8), Record.of(value), s);
        return s;
    }

    private List<LogEntry> readAll() throws Exception {
        List<LogEntry> entries = new ArrayList<>();
        for (long seq : LogSegments.list(dir)) {
            assertFalse(LogSegments.read(LogSegments.path(dir, seq), entries::add).torn());
        }
        return entries;
    }

    @Test
    void oneFsyncCoversEveryWriteAppendedBeforeIt() throws Exception {
        try (CommitLog log = new CommitLog(dir, AppendFsync.ALWAYS, 1 << 20, 1000, LogSegments::create)) {
            ScratchBuffer a = put("a", new byte[10]);
            ScratchBuffer b = put("b", new byte[10]);
            long posA = log.append(a.array(), 0, a.length());
            long posB = log.append(b.array(), 0, b.length());
            long before = log.fsyncCount();
            log.awaitDurable(posA);
            assertEquals(before + 1, log.fsyncCount());
            // The writer of b was covered by a's fsync: it returns at once, without another fsync.
            log.awaitDurable(posB);
            assertEquals(before + 1, log.fsyncCount());
        }
    }

    @Test
    void aSmallBufferMakesWritersDrainItInsteadOfGrowingAndLosesNothing() throws Exception {
        int bufferBytesMax = 1024;
        List<byte[]> values = new ArrayList<>();
        try (CommitLog log = new CommitLog(dir, AppendFsync.NO, bufferBytesMax, 1000, LogSegments::create)) {
            for (int i = 0; i < 500; i++) {
                // Mostly small entries, some larger than the whole buffer.
                byte[] v = new byte[i % 50 == 0 ? 3 * bufferBytesMax : 100];
                v[0] = (byte) i;
                values.add(v);
                ScratchBuffer s = put("k" + i, v);
                log.append(s.array(), 0, s.length());
            }
        }
        List<LogEntry> entries = readAll();
        assertEquals(500, entries.size());
        for (int i = 0; i < 500; i++) {
            LogEntry.Put p = (LogEntry.Put) entries.get(i);
            assertArrayEquals(("k" + i).getBytes(StandardCharsets.UTF_8), p.key(), "entries stay in append order");
            assertArrayEquals(values.get(i), p.record().value());
        }
    }

    @Test
    void rotationSplitsTheLogWithoutLosingOrReorderingEntries() throws Exception {
        try (CommitLog log = new CommitLog(dir, AppendFsync.EVERYSEC, 1 << 16, 1000, LogSegments::create)) {
            for (int i = 0; i < 300; i++) {
                ScratchBuffer s = put("k" + i, new byte[] {(byte) i});
                log.append(s.array(), 0, s.length());
                if (i % 100 == 99) {
                    long newSegment = log.rotate();
                    assertTrue(newSegment > 1);
                }
            }
        }
        assertEquals(4, LogSegments.list(dir).size());
        List<LogEntry> entries = readAll();
        assertEquals(300, entries.size());
        for (int i = 0; i < 300; i++) {
            assertArrayEquals(("k" + i).getBytes(StandardCharsets.UTF_8), ((LogEntry.Put) entries.get(i)).key());
        }
    }
}
