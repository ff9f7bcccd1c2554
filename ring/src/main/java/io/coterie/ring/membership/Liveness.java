package io.coterie.ring.membership;

/** How the local node currently judges another node's reachability; never gossiped as such, always recomputed. */
public enum Liveness {
    /** Heartbeats are arriving (phi below the threshold) and fewer than the required observers suspect it. */
    LIVE,
    /** The local phi-accrual detector suspects it, but not enough independent observers agree yet. */
    SUSPECT,
    /** Enough independent observers (normally two, see {@link DownRule}) currently suspect it. */
    DOWN
}
