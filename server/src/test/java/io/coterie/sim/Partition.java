package io.coterie.sim;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which directed links are cut. Built from node sets so every shape is expressible: symmetric splits (minority and
 * majority sides), a single node isolated, one-way cuts (A hears B but B does not hear A).
 */
public record Partition(String shape, Set<Link> cut) {

    /** A directed link between node indexes. */
    public record Link(int from, int to) implements Comparable<Link> {
        @Override
        public int compareTo(Link o) {
            return from != o.from ? Integer.compare(from, o.from) : Integer.compare(to, o.to);
        }
    }

    public Partition {
        cut = Set.copyOf(cut);
    }

    public static Partition none() {
        return new Partition("none", Set.of());
    }

    /** Nothing flows between {@code side} and the rest of the {@code nodeCount} nodes, either way. */
    public static Partition split(Set<Integer> side, int nodeCount) {
        Set<Link> cut = new TreeSet<>();
        for (int a : side) {
            for (int b = 0; b < nodeCount; b++) {
                if (!side.contains(b)) {
                    cut.add(new Link(a, b));
                    cut.add(new Link(b, a));
                }
            }
        }
        return new Partition("split " + new TreeSet<>(side) + " | rest of " + nodeCount, cut);
    }

    /** Messages from {@code senders} to {@code receivers} are lost; the other direction still works. */
    public static Partition oneWay(Set<Integer> senders, Set<Integer> receivers) {
        Set<Link> cut = new TreeSet<>();
        for (int a : senders) {
            for (int b : receivers) {
                if (a != b) {
                    cut.add(new Link(a, b));
                }
            }
        }
        return new Partition("one-way " + new TreeSet<>(senders) + " -/-> " + new TreeSet<>(receivers), cut);
    }

    public boolean cuts(int from, int to) {
        return cut.contains(new Link(from, to));
    }

    @Override
    public String toString() {
        return shape;
    }
}
