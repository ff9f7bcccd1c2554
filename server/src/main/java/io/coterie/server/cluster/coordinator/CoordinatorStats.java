package io.coterie.server.cluster.coordinator;

import java.util.concurrent.atomic.LongAdder;

/** What INFO cluster reports about coordination: counts since start. */
public final class CoordinatorStats {

    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder noQuorum = new LongAdder();
    private final LongAdder readRepairsBlocking = new LongAdder();
    private final LongAdder readRepairsBackground = new LongAdder();
    private final LongAdder hintedWrites = new LongAdder();

    void read() {
        reads.increment();
    }

    void write() {
        writes.increment();
    }

    void noQuorum() {
        noQuorum.increment();
    }

    void readRepair(boolean blocking) {
        (blocking ? readRepairsBlocking : readRepairsBackground).increment();
    }

    void hintedWrite() {
        hintedWrites.increment();
    }

    /** INFO cluster lines, {@code name:value}. */
    public java.util.List<String> infoLines() {
        return java.util.List.of(
                "coordinated_reads:" + reads.sum(),
                "coordinated_writes:" + writes.sum(),
                "noquorum_failures:" + noQuorum.sum(),
                "read_repairs:" + (readRepairsBlocking.sum() + readRepairsBackground.sum()),
                "read_repairs_blocking:" + readRepairsBlocking.sum(),
                "read_repairs_background:" + readRepairsBackground.sum(),
                "hinted_writes:" + hintedWrites.sum());
    }
}
