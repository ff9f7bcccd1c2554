package io.coterie.sim.coord;

import io.coterie.server.cluster.replica.HlcLease;
import io.coterie.storage.Record;
import io.coterie.storage.Store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The HLC lease on the simulated disk, as {@code FileHlcLease} keeps it in the data directory: durable when extended. */
final class SimHlcLease implements HlcLease {

    static final byte[] KEY = "sim/hlc-lease".getBytes(StandardCharsets.UTF_8);

    private final Store disk;
    private final long floorMs;

    SimHlcLease(Store disk) {
        this.disk = disk;
        Record saved = disk.get(KEY, 0);
        this.floorMs = saved == null ? 0 : ByteBuffer.wrap(saved.value()).getLong();
    }

    @Override
    public long floorMs() {
        return floorMs;
    }

    @Override
    public void extendTo(long untilMs) {
        disk.put(KEY, Record.of(ByteBuffer.allocate(Long.BYTES).putLong(untilMs).array()));
        disk.awaitDurable();
    }
}
