package io.coterie.server.cluster.runtime;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.RememberedMember;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.ForgetOutcome;
import io.coterie.ring.membership.GossipConfig;
import io.coterie.ring.membership.GossipEffect;
import io.coterie.ring.membership.GossipMessage;
import io.coterie.ring.membership.Gossiper;
import io.coterie.ring.membership.LocalNode;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.placement.Ring;
import io.coterie.ring.placement.RingDiff;
import io.coterie.ring.placement.RingMember;
import io.coterie.ring.placement.Transfer;
import io.coterie.server.cluster.Scheduler;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.bus.netty.BusLimits;
import io.coterie.server.cluster.bus.netty.NettyTransport;
import io.coterie.server.cluster.bus.netty.NettyTransportConfig;
import io.coterie.server.cluster.gossip.GossipCodec;
import io.coterie.server.cluster.stream.DataMover;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * One node's membership in the cluster: its persistent identity, the bus, the gossip loop, joining, leaving and
 * forgetting, and the {@link Topology} every request routes on.
 *
 * <p>Threads: the {@link Gossiper} and every field marked "gossip thread" belong to ONE thread, the single-thread
 * executor {@code coterie-gossip} (wrapped as {@link #scheduler}). Bus handlers, ticks, operator commands and the
 * continuations of data moves all run there. Other threads only read {@link #topology} (a volatile, immutable
 * snapshot) and submit tasks.
 */
public final class ClusterRuntime implements TopologySource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterRuntime.class);

    /** Gossip round period (SPEC §2: "gossip every second"). */
    public static final long GOSSIP_INTERVAL_MS = 1000;
    /** After announcing LEFT, keep gossiping this many rounds so peers hear it before the process goes silent. */
    static final int LEFT_ANNOUNCE_ROUNDS = 2;
    /** How long {@link #close} waits for a graceful leave (streaming included) before giving up on it. */
    static final long LEAVE_WAIT_MS_MAX = 120_000;
    /** How long {@link #close} waits for the gossip thread to finish its current task. */
    static final long STOP_WAIT_MS = 2_000;

    private final ClusterSettings settings;
    private final Transport transport;
    private final DataMover mover;
    private final Clock clock;
    private final ClusterStateFile stateFile;
    private final ScheduledExecutorService executor;
    private final Scheduler scheduler;
    private final Runnable onExit;
    private final RingShape shape;
    private volatile Topology topology;
    /** Started with no seeds and no remembered peers (a new cluster of one), or has heard from a peer since. */
    private volatile boolean knowsCluster;

    /** Gossip thread. */
    private final Gossiper gossiper;
    /** Gossip thread: what was last written to the state file. */
    private ClusterState saved;
    /** Gossip thread: a pull for our join is under way. */
    private boolean pulling;
    /** Run before a view with a peer is published: see {@link #beforePeersAreKnown}. */
    private volatile Runnable beforePeers = () -> { };
    /** Gossip thread: set once a leave starts; completes after LEFT has been gossiped. */
    private CompletableFuture<Void> leaving;

    private ClusterRuntime(ClusterSettings settings, Transport transport, DataMover mover, Clock clock,
                           ClusterStateFile stateFile, ClusterState state, ScheduledExecutorService executor,
                           Gossiper gossiper, boolean alone, Runnable onExit) {
        this.settings = settings;
        this.transport = transport;
        this.mover = mover;
        this.clock = clock;
        this.stateFile = stateFile;
        this.saved = state;
        this.executor = executor;
        this.scheduler = new ExecutorScheduler(executor);
        this.gossiper = gossiper;
        this.onExit = onExit;
        this.shape = RingShape.of(settings);
        this.topology = Topologies.of(gossiper.view(), shape, Optional.empty());
        this.knowsCluster = alone;
    }

    /**
     * Loads or creates this node's identity, starts the bus and the gossip loop. A node starts UP when it is alone
     * (no seeds, no remembered peers) or had joined before this restart; otherwise JOINING, and it pulls its slots
     * before announcing UP. A node that starts alone and is then met into a cluster that owns the ring goes JOINING
     * too ({@link LocalNode#alone}).
     *
     * @param movers  builds the slot mover over this node's bus (streaming needs the transport the runtime starts)
     * @param random  the edge's randomness (SecureRandom-seeded in production): node id and gossip peer choice
     * @param onExit  called (on its own thread) when this node must stop: it left via CLUSTER LEAVE or was forgotten
     */
    public static ClusterRuntime start(ClusterSettings settings, DataMoverFactory movers, Clock clock,
                                       RandomGenerator random, Runnable onExit) {
        ClusterStateFile stateFile = new ClusterStateFile(settings.dir());
        Optional<ClusterState> loaded = stateFile.read();
        ClusterState state = loaded.orElseGet(() -> new ClusterState(NodeId.random(random), false, List.of()));
        Set<BusAddress> seeds = new LinkedHashSet<>(settings.seeds());
        state.peers().forEach(p -> seeds.add(p.address().bus()));
        seeds.remove(settings.self().bus());
        boolean alone = seeds.isEmpty();
        NodeStatus initial = alone || state.joined() ? NodeStatus.UP : NodeStatus.JOINING;
        if (initial == NodeStatus.UP) {
            state = state.withJoined(true);
        }
        // Saved (and fsynced) before the first gossip message, so no peer can see a generation this node might reuse.
        long generation = state.nextGeneration(clock.millis());
        state = state.withGeneration(generation);
        stateFile.write(state);
        log.info("Cluster: node id {} ({}), clients at {}:{}, bus at {}, {} seed(s), starting {}", state.id(),
                loaded.isPresent() ? "from " + stateFile.path() : "new", settings.self().host(),
                settings.self().clientPort(), settings.self().bus(), seeds.size(), initial);

        GossipConfig config = GossipConfig.defaults().withFingerprint(fingerprint(settings));
        LocalNode local = new LocalNode(state.id(), settings.self(), settings.placement(), initial, alone);
        Gossiper gossiper = new Gossiper(config, local, generation, List.copyOf(seeds), state.peers(), random);
        NettyTransportConfig busConfig = new NettyTransportConfig(settings.bindHost(), settings.self().busPort(),
                settings.self().bus(), settings.clusterSecret(), 1, BusLimits.defaults());
        NettyTransport transport = NettyTransport.start(busConfig);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coterie-gossip");
            t.setDaemon(true);
            return t;
        });
        AtomicReference<ClusterRuntime> built = new AtomicReference<>();
        DataMover mover;
        try {
            mover = movers.create(state.id(), transport, () -> built.get().current());
        } catch (RuntimeException e) {
            transport.close();
            executor.shutdownNow();
            throw e;
        }
        ClusterRuntime runtime = new ClusterRuntime(settings, transport, mover, clock, stateFile, state, executor,
                gossiper, alone, onExit);
        built.set(runtime);
        for (int type : new int[] {GossipCodec.SYN_TYPE, GossipCodec.ACK_TYPE, GossipCodec.ACK2_TYPE}) {
            transport.register(type, executor, (from, payload, responder) -> runtime.onFrame(from, payload));
        }
        executor.scheduleWithFixedDelay(runtime::tick, 0, GOSSIP_INTERVAL_MS, TimeUnit.MILLISECONDS);
        return runtime;
    }

    /**
     * Nodes built with different replicas or vnodes would compute different rings; the gossiper refuses SYNs whose
     * fingerprint differs, as Cassandra refuses a foreign cluster name.
     */
    static long fingerprint(ClusterSettings s) {
        return ("replicas=" + s.replicas() + ",vnodes=" + s.placement().vnodes()).hashCode();
    }

    @Override
    public Topology current() {
        return topology;
    }

    /**
     * Runs {@code hook} before this node first uses a view with a peer in it: at once if the current view has one,
     * else on the gossip thread just before such a view is published (and again before later ones: it must be
     * idempotent). Nothing reaches a peer, or comes from one, before the hook has returned.
     */
    public void beforePeersAreKnown(Runnable hook) {
        beforePeers = hook;
        if (topology.view().members().size() > 1) {
            hook.run();
        }
    }

    @Override
    public boolean knowsCluster() {
        return knowsCluster;
    }

    public NodeId id() {
        return topology.self();
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** This node's bus, for the subsystems that talk to peers (forwarding, streaming); each registers its own types. */
    public Transport transport() {
        return transport;
    }

    /** The owner thread of all membership state, for code that must run there. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** CLUSTER MEET: introduce this node to the node whose bus is at {@code bus}. */
    public void meet(BusAddress bus) {
        scheduler.execute(() -> {
            log.info("Cluster: meeting {}", bus);
            perform(gossiper.meet(bus));
        });
    }

    /** CLUSTER FORGET: completes with the gossiper's verdict (refused for live nodes, ourselves, unknown ids). */
    public CompletableFuture<ForgetOutcome> forget(NodeId id) {
        CompletableFuture<ForgetOutcome> done = new CompletableFuture<>();
        scheduler.execute(() -> {
            ForgetOutcome outcome = gossiper.forget(id, clock.millis());
            if (outcome instanceof ForgetOutcome.Forgotten f) {
                log.info("Cluster: forgot node {} (generation {})", id, f.tombstone().generation());
                perform(f.effects());
            } else if (outcome instanceof ForgetOutcome.Refused r) {
                log.warn("Cluster: CLUSTER FORGET {} refused: {}", id, r.reason());
            }
            done.complete(outcome);
        });
        return done;
    }

    /**
     * Leaves the cluster gracefully: LEAVING, push our slots to their next owners, LEFT, then a couple of gossip
     * rounds so peers hear it. Completes when it is safe to go silent. Alone, there is no one to hand data to and
     * the future completes at once. Idempotent.
     */
    public CompletableFuture<Void> leave() {
        CompletableFuture<CompletableFuture<Void>> started = new CompletableFuture<>();
        scheduler.execute(() -> started.complete(startLeave()));
        return started.thenCompose(f -> f);
    }

    /** Whether other nodes are known: a graceful leave then has someone to hand data to. */
    public boolean hasPeers() {
        return topology.view().members().size() > 1;
    }

    /** Gossip thread. */
    private CompletableFuture<Void> startLeave() {
        if (leaving != null) {
            return leaving;
        }
        leaving = new CompletableFuture<>();
        MembershipView view = gossiper.view();
        NodeStatus status = view.local().status();
        if (view.members().size() == 1 || status == NodeStatus.LEFT || gossiper.isForgotten()) {
            leaving.complete(null);
            return leaving;
        }
        if (status != NodeStatus.LEAVING) {
            log.info("Cluster: leaving: announcing LEAVING");
            perform(gossiper.announce(NodeStatus.LEAVING, clock.millis()));
        }
        List<RingMember> owners = topology.ring().members();
        Ring before = Topologies.ringOver(owners, shape, topology);
        Ring after = Topologies.ringOver(Topologies.without(owners, id()), shape, topology);
        List<Transfer> transfers = mine(RingDiff.transfers(before, after), t -> t.from().equals(id()));
        log.info("Cluster: leaving: pushing {} slot transfer(s) to the next owners", transfers.size());
        mover.push(transfers).whenCompleteAsync((report, error) -> {
            if (error != null) {
                log.warn("Cluster: leaving: streaming our slots away failed ({}); leaving anyway", error.toString());
            } else {
                log.info("Cluster: leaving: pushed {}", report);
            }
            perform(gossiper.announce(NodeStatus.LEFT, clock.millis()));
            save(saved.withJoined(false));
            log.info("Cluster: announced LEFT; gossiping {} more round(s) before going silent", LEFT_ANNOUNCE_ROUNDS);
            scheduler.schedule(LEFT_ANNOUNCE_ROUNDS * GOSSIP_INTERVAL_MS, () -> leaving.complete(null));
        }, executor);
        return leaving;
    }

    /** Gossip thread: one round. */
    private void tick() {
        try {
            perform(gossiper.tick(clock.millis()));
            maybeJoin();
        } catch (RuntimeException e) {
            log.warn("Cluster: gossip tick failed", e);
        }
    }

    /** Gossip thread: a gossip frame from the bus. */
    private void onFrame(BusAddress from, byte[] payload) {
        GossipMessage message;
        try {
            message = GossipCodec.decode(payload);
        } catch (RuntimeException e) {
            log.warn("Cluster: undecodable gossip frame from {}: {}", from, e.getMessage());
            return;
        }
        try {
            perform(gossiper.receive(message, clock.millis()));
            maybeJoin();
        } catch (RuntimeException e) {
            log.warn("Cluster: handling gossip from {} failed", from, e);
        }
    }

    /** Gossip thread: carries out the gossiper's effects, in order, every kind handled. */
    private void perform(List<GossipEffect> effects) {
        for (GossipEffect effect : effects) {
            if (effect instanceof GossipEffect.Send send) {
                transport.send(send.to(), GossipCodec.typeOf(send.message()), GossipCodec.encode(send.message()));
            } else if (effect instanceof GossipEffect.ViewChanged changed) {
                onView(changed.view());
            } else if (effect instanceof GossipEffect.LocalNodeForgotten forgotten) {
                log.warn("Cluster: this node was forgotten by an operator (CLUSTER FORGET, generation {}); shutting down",
                        forgotten.tombstone().generation());
                save(saved.withJoined(false).withPeers(List.of()));
                exitSoon();
            } else if (effect instanceof GossipEffect.MessageRejected rejected) {
                log.warn("Cluster: refused gossip from {}: {}", rejected.sender(), rejected.reason());
            } else {
                throw new AssertionError("GossipEffect is sealed: " + effect);
            }
        }
    }

    /**
     * Gossip thread: remember the members, publish the new topology, log what changed, re-replicate forgotten nodes.
     * The members are saved before requests see the topology, so a ring anything was placed on survives a crash.
     */
    private void onView(MembershipView view) {
        if (view.members().size() > 1) {
            beforePeers.run();
        }
        Topology before = topology;
        Topology after = Topologies.of(view, shape, Optional.of(before));
        rememberPeers(view);
        topology = after;
        if (TopologySource.heardFromAPeer(view)) {
            knowsCluster = true;
        }
        ViewChangeLog.log(log, before.view(), view);
        if (before.view().local().status() == NodeStatus.UP && view.local().status() == NodeStatus.JOINING) {
            log.info("Cluster: this node was alone and met a cluster that owns the ring: rejoining it as JOINING");
            save(saved.withJoined(false));
        }
        reReplicateForgotten(before, after);
    }

    private void rememberPeers(MembershipView view) {
        List<RememberedMember> peers = RememberedMember.peersIn(view);
        if (!peers.equals(saved.peers())) {
            save(saved.withPeers(peers));
        }
    }

    /**
     * A ring member that vanished from the view without announcing LEFT was forgotten (CLUSTER FORGET here or on a
     * peer): it cannot stream anything, so the slots this node gains are pulled from surviving replicas.
     */
    private void reReplicateForgotten(Topology before, Topology after) {
        List<NodeId> forgotten = before.ring().members().stream().map(RingMember::id)
                .filter(id -> after.view().member(id).isEmpty()).toList();
        if (forgotten.isEmpty() || after.view().local().status() != NodeStatus.UP) {
            return;
        }
        List<Transfer> transfers = TransferSources.fromLiveHolders(mine(RingDiff.transfers(before.ring(), after.ring(),
                RingDiff.Source.SURVIVING_REPLICA), t -> t.to().equals(id())), before.ring(), canStream(after.view()));
        log.info("Cluster: re-replicating after forgetting {}: pulling {} slot transfer(s)", forgotten, transfers.size());
        mover.pull(transfers).whenCompleteAsync((report, error) -> {
            if (error != null) {
                log.warn("Cluster: re-replication after forgetting {} failed: {}", forgotten, error.toString());
            } else {
                log.info("Cluster: re-replication after forgetting {} done: {}", forgotten, report);
            }
        }, executor);
    }

    /**
     * Gossip thread. A JOINING node that has heard from the cluster pulls every slot it becomes a replica of (its
     * N-replica preference lists), each from a live node that holds it, then announces UP; if no node owns data yet
     * (all are joining), there is nothing to pull.
     */
    private void maybeJoin() {
        MembershipView view = gossiper.view();
        Member me = view.local();
        // Remembered members are DOWN until heard of: a restarted joiner waits for a live peer to pull from.
        if (pulling || leaving != null || !TopologySource.heardFromAPeer(view) || me.status() != NodeStatus.JOINING) {
            return;
        }
        List<RingMember> owners = Topologies.without(Topologies.ringMembers(view.ringMembers()), me.id());
        if (owners.isEmpty()) {
            log.info("Cluster: joined a cluster that owns no data yet; nothing to pull");
            becomeUp();
            return;
        }
        List<RingMember> withMe = new ArrayList<>(owners);
        withMe.add(Topologies.ringMember(me));
        withMe.sort(Comparator.comparing(RingMember::id));
        Ring before = Topologies.ringOver(owners, shape, topology);
        Ring after = Topologies.ringOver(withMe, shape, topology);
        List<Transfer> transfers = TransferSources.fromLiveHolders(mine(RingDiff.transfers(before, after),
                t -> t.to().equals(me.id())), before, canStream(view));
        pulling = true;
        log.info("Cluster: joining: pulling {} slot transfer(s) from {} owner(s)", transfers.size(), owners.size());
        mover.pull(transfers).whenCompleteAsync((report, error) -> {
            pulling = false;
            if (error != null) {
                log.warn("Cluster: pulling our slots failed ({}); retrying next round", error.toString());
                return;
            }
            log.info("Cluster: pulled {}", report);
            if (gossiper.view().local().status() == NodeStatus.JOINING && leaving == null) {
                becomeUp();
            }
        }, executor);
    }

    /** A node can serve a stream when it is a member we do not judge DOWN. */
    private static Predicate<NodeId> canStream(MembershipView view) {
        return id -> view.member(id).map(m -> !m.isDown()).orElse(false);
    }

    private void becomeUp() {
        perform(gossiper.announce(NodeStatus.UP, clock.millis()));
        save(saved.withJoined(true));
        log.info("Cluster: this node is UP and serves its slots");
    }

    private void save(ClusterState next) {
        if (next.equals(saved)) {
            return;
        }
        try {
            stateFile.write(next);
            saved = next;
        } catch (RuntimeException e) {
            log.warn("Cluster: cannot save {}: {}", stateFile.path(), e.getMessage());
        }
    }

    private static List<Transfer> mine(List<Transfer> all, Predicate<Transfer> filter) {
        return all.stream().filter(filter).toList();
    }

    private void exitSoon() {
        Thread t = new Thread(onExit, "coterie-cluster-exit");
        t.setDaemon(false);
        t.start();
    }

    /** CLUSTER LEAVE: leave gracefully, then stop the process (on its own thread, never the gossip thread). */
    public CompletableFuture<Void> leaveThenExit() {
        return leave().whenComplete((v, e) -> exitSoon());
    }

    /**
     * Stops gossip and the bus. With peers, leave first (bounded by {@value #LEAVE_WAIT_MS_MAX} ms) when
     * {@code leaveFirst} — the SIGTERM path; tests and start-up failures close without leaving.
     */
    public void close(boolean leaveFirst) {
        if (leaveFirst && hasPeers()) {
            try {
                leave().get(LEAVE_WAIT_MS_MAX, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.warn("Cluster: graceful leave did not finish: {}", e.toString());
            }
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
    }

    @Override
    public void close() {
        close(false);
    }
}
