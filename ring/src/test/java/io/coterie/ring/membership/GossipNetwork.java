package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A small deterministic network for driving N {@link Gossiper}s in one thread on virtual time: seeded randomness,
 * message loss, random delay (hence reordering), partitions, crashes and restarts. Not the product's simulated
 * cluster (issue #7) — just enough to test the gossip core. Every run with the same seed produces the same trace.
 */
final class GossipNetwork {

    /** Network and load conditions. Delays are uniform in [delayMinMs, delayMaxMs]; ticks drift by up to ±tickJitterMs. */
    record Conditions(double lossRate, long delayMinMs, long delayMaxMs, long tickJitterMs) {
        static Conditions perfect() {
            return new Conditions(0.0, 1, 5, 0);
        }

        static Conditions lossy(double lossRate) {
            return new Conditions(lossRate, 1, 50, 100);
        }

        /** A loaded run: slow, very variable delivery and ticks that drift by almost half an interval. */
        static Conditions loaded(double lossRate) {
            return new Conditions(lossRate, 1, 250, 400);
        }
    }

    private sealed interface Event permits TickEvent, DeliverEvent {
    }

    private record TickEvent(int node, int incarnation) implements Event {
    }

    private record DeliverEvent(int from, int to, GossipMessage message) implements Event {
    }

    private record Scheduled(long atMs, long seq, Event event) {
    }

    private final class SimNode {
        final int index;
        final NodeId id;
        final Address address;
        Gossiper gossiper;
        int incarnation;
        boolean up;
        boolean paused;
        /** Epoch of the last view this incarnation published; views must only move forward. */
        long lastEpoch;
        /** Messages that arrived while paused, as a socket buffer would hold them; delivered on resume. */
        final List<DeliverEvent> buffered = new ArrayList<>();

        SimNode(int index, NodeId id) {
            this.index = index;
            this.id = id;
            this.address = new Address("10.0." + (index / 250) + "." + (index % 250 + 1), 6379, 16379);
        }
    }

    private final SplittableRandom random;
    private final Conditions conditions;
    private final GossipConfig config;
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<BusAddress, SimNode> byBus = new HashMap<>();
    private final List<BusAddress> seeds = new ArrayList<>();
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            (a, b) -> a.atMs != b.atMs ? Long.compare(a.atMs, b.atMs) : Long.compare(a.seq, b.seq));
    private final List<String> viewTrace = new ArrayList<>();
    private final List<DownSeen> downSeen = new ArrayList<>();
    private int[] partitionOf = new int[0];
    private long nowMs;
    private long seq;
    private long traceHash = 0xcbf29ce484222325L;
    private long messagesSent;
    private long messagesDelivered;
    private long suspectViews;

    GossipNetwork(long seed, Conditions conditions, GossipConfig config) {
        this.random = new SplittableRandom(seed);
        this.conditions = Objects.requireNonNull(conditions);
        this.config = Objects.requireNonNull(config);
    }

    /** Adds {@code count} nodes, the first {@code seedCount} of which are everybody's seeds, and starts them all now. */
    void startCluster(int count, int seedCount) {
        for (int i = 0; i < count; i++) {
            SimNode node = new SimNode(nodes.size(), NodeId.random(random));
            nodes.add(node);
            byBus.put(node.address.bus(), node);
            if (i < seedCount) {
                seeds.add(node.address.bus());
            }
        }
        partitionOf = new int[nodes.size()];
        for (SimNode node : nodes) {
            boot(node);
        }
    }

    int size() {
        return nodes.size();
    }

    long nowMs() {
        return nowMs;
    }

    NodeId id(int node) {
        return nodes.get(node).id;
    }

    Gossiper gossiper(int node) {
        return nodes.get(node).gossiper;
    }

    MembershipView view(int node) {
        return nodes.get(node).gossiper.view();
    }

    boolean isUp(int node) {
        return nodes.get(node).up;
    }

    /** Nodes running and not paused. */
    List<Integer> upNodes() {
        return nodes.stream().filter(n -> n.up && !n.paused).map(n -> n.index).toList();
    }

    /** Stops a node as kill -9 would: no more ticks, messages to it are lost. */
    void crash(int node) {
        SimNode n = nodes.get(node);
        n.up = false;
        n.incarnation++;
        trace("crash " + node);
    }

    /** Freezes a node as SIGSTOP or a long GC pause would: no ticks, arriving messages wait in its buffer. */
    void pause(int node) {
        SimNode n = nodes.get(node);
        n.paused = true;
        n.incarnation++;
        trace("pause " + node);
    }

    /**
     * Thaws a paused node. With {@code deliverBuffered} it first handles what arrived meanwhile (kept TCP
     * connections); without, the backlog is lost (connections reset while it slept). Then it resumes ticking.
     */
    void resume(int node, boolean deliverBuffered) {
        SimNode n = nodes.get(node);
        if (!n.paused) {
            throw new IllegalStateException("node " + node + " is not paused");
        }
        n.paused = false;
        trace("resume " + node);
        List<DeliverEvent> backlog = deliverBuffered ? List.copyOf(n.buffered) : List.of();
        n.buffered.clear();
        for (DeliverEvent deliver : backlog) {
            deliver(n, deliver);
        }
        schedule(nowMs + 1, new TickEvent(n.index, n.incarnation));
    }

    /** Starts a crashed node again: same id, new generation from the virtual clock. */
    void restart(int node) {
        SimNode n = nodes.get(node);
        if (n.up) {
            throw new IllegalStateException("node " + node + " is running");
        }
        boot(n);
        trace("restart " + node);
    }

    /** Puts each node in {@code groups[i]}'s partition; messages only flow within a partition. */
    void partition(int[] groups) {
        if (groups.length != nodes.size()) {
            throw new IllegalArgumentException("one group per node");
        }
        partitionOf = groups.clone();
        trace("partition " + java.util.Arrays.toString(groups));
    }

    void heal() {
        partitionOf = new int[nodes.size()];
        trace("heal");
    }

    /** Hands effects produced outside the network (an operator command) to the network. */
    void perform(int node, List<GossipEffect> effects) {
        handle(nodes.get(node), effects);
    }

    void runFor(long durationMs) {
        runUntil(nowMs + durationMs);
    }

    void runUntil(long untilMs) {
        while (!queue.isEmpty() && queue.peek().atMs <= untilMs) {
            step();
        }
        nowMs = Math.max(nowMs, untilMs);
    }

    /**
     * Runs until {@code condition} holds, checking every {@code probeEveryMs} of virtual time; returns the virtual time
     * at which it first held, or -1 if it did not by {@code deadlineMs}.
     */
    long runUntil(BooleanSupplier condition, long probeEveryMs, long deadlineMs) {
        while (nowMs <= deadlineMs) {
            if (condition.getAsBoolean()) {
                return nowMs;
            }
            runUntil(Math.min(deadlineMs + 1, nowMs + probeEveryMs));
        }
        return -1;
    }

    /**
     * Whether every running (not crashed, not paused) node has the same members, with every running node LIVE and
     * every other one absent or DOWN.
     */
    boolean converged() {
        MembershipView first = null;
        for (SimNode node : nodes) {
            if (!node.up || node.paused) {
                continue;
            }
            MembershipView view = node.gossiper.view();
            if (first != null && !first.sameMembersAs(view)) {
                return false;
            }
            first = view;
            for (SimNode other : nodes) {
                Member member = view.members().get(other.id);
                boolean running = other.up && !other.paused;
                if (running && (member == null || member.liveness() != Liveness.LIVE
                        || member.generation() != other.gossiper.generation())) {
                    return false;
                }
                if (!running && member != null && member.liveness() != Liveness.DOWN) {
                    return false;
                }
            }
        }
        return first != null;
    }

    /** A view of {@code observer} showing {@code target} DOWN, published at {@code atMs}. */
    record DownSeen(long atMs, int observer, int target) {
    }

    /** Every view change, at any node, that showed some node DOWN. */
    List<DownSeen> downSeen() {
        return List.copyOf(downSeen);
    }

    /** When {@code observer} first saw {@code target} DOWN at or after {@code sinceMs}; -1 if it has not. */
    long firstDownAtMs(int observer, int target, long sinceMs) {
        return downSeen.stream().filter(d -> d.observer == observer && d.target == target && d.atMs >= sinceMs)
                .mapToLong(DownSeen::atMs).min().orElse(-1);
    }

    List<String> viewTrace() {
        return List.copyOf(viewTrace);
    }

    /** FNV-1a over every delivered message and view change: equal for equal seeds. */
    long traceHash() {
        return traceHash;
    }

    long messagesSent() {
        return messagesSent;
    }

    long messagesDelivered() {
        return messagesDelivered;
    }

    /** How many (view change, member) pairs showed SUSPECT: local suspicions the two-observer rule kept from DOWN. */
    long suspectViews() {
        return suspectViews;
    }

    private void boot(SimNode node) {
        node.up = true;
        node.lastEpoch = 0;
        node.incarnation++;
        long generation = nowMs;
        if (node.gossiper != null && generation <= node.gossiper.generation()) {
            generation = node.gossiper.generation() + 1;
        }
        LocalNode local = new LocalNode(node.id, node.address, PlacementInputs.defaults(), NodeStatus.UP);
        node.gossiper = new Gossiper(config, local, generation, seeds, random.split());
        long phaseMs = random.nextLong(config.gossipIntervalMs());
        schedule(nowMs + phaseMs, new TickEvent(node.index, node.incarnation));
    }

    private void step() {
        Scheduled next = queue.poll();
        nowMs = Math.max(nowMs, next.atMs);
        Event event = next.event;
        if (event instanceof TickEvent tick) {
            SimNode node = nodes.get(tick.node);
            if (!node.up || node.paused || node.incarnation != tick.incarnation) {
                return;
            }
            handle(node, node.gossiper.tick(nowMs));
            long jitter = conditions.tickJitterMs() == 0 ? 0
                    : random.nextLong(-conditions.tickJitterMs(), conditions.tickJitterMs() + 1);
            schedule(nowMs + config.gossipIntervalMs() + jitter, new TickEvent(node.index, node.incarnation));
        } else if (event instanceof DeliverEvent deliver) {
            SimNode to = nodes.get(deliver.to);
            if (!to.up || partitionOf[deliver.from] != partitionOf[deliver.to]) {
                return;
            }
            if (to.paused) {
                to.buffered.add(deliver);
                return;
            }
            deliver(to, deliver);
        } else {
            throw new AssertionError("Event is sealed to TickEvent and DeliverEvent");
        }
    }

    private void deliver(SimNode to, DeliverEvent deliver) {
        messagesDelivered++;
        trace(nowMs + " " + deliver.from + ">" + deliver.to + " " + deliver.message.getClass().getSimpleName());
        handle(to, to.gossiper.receive(deliver.message, nowMs));
    }

    private void handle(SimNode node, List<GossipEffect> effects) {
        for (GossipEffect effect : effects) {
            if (effect instanceof GossipEffect.Send send) {
                send(node, send);
            } else if (effect instanceof GossipEffect.ViewChanged changed) {
                recordView(node, changed.view());
            } else if (effect instanceof GossipEffect.LocalNodeForgotten forgotten) {
                trace("forgotten " + node.index + " " + forgotten.tombstone().generation());
            } else if (effect instanceof GossipEffect.MessageRejected rejected) {
                trace("rejected at " + node.index + ": " + rejected.reason());
            } else {
                throw new AssertionError("GossipEffect is sealed");
            }
        }
    }

    private void send(SimNode from, GossipEffect.Send send) {
        messagesSent++;
        SimNode to = byBus.get(send.to());
        if (to == null || random.nextDouble() < conditions.lossRate()) {
            return;
        }
        long delay = conditions.delayMinMs() + random.nextLong(conditions.delayMaxMs() - conditions.delayMinMs() + 1);
        schedule(nowMs + delay, new DeliverEvent(from.index, to.index, send.message()));
    }

    private void recordView(SimNode node, MembershipView view) {
        // Invariants checked on every published view, so a violation fails at the event that caused it.
        if (view.epoch() <= node.lastEpoch) {
            throw new AssertionError("node " + node.index + " published epoch " + view.epoch() + " after " + node.lastEpoch);
        }
        node.lastEpoch = view.epoch();
        if (view.local().liveness() != Liveness.LIVE || !view.localId().equals(node.id)) {
            throw new AssertionError("node " + node.index + " does not see itself LIVE: " + view.local());
        }
        StringBuilder line = new StringBuilder().append(nowMs).append(" n").append(node.index).append(" e").append(view.epoch());
        for (Member member : view.members().values()) {
            line.append(' ').append(member.id().value(), 0, 4).append(':').append(member.liveness().name().charAt(0))
                    .append(member.status().name().charAt(0));
            if (member.liveness() == Liveness.SUSPECT) {
                suspectViews++;
            }
            if (member.liveness() == Liveness.DOWN) {
                downSeen.add(new DownSeen(nowMs, node.index, indexOf(member.id())));
            }
        }
        viewTrace.add(line.toString());
        trace(line.toString());
    }

    int indexOf(NodeId id) {
        for (SimNode node : nodes) {
            if (node.id.equals(id)) {
                return node.index;
            }
        }
        return -1;
    }

    private void schedule(long atMs, Event event) {
        queue.add(new Scheduled(atMs, seq++, event));
    }

    private void trace(String line) {
        for (int i = 0; i < line.length(); i++) {
            traceHash ^= line.charAt(i);
            traceHash *= 0x100000001b3L;
        }
        traceHash ^= '\n';
        traceHash *= 0x100000001b3L;
    }
}
