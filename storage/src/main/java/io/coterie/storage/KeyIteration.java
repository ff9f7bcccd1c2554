package io.coterie.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.MapSegmentContext;

/**
 * Walks the map's keys a segment at a time (SCAN, KEYS, RANDOMKEY), holding one segment's lock at a
 * time and never running caller code under it.
 *
 * <p>A SCAN cursor is the next segment index. A key stays in the segment its hash picks, so a key
 * present for the whole scan is returned exactly once, whatever inserts, removes or tier chaining
 * rearrange inside segments meanwhile. A page holds whole segments, so it may be larger than COUNT
 * (Redis allows that too).
 */
final class KeyIteration {

    /** Segments visited per SCAN call at least, so a mostly empty map still answers in few calls. */
    private static final int SCAN_SEGMENTS_PER_CALL_MIN = 64;

    private final ChronicleMap<byte[], byte[]> map;

    KeyIteration(ChronicleMap<byte[], byte[]> map) {
        this.map = map;
    }

    ScanPage scan(long cursor, int count) {
        int segments = map.segments();
        if (cursor < 0 || cursor >= segments) {
            return new ScanPage(List.of(), 0);
        }
        int wanted = Math.max(1, count);
        int visitLimit = Math.max(SCAN_SEGMENTS_PER_CALL_MIN, wanted);
        List<byte[]> keys = new ArrayList<>();
        int seg = (int) cursor;
        for (int visited = 0; seg < segments && keys.size() < wanted && visited < visitLimit; visited++, seg++) {
            try (MapSegmentContext<byte[], byte[], ?> sc = map.segmentContext(seg)) {
                sc.forEachSegmentEntry(e -> keys.add(copyOf(e.key())));
            }
        }
        return new ScanPage(keys, seg >= segments ? 0 : seg);
    }

    void forEachLiveKey(long nowMs, Consumer<byte[]> action) {
        RecordCodec.View view = new RecordCodec.View();
        List<byte[]> batch = new ArrayList<>();
        for (int seg = 0; seg < map.segments(); seg++) {
            batch.clear();
            try (MapSegmentContext<byte[], byte[], ?> sc = map.segmentContext(seg)) {
                sc.forEachSegmentEntry(e -> {
                    Data<byte[]> v = e.value();
                    if (!view.parse(v.bytes(), v.offset(), v.size()).isExpiredAt(nowMs)) {
                        batch.add(copyOf(e.key()));
                    }
                });
            }
            batch.forEach(action);
        }
    }

    /** A live key from a random position: a random segment, a random entry in it (then the next live one). */
    byte[] randomLiveKey(long nowMs) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int segments = map.segments();
        int start = rnd.nextInt(segments);
        RecordCodec.View view = new RecordCodec.View();
        for (int i = 0; i < segments; i++) {
            try (MapSegmentContext<byte[], byte[], ?> sc = map.segmentContext((start + i) % segments)) {
                long n = sc.size();
                if (n == 0) {
                    continue;
                }
                long pick = rnd.nextLong(n);
                byte[][] chosen = new byte[2][];
                long[] index = {0};
                sc.forEachSegmentEntryWhile(e -> {
                    Data<byte[]> v = e.value();
                    boolean live = !view.parse(v.bytes(), v.offset(), v.size()).isExpiredAt(nowMs);
                    long at = index[0]++;
                    if (live && at >= pick) {
                        chosen[0] = copyOf(e.key());
                        return false;
                    }
                    if (live && chosen[1] == null) {
                        chosen[1] = copyOf(e.key());
                    }
                    return true;
                });
                byte[] k = chosen[0] != null ? chosen[0] : chosen[1];
                if (k != null) {
                    return k;
                }
            }
        }
        return null;
    }

    static byte[] copyOf(Data<byte[]> d) {
        byte[] out = new byte[(int) d.size()];
        d.bytes().read(d.offset(), out, 0, out.length);
        return out;
    }
}
