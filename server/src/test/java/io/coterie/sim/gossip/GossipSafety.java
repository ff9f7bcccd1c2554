package io.coterie.sim.gossip;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.EndpointEntry;
import io.coterie.ring.membership.GossipEffect;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import io.coterie.ring.membership.Tombstone;
import io.coterie.sim.SimHost;
import io.coterie.sim.Simulation;

import java.util.HashMap;
import java.util.Map;

/**
 * Membership safety, checked at every view any node publishes (so a violation fails at the event that caused it).
 * Per process incarnation, since a restarted node legitimately starts from nothing:
 * <ul>
 *   <li>view epochs only grow;</li>
 *   <li>a node sees itself, at its own generation, and LIVE — never SUSPECT or DOWN;</li>
 *   <li>a member's generation never goes backwards (a restart supersedes, nothing un-supersedes it);</li>
 *   <li>no forgotten incarnation resurrects: once a node has held a tombstone for (id, generation g), it never again
 *       shows that id at generation g or older.</li>
 * </ul>
 * No message is ever refused: the simulation has one cluster fingerprint and bounded sizes. After every event: no
 * running node has stopped as forgotten — the operator only forgets crashed incarnations, and a restart's newer
 * generation must beat that tombstone.
 */
public final class GossipSafety implements GossipSimNode.Observer {

    private record Incarnation(int node, int incarnation) {
    }

    private final Map<Incarnation, Long> lastEpoch = new HashMap<>();
    private final Map<Incarnation, Map<NodeId, Long>> generationSeen = new HashMap<>();
    private final Map<Incarnation, Map<NodeId, Long>> buried = new HashMap<>();
    private long viewsChecked;

    public long viewsChecked() {
        return viewsChecked;
    }

    @Override
    public void viewPublished(GossipSimNode node, GossipEffect.ViewChanged change) {
        viewsChecked++;
        MembershipView view = change.view();
        Incarnation who = new Incarnation(node.index(), node.incarnation());
        String at = "node " + node.index() + " (incarnation " + node.incarnation() + ") ";
        Long previous = lastEpoch.put(who, view.epoch());
        if (previous != null && view.epoch() <= previous) {
            throw new AssertionError(at + "published epoch " + view.epoch() + " after " + previous);
        }
        Member self = view.local();
        if (!self.id().equals(node.id()) || self.liveness() != Liveness.LIVE || self.generation() != node.gossiper().generation()) {
            throw new AssertionError(at + "does not see itself LIVE at its generation " + node.gossiper().generation() + ": " + self);
        }
        Map<NodeId, Long> tombstones = buried.computeIfAbsent(who, k -> new HashMap<>());
        for (EndpointEntry entry : node.gossiper().entries().values()) {
            if (entry instanceof Tombstone tombstone) {
                tombstones.merge(tombstone.id(), tombstone.generation(), Math::max);
            }
        }
        Map<NodeId, Long> seen = generationSeen.computeIfAbsent(who, k -> new HashMap<>());
        for (Member member : view.members().values()) {
            Long highest = seen.get(member.id());
            if (highest != null && member.generation() < highest) {
                throw new AssertionError(at + "shows " + member.id() + " at generation " + member.generation()
                        + " after having seen generation " + highest);
            }
            seen.put(member.id(), member.generation());
            Long forgotten = tombstones.get(member.id());
            if (forgotten != null && member.generation() <= forgotten) {
                throw new AssertionError(at + "resurrected forgotten node " + member.id() + " at generation "
                        + member.generation() + " (forgotten up to generation " + forgotten + ")");
            }
        }
    }

    /** The per-event check (cheap: one flag per node). */
    static void noRunningNodeForgotten(Simulation sim) {
        for (SimHost host : sim.hosts()) {
            if (host.isRunning() && host.node() instanceof GossipSimNode node && node.isStopped()) {
                throw new AssertionError("running node " + host.index() + " (incarnation " + host.incarnation()
                        + ", generation " + node.gossiper().generation() + ") was stopped by a tombstone of an earlier incarnation");
            }
        }
    }

    @Override
    public void messageRejected(GossipSimNode node, GossipEffect.MessageRejected rejected) {
        throw new AssertionError("node " + node.index() + " refused a message from " + rejected.sender() + ": " + rejected.reason());
    }
}
