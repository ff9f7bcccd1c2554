package io.coterie.server.cluster.repair;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Running totals of this node's anti-entropy, for INFO: what it ran as initiator and what it served. Thread-safe. */
public final class RepairStats {

    private final AtomicLong repairsRun = new AtomicLong();
    private final AtomicLong sessionsFailed = new AtomicLong();
    private final AtomicLong slotsCompared = new AtomicLong();
    private final AtomicLong slotsDiffering = new AtomicLong();
    private final AtomicLong keysSent = new AtomicLong();
    private final AtomicLong keysReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong servedBytesIn = new AtomicLong();
    private final AtomicLong servedBytesOut = new AtomicLong();
    private final AtomicLong lastRepairMs = new AtomicLong();

    /** One repair (all peers) finished at {@code nowMs}. */
    void repaired(RepairReport report, long nowMs) {
        repairsRun.incrementAndGet();
        for (PeerReport p : report.peers()) {
            slotsCompared.addAndGet(p.slotsCompared());
            slotsDiffering.addAndGet(p.slotsDiffering());
            keysSent.addAndGet(p.keysSent());
            keysReceived.addAndGet(p.keysReceived());
            bytesSent.addAndGet(p.bytesSent());
            bytesReceived.addAndGet(p.bytesReceived());
        }
        sessionsFailed.addAndGet(report.failures().size());
        lastRepairMs.set(nowMs);
    }

    /** A peer's request answered: its payload in, ours out. */
    void served(long bytesIn, long bytesOut) {
        servedBytesIn.addAndGet(bytesIn);
        servedBytesOut.addAndGet(bytesOut);
    }

    /** Lines for INFO cluster, {@code name:value}. */
    public List<String> infoLines() {
        return fields().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList();
    }

    /** INFO fields, name → value, in a fixed order. */
    public LinkedHashMap<String, Long> fields() {
        LinkedHashMap<String, Long> out = new LinkedHashMap<>();
        out.put("repairs_run", repairsRun.get());
        out.put("repair_sessions_failed", sessionsFailed.get());
        out.put("repair_slots_compared", slotsCompared.get());
        out.put("repair_slots_differing", slotsDiffering.get());
        out.put("repair_keys_sent", keysSent.get());
        out.put("repair_keys_received", keysReceived.get());
        out.put("repair_bytes_sent", bytesSent.get());
        out.put("repair_bytes_received", bytesReceived.get());
        out.put("repair_served_bytes_in", servedBytesIn.get());
        out.put("repair_served_bytes_out", servedBytesOut.get());
        out.put("repair_last_ms", lastRepairMs.get());
        return out;
    }
}
