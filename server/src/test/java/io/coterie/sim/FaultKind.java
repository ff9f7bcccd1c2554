package io.coterie.sim;

/** What the nemesis can do; a {@link NemesisConfig} enables a subset. The undo kinds are never chosen by themselves. */
public enum FaultKind {
    /** kill -9 of the process: unflushed buffers are lost, the OS page cache is not. */
    CRASH,
    /** The machine loses power: everything not fsynced is lost. */
    POWER_LOSS,
    /** Undo of CRASH and POWER_LOSS (after a random downtime, or at heal). */
    RESTART,
    PAUSE,
    /** Undo of PAUSE. */
    RESUME,
    /** A random split into two sides; the smaller is a minority, the larger a majority. */
    PARTITION_SPLIT,
    /** One node cut off from everyone. */
    PARTITION_ISOLATE,
    /** A one-way cut: one side's messages to the other are lost, the reverse direction works. */
    PARTITION_ONE_WAY,
    /** Undo of the partition kinds. */
    HEAL_PARTITION,
    LOSS,
    DUPLICATION,
    /** Slow messages overtaken by later ones: delay and reordering. */
    DELAY,
    /** Undo of the weather kinds. */
    CALM,
    /** A node's clock steps (possibly backwards) and drifts. */
    CLOCK_SKEW;

    /** The kinds a nemesis may start on its own; the rest only undo them. */
    public boolean isInjectable() {
        return this != RESTART && this != RESUME && this != HEAL_PARTITION && this != CALM;
    }
}
