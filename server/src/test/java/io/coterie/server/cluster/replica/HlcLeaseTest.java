package io.coterie.server.cluster.replica;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.Sibling;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HlcLeaseTest {

    private static final NodeId A = new NodeId("a".repeat(40));
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** A lease kept in memory that records every extension. */
    private static final class RecordingLease implements HlcLease {
        final List<Long> extensions = new ArrayList<>();
        long floorMs;

        @Override
        public long floorMs() {
            return floorMs;
        }

        @Override
        public void extendTo(long untilMs) {
            extensions.add(untilMs);
        }
    }

    @Test
    void aRestartWhoseClockCameBackBehindStillWritesAfterItsEarlierWrites() {
        InMemoryStore raw = new InMemoryStore();
        RecordingLease lease = new RecordingLease();
        AtomicLong now = new AtomicLong(1_000_000);
        VersionedStore before = new VersionedStore(raw, A, now::get, () -> 60_000L, lease);
        before.put(KEY, Record.of("first".getBytes(StandardCharsets.UTF_8)));
        long firstHlc = hlcOf(before);

        lease.floorMs = lease.extensions.get(lease.extensions.size() - 1); // what the disk holds after a crash
        now.set(1_000_000 - 5_000); // the wall clock came back 5 s behind
        VersionedStore after = new VersionedStore(raw, A, now::get, () -> 60_000L, lease);
        after.put(KEY, Record.of("second".getBytes(StandardCharsets.UTF_8)));
        assertTrue(hlcOf(after) > firstHlc, "the new write sorts after the old one");
        assertEquals("second", new String(after.get(KEY, now.get()).value(), StandardCharsets.UTF_8));
    }

    @Test
    void theLeaseIsExtendedAheadOfNeedNotPerWrite() {
        RecordingLease lease = new RecordingLease();
        AtomicLong now = new AtomicLong(1_000_000);
        VersionedStore store = new VersionedStore(new InMemoryStore(), A, now::get, () -> 60_000L, lease);
        for (int i = 0; i < 1_000; i++) {
            now.addAndGet(10); // 1 000 writes over 10 s
            store.put(KEY, Record.of(new byte[] {(byte) i}));
        }
        assertTrue(lease.extensions.size() >= 2 && lease.extensions.size() <= 3, "extensions: " + lease.extensions);
        for (long until : lease.extensions) {
            assertTrue(until > 1_000_000, "leases run ahead of the clock: " + until);
        }
    }

    @Test
    void theFileLeaseSurvivesReopeningAndRefusesDamage() throws Exception {
        assertEquals(0, FileHlcLease.open(dir).floorMs(), "nothing saved yet");
        FileHlcLease.open(dir).extendTo(1_795_000_000_000L);
        assertEquals(1_795_000_000_000L, FileHlcLease.open(dir).floorMs());
        Files.writeString(dir.resolve(FileHlcLease.FILE_NAME), "hlc-lease soon\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FileHlcLease.open(dir));
        assertTrue(e.getMessage().contains(FileHlcLease.FILE_NAME), e.getMessage());
    }

    private static long hlcOf(VersionedStore store) {
        return store.versions(KEY).lastWriteWins().map(Sibling::hlc).orElseThrow().encoded();
    }
}
