package io.coterie.server.cluster;

/** Where request code gets the current {@link Topology}; reads are cheap (a volatile read) and never block. */
@FunctionalInterface
public interface TopologySource {

    Topology current();
}
