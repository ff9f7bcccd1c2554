package io.coterie.storage.hints;

import io.coterie.storage.FramedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The node's durable hints (Dynamo §4.6): under {@code <dir>/<target>/}, CRC32C-framed segments of the
 * hints kept for that target (see {@link TargetLog}). The hint book decides what to keep; this store
 * only keeps what it is told, gives it back by id for handoff, and forgets it when told.
 *
 * <p>Durability is the caller's: {@link #append} writes to the OS, so a hint survives kill -9 once it
 * returns; {@link #sync} fsyncs, for power loss (call it before reporting a hint stored under
 * {@code appendfsync always}, once for a whole group of appends). After a crash {@link #open} reloads
 * every hint not forgotten, stopping in each segment at the first torn frame. A forgotten hint can
 * come back after a crash (its FORGET frame was not yet on disk) and be handed off again: harmless,
 * delivery is an idempotent merge.
 *
 * <p>Not thread-safe: one thread (the node's hint thread) owns it.
 */
public final class HintStore implements AutoCloseable {

    /** Segments roll over at this size, so a delivered prefix can be deleted while later hints wait. */
    public static final long SEGMENT_BYTES_DEFAULT = 16L << 20;
    private static final int TARGET_CHARS_MAX = 64;

    private final Path dir;
    private final long segmentBytesMax;
    private final Map<String, TargetLog> logs = new TreeMap<>();

    private HintStore(Path dir, long segmentBytesMax) {
        this.dir = dir;
        this.segmentBytesMax = segmentBytesMax;
    }

    /** Opens {@code dir} (created if missing) and reloads every live hint; targets with none left are removed. */
    public static HintStore open(Path dir, long segmentBytesMax) throws IOException {
        if (segmentBytesMax < 1024) {
            throw new IllegalArgumentException("hint segments must hold at least 1024 bytes, got " + segmentBytesMax);
        }
        Files.createDirectories(dir);
        HintStore store = new HintStore(dir, segmentBytesMax);
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                String target = child.getFileName().toString();
                if (!isSafeTarget(target)) {
                    continue;
                }
                TargetLog log = TargetLog.open(child, target, segmentBytesMax);
                if (log.isEmpty()) {
                    log.close();
                    removeDirectory(child);
                } else {
                    store.logs.put(target, log);
                }
            }
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        FramedFile.syncDirectory(dir);
        return store;
    }

    static void checkTarget(String target) {
        Objects.requireNonNull(target, "target");
        if (!isSafeTarget(target)) {
            throw new IllegalArgumentException("a hint target is 1-64 letters, digits, '-' or '_', got '" + target + "'");
        }
    }

    /** 1-64 letters, digits, '-' or '_': a directory name that cannot escape the hint directory. Checked per hint, so no regex. */
    private static boolean isSafeTarget(String target) {
        if (target.isEmpty() || target.length() > TARGET_CHARS_MAX) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Every live hint: by target, oldest (lowest id) first within each. */
    public List<HintInfo> hints() {
        List<HintInfo> all = new ArrayList<>();
        logs.values().forEach(l -> all.addAll(l.liveHints()));
        return all;
    }

    /** Written to the OS before returning (survives kill -9); {@link #sync} makes it survive power loss. */
    public void append(StoredHint hint) throws IOException {
        TargetLog log = logs.get(hint.target());
        if (log == null) {
            log = TargetLog.open(dir.resolve(hint.target()), hint.target(), segmentBytesMax);
            FramedFile.syncDirectory(dir);
            logs.put(hint.target(), log);
        }
        log.append(hint);
    }

    /** The live hint {@code id} for {@code target}, or null if there is none (or its frame is damaged). */
    public StoredHint read(String target, long id) throws IOException {
        TargetLog log = logs.get(target);
        return log == null ? null : log.read(id);
    }

    /** Delivered or dropped: these hints are not reloaded after a restart. Unknown ids are ignored. */
    public void forget(String target, Collection<Long> ids) throws IOException {
        TargetLog log = logs.get(target);
        if (log != null) {
            log.forget(ids);
        }
    }

    /** fsyncs every segment written since the last sync. */
    public void sync() throws IOException {
        for (TargetLog log : logs.values()) {
            log.sync();
        }
    }

    public long bytesOnDisk() {
        return logs.values().stream().mapToLong(TargetLog::bytesOnDisk).sum();
    }

    /** Segment files open, over every target (tests check that delivered hints free their files). */
    public int segmentCount() {
        return logs.values().stream().mapToInt(TargetLog::segmentCount).sum();
    }

    /** fsyncs and closes everything. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (TargetLog log : logs.values()) {
            try {
                log.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        logs.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private static void removeDirectory(Path targetDir) throws IOException {
        for (long seq : TargetLog.sequences(targetDir)) {
            Files.delete(TargetLog.path(targetDir, seq));
        }
        Files.delete(targetDir);
    }
}
