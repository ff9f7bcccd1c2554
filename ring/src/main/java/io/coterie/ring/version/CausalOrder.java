package io.coterie.ring.version;

/** How two versions relate causally (Lamport's happened-before, as vector clocks decide it). */
public enum CausalOrder {
    /** This version happened before the other: the other supersedes it. */
    BEFORE,
    /** This version happened after the other: it supersedes the other. */
    AFTER,
    /** The same causal history. */
    EQUAL,
    /** Neither saw the other: both must be kept (siblings) until a client or LWW resolves them. */
    CONCURRENT
}
