package io.coterie.sim;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.Scheduler;
import io.coterie.server.cluster.bus.Transport;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Everything one process incarnation gets from its simulated machine, the same things the production main wires from
 * Netty, the system clock and the on-disk store.
 *
 * @param index       the node's position in the cluster, 0-based (stable across restarts)
 * @param id          permanent node id (as read from the data directory)
 * @param incarnation 0 at first boot, one more after every crash
 * @param peers       every node's bus address, this one's included (the seed list)
 * @param random      this incarnation's own stream of the run's randomness
 * @param log         writes a line into the run's trace
 */
public record NodeContext(int index, NodeId id, BusAddress bus, int incarnation, Clock clock, Scheduler scheduler,
                          Transport transport, SimStore store, List<BusAddress> peers, RandomGenerator random,
                          TraceLog log) {

    public NodeContext {
        peers = List.copyOf(peers);
    }

    /** Appends a line, stamped with virtual time, to the run's trace. */
    @FunctionalInterface
    public interface TraceLog {
        void line(String text);
    }
}
