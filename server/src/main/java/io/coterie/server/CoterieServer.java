package io.coterie.server;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.server.cluster.Scheduler;
import io.coterie.server.cluster.coordinator.Coordinator;
import io.coterie.server.cluster.coordinator.CoordinatorSettings;
import io.coterie.server.cluster.coordinator.HintSink;
import io.coterie.server.cluster.StoreWorkExecutor;
import io.coterie.server.cluster.coordinator.ReplicaService;
import io.coterie.server.cluster.hints.HintedHandoff;
import io.coterie.server.cluster.hints.ReplicaWriteDelivery;
import io.coterie.server.cluster.replica.NodeIdentity;
import io.coterie.server.cluster.repair.RepairLimits;
import io.coterie.server.cluster.repair.Repairer;
import io.coterie.server.cluster.replica.FileHlcLease;
import io.coterie.server.cluster.replica.VersionActor;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.server.cluster.replica.VersioningMode;
import io.coterie.server.cluster.runtime.ClusterRuntime;
import io.coterie.server.cluster.runtime.ClusterSettings;
import io.coterie.server.cluster.forward.Forwarding;
import io.coterie.server.cluster.stream.BusDataMover;
import io.coterie.server.cluster.stream.StreamLimits;
import io.coterie.server.command.CommandTable;
import io.coterie.server.config.ConfigException;
import io.coterie.server.dispatch.Dispatcher;
import io.coterie.server.config.ConfigLoader;
import io.coterie.server.config.Directives;
import io.coterie.server.config.ServerConfig;
import io.coterie.server.config.ServerInfo;
import io.coterie.server.net.RespServer;
import io.coterie.storage.AppendFsync;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server process: configuration, logging, store, cron, client port; SIGTERM/SIGINT shut it
 * down cleanly (stop accepting, close clients, close the store) so the next start needs no recovery.
 */
public final class CoterieServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoterieServer.class);
    private static final String TOMBSTONE_GRACE = "tombstone-grace-seconds";

    private final ServerRuntime runtime;
    private final ServerCron cron;
    private final RespServer net;
    private final ClusterRuntime cluster;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CoterieServer(ServerRuntime runtime, ServerCron cron, RespServer net, ClusterRuntime cluster) {
        this.runtime = runtime;
        this.cron = cron;
        this.net = net;
        this.cluster = cluster;
    }

    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args) {
        String version = ServerInfo.coterieVersion();
        ServerConfig config;
        try {
            ConfigLoader.Outcome outcome = ConfigLoader.load(args, version);
            if (outcome instanceof ConfigLoader.Outcome.ShowHelp h) {
                System.out.print(h.text());
                return 0;
            }
            if (outcome instanceof ConfigLoader.Outcome.ShowVersion v) {
                System.out.println(v.text());
                return 0;
            }
            config = ((ConfigLoader.Outcome.Run) outcome).config();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        if (!config.logFile().isEmpty()) {
            try (FileOutputStream probe = new FileOutputStream(config.logFile(), true)) {
                probe.flush();
            } catch (IOException e) {
                System.err.println("Can't open the log file '" + config.logFile() + "': " + e.getMessage());
                return 1;
            }
        }
        Logging.configure(config.logLevel(), config.logFile());

        CoterieServer server;
        try {
            server = start(config, StoreFactory.open(config), config.port());
        } catch (StartupException e) {
            log.error(e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            log.error("Coterie failed to start", e);
            return 1;
        }
        // SHUTDOWN exits like SIGTERM does: System.exit runs the hook below (from its own thread, not an event loop).
        server.runtime.onShutdownRequest(() -> new Thread(() -> System.exit(0), "coterie-shutdown-request").start());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Received shutdown signal, scheduling shutdown...");
            server.close();
            log.info("Coterie is now ready to exit, bye bye...");
            stopped.countDown();
            // A clean shutdown exits 0 like redis-server, not the JVM's 143 for SIGTERM; the store is closed,
            // so skipping the remaining hooks loses nothing.
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }, "coterie-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Start-up failed in a way the operator must fix (port in use, ...); the message says how. */
    static final class StartupException extends Exception {
        StartupException(String message) {
            super(message);
        }
    }

    /** Builds and starts a server over an open store; on failure the store is closed. */
    static CoterieServer start(ServerConfig config, StoreHandle rawStore, int port) throws StartupException {
        StoreHandle store = versioned(config, rawStore);
        ServerRuntime runtime = new ServerRuntime(config, store, Clock.system());
        runtime.commands(CommandTable.of(Commands.all(runtime)));
        config.addListener((name, value) -> {
            switch (name) {
                case Directives.APPENDFSYNC -> store.setAppendFsync().accept(AppendFsync.parse(value));
                case Directives.MAXMEMORY -> store.setMaxMemoryBytes().accept(Long.parseLong(value));
                case Directives.LOGLEVEL -> Logging.setLevel(value);
                default -> { }
            }
            log.info("CONFIG SET {} {}", name, name.equals(Directives.REQUIREPASS) ? "(hidden)" : value);
        });
        ServerCron cron = new ServerCron(runtime);
        // The cluster starts before the client port opens, so no client meets a node without its cluster; only an
        // ephemeral client port (port 0, tests) has to be bound first to be known.
        ClusterRuntime cluster = null;
        if (port != 0) {
            try {
                cluster = startCluster(config, runtime, port, false);
            } catch (StartupException e) {
                store.store().close();
                throw e;
            }
        }
        RespServer net = new RespServer(runtime, config.eventLoops());
        try {
            int bound = net.bind(config.bindAddresses(), port);
            runtime.boundPort(bound);
        } catch (Exception e) {
            net.close();
            if (cluster != null) {
                cluster.close();
            }
            store.store().close();
            String why = e instanceof BindException ? e.getMessage() : e.toString();
            throw new StartupException("Could not create server TCP listening socket "
                    + String.join(" ", config.bindAddresses()) + ":" + port + ": " + why);
        }
        if (cluster == null) {
            try {
                cluster = startCluster(config, runtime, runtime.boundPort(), true);
            } catch (StartupException e) {
                net.close();
                store.store().close();
                throw e;
            }
        }
        cron.start();
        log.info("Coterie {} (Redis {} compatible) started, pid={}", ServerInfo.coterieVersion(),
                ServerInfo.REDIS_VERSION, ProcessHandle.current().pid());
        log.info("Ready to accept connections tcp on {}:{} (pid {})", String.join(",", config.bindAddresses()),
                runtime.boundPort(), ProcessHandle.current().pid());
        return new CoterieServer(runtime, cron, net, cluster);
    }

    /** Every record carries its versions from the first write on, so a single node can become a cluster later. */
    private static StoreHandle versioned(ServerConfig config, StoreHandle raw) {
        AtomicLong graceMs = new AtomicLong(graceMs(config.get(TOMBSTONE_GRACE)));
        config.addListener((name, value) -> {
            if (name.equals(TOMBSTONE_GRACE)) {
                graceMs.set(graceMs(value));
            }
        });
        NodeId actor = VersionActor.loadOrRotate(config.dir(), NodeIdentity.loadOrCreate(config.dir()),
                raw.store().recoveredFromCrash());
        VersionedStore store = new VersionedStore(raw.store(), actor, Clock.system(), graceMs::get,
                FileHlcLease.open(config.dir()), VersioningMode.loadOrCreate(config.dir(), raw.store().size() == 0));
        return new StoreHandle(store, raw.setAppendFsync(), raw.setMaxMemoryBytes());
    }

    private static long graceMs(String seconds) {
        return Long.parseLong(seconds) * 1000;
    }

    private static ClusterRuntime startCluster(ServerConfig config, ServerRuntime runtime, int clientPort,
                                               boolean clientPortEphemeral) throws StartupException {
        try {
            long requestTimeoutMs = Long.parseLong(config.get("request-timeout-ms"));
            ClusterRuntime cluster = ClusterRuntime.start(ClusterSettings.from(config, clientPort, clientPortEphemeral),
                    (self, bus, topology) -> BusDataMover.start(self, bus, (VersionedStore) runtime.store(),
                            BusDataMover.addressesFrom(topology), BusDataMover.newExecutor(), runtime.clock(),
                            Math.max(requestTimeoutMs, BusDataMover.BATCH_TIMEOUT_MS_MIN), StreamLimits.defaults()),
                    runtime.clock(), new SplittableRandom(new SecureRandom().nextLong()), () -> System.exit(0));
            runtime.cluster(cluster);
            VersionedStore store = (VersionedStore) runtime.store();
            runtime.addClusterInfo(() -> List.of("record_versions:" + (store.isClustered() ? "clustered" : "standalone")));
            // Anti-entropy has nothing to compare until there is a peer; standalone writes do not feed its digests.
            store.whenClustered(() -> {
                Repairer repairer = startRepair(config, runtime, cluster);
                runtime.repairer(repairer);
                runtime.addClusterInfo(repairer::infoLines);
            });
            // Before anything can write: the client port is not open yet and peers' commands are not served until
            // Forwarding below, so no bare write can follow a record a peer has already read.
            cluster.beforePeersAreKnown(store::enterCluster);
            ReplicaService.register(cluster.transport(), store, storeWork(config, "coterie-replica"));
            HintSink hints = HintedHandoff.start(runtime, cluster.transport(), cluster, config.dir(),
                    new ReplicaWriteDelivery(cluster.transport(), cluster,
                            () -> Long.parseLong(config.get("request-timeout-ms"))));
            Coordinator coordinator = new Coordinator(store,
                    new Dispatcher(runtime.commands(), runtime.config(), runtime.metrics()), cluster.transport(),
                    () -> hints, CoordinatorSettings.from(config), storeWork(config, "coterie-coordinator"),
                    coordinatorTimer());
            runtime.addClusterInfo(() -> coordinator.stats().infoLines());
            // Any node accepts any command: keyed commands go to the node that coordinates their keys.
            Forwarding.enable(runtime, cluster.transport(), cluster, forwardedCommandExecutor(), coordinator);
            return cluster;
        } catch (RuntimeException e) {
            throw new StartupException("Could not start the cluster: " + e.getMessage());
        }
    }

    /** Anti-entropy over the cluster bus; its directives are read live, so CONFIG SET applies to the next payload. */
    private static Repairer startRepair(ServerConfig config, ServerRuntime runtime, ClusterRuntime cluster) {
        return Repairer.start((VersionedStore) runtime.store(), cluster.transport(), cluster, runtime.clock(),
                RepairLimits.defaults(), () -> Long.parseLong(config.get("repair-bytes-per-second")),
                () -> Long.parseLong(config.get("repair-interval-seconds")));
    }

    /** Runs commands peers forward here: they touch the store and may wait for fsync, so not on a bus event loop. */
    private static ExecutorService forwardedCommandExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "coterie-forwarded");
            t.setDaemon(true);
            return t;
        });
    }

    /** Inline on the bus event loop while writes do not wait for fsync; a pool of two threads under appendfsync always. */
    private static StoreWorkExecutor storeWork(ServerConfig config, String poolName) {
        AtomicBoolean fsyncAlways = new AtomicBoolean(AppendFsync.parse(config.get(Directives.APPENDFSYNC)) == AppendFsync.ALWAYS);
        config.addListener((name, value) -> {
            if (name.equals(Directives.APPENDFSYNC)) {
                fsyncAlways.set(AppendFsync.parse(value) == AppendFsync.ALWAYS);
            }
        });
        return new StoreWorkExecutor(daemonPool(poolName, 2), fsyncAlways::get);
    }

    private static ExecutorService daemonPool(String name, int threads) {
        AtomicLong n = new AtomicLong();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Request deadlines: most are cancelled when their request completes, so cancelled ones leave the queue. */
    private static Scheduler coordinatorTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "coterie-coordinator-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return new Scheduler() {
            @Override
            public Cancellable schedule(long delayMs, Runnable task) {
                ScheduledFuture<?> f = timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void execute(Runnable task) {
                timer.execute(task);
            }
        };
    }

    public int port() {
        return runtime.boundPort();
    }

    ServerRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // A node with peers hands its slots over before it stops serving (SIGTERM = graceful leave, SPEC §2).
        cluster.close(true);
        net.close();
        cron.close();
        runtime.hints().ifPresent(HintedHandoff::close);
        runtime.store().close();
    }
}
