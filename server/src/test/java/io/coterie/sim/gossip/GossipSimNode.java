package io.coterie.sim.gossip;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.ForgetOutcome;
import io.coterie.ring.membership.GossipConfig;
import io.coterie.ring.membership.GossipEffect;
import io.coterie.ring.membership.GossipMessage;
import io.coterie.ring.membership.Gossiper;
import io.coterie.ring.membership.LocalNode;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.membership.RememberedMember;
import io.coterie.server.cluster.runtime.ClusterStateFile;
import io.coterie.server.cluster.gossip.GossipCodec;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.sim.NodeContext;
import io.coterie.sim.SimNode;
import io.coterie.storage.Record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The membership runtime in the simulation: the real {@link Gossiper}, its messages encoded by the real
 * {@link GossipCodec} and carried as bytes by the simulated {@link io.coterie.server.cluster.bus.Transport}, ticked by
 * the node's scheduler and timed by the node's (skewable) clock — the shape the production gossip loop has on Netty.
 *
 * <p>The generation is the clock at start, but never below the last one plus one, which is kept durable: a clock
 * stepped backwards across a restart must not give a restarted node an older generation than its previous life, or
 * every peer would keep the old incarnation's state (Cassandra persists its generation for the same reason).
 */
public final class GossipSimNode implements SimNode {

    static final byte[] GENERATION_KEY = "sim/gossip/generation".getBytes(StandardCharsets.UTF_8);
    /** The peers last known, as ClusterStateFile's member lines: production's cluster-state.conf. */
    static final byte[] MEMBERS_KEY = "sim/gossip/members".getBytes(StandardCharsets.UTF_8);

    /** What the invariants see: every view published and every message refused, by whom. */
    public interface Observer {
        void viewPublished(GossipSimNode node, GossipEffect.ViewChanged change);

        void messageRejected(GossipSimNode node, GossipEffect.MessageRejected rejected);
    }

    private final GossipConfig config;
    private final int seedCount;
    private final long tickJitterMs;
    private final boolean persistGeneration;
    private final boolean rememberMembers;
    private List<RememberedMember> saved = List.of();
    private final Observer observer;
    private NodeContext ctx;
    private Gossiper gossiper;
    private boolean stopped;

    /**
     * @param seedCount         how many of the cluster's first nodes everyone uses as seeds
     * @param tickJitterMs      each tick comes up to this much early or late (a loaded event loop)
     * @param persistGeneration false only to show the checks catch the generation-goes-backwards bug
     * @param rememberMembers   false only to show the checks catch a restarted node that forgets the ring it knew
     */
    public GossipSimNode(GossipConfig config, int seedCount, long tickJitterMs, boolean persistGeneration,
                         boolean rememberMembers, Observer observer) {
        this.config = config;
        this.seedCount = seedCount;
        this.tickJitterMs = tickJitterMs;
        this.persistGeneration = persistGeneration;
        this.rememberMembers = rememberMembers;
        this.observer = observer;
    }

    @Override
    public void start(NodeContext context) {
        this.ctx = context;
        long generation = context.clock().millis();
        if (persistGeneration) {
            Record last = context.store().get(GENERATION_KEY, 0);
            if (last != null) {
                generation = Math.max(generation, ByteBuffer.wrap(last.value()).getLong() + 1);
            }
            context.store().put(GENERATION_KEY, Record.of(ByteBuffer.allocate(Long.BYTES).putLong(generation).array()));
            context.store().awaitDurable();
        }
        BusAddress bus = context.bus();
        LocalNode local = new LocalNode(context.id(), new Address(bus.host(), 6379, bus.port()), PlacementInputs.defaults(), NodeStatus.UP);
        List<BusAddress> seeds = context.peers().subList(0, Math.min(seedCount, context.peers().size()));
        saved = rememberMembers ? loadMembers(context) : List.of();
        gossiper = new Gossiper(config, local, generation, seeds, saved, context.random());
        for (int type : new int[]{GossipCodec.SYN_TYPE, GossipCodec.ACK_TYPE, GossipCodec.ACK2_TYPE}) {
            context.transport().register(type, Runnable::run, (from, payload, responder) -> receive(type, payload));
        }
        context.log().line("gossip start generation " + generation);
        scheduleTick(context.random().nextLong(config.gossipIntervalMs()));
    }

    @Override
    public void crash() {
        stopped = true;
        ctx = null;
    }

    public int index() {
        return ctx.index();
    }

    public NodeId id() {
        return gossiper.localId();
    }

    public int incarnation() {
        return ctx.incarnation();
    }

    public Gossiper gossiper() {
        return gossiper;
    }

    /** Whether an operator forgot this node (it has stopped gossiping, as the production node would exit). */
    public boolean isStopped() {
        return stopped;
    }

    /** CLUSTER FORGET issued at this node. */
    public ForgetOutcome forget(NodeId id) {
        ForgetOutcome outcome = gossiper.forget(id, ctx.clock().millis());
        if (outcome instanceof ForgetOutcome.Forgotten forgotten) {
            ctx.log().line("forget " + id + " generation " + forgotten.tombstone().generation());
            perform(forgotten.effects());
        } else if (!(outcome instanceof ForgetOutcome.Refused)) {
            throw new AssertionError("ForgetOutcome is sealed");
        }
        return outcome;
    }

    private void scheduleTick(long delayMs) {
        ctx.scheduler().schedule(delayMs, () -> {
            if (stopped) {
                return;
            }
            perform(gossiper.tick(ctx.clock().millis()));
            long jitter = tickJitterMs == 0 ? 0 : ctx.random().nextLong(-tickJitterMs, tickJitterMs + 1);
            scheduleTick(config.gossipIntervalMs() + jitter);
        });
    }

    private void receive(int type, byte[] payload) {
        if (stopped) {
            return;
        }
        GossipMessage message;
        try {
            message = GossipCodec.decode(payload);
        } catch (MalformedMessageException e) {
            // The simulated network never corrupts bytes, so this is an encoder/decoder disagreement.
            throw new AssertionError("node " + ctx.index() + " could not decode its peer's frame of type " + type + ": " + e.getMessage(), e);
        }
        if (GossipCodec.typeOf(message) != type) {
            throw new AssertionError("frame type " + type + " carried a " + message.getClass().getSimpleName());
        }
        perform(gossiper.receive(message, ctx.clock().millis()));
    }

    private void perform(List<GossipEffect> effects) {
        for (GossipEffect effect : effects) {
            if (effect instanceof GossipEffect.Send send) {
                ctx.transport().send(send.to(), GossipCodec.typeOf(send.message()), GossipCodec.encode(send.message()));
            } else if (effect instanceof GossipEffect.ViewChanged changed) {
                saveMembers(changed);
                observer.viewPublished(this, changed);
            } else if (effect instanceof GossipEffect.LocalNodeForgotten forgotten) {
                ctx.log().line("forgotten at generation " + forgotten.tombstone().generation());
                stopped = true;
            } else if (effect instanceof GossipEffect.MessageRejected rejected) {
                ctx.log().line("rejected from " + rejected.sender() + ": " + rejected.reason());
                observer.messageRejected(this, rejected);
            } else {
                throw new AssertionError("GossipEffect is sealed");
            }
        }
    }

    private static List<RememberedMember> loadMembers(NodeContext context) {
        Record saved = context.store().get(MEMBERS_KEY, 0);
        if (saved == null) {
            return List.of();
        }
        List<RememberedMember> members = new ArrayList<>();
        for (String line : new String(saved.value(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                members.add(ClusterStateFile.parseMember(line.split(" ")));
            }
        }
        return members;
    }

    /** As ClusterRuntime saves cluster-state.conf: when the remembered peers change, durably before going on. */
    private void saveMembers(GossipEffect.ViewChanged changed) {
        List<RememberedMember> peers = RememberedMember.peersIn(changed.view());
        if (!rememberMembers || peers.equals(saved)) {
            return;
        }
        StringBuilder text = new StringBuilder();
        peers.forEach(m -> text.append(ClusterStateFile.memberLine(m)).append('\n'));
        ctx.store().put(MEMBERS_KEY, Record.of(text.toString().getBytes(StandardCharsets.UTF_8)));
        ctx.store().awaitDurable();
        saved = peers;
    }
}
