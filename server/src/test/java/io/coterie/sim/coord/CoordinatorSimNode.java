package io.coterie.sim.coord;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.GossipConfig;
import io.coterie.ring.membership.GossipEffect;
import io.coterie.server.Commands;
import io.coterie.server.RuntimeCommandContext;
import io.coterie.server.ServerRuntime;
import io.coterie.server.StoreHandle;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.coordinator.Coordinator;
import io.coterie.server.cluster.coordinator.CoordinatorSettings;
import io.coterie.server.cluster.coordinator.HintSink;
import io.coterie.server.cluster.coordinator.ReplicaService;
import io.coterie.server.cluster.forward.Forwarding;
import io.coterie.server.cluster.hints.SimulatedHints;
import io.coterie.server.cluster.forward.ReplyBytes;
import io.coterie.server.cluster.forward.RequestRouter;
import io.coterie.server.cluster.replica.HlcLease;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.server.cluster.runtime.RingShape;
import io.coterie.server.cluster.runtime.Topologies;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandTable;
import io.coterie.server.command.Session;
import io.coterie.server.config.ServerConfig;
import io.coterie.server.dispatch.Dispatcher;
import io.coterie.sim.NodeContext;
import io.coterie.sim.SimNode;
import io.coterie.sim.gossip.GossipSafety;
import io.coterie.sim.gossip.GossipSimNode;
import io.coterie.storage.Store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A cluster node as production wires it, minus Netty and threads: the real {@link io.coterie.ring.membership.Gossiper}
 * (through {@link GossipSimNode}), a {@link VersionedStore} over the simulated disk, the ordinary command table, the
 * real {@link Coordinator}, {@link ReplicaService} and forwarding router ({@link Forwarding}) — all on the node's
 * virtual-time scheduler, which is both their executor and their timer, and the simulated bus. The topology is
 * rebuilt from every view gossip publishes, as {@code ClusterRuntime} does. Clients reach it through
 * {@link #command}, which does what a client connection does: ask the router, else run the command here.
 */
public final class CoordinatorSimNode implements SimNode {

    /**
     * Everything a node of the run is built with.
     *
     * @param hintsRoot with sloppy quorum on, where each node keeps its hint store ({@code n<index>} below it), which
     *                  outlives its crashes as a data directory does; null with sloppy quorum off
     * @param tally     the run's hinted writes and hint deliveries, summed over every incarnation ({@link #tallyInto})
     */
    public record Settings(int replicas, int vnodes, long requestTimeoutMs, boolean sloppyQuorum, CoordinatorBug bug,
                           Path hintsRoot, Map<String, Long> tally) {
        public Settings {
            if (sloppyQuorum && hintsRoot == null) {
                throw new IllegalArgumentException("sloppy quorum needs a directory for the hint stores");
            }
        }

        public Settings(int replicas, int vnodes, long requestTimeoutMs, CoordinatorBug bug) {
            this(replicas, vnodes, requestTimeoutMs, false, bug, null, new TreeMap<>());
        }
    }

    private final Settings settings;
    private final GossipSafety safety;
    private NodeContext ctx;
    private GossipSimNode gossip;
    private VersionedStore store;
    private ServerRuntime runtime;
    private Dispatcher dispatcher;
    private RingShape shape;
    private Topology topology;
    private boolean knowsCluster;
    private SimulatedHints hints;
    private Coordinator coordinator;

    public CoordinatorSimNode(Settings settings, GossipSafety safety) {
        this.settings = settings;
        this.safety = safety;
    }

    @Override
    public void start(NodeContext context) {
        this.ctx = context;
        this.shape = new RingShape(settings.replicas(), settings.vnodes());
        Store disk = settings.bug() == CoordinatorBug.STORE_KEEPS_ONLY_LWW ? new LastWriterWinsStore(context.store()) : context.store();
        // Every simulated restart follows a crash or a power loss: production then mints under a new actor (VersionActor).
        NodeId actor = context.incarnation() == 0 || settings.bug() == CoordinatorBug.REUSES_DOTS_AFTER_A_CRASH
                ? context.id() : NodeId.random(context.random());
        HlcLease lease = settings.bug() == CoordinatorBug.REUSES_DOTS_AFTER_A_CRASH ? HlcLease.NONE : new SimHlcLease(context.store());
        store = new VersionedStore(disk, actor, context.clock(), () -> 86_400_000L, lease);
        ServerConfig config = ServerConfig.defaults();
        String sloppy = settings.sloppyQuorum() ? "yes" : "no";
        // appendfsync as the simulated disk runs it: a hint then counts towards a write's level only once fsynced.
        config.set(List.of("request-timeout-ms", Long.toString(settings.requestTimeoutMs()), "sloppy-quorum", sloppy,
                "hinted-handoff", sloppy, "appendfsync", "always"));
        DebugTrace.watchStore(context, store);
        runtime = new ServerRuntime(config, new StoreHandle(store, f -> { }, b -> { }), context.clock());
        runtime.commands(CommandTable.of(Commands.all(runtime)));
        dispatcher = new Dispatcher(runtime.commands(), config, runtime.metrics());
        // Every continuation is an event of this process on virtual time: dropped if it crashes, late if it is paused.
        Executor executor = context.scheduler()::execute;
        if (settings.bug() == CoordinatorBug.REPLICA_ACKS_WITHOUT_WRITING) {
            AckingReplica.register(context.transport(), store, executor);
        } else {
            ReplicaService.register(context.transport(), store, executor);
        }
        TopologySource topologySource = new TopologySource() {
            @Override
            public Topology current() {
                return topology;
            }

            @Override
            public boolean knowsCluster() {
                return knowsCluster || settings.bug() == CoordinatorBug.SERVES_BEFORE_KNOWING_THE_CLUSTER;
            }
        };
        hints = settings.sloppyQuorum()
                ? SimulatedHints.start(settings.hintsRoot().resolve("n" + context.index()), config, context.scheduler(),
                        context.clock(), topologySource, context.transport(), settings::requestTimeoutMs)
                : null;
        HintSink hintSink = hints == null ? HintSink.NONE : hints.handoff();
        coordinator = new Coordinator(store, new Dispatcher(runtime.commands(), config, runtime.metrics()),
                context.transport(), () -> hintSink, CoordinatorSettings.from(config), executor, context.scheduler());
        Forwarding.enable(runtime, context.transport(), topologySource, executor, coordinator);
        gossip = new GossipSimNode(GossipConfig.defaults(), context.peers().size(), 100, true,
                settings.bug().remembersTheRing(), new GossipSimNode.Observer() {
            @Override
            public void viewPublished(GossipSimNode node, GossipEffect.ViewChanged change) {
                safety.viewPublished(node, change);
                topology = Topologies.of(change.view(), shape, Optional.ofNullable(topology));
                // ClusterRuntime's rule: a node with peers serves keys only once it has heard from one.
                knowsCluster |= TopologySource.heardFromAPeer(change.view());
                DebugTrace.viewPublished(context, change, topology);
            }

            @Override
            public void messageRejected(GossipSimNode node, GossipEffect.MessageRejected rejected) {
                safety.messageRejected(node, rejected);
            }
        });
        gossip.start(context);
        topology = Topologies.of(gossip.gossiper().view(), shape, Optional.empty());
    }

    @Override
    public void crash() {
        tallyInto(settings.tally());
        gossip.crash();
        if (hints != null) {
            hints.crash();
            hints = null;
        }
        ctx = null;
        runtime = null;
        store = null;
    }

    public VersionedStore store() {
        return store;
    }

    /** Adds this incarnation's hinted writes and hint deliveries (INFO cluster counters, reset by a crash). */
    public void tallyInto(Map<String, Long> tally) {
        List<String> lines = new ArrayList<>(coordinator.stats().infoLines());
        if (hints != null) {
            lines.addAll(hints.handoff().infoLines());
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon);
            if (name.equals("hinted_writes") || name.equals("hints_delivered")) {
                tally.merge(name, Long.parseLong(line.substring(colon + 1)), Long::sum);
            }
        }
    }

    /** Hints this node holds for others, waiting for delivery (0 with sloppy quorum off). */
    public long hintsPending() {
        return hints == null ? 0 : hints.pending();
    }

    public Topology topology() {
        return topology;
    }

    public GossipSimNode gossip() {
        return gossip;
    }

    /** A new client connection to this node. */
    public Session connect(int client) {
        return new Session(client, "client-" + client, ctx.bus().toString(), ctx.clock().millis(), true);
    }

    /**
     * One command from a client connection, as {@code ConnectionHandler} runs it: the router takes keyed commands to
     * their coordinator; anything it leaves runs here. {@code reply} gets the complete RESP reply, unless the process
     * dies first.
     */
    public void command(Session session, byte[][] argv, Consumer<byte[]> reply) {
        RuntimeCommandContext context = new RuntimeCommandContext(runtime, session);
        Args args = new Args(argv);
        RequestRouter router = runtime.requestRouter();
        CompletableFuture<byte[]> routed = router == null ? null : router.route(context, args);
        if (routed != null) {
            routed.whenComplete((bytes, error) -> reply.accept(error == null ? bytes
                    : ReplyBytes.errorReply("ERR " + error)));
            return;
        }
        ReplyBytes out = new ReplyBytes();
        dispatcher.execute(context, args, out);
        store.awaitDurable();
        reply.accept(out.toByteArray());
    }
}
