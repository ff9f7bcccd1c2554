package io.coterie.ring.membership;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.failure.PhiAccrualDetector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The gossip protocol core of one node: events and the current time in, {@link GossipEffect}s out, no I/O, no threads,
 * no clock reads and no randomness of its own (etcd raft's RawNode shape). The production gossip loop and the
 * simulated cluster drive the same class: call {@link #tick} every {@link GossipConfig#gossipIntervalMs}, hand every
 * arriving message to {@link #receive}, and perform the returned effects in order.
 *
 * <p>Protocol: Cassandra's gms/Gossiper. Each tick bumps this node's heartbeat and sends a SYN with a digest of every
 * known entry to a few random live peers (plus now and then an unreachable peer or a seed); the exchange continues
 * with ACK and ACK2 as in {@link GossipMessage}. Entries merge by {@link EntryMerge}. A newer heartbeat of a peer,
 * however it arrives, feeds the phi-accrual detector; suspicions are gossiped and combined by {@link DownRule}.
 *
 * <p>Not thread-safe: exactly one thread (the gossip event loop, or the simulator) owns an instance.
 */
public final class Gossiper {

    private final GossipConfig config;
    private final NodeId self;
    private final BusAddress selfBus;
    private final long generation;
    private final RandomGenerator random;
    private final PhiAccrualDetector detector;
    /** Every known entry by id, this node's own state included; at most {@link GossipConfig#membersMax} ids. */
    private final SortedMap<NodeId, EndpointEntry> entries = new TreeMap<>();
    /** Seed and CLUSTER MEET addresses, at most {@link GossipConfig#seedsMax}, never our own. */
    private final Set<BusAddress> seeds = new LinkedHashSet<>();
    /** Last version handed out in this generation; every field change and heartbeat takes the next one. */
    private long version;
    private long lastTickMs = Long.MIN_VALUE;
    private long suspicionGraceUntilMs = Long.MIN_VALUE;
    private MembershipView view;
    private boolean forgotten;
    /**
     * UP only because it started alone, and has heard of no other node yet ({@link LocalNode#alone}). Until the first
     * peers' states arrive it withholds its own state, so no peer can see it UP (owning slots) before it knows whether
     * it was met into a cluster that already owns the ring.
     */
    private boolean alone;
    /**
     * This node, while {@link #alone}, answered another lone node with its own UP state (the tie-break in onAck): that
     * peer may have joined it and pulled from it, so it must not step back to JOINING when it later sees that peer UP.
     */
    private boolean shownUpWhileAlone;
    /**
     * Peers restored from disk at start and not heard of since: they are in the ring (so keys are placed as the whole
     * cluster places them) but DOWN, since nothing says they are alive, until news of them arrives.
     */
    private final Set<NodeId> unheard = new HashSet<>();

    /**
     * @param generation this incarnation's generation; must exceed every earlier incarnation's (use {@link #start})
     * @param random     the only source of randomness, seeded in tests
     */
    public Gossiper(GossipConfig config, LocalNode local, long generation, List<BusAddress> seeds, RandomGenerator random) {
        this(config, local, generation, seeds, List.of(), random);
    }

    /**
     * @param remembered the peers this node saved before it stopped ({@link RememberedMember}): in the view at once,
     *                   DOWN until heard of
     */
    public Gossiper(GossipConfig config, LocalNode local, long generation, List<BusAddress> seeds,
                    List<RememberedMember> remembered, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(local, "local");
        this.self = local.id();
        this.selfBus = local.address().bus();
        this.generation = generation;
        this.random = Objects.requireNonNull(random, "random");
        this.detector = new PhiAccrualDetector(config.failureDetector());
        for (BusAddress seed : seeds) {
            addSeed(seed);
        }
        EndpointState initial = EndpointState.initial(self, generation, local.address(), local.initialStatus(), local.placement());
        this.version = initial.maxVersion();
        this.alone = local.alone();
        entries.put(self, initial);
        for (RememberedMember peer : remembered) {
            if (!peer.id().equals(self) && entries.size() < config.membersMax()) {
                entries.put(peer.id(), peer.toState());
                unheard.add(peer.id());
                addSeed(peer.address().bus());
            }
        }
        Map<NodeId, Liveness> liveness = new HashMap<>();
        unheard.forEach(id -> liveness.put(id, Liveness.DOWN));
        liveness.put(self, Liveness.LIVE);
        this.view = new MembershipView(1, self, members(liveness));
    }

    /** A gossiper whose generation is the process start time read once from the injected clock (Cassandra's generation). */
    public static Gossiper start(GossipConfig config, LocalNode local, List<BusAddress> seeds, Clock clock, RandomGenerator random) {
        return new Gossiper(config, local, clock.millis(), seeds, random);
    }

    public NodeId localId() {
        return self;
    }

    public long generation() {
        return generation;
    }

    /** The current snapshot; replaced (never mutated) when something in it changes. */
    public MembershipView view() {
        return view;
    }

    /** Whether an operator forgot this node; a forgotten gossiper ignores all further events. */
    public boolean isForgotten() {
        return forgotten;
    }

    /** Suspicion level of {@code peer} here, for INFO and CLUSTER NODES. */
    public double phi(NodeId peer, long nowMs) {
        return detector.phi(peer, nowMs);
    }

    /** A copy of every known entry, for tests, debugging and INFO. */
    public SortedMap<NodeId, EndpointEntry> entries() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    /** One gossip round: heartbeat, expire tombstones, re-judge liveness, and SYN to the chosen peers. */
    public List<GossipEffect> tick(long nowMs) {
        if (forgotten) {
            return List.of();
        }
        noticeLocalPause(nowMs);
        lastTickMs = nowMs;
        entries.put(self, localState().withHeartbeat(++version));
        buryDepartedNodes(nowMs);
        expireTombstones(nowMs);
        List<GossipEffect> effects = new ArrayList<>();
        refresh(nowMs, effects);
        GossipMessage.Syn syn = new GossipMessage.Syn(self, selfBus, config.clusterFingerprint(), shuffledDigests());
        for (BusAddress target : chooseTargets()) {
            effects.add(new GossipEffect.Send(target, syn));
        }
        return effects;
    }

    /** A gossip message arrived from the bus. */
    public List<GossipEffect> receive(GossipMessage message, long nowMs) {
        Objects.requireNonNull(message, "message");
        if (forgotten || message.sender().equals(self)) {
            return List.of();
        }
        List<GossipEffect> effects = new ArrayList<>();
        if (message instanceof GossipMessage.Syn syn) {
            onSyn(syn, effects);
        } else if (message instanceof GossipMessage.Ack ack) {
            onAck(ack, nowMs, effects);
        } else if (message instanceof GossipMessage.Ack2 ack2) {
            onAck2(ack2, nowMs, effects);
        } else {
            throw new AssertionError("GossipMessage is sealed to Syn, Ack and Ack2");
        }
        if (!forgotten) {
            refresh(nowMs, effects);
        }
        return effects;
    }

    /**
     * Announces a lifecycle step of this node (JOINING→UP when streaming completes, UP→LEAVING on CLUSTER LEAVE,
     * LEAVING→LEFT when the data has been handed off). Spreads with the next rounds.
     *
     * @throws IllegalStateException for a transition the lifecycle does not allow
     */
    public List<GossipEffect> announce(NodeStatus next, long nowMs) {
        if (forgotten) {
            return List.of();
        }
        NodeStatus current = localState().status().value();
        if (!current.canBecome(next)) {
            throw new IllegalStateException("cannot go from " + current + " to " + next);
        }
        entries.put(self, localState().withStatus(next, ++version));
        List<GossipEffect> effects = new ArrayList<>();
        refresh(nowMs, effects);
        return effects;
    }

    /** Changes this node's placement inputs (CONFIG SET node-weight/rack/vnodes). */
    public List<GossipEffect> updatePlacement(PlacementInputs placement, long nowMs) {
        Objects.requireNonNull(placement, "placement");
        if (forgotten) {
            return List.of();
        }
        entries.put(self, localState().withPlacement(placement, ++version));
        List<GossipEffect> effects = new ArrayList<>();
        refresh(nowMs, effects);
        return effects;
    }

    /** CLUSTER MEET: contact {@code address} now and keep it as a seed so the introduction is retried. */
    public List<GossipEffect> meet(BusAddress address) {
        if (forgotten || address.equals(selfBus)) {
            return List.of();
        }
        addSeed(address);
        return List.of(new GossipEffect.Send(address,
                new GossipMessage.Syn(self, selfBus, config.clusterFingerprint(), shuffledDigests())));
    }

    /**
     * CLUSTER FORGET: replaces a dead (DOWN) or departed (LEFT) node's state with a tombstone of its generation, which
     * then spreads by gossip and beats any stale copy of that incarnation.
     */
    public ForgetOutcome forget(NodeId id, long nowMs) {
        if (id.equals(self)) {
            return new ForgetOutcome.Refused("I tried hard but I can't forget myself...");
        }
        EndpointEntry entry = entries.get(id);
        if (!(entry instanceof EndpointState state)) {
            return new ForgetOutcome.Refused("Unknown node " + id);
        }
        Liveness liveness = view.member(id).map(Member::liveness).orElse(Liveness.LIVE);
        if (liveness != Liveness.DOWN && state.status().value() != NodeStatus.LEFT) {
            return new ForgetOutcome.Refused("Node " + id + " is " + liveness + ", not down or left; only a dead node can be forgotten");
        }
        Tombstone tombstone = new Tombstone(id, state.generation(), nowMs);
        entries.put(id, tombstone);
        unheard.remove(id);
        detector.remove(id);
        List<GossipEffect> effects = new ArrayList<>();
        refresh(nowMs, effects);
        return new ForgetOutcome.Forgotten(tombstone, effects);
    }

    private void onSyn(GossipMessage.Syn syn, List<GossipEffect> effects) {
        if (syn.clusterFingerprint() != config.clusterFingerprint()) {
            effects.add(new GossipEffect.MessageRejected(syn.sender(), "cluster fingerprint " + syn.clusterFingerprint()
                    + " differs from ours " + config.clusterFingerprint()));
            return;
        }
        if (syn.digests().size() > config.membersMax()) {
            effects.add(new GossipEffect.MessageRejected(syn.sender(), "SYN with " + syn.digests().size()
                    + " digests, over membersMax " + config.membersMax()));
            return;
        }
        DigestExchange.AckPlan plan = DigestExchange.onSyn(entries, syn.digests(), config.statesPerMessageMax(), random);
        List<EndpointEntry> states = alone
                ? plan.states().stream().filter(e -> !e.id().equals(self)).toList()
                : plan.states();
        effects.add(new GossipEffect.Send(syn.replyTo(), new GossipMessage.Ack(self, selfBus, states, plan.requests())));
    }

    private void onAck(GossipMessage.Ack ack, long nowMs, List<GossipEffect> effects) {
        if (ack.states().size() > config.statesPerMessageMax() || ack.requests().size() > config.membersMax()) {
            effects.add(new GossipEffect.MessageRejected(ack.sender(), "ACK with " + ack.states().size() + " states and "
                    + ack.requests().size() + " requests, over the limits"));
            return;
        }
        apply(ack.states(), nowMs, effects);
        // A node still alone after this ACK met another lone node (which withheld its state): answering breaks the tie,
        // the other side rejoins us.
        if (forgotten || ack.requests().isEmpty()) {
            return;
        }
        List<EndpointEntry> wanted = DigestExchange.onAckRequests(entries, ack.requests(), config.statesPerMessageMax(), random);
        if (alone && wanted.stream().anyMatch(e -> e.id().equals(self))) {
            shownUpWhileAlone = true;
        }
        if (!wanted.isEmpty()) {
            effects.add(new GossipEffect.Send(ack.replyTo(), new GossipMessage.Ack2(self, wanted)));
        }
    }

    private void onAck2(GossipMessage.Ack2 ack2, long nowMs, List<GossipEffect> effects) {
        if (ack2.states().size() > config.statesPerMessageMax()) {
            effects.add(new GossipEffect.MessageRejected(ack2.sender(), "ACK2 with " + ack2.states().size()
                    + " states, over statesPerMessageMax " + config.statesPerMessageMax()));
            return;
        }
        apply(ack2.states(), nowMs, effects);
    }

    /**
     * Ticks come every interval from the same thread that delivers messages, so a tick overdue by more than
     * localPauseMaxMs means this process was stopped (GC, SIGSTOP): everyone looks silent because we were. Checked on
     * every event (tick, message, operator command), since messages buffered during the pause may be handed over
     * before the next tick. Cassandra's
     * Gossiper likewise skips conviction after a local pause; the next rounds' heartbeats restart the clocks.
     */
    private void noticeLocalPause(long nowMs) {
        if (lastTickMs != Long.MIN_VALUE && nowMs - lastTickMs > config.localPauseMaxMs()) {
            suspicionGraceUntilMs = Math.max(suspicionGraceUntilMs, nowMs + config.suspicionGraceAfterPauseMs());
        }
    }

    /**
     * Merges received entries (Cassandra's applyStateLocally) and feeds newer heartbeats to the failure detector; a
     * node still {@link #alone} then decides whether it founds a cluster or rejoins one.
     */
    private void apply(List<EndpointEntry> received, long nowMs, List<GossipEffect> effects) {
        mergeAll(received, nowMs, effects);
        if (alone && !forgotten) {
            settleAlone();
        }
    }

    private void mergeAll(List<EndpointEntry> received, long nowMs, List<GossipEffect> effects) {
        for (EndpointEntry incoming : received) {
            if (incoming.id().equals(self)) {
                applyAboutSelf(incoming, effects);
                if (forgotten) {
                    return;
                }
                continue;
            }
            EndpointEntry known = entries.get(incoming.id());
            if (known == null && entries.size() >= config.membersMax()) {
                continue;
            }
            EndpointEntry merged = known == null ? incoming : EntryMerge.merge(known, incoming);
            if (merged.equals(known)) {
                continue;
            }
            entries.put(merged.id(), merged);
            notifyDetector(known, merged, nowMs);
        }
    }

    /**
     * The first peers' states arrived at a node that was alone. If one of them owns ring positions (UP or LEAVING), this
     * node was met into an existing cluster: it goes back to JOINING, the one backwards step of the lifecycle, taken
     * before any peer has seen it UP, so it pulls its slots like any joiner before it serves them. If they are all
     * joining, or this node has already shown itself UP to one of them (which then joined it), it founds their
     * cluster and stays UP. Either way it is no longer alone and shares its state.
     */
    private void settleAlone() {
        boolean heardOfPeers = false;
        boolean ringOwned = false;
        for (EndpointEntry entry : entries.values()) {
            if (entry instanceof EndpointState peer && !peer.id().equals(self) && peer.status().value() != NodeStatus.LEFT) {
                heardOfPeers = true;
                ringOwned |= peer.status().value().ownsRingPositions();
            }
        }
        if (!heardOfPeers) {
            return;
        }
        alone = false;
        if (ringOwned && !shownUpWhileAlone && localState().status().value() == NodeStatus.UP) {
            entries.put(self, localState().withStatus(NodeStatus.JOINING, ++version));
        }
    }

    /** Only this node speaks for itself; the one thing others may tell it is that it was forgotten. */
    private void applyAboutSelf(EndpointEntry incoming, List<GossipEffect> effects) {
        if (incoming instanceof Tombstone tombstone && tombstone.generation() >= generation) {
            forgotten = true;
            effects.add(new GossipEffect.LocalNodeForgotten(tombstone));
        }
    }

    private void notifyDetector(EndpointEntry known, EndpointEntry merged, long nowMs) {
        unheard.remove(merged.id());
        if (merged instanceof Tombstone) {
            detector.remove(merged.id());
            return;
        }
        EndpointState now = (EndpointState) merged;
        if (known instanceof EndpointState before && before.generation() == now.generation()) {
            if (now.heartbeat() > before.heartbeat()) {
                detector.heartbeat(now.id(), nowMs);
            }
            return;
        }
        // A node new to us, a restart (new generation) or a rejoin over a tombstone: a fresh history.
        detector.remove(now.id());
        detector.heartbeat(now.id(), nowMs);
    }

    /** Publishes our changed suspicions and re-derives the view; emits ViewChanged when it differs. */
    private void refresh(long nowMs, List<GossipEffect> effects) {
        noticeLocalPause(nowMs);
        Set<NodeId> suspected = locallySuspected(nowMs);
        SortedMap<NodeId, Long> published = new TreeMap<>();
        for (NodeId id : suspected) {
            if (entries.get(id) instanceof EndpointState peer && peer.status().value() != NodeStatus.LEFT) {
                published.put(id, peer.generation());
            }
        }
        EndpointState local = localState();
        if (!local.suspicions().value().generations().equals(published)) {
            entries.put(self, local.withSuspicions(new Suspicions(published), ++version));
        }
        Set<NodeId> notObserving = suspected;
        if (!unheard.isEmpty()) {
            notObserving = new HashSet<>(suspected);
            notObserving.addAll(unheard);
        }
        Map<NodeId, Liveness> liveness = DownRule.classify(self, entries, notObserving, config.observersForDownMin());
        unheard.forEach(id -> liveness.put(id, Liveness.DOWN));
        SortedMap<NodeId, Member> members = members(liveness);
        if (!members.equals(view.members())) {
            view = new MembershipView(view.epoch() + 1, self, members);
            effects.add(new GossipEffect.ViewChanged(view));
        }
    }

    private Set<NodeId> locallySuspected(long nowMs) {
        Set<NodeId> suspected = new HashSet<>();
        if (nowMs < suspicionGraceUntilMs) {
            return suspected;
        }
        for (EndpointEntry entry : entries.values()) {
            if (entry instanceof EndpointState peer && !peer.id().equals(self) && detector.isSuspect(peer.id(), nowMs)) {
                suspected.add(peer.id());
            }
        }
        return suspected;
    }

    private SortedMap<NodeId, Member> members(Map<NodeId, Liveness> liveness) {
        SortedMap<NodeId, Member> members = new TreeMap<>();
        for (EndpointEntry entry : entries.values()) {
            if (entry instanceof EndpointState s) {
                members.put(s.id(), new Member(s.id(), s.address().value(), s.generation(), s.status().value(),
                        s.placement().value(), liveness.getOrDefault(s.id(), Liveness.LIVE)));
            }
        }
        return members;
    }

    private List<BusAddress> chooseTargets() {
        List<BusAddress> live = new ArrayList<>();
        List<BusAddress> unreachable = new ArrayList<>();
        for (Member member : view.members().values()) {
            if (member.id().equals(self) || member.status() == NodeStatus.LEFT) {
                continue;
            }
            (member.liveness() == Liveness.LIVE ? live : unreachable).add(member.address().bus());
        }
        return PeerSelector.choose(live, unreachable, List.copyOf(seeds), config.fanout(), random);
    }

    /** Shuffled so that, should a peer truncate, different entries get through each round (as Cassandra shuffles). */
    private List<Digest> shuffledDigests() {
        List<Digest> digests = new ArrayList<>(entries.size());
        for (EndpointEntry entry : entries.values()) {
            digests.add(entry.digest());
        }
        return Shuffle.prefix(digests, digests.size(), random);
    }

    /**
     * A node that announced LEFT and has since gone silent (DOWN here) is replaced by a tombstone of its generation,
     * so departed nodes do not linger in views forever (Cassandra expires LEFT endpoints the same way). Every node
     * does this independently; the tombstones merge. A restart of that node is a newer generation and rejoins.
     */
    private void buryDepartedNodes(long nowMs) {
        for (Member member : view.members().values()) {
            if (member.status() == NodeStatus.LEFT && member.liveness() == Liveness.DOWN
                    && entries.get(member.id()) instanceof EndpointState state) {
                entries.put(state.id(), new Tombstone(state.id(), state.generation(), nowMs));
                detector.remove(state.id());
            }
        }
    }

    private void expireTombstones(long nowMs) {
        entries.values().removeIf(e -> e instanceof Tombstone t && nowMs - t.forgottenAtMs() >= config.tombstoneRetentionMs());
    }

    private void addSeed(BusAddress seed) {
        if (!seed.equals(selfBus) && seeds.size() < config.seedsMax()) {
            seeds.add(seed);
        }
    }

    private EndpointState localState() {
        return (EndpointState) entries.get(self);
    }
}
