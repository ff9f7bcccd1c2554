package io.coterie.server.cluster.runtime;

import io.coterie.ring.NodeId;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.stream.DataMover;

/** Builds the slot mover over the bus the cluster runtime starts (streaming needs that bus and this node's id). */
@FunctionalInterface
public interface DataMoverFactory {

    /**
     * @param self      this node's id
     * @param bus       the node's inter-node bus
     * @param topology  the runtime's topology; answers only once {@link ClusterRuntime#start} has returned, which is
     *                  before any move is asked of the mover
     */
    DataMover create(NodeId self, Transport bus, TopologySource topology);
}
