package io.coterie.compat.faults;

import java.util.List;

/**
 * Where the fault suite's nodes live and how links between them are cut: network namespaces (partitions possible) or
 * 127.0.0.1 (kill and pause faults only). Clients always reach every node; only node-to-node traffic is cut.
 */
interface ClusterNetwork extends AutoCloseable {

    /** One line for the summary: where nodes run and how links are cut, or why they cannot be. */
    String description();

    /** The address node {@code node} binds and advertises. */
    String host(int node);

    /** The client port of node {@code node}; its bus is this + 10000. */
    int port(int node);

    /** Words to run before {@code java} so the node starts inside its network (empty on loopback). */
    List<String> launchPrefix(int node);

    boolean canPartition();

    /** From now on packets from {@code from} to {@code to} are silently dropped (one direction only). */
    void cut(int from, int to);

    /** Every cut link works again. */
    void healAll();

    /** Removes everything the network created; safe to call twice. */
    @Override
    void close();
}
