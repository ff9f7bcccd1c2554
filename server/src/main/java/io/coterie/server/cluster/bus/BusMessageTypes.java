package io.coterie.server.cluster.bus;

/**
 * Frame type numbers on the bus, one range per subsystem, so a subsystem can add messages without
 * touching another's. A type is part of the wire protocol: never reuse a retired number.
 */
public final class BusMessageTypes {

    /** Gossip SYN/ACK/ACK2 (io.coterie.ring.membership.GossipMessage). */
    public static final int GOSSIP_FIRST = 1;
    public static final int GOSSIP_LAST = 15;

    /** A client command forwarded to the node that must execute it, and its RESP reply. */
    public static final int FORWARD_FIRST = 16;
    public static final int FORWARD_LAST = 31;

    /** Slot streaming for joins, leaves and forgets. */
    public static final int STREAM_FIRST = 32;
    public static final int STREAM_LAST = 47;

    /** Quorum replication: replica reads and writes. */
    public static final int REPLICA_FIRST = 48;
    public static final int REPLICA_LAST = 63;

    /** Hinted handoff. */
    public static final int HINT_FIRST = 64;
    public static final int HINT_LAST = 79;

    /** Merkle anti-entropy. */
    public static final int REPAIR_FIRST = 80;
    public static final int REPAIR_LAST = 95;

    /** Administrative requests between nodes (CLUSTER MEET relays, node info). */
    public static final int ADMIN_FIRST = 96;
    public static final int ADMIN_LAST = 111;

    private BusMessageTypes() {
    }
}
