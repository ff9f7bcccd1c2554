package io.coterie.server.cluster.hints;

import io.coterie.ring.Clock;
import io.coterie.server.cluster.Scheduler;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.ring.quorum.PendingHints;
import io.coterie.server.config.ServerConfig;
import io.coterie.storage.hints.HintStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Hinted handoff as {@link HintedHandoff#start} wires it, but on the simulator's scheduler, clock and bus, for one
 * process incarnation. The hint store is a real directory: it survives a simulated crash whole, including what was
 * not yet fsynced (the simulation is optimistic about unsynced hints after a power loss; under {@code appendfsync
 * always} a hint counts towards a write's level only once fsynced, so this never hides a lost acknowledged write).
 */
public final class SimulatedHints {

    private final HintStore store;
    private final HintedHandoff handoff;

    private SimulatedHints(HintStore store, HintedHandoff handoff) {
        this.store = store;
        this.handoff = handoff;
    }

    public static SimulatedHints start(Path dir, ServerConfig config, Scheduler scheduler, Clock clock,
                                       TopologySource topology, Transport transport, LongSupplier timeoutMs) {
        try {
            HintStore store = HintStore.open(dir, HintStore.SEGMENT_BYTES_DEFAULT);
            HintedHandoff handoff = HintedHandoff.create(store, HintSettings.from(config), scheduler, clock, topology,
                    transport, new ReplicaWriteDelivery(transport, topology, timeoutMs), () -> { });
            return new SimulatedHints(store, handoff);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HintedHandoff handoff() {
        return handoff;
    }

    /** Hints waiting for delivery on this node. */
    public long pending() {
        return handoff.pending().stream().mapToLong(PendingHints::count).sum();
    }

    /** The process died: its file handles go, its scheduled work was dropped by the simulator. */
    public void crash() {
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
