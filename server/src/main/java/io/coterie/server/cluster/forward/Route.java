package io.coterie.server.cluster.forward;

import io.coterie.ring.NodeId;
import java.util.List;
import java.util.Objects;

/** Where one client command runs, decided on one {@link io.coterie.server.cluster.Topology} snapshot. */
public sealed interface Route {

    /** Run here, through the dispatcher. */
    Local LOCAL = new Local();

    record Local() implements Route {
    }

    /** Every key belongs to {@code node}: send the whole command there and relay its reply. */
    record Forward(NodeId node) implements Route {
        public Forward {
            Objects.requireNonNull(node, "node");
        }
    }

    /**
     * The keys span nodes, or the command is about the whole keyspace: run one sub-command per node (this one
     * included) and merge the replies.
     */
    record FanOut(Merge merge, int keyCount, List<Part> parts) implements Route {
        public FanOut {
            Objects.requireNonNull(merge, "merge");
            parts = List.copyOf(parts);
        }
    }

    /** The keys span nodes and the command cannot be split without breaking its meaning. */
    record Refuse(String error) implements Route {
    }

    /**
     * One node's share of a fan-out.
     *
     * @param node         where it runs
     * @param argv         the sub-command: the original name followed by this node's key groups, in original order
     * @param keyOrdinals  for each key group in {@code argv}, its position among the original command's keys
     */
    record Part(NodeId node, byte[][] argv, int[] keyOrdinals) {
    }

    /** How a fan-out's sub-replies become the reply Redis would give to the whole command. */
    enum Merge {
        /** MGET: one array, each element at its key's original position. */
        VALUES_IN_KEY_ORDER,
        /** MSET: +OK when every part answered +OK. */
        ALL_OK,
        /** DEL, UNLINK, EXISTS, TOUCH, DBSIZE: the sum of the parts' integers. */
        SUM,
        /** KEYS: every part's array elements, one array. */
        CONCAT
    }
}
