package io.coterie.compat.faults;

import io.coterie.compat.harness.CoterieServerProcess;
import io.coterie.compat.harness.FreePorts;
import java.util.ArrayList;
import java.util.List;

/** The fallback where namespaces cannot be created: every node on 127.0.0.1, free ports from the suite's range. */
final class LoopbackNetwork implements ClusterNetwork {

    private final List<Integer> ports;
    private final String whyNoPartitions;

    private LoopbackNetwork(List<Integer> ports, String whyNoPartitions) {
        this.ports = List.copyOf(ports);
        this.whyNoPartitions = whyNoPartitions;
    }

    /** {@code nodes} client ports in [firstPort, lastPort] whose bus ports (+10000) are free too. */
    static LoopbackNetwork create(int nodes, int firstPort, int lastPort, String whyNoPartitions) {
        List<Integer> ports = new ArrayList<>();
        for (int p = firstPort; p <= lastPort && ports.size() < nodes; p++) {
            if (FreePorts.isFree(p) && FreePorts.isFree(p + CoterieServerProcess.BUS_PORT_OFFSET)) {
                ports.add(p);
            }
        }
        if (ports.size() < nodes) {
            throw new IllegalStateException("only " + ports.size() + " free ports in " + firstPort + "-" + lastPort);
        }
        return new LoopbackNetwork(ports, whyNoPartitions);
    }

    @Override
    public String description() {
        return "127.0.0.1 (NO network namespaces: " + whyNoPartitions + "; kill and pause faults only, no partitions)";
    }

    @Override
    public String host(int node) {
        return "127.0.0.1";
    }

    @Override
    public int port(int node) {
        return ports.get(node);
    }

    @Override
    public List<String> launchPrefix(int node) {
        return List.of();
    }

    @Override
    public boolean canPartition() {
        return false;
    }

    @Override
    public void cut(int from, int to) {
        throw new UnsupportedOperationException("127.0.0.1 cannot be partitioned");
    }

    @Override
    public void healAll() {
    }

    @Override
    public void close() {
    }
}
