package io.coterie.ring.version;

import io.coterie.ring.NodeId;

import java.util.Objects;

/**
 * The identity of one write: the coordinating node and the counter it assigned, as in Preguiça et
 * al., "Dotted Version Vectors: Logical Clocks for Optimistic Replication" (2010). A dot names
 * exactly one value, which is what lets a write discard only the siblings its context has seen.
 */
public record Dot(NodeId node, long counter) implements Comparable<Dot> {

    public Dot {
        Objects.requireNonNull(node, "node");
        if (counter < 1) {
            throw new IllegalArgumentException("a dot's counter starts at 1, was " + counter);
        }
    }

    @Override
    public int compareTo(Dot o) {
        int byNode = node.compareTo(o.node);
        return byNode != 0 ? byNode : Long.compare(counter, o.counter);
    }

    @Override
    public String toString() {
        return node.value().substring(0, 8) + ":" + counter;
    }
}
