package io.coterie.ring.version;

/** What happened when a timestamp from another node was folded into the local clock. */
public sealed interface HlcUpdate {

    /** The remote time was within the allowed drift; {@code now} is the local clock after the receive event. */
    record Accepted(HlcTimestamp now) implements HlcUpdate {
    }

    /**
     * The remote time is more than {@code maxDriftMs} ahead of our wall clock, so it was not taken:
     * accepting it would drag this node's clock (and every LWW decision) into the sender's future.
     * The caller should refuse or log the message; the local clock is unchanged.
     */
    record RejectedAhead(HlcTimestamp remote, long aheadMs, long maxDriftMs) implements HlcUpdate {
    }
}
