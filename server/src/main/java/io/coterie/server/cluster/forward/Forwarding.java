package io.coterie.server.cluster.forward;

import io.coterie.server.ServerRuntime;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.coordinator.Coordinator;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.dispatch.CommandIndex;
import io.coterie.server.dispatch.Dispatcher;
import java.util.concurrent.Executor;

/**
 * The switch the cluster runtime throws: from {@link #enable} on, every connection routes keyed commands
 * on the topology; until then (and in a single node) connections never consult a router.
 */
public final class Forwarding {

    static final String REQUEST_TIMEOUT_DIRECTIVE = "request-timeout-ms";

    private volatile long requestTimeoutMs;

    private Forwarding(long requestTimeoutMs) {
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * Serves forwarded commands from peers and routes this node's client commands.
     *
     * @param runtime          the server (its command table must be set)
     * @param transport        the bus; the FORWARD request type is registered on it
     * @param topology         the current snapshot, read once per command; may answer null until the ring is known
     * @param commandExecutor  where peers' forwarded commands run: they touch the store and, under
     *                         {@code appendfsync always}, wait for fsync, so not a bus event loop
     * @return the router now installed in {@code runtime}
     */
    public static RequestRouter enable(ServerRuntime runtime, Transport transport, TopologySource topology,
                                       Executor commandExecutor) {
        return enable(runtime, transport, topology, commandExecutor, null);
    }

    /**
     * As {@link #enable(ServerRuntime, Transport, TopologySource, Executor)}, with quorum coordination: keyed
     * commands on replicated keys run through {@code coordinator} (null = every key has one copy).
     */
    public static RequestRouter enable(ServerRuntime runtime, Transport transport, TopologySource topology,
                                       Executor commandExecutor, Coordinator coordinator) {
        Forwarding settings = new Forwarding(Long.parseLong(runtime.config().get(REQUEST_TIMEOUT_DIRECTIVE)));
        runtime.config().addListener((name, value) -> {
            if (name.equals(REQUEST_TIMEOUT_DIRECTIVE)) {
                settings.requestTimeoutMs = Long.parseLong(value);
            }
        });
        CommandIndex index = new CommandIndex(runtime.commands());
        Dispatcher dispatcher = new Dispatcher(runtime.commands(), runtime.config(), runtime.metrics());
        transport.register(ForwardCodec.FORWARD_REQUEST_TYPE, commandExecutor,
                new ForwardedCommands(runtime, index, dispatcher, topology, coordinator));
        RequestRouter router = new ForwardingRouter(index, dispatcher, topology, transport,
                () -> settings.requestTimeoutMs, coordinator, runtime::repairer);
        runtime.requestRouter(router);
        return router;
    }

    /** Back to local-only execution (the bus handler stays registered and keeps serving peers). */
    public static void disable(ServerRuntime runtime) {
        runtime.requestRouter(null);
    }
}
