package io.coterie.sim;

/** One step the nemesis takes, or the heal phase undoes. Recorded in the trace and counted per kind. */
public sealed interface Fault {

    FaultKind kind();

    /** kill -9: the process dies; what it had written to the OS survives. */
    record Crash(int node) implements Fault {
        public FaultKind kind() {
            return FaultKind.CRASH;
        }
    }

    /** The machine loses power: only what was fsynced survives. */
    record PowerLoss(int node) implements Fault {
        public FaultKind kind() {
            return FaultKind.POWER_LOSS;
        }
    }

    record Restart(int node) implements Fault {
        public FaultKind kind() {
            return FaultKind.RESTART;
        }
    }

    record Pause(int node) implements Fault {
        public FaultKind kind() {
            return FaultKind.PAUSE;
        }
    }

    record Resume(int node) implements Fault {
        public FaultKind kind() {
            return FaultKind.RESUME;
        }
    }

    record Cut(Partition partition, FaultKind kind) implements Fault {
        public Cut {
            if (kind != FaultKind.PARTITION_SPLIT && kind != FaultKind.PARTITION_ISOLATE && kind != FaultKind.PARTITION_ONE_WAY) {
                throw new IllegalArgumentException("not a partition kind: " + kind);
            }
        }
    }

    record HealPartition() implements Fault {
        public FaultKind kind() {
            return FaultKind.HEAL_PARTITION;
        }
    }

    /** Lossy, duplicating or slow/reordering weather; {@code kind} says which was the point of it. */
    record Weather(NetworkConditions conditions, FaultKind kind) implements Fault {
        public Weather {
            if (kind != FaultKind.LOSS && kind != FaultKind.DUPLICATION && kind != FaultKind.DELAY && kind != FaultKind.CALM) {
                throw new IllegalArgumentException("not a weather kind: " + kind);
            }
        }
    }

    record ClockSkew(int node, long stepMs, long driftPpm) implements Fault {
        public FaultKind kind() {
            return FaultKind.CLOCK_SKEW;
        }
    }
}
