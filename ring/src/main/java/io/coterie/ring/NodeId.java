package io.coterie.ring;

import java.util.Objects;

/**
 * A node's permanent identity: 40 lower-case hex characters, as Redis Cluster node ids, generated once
 * and kept in the node's data directory so a restarted node is the same node.
 */
public record NodeId(String value) implements Comparable<NodeId> {

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (value.length() != 40 || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a node id is 40 lower-case hex characters, got '" + value + "'");
        }
    }

    /** A fresh random id from the injected random source (never new Random() in protocol code). */
    public static NodeId random(java.util.random.RandomGenerator random) {
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return new NodeId(sb.toString());
    }

    @Override
    public int compareTo(NodeId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
