package io.coterie.sim.gossip;

import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import io.coterie.sim.SimHost;
import io.coterie.sim.Simulation;

import java.util.Optional;

/**
 * Membership liveness after heal: every running node has the same members; each running node is in every view, LIVE,
 * at its current generation; each crashed node is DOWN in every view, or gone (forgotten).
 */
final class GossipLiveness {

    private GossipLiveness() {
    }

    /** Why the cluster has not converged yet, or empty if it has. */
    static Optional<String> unconverged(Simulation sim) {
        MembershipView reference = null;
        int referenceNode = -1;
        for (SimHost observer : sim.hosts()) {
            if (!observer.isRunning()) {
                continue;
            }
            GossipSimNode node = sim.node(observer.index(), GossipSimNode.class);
            MembershipView view = node.gossiper().view();
            if (reference != null && !reference.sameMembersAs(view)) {
                return Optional.of("node " + observer.index() + " and node " + referenceNode + " disagree: "
                        + describe(view) + " vs " + describe(reference));
            }
            reference = view;
            referenceNode = observer.index();
            for (SimHost target : sim.hosts()) {
                Member member = view.members().get(target.id());
                if (target.isRunning()) {
                    long generation = sim.node(target.index(), GossipSimNode.class).gossiper().generation();
                    if (member == null || member.liveness() != Liveness.LIVE || member.generation() != generation) {
                        return Optional.of("node " + observer.index() + " sees running node " + target.index() + " at generation "
                                + generation + " as " + (member == null ? "absent" : member.liveness() + " gen " + member.generation()));
                    }
                } else if (member != null && member.liveness() != Liveness.DOWN) {
                    return Optional.of("node " + observer.index() + " sees crashed node " + target.index() + " as " + member.liveness());
                }
            }
        }
        return reference == null ? Optional.of("no node is running") : Optional.empty();
    }

    private static String describe(MembershipView view) {
        StringBuilder out = new StringBuilder("[");
        for (Member m : view.members().values()) {
            out.append(' ').append(m.id().value(), 0, 6).append('@').append(m.generation() % 100_000).append(':').append(m.liveness());
        }
        return out.append(" ]").toString();
    }
}
