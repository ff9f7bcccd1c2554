package io.coterie.sim;

/** A simulated process's state as the operating system sees it. */
public enum NodeState {
    /** Runs its timers and receives its messages. */
    RUNNING,
    /** SIGSTOP: timers come due and messages arrive, but nothing runs until it is resumed. */
    PAUSED,
    /** kill -9: its memory, timers and in-flight messages are gone; only its store's durable part remains. */
    CRASHED
}
