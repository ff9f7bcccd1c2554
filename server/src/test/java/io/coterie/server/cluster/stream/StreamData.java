package io.coterie.server.cluster.stream;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.placement.HashSlots;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.storage.Record;
import io.coterie.storage.Store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Test data: keys with binary bytes, TTLs and versions, and checks that records arrived byte for byte. */
final class StreamData {

    /** An expiry far enough ahead that no test outlives it. */
    static final long FAR_EXPIRY_MS = System.currentTimeMillis() + 3_600_000;

    private StreamData() {
    }

    /** A versioned view of {@code raw}, for writing test data as commands would. */
    static VersionedStore versioned(Store raw) {
        return new VersionedStore(raw, NodeId.random(new SplittableRandom(raw.hashCode())), Clock.system(), () -> 600_000);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code count} keys through {@code store}, as commands do (each record then carries its versions): every
     * third with a TTL, every fifth with a binary key (NUL, CR LF, 0xFF bytes), every seventh overwritten once (two
     * versions in its clock); values of random bytes up to {@code valueBytesMax}. Returns the raw records by key.
     */
    static Map<String, StreamedRecord> fill(VersionedStore store, int count, int valueBytesMax, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, StreamedRecord> written = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] key = i % 5 == 0 ? new byte[]{'b', 0, '\r', '\n', (byte) 0xFF, (byte) (i >>> 8), (byte) i, (byte) (i >>> 16)}
                    : bytes("key:" + seed + ":" + i);
            byte[] value = new byte[random.nextInt(valueBytesMax + 1)];
            random.nextBytes(value);
            long expireAtMs = i % 3 == 0 ? FAR_EXPIRY_MS + i : Record.NO_EXPIRY;
            if (i % 7 == 0) {
                store.put(key, Record.of(bytes("overwritten")));
            }
            store.put(key, new Record(value, expireAtMs, Record.NO_META));
            written.put(hex(key), new StreamedRecord(key, store.raw().get(key, System.currentTimeMillis())));
        }
        return written;
    }

    static String hex(byte[] key) {
        StringBuilder sb = new StringBuilder();
        for (byte b : key) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    /** The distinct slots of {@code records}, ascending. */
    static int[] slotsOf(Iterable<StreamedRecord> records) {
        TreeSet<Integer> slots = new TreeSet<>();
        records.forEach(r -> slots.add(HashSlots.slotOf(r.key())));
        return slots.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<StreamedRecord> inSlots(Iterable<StreamedRecord> records, int[] slots) {
        List<StreamedRecord> out = new ArrayList<>();
        for (StreamedRecord r : records) {
            if (Arrays.binarySearch(slots, HashSlots.slotOf(r.key())) >= 0) {
                out.add(r);
            }
        }
        return out;
    }

    static void assertHolds(Store store, StreamedRecord expected) {
        Record actual = store.get(expected.key(), System.currentTimeMillis());
        assertNotNull(actual, "missing key " + hex(expected.key()));
        assertEquals(expected.record(), actual, "record of key " + hex(expected.key()));
    }

    static long recordBytes(List<StreamedRecord> records) {
        return records.stream().mapToLong(StreamedRecord::recordBytes).sum();
    }
}
