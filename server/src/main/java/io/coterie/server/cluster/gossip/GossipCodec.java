package io.coterie.server.cluster.gossip;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.Digest;
import io.coterie.ring.membership.EndpointEntry;
import io.coterie.ring.membership.EndpointState;
import io.coterie.ring.membership.GossipMessage;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.membership.Suspicions;
import io.coterie.ring.membership.Tombstone;
import io.coterie.ring.membership.Versioned;
import io.coterie.server.cluster.bus.BusMessageTypes;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Binary encoding of {@link GossipMessage}s for the bus (layout in docs/bus-protocol.md). Compact: varints for
 * versions, counts and ports, node ids as 20 raw bytes. Strict: {@link #decode} accepts exactly what {@link #encode}
 * produces for the current {@link #CODEC_VERSION} and throws {@link MalformedMessageException} for anything else —
 * truncated, trailing bytes, an unknown tag, a count or string beyond its limit, or a value the records refuse.
 *
 * <p>Stateless and thread-safe.
 */
public final class GossipCodec {

    /** First byte of every payload; bumped on any incompatible change of the layout below. */
    public static final int CODEC_VERSION = 1;

    /** Bus frame types (also the message tag inside the payload), within the gossip range. */
    public static final int SYN_TYPE = BusMessageTypes.GOSSIP_FIRST;
    public static final int ACK_TYPE = BusMessageTypes.GOSSIP_FIRST + 1;
    public static final int ACK2_TYPE = BusMessageTypes.GOSSIP_FIRST + 2;

    /** Entries, digests or suspicions in one list: far above any configured membersMax, far below a memory risk. */
    public static final int LIST_ITEMS_MAX = 1 << 16;
    /** A DNS name is at most 253 bytes. */
    public static final int HOST_BYTES_MAX = 255;
    /** {@link PlacementInputs#RACK_CHARS_MAX} characters of up to 4 UTF-8 bytes each. */
    public static final int RACK_BYTES_MAX = 4 * PlacementInputs.RACK_CHARS_MAX;

    private static final int NODE_ID_BYTES = 20;
    private static final int ENTRY_STATE = 0;
    private static final int ENTRY_TOMBSTONE = 1;
    /** Smallest encodings, used to refuse counts the remaining bytes cannot hold. */
    private static final int DIGEST_BYTES_MIN = NODE_ID_BYTES + 2;
    private static final int ENTRY_BYTES_MIN = 1 + NODE_ID_BYTES + 2;
    private static final int SUSPICION_BYTES_MIN = NODE_ID_BYTES + 1;
    private static final int INITIAL_CAPACITY_BYTES = 256;
    private static final HexFormat HEX = HexFormat.of();

    private GossipCodec() {
    }

    /** The bus frame type a message travels as. */
    public static int typeOf(GossipMessage message) {
        if (message instanceof GossipMessage.Syn) {
            return SYN_TYPE;
        } else if (message instanceof GossipMessage.Ack) {
            return ACK_TYPE;
        } else if (message instanceof GossipMessage.Ack2) {
            return ACK2_TYPE;
        }
        throw new IllegalStateException("unknown gossip message " + message.getClass());
    }

    public static boolean isGossipType(int type) {
        return type == SYN_TYPE || type == ACK_TYPE || type == ACK2_TYPE;
    }

    public static byte[] encode(GossipMessage message) {
        WireWriter out = new WireWriter(INITIAL_CAPACITY_BYTES);
        out.writeByte(CODEC_VERSION).writeByte(typeOf(message));
        writeNodeId(out, message.sender());
        if (message instanceof GossipMessage.Syn syn) {
            writeBusAddress(out, syn.replyTo());
            out.writeFixedLong(syn.clusterFingerprint());
            writeDigests(out, syn.digests());
        } else if (message instanceof GossipMessage.Ack ack) {
            writeBusAddress(out, ack.replyTo());
            writeEntries(out, ack.states());
            writeDigests(out, ack.requests());
        } else if (message instanceof GossipMessage.Ack2 ack2) {
            writeEntries(out, ack2.states());
        }
        return out.toByteArray();
    }

    /** @throws MalformedMessageException if {@code payload} is not exactly one message of this codec version */
    public static GossipMessage decode(byte[] payload) {
        WireReader in = new WireReader(payload);
        int version = in.readByte();
        if (version != CODEC_VERSION) {
            throw new MalformedMessageException("gossip codec version " + version + ", expected " + CODEC_VERSION);
        }
        int tag = in.readByte();
        NodeId sender = readNodeId(in);
        GossipMessage message;
        if (tag == SYN_TYPE) {
            BusAddress replyTo = readBusAddress(in);
            long fingerprint = in.readFixedLong();
            List<Digest> digests = readDigests(in);
            message = checked(() -> new GossipMessage.Syn(sender, replyTo, fingerprint, digests));
        } else if (tag == ACK_TYPE) {
            BusAddress replyTo = readBusAddress(in);
            List<EndpointEntry> states = readEntries(in);
            List<Digest> requests = readDigests(in);
            message = checked(() -> new GossipMessage.Ack(sender, replyTo, states, requests));
        } else if (tag == ACK2_TYPE) {
            List<EndpointEntry> states = readEntries(in);
            message = checked(() -> new GossipMessage.Ack2(sender, states));
        } else {
            throw new MalformedMessageException("unknown gossip message tag " + tag);
        }
        in.expectEnd("gossip message");
        return message;
    }

    private static void writeNodeId(WireWriter out, NodeId id) {
        out.writeBytes(HEX.parseHex(id.value()));
    }

    private static NodeId readNodeId(WireReader in) {
        return checked(() -> new NodeId(HEX.formatHex(in.readBytes(NODE_ID_BYTES, "node id"))));
    }

    private static void writeBusAddress(WireWriter out, BusAddress address) {
        out.writeString(address.host(), HOST_BYTES_MAX).writeVarInt(address.port());
    }

    private static BusAddress readBusAddress(WireReader in) {
        String host = in.readString(HOST_BYTES_MAX, "bus host");
        int port = in.readVarInt(65535, "bus port");
        return checked(() -> new BusAddress(host, port));
    }

    private static void writeDigests(WireWriter out, List<Digest> digests) {
        writeCount(out, digests.size(), "digests");
        for (Digest d : digests) {
            writeNodeId(out, d.id());
            // Zigzag: Digest.absent is (-1, -1), common enough to deserve one byte each.
            out.writeZigZagLong(d.generation()).writeZigZagLong(d.maxVersion());
        }
    }

    private static List<Digest> readDigests(WireReader in) {
        int count = in.readCount(LIST_ITEMS_MAX, DIGEST_BYTES_MIN, "digest");
        List<Digest> digests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            NodeId id = readNodeId(in);
            long generation = in.readZigZagLong();
            long maxVersion = in.readZigZagLong();
            digests.add(new Digest(id, generation, maxVersion));
        }
        return digests;
    }

    private static void writeEntries(WireWriter out, List<EndpointEntry> entries) {
        writeCount(out, entries.size(), "endpoint entries");
        for (EndpointEntry entry : entries) {
            if (entry instanceof EndpointState state) {
                out.writeByte(ENTRY_STATE);
                writeState(out, state);
            } else if (entry instanceof Tombstone tombstone) {
                out.writeByte(ENTRY_TOMBSTONE);
                writeNodeId(out, tombstone.id());
                out.writeVarLong(tombstone.generation()).writeVarLong(tombstone.forgottenAtMs());
            }
        }
    }

    private static List<EndpointEntry> readEntries(WireReader in) {
        int count = in.readCount(LIST_ITEMS_MAX, ENTRY_BYTES_MIN, "endpoint entry");
        List<EndpointEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = in.readByte();
            if (kind == ENTRY_STATE) {
                entries.add(readState(in));
            } else if (kind == ENTRY_TOMBSTONE) {
                NodeId id = readNodeId(in);
                long generation = in.readVarLong();
                long forgottenAtMs = in.readVarLong();
                entries.add(new Tombstone(id, generation, forgottenAtMs));
            } else {
                throw new MalformedMessageException("unknown endpoint entry kind " + kind);
            }
        }
        return entries;
    }

    private static void writeState(WireWriter out, EndpointState s) {
        writeNodeId(out, s.id());
        out.writeVarLong(s.generation()).writeVarLong(s.heartbeat());
        Address address = s.address().value();
        out.writeString(address.host(), HOST_BYTES_MAX).writeVarInt(address.clientPort()).writeVarInt(address.busPort())
                .writeVarLong(s.address().version());
        out.writeByte(statusCode(s.status().value())).writeVarLong(s.status().version());
        PlacementInputs placement = s.placement().value();
        out.writeVarInt(placement.weight()).writeString(placement.rack(), RACK_BYTES_MAX).writeVarInt(placement.vnodes())
                .writeVarLong(s.placement().version());
        var suspected = s.suspicions().value().generations();
        writeCount(out, suspected.size(), "suspicions");
        suspected.forEach((peer, generation) -> {
            writeNodeId(out, peer);
            out.writeVarLong(generation);
        });
        out.writeVarLong(s.suspicions().version());
    }

    private static EndpointState readState(WireReader in) {
        NodeId id = readNodeId(in);
        long generation = in.readVarLong();
        long heartbeat = in.readVarLong();
        String host = in.readString(HOST_BYTES_MAX, "client host");
        int clientPort = in.readVarInt(65535, "client port");
        int busPort = in.readVarInt(65535, "bus port");
        long addressVersion = in.readVarLong();
        NodeStatus status = statusOf(in.readByte());
        long statusVersion = in.readVarLong();
        int weight = in.readVarInt(Integer.MAX_VALUE, "weight");
        String rack = in.readString(RACK_BYTES_MAX, "rack");
        int vnodes = in.readVarInt(PlacementInputs.VNODES_MAX, "vnodes");
        long placementVersion = in.readVarLong();
        int suspectedCount = in.readCount(LIST_ITEMS_MAX, SUSPICION_BYTES_MIN, "suspicion");
        TreeMap<NodeId, Long> suspected = new TreeMap<>();
        for (int i = 0; i < suspectedCount; i++) {
            NodeId peer = readNodeId(in);
            if (suspected.put(peer, in.readVarLong()) != null) {
                throw new MalformedMessageException("node " + peer + " suspected twice");
            }
        }
        long suspicionsVersion = in.readVarLong();
        return checked(() -> new EndpointState(id, generation, heartbeat,
                new Versioned<>(new Address(host, clientPort, busPort), addressVersion),
                new Versioned<>(status, statusVersion),
                new Versioned<>(new PlacementInputs(weight, rack, vnodes), placementVersion),
                new Versioned<>(Suspicions.of(suspected), suspicionsVersion)));
    }

    /** Refuses at the source a list the decoder would refuse. */
    private static void writeCount(WireWriter out, int count, String what) {
        if (count > LIST_ITEMS_MAX) {
            throw new IllegalArgumentException(count + " " + what + " exceed the " + LIST_ITEMS_MAX + " one message may carry");
        }
        out.writeVarInt(count);
    }

    /** Explicit wire codes, not ordinals: reordering the enum must not change the protocol. */
    private static int statusCode(NodeStatus status) {
        return switch (status) {
            case JOINING -> 0;
            case UP -> 1;
            case LEAVING -> 2;
            case LEFT -> 3;
        };
    }

    private static NodeStatus statusOf(int code) {
        return switch (code) {
            case 0 -> NodeStatus.JOINING;
            case 1 -> NodeStatus.UP;
            case 2 -> NodeStatus.LEAVING;
            case 3 -> NodeStatus.LEFT;
            default -> throw new MalformedMessageException("unknown node status code " + code);
        };
    }

    /** Builds a record from decoded fields, reporting a value its constructor refuses as malformed input. */
    private static <T> T checked(Supplier<T> construct) {
        try {
            return construct.get();
        } catch (MalformedMessageException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException("invalid value: " + e.getMessage(), e);
        }
    }
}
