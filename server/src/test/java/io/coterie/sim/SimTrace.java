package io.coterie.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's fingerprint: an FNV-1a hash over every event's virtual time and description (deliveries carry a hash of
 * their payload bytes), so two runs are equal byte for byte exactly when their traces hash equal. The last
 * {@link #linesKept} lines are kept to explain a failure.
 */
public final class SimTrace {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int linesKept;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private long hash = FNV_OFFSET;
    private long lines;

    public SimTrace(int linesKept) {
        if (linesKept < 0) {
            throw new IllegalArgumentException("linesKept must be >= 0: " + linesKept);
        }
        this.linesKept = linesKept;
    }

    public void record(long atMs, String line) {
        hash = mix(hash, atMs);
        for (byte b : line.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        lines++;
        if (linesKept > 0) {
            if (tail.size() == linesKept) {
                tail.removeFirst();
            }
            tail.addLast(atMs + " " + line);
        }
    }

    public long hash() {
        return hash;
    }

    public long lines() {
        return lines;
    }

    /** The most recent lines, oldest first. */
    public List<String> recent() {
        return new ArrayList<>(tail);
    }

    /** FNV-1a of a byte array: how payloads enter the trace without their full contents. */
    public static long hashBytes(byte[] bytes) {
        long h = FNV_OFFSET;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    private static long mix(long h, long value) {
        for (int i = 0; i < 8; i++) {
            h = (h ^ ((value >>> (8 * i)) & 0xff)) * FNV_PRIME;
        }
        return h;
    }
}
