package io.coterie.sim.coord;

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
import io.coterie.server.cluster.forward.ReplyBytes;
import io.coterie.server.cluster.forward.RequestRouter;
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

import java.util.List;
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

    /** Everything a node of the run is built with. */
    public record Settings(int replicas, int vnodes, long requestTimeoutMs, boolean sloppyQuorum, CoordinatorBug bug) {
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

    public CoordinatorSimNode(Settings settings, GossipSafety safety) {
        this.settings = settings;
        this.safety = safety;
    }

    @Override
    public void start(NodeContext context) {
        this.ctx = context;
        this.shape = new RingShape(settings.replicas(), settings.vnodes());
        Store disk = settings.bug() == CoordinatorBug.STORE_KEEPS_ONLY_LWW ? new LastWriterWinsStore(context.store()) : context.store();
        store = new VersionedStore(disk, context.id(), context.clock(), () -> 86_400_000L);
        ServerConfig config = ServerConfig.defaults();
        String sloppy = settings.sloppyQuorum() ? "yes" : "no";
        config.set(List.of("request-timeout-ms", Long.toString(settings.requestTimeoutMs()), "sloppy-quorum", sloppy,
                "hinted-handoff", sloppy));
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
        Coordinator coordinator = new Coordinator(store, new Dispatcher(runtime.commands(), config, runtime.metrics()),
                context.transport(), () -> HintSink.NONE, CoordinatorSettings.from(config), executor, context.scheduler());
        Forwarding.enable(runtime, context.transport(), new TopologySource() {
            @Override
            public Topology current() {
                return topology;
            }

            @Override
            public boolean knowsCluster() {
                return knowsCluster || settings.bug() == CoordinatorBug.SERVES_BEFORE_KNOWING_THE_CLUSTER;
            }
        }, executor, coordinator);
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
        gossip.crash();
        ctx = null;
        runtime = null;
        store = null;
    }

    public VersionedStore store() {
        return store;
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
