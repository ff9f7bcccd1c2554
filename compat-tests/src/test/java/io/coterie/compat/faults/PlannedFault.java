package io.coterie.compat.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One fault of the schedule: at {@code atMs} after the fault period starts, {@code kind} is applied to {@code nodes}
 * (the target, or one side of a partition; {@code others} is the other side) and undone {@code durationMs} later.
 */
record PlannedFault(long atMs, long durationMs, FaultKind kind, List<Integer> nodes, List<Integer> others) {

    PlannedFault {
        Objects.requireNonNull(kind, "kind");
        nodes = List.copyOf(nodes);
        others = List.copyOf(others);
        if (nodes.isEmpty() || (kind.isPartition() == others.isEmpty())) {
            throw new IllegalArgumentException(kind + " on " + nodes + " / " + others);
        }
    }

    long endMs() {
        return atMs + durationMs;
    }

    /** The (from, to) links a partition cuts: both ways unless one-way, where only nodes → others is lost. */
    List<int[]> links() {
        List<int[]> links = new ArrayList<>();
        for (int a : nodes) {
            for (int b : others) {
                links.add(new int[] {a, b});
                if (kind != FaultKind.PARTITION_ONE_WAY) {
                    links.add(new int[] {b, a});
                }
            }
        }
        return links;
    }

    @Override
    public String toString() {
        String what = kind.isPartition()
                ? nodes + (kind == FaultKind.PARTITION_ONE_WAY ? " -x-> " : " <-x-> ") + others
                : "node " + nodes.get(0);
        return String.format("%7.1f s %-17s %s for %.1f s", atMs / 1000.0, kind, what, durationMs / 1000.0);
    }
}
