package io.coterie.server;

import io.coterie.ring.Clock;
import io.coterie.server.cluster.forward.RequestRouter;
import io.coterie.server.cluster.hints.HintedHandoff;
import io.coterie.server.cluster.runtime.ClusterRuntime;
import io.coterie.server.command.CommandTable;
import io.coterie.server.config.ServerConfig;
import io.coterie.storage.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Everything the server-level commands and the network layer share: configuration, store,
 * counters, open clients, the command table, the clock. One per server process (no singletons:
 * tests build their own).
 */
public final class ServerRuntime {

    private final ServerConfig config;
    private final StoreHandle storeHandle;
    private final Clock clock;
    private final ClientRegistry clients = new ClientRegistry();
    private final MeterRegistry meterRegistry = new SimpleMeterRegistry();
    private final ServerMetrics metrics;
    private final long startedAtMs;
    private volatile CommandTable commands;
    /** Null in a single node: connections then dispatch every command locally without asking. */
    private volatile RequestRouter requestRouter;
    private volatile int boundPort;
    /** What SHUTDOWN does; null when the process owner offers none (tests, embedded use). */
    private volatile Runnable shutdownAction;
    /** The cluster membership runtime; empty only in tests that build a runtime without one. */
    private volatile ClusterRuntime cluster;
    /** Hinted handoff once the cluster starts it (CLUSTER HINTS); empty before and in tests without it. */
    private volatile HintedHandoff hints;
    /** Subsystems' lines for INFO cluster (coordinator, hints, repair), in registration order. */
    private final List<Supplier<List<String>>> clusterInfo = new CopyOnWriteArrayList<>();
    /** Highest used_memory seen by the cron (INFO used_memory_peak). */
    private volatile long usedMemoryPeakBytes;

    public ServerRuntime(ServerConfig config, StoreHandle storeHandle, Clock clock) {
        this.config = config;
        this.storeHandle = storeHandle;
        this.clock = clock;
        this.metrics = new ServerMetrics(meterRegistry, clients);
        this.startedAtMs = clock.millis();
        this.boundPort = config.port();
    }

    public ServerConfig config() {
        return config;
    }

    public Store store() {
        return storeHandle.store();
    }

    public StoreHandle storeHandle() {
        return storeHandle;
    }

    public Clock clock() {
        return clock;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public long startedAtMs() {
        return startedAtMs;
    }

    /** The command table; set once at start-up, after the specs (which may refer to this runtime) exist. */
    public CommandTable commands() {
        return commands;
    }

    public void commands(CommandTable table) {
        this.commands = table;
    }

    /** The port actually bound (differs from the config when port 0 is used in tests). */
    public int boundPort() {
        return boundPort;
    }

    public void boundPort(int port) {
        this.boundPort = port;
    }

    /** Lets SHUTDOWN stop the process; main installs an action that starts the graceful exit. */
    public void onShutdownRequest(Runnable action) {
        this.shutdownAction = action;
    }

    /** Starts shutting the process down; false if nothing is installed to do it. */
    public boolean requestShutdown() {
        Runnable a = shutdownAction;
        if (a == null) {
            return false;
        }
        a.run();
        return true;
    }

    /** Routes keyed commands to their owners once the cluster runtime enables forwarding; null = all local. */
    public RequestRouter requestRouter() {
        return requestRouter;
    }

    public void requestRouter(RequestRouter router) {
        this.requestRouter = router;
    }

    /** The cluster membership runtime; empty only in tests that build a runtime without one. */
    public Optional<ClusterRuntime> cluster() {
        return Optional.ofNullable(cluster);
    }

    public void cluster(ClusterRuntime runtime) {
        this.cluster = runtime;
    }

    public Optional<HintedHandoff> hints() {
        return Optional.ofNullable(hints);
    }

    public void hints(HintedHandoff handoff) {
        this.hints = handoff;
    }

    /** Adds {@code name:value} lines a subsystem reports in INFO cluster. */
    public void addClusterInfo(Supplier<List<String>> lines) {
        clusterInfo.add(lines);
    }

    public List<String> clusterInfo() {
        List<String> lines = new ArrayList<>();
        clusterInfo.forEach(source -> lines.addAll(source.get()));
        return lines;
    }

    public long usedMemoryPeakBytes() {
        return usedMemoryPeakBytes;
    }

    public void observeUsedMemory(long bytes) {
        if (bytes > usedMemoryPeakBytes) {
            usedMemoryPeakBytes = bytes;
        }
    }
}
