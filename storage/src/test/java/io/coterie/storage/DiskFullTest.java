package io.coterie.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The commit log's disk fills up, then frees up again. */
class DiskFullTest {

    private Path dir;

    @AfterEach
    void cleanUp() {
        TempDirs.delete(dir);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aValueTooBigForTheBufferThatHitsAFullDiskLeavesNoTornEntryBeforeLaterOnes() throws Exception {
        dir = TempDirs.create("diskfull-big");
        AtomicLong bytesLeft = new AtomicLong(-1);
        ChronicleStore store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.ALWAYS, 1000),
                (d, seq) -> new FailingFileChannel(LogSegments.create(d, seq), new AtomicBoolean(), bytesLeft));
        try {
            store.put(b("before"), Record.of(b("1")));
            store.awaitDurable();
            bytesLeft.set(1_000_000);
            byte[] huge = new byte[ChronicleStore.LOG_BUFFER_BYTES_MAX + 1000];
            assertThrows(StoreWriteException.class, () -> store.put(b("huge"), Record.of(huge)));
            assertNull(store.get(b("huge"), 0));
            bytesLeft.set(-1);
            long deadline = System.currentTimeMillis() + 5_000;
            boolean accepted = false;
            while (!accepted && System.currentTimeMillis() < deadline) {
                try {
                    store.put(b("after"), Record.of(b("2")));
                    accepted = true;
                } catch (StoreWriteException stillFailing) {
                    Thread.sleep(20);
                }
            }
            assertTrue(accepted);
            store.awaitDurable();
            List<LogEntry> entries = new ArrayList<>();
            for (long seq : LogSegments.list(dir.resolve("log"))) {
                assertFalse(LogSegments.read(LogSegments.path(dir.resolve("log"), seq), entries::add).torn(),
                        "no torn entry left in segment " + seq);
            }
            assertTrue(entries.stream().anyMatch(e -> e instanceof LogEntry.Put p
                    && Arrays.equals(p.key(), b("after"))), "the later write is readable in the log");
        } finally {
            store.close();
        }
    }

    @Test
    void writesFailClearlyWhileTheLogCannotBeWrittenAndAcknowledgedDataStaysIntact() throws Exception {
        dir = TempDirs.create("diskfull");
        AtomicBoolean diskFull = new AtomicBoolean();
        ChronicleStore store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.ALWAYS, 1000),
                (d, seq) -> new FailingFileChannel(LogSegments.create(d, seq), diskFull));
        try {
            store.put(b("acked"), Record.of(b("1")));
            store.awaitDurable();

            diskFull.set(true);
            store.put(b("buffered"), Record.of(b("2")));
            StoreWriteException notDurable = assertThrows(StoreWriteException.class, store::awaitDurable);
            assertTrue(notDurable.getMessage().contains("No space left on device"), notDurable.getMessage());
            StoreWriteException refused = assertThrows(StoreWriteException.class,
                    () -> store.put(b("refused"), Record.of(b("3"))));
            assertTrue(refused.getMessage().contains("commit log write failed"), refused.getMessage());
            assertNull(store.get(b("refused"), 0), "a refused write is not applied");
            assertArrayEquals(b("1"), store.get(b("acked"), 0).value());
            assertTrue(store.stats().fsyncErrors() > 0);

            diskFull.set(false);
            // The background flusher retries the buffered bytes; writes are accepted once it succeeds.
            long deadline = System.currentTimeMillis() + 5_000;
            boolean accepted = false;
            while (!accepted && System.currentTimeMillis() < deadline) {
                try {
                    store.put(b("after"), Record.of(b("4")));
                    accepted = true;
                } catch (StoreWriteException stillFull) {
                    Thread.sleep(20);
                }
            }
            assertTrue(accepted, "writes resume after the disk frees up");
            store.awaitDurable();
        } finally {
            store.close();
        }
        try (ChronicleStore reopened = ChronicleStore.open(TempDirs.options(dir, AppendFsync.ALWAYS, 1000))) {
            assertArrayEquals(b("1"), reopened.get(b("acked"), 0).value());
            assertArrayEquals(b("2"), reopened.get(b("buffered"), 0).value());
            assertArrayEquals(b("4"), reopened.get(b("after"), 0).value());
            assertNull(reopened.get(b("refused"), 0));
            assertEquals(3, reopened.size());
        }
    }
}
