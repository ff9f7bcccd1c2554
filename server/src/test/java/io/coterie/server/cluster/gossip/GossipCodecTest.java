package io.coterie.server.cluster.gossip;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.Digest;
import io.coterie.ring.membership.EndpointState;
import io.coterie.ring.membership.GossipMessage;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.membership.Tombstone;
import io.coterie.server.cluster.bus.BusMessageTypes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GossipCodecTest {

    private static final NodeId A = new NodeId("0123456789abcdef0123456789abcdef01234567");
    private static final NodeId B = new NodeId("fedcba9876543210fedcba9876543210fedcba98");
    private static final String A_HEX = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void typesAreDistinctAndInTheGossipRange() {
        List<Integer> types = List.of(GossipCodec.SYN_TYPE, GossipCodec.ACK_TYPE, GossipCodec.ACK2_TYPE);
        assertEquals(3, types.stream().distinct().count());
        for (int type : types) {
            assertTrue(type >= BusMessageTypes.GOSSIP_FIRST && type <= BusMessageTypes.GOSSIP_LAST, "type " + type);
        }
    }

    /** Pins the documented layout (docs/bus-protocol.md): any change here is a protocol change. */
    @Test
    void synLayoutIsStable() {
        GossipMessage syn = new GossipMessage.Syn(A, new BusAddress("h", 16379), 0x0102030405060708L,
                List.of(Digest.absent(B)));
        String expected = "01" + "01" + A_HEX        // codec version, SYN, sender
                + "0168" + "fb7f"                      // "h", port 16379 as varint
                + "0102030405060708"                   // fingerprint, fixed 8 bytes
                + "01" + "fedcba9876543210fedcba9876543210fedcba98" + "01" + "01"; // one digest, zigzag(-1) twice
        assertEquals(expected, HexFormat.of().formatHex(GossipCodec.encode(syn)));
    }

    @Test
    void ack2WithATombstoneAndAStateRoundTrips() {
        EndpointState state = EndpointState.initial(A, 1_700_000_000_000L, new Address("10.0.0.1", 6379, 16379),
                NodeStatus.LEAVING, new PlacementInputs(2, "rack-a", 128));
        GossipMessage ack2 = new GossipMessage.Ack2(B, List.of(state, new Tombstone(B, 7, 1234)));
        assertEquals(ack2, GossipCodec.decode(GossipCodec.encode(ack2)));
    }

    @Test
    void refusesAnotherCodecVersion() {
        byte[] bytes = GossipCodec.encode(new GossipMessage.Ack2(A, List.of()));
        bytes[0] = 2;
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(bytes));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void refusesAnUnknownTag() {
        byte[] bytes = GossipCodec.encode(new GossipMessage.Ack2(A, List.of()));
        bytes[1] = 9;
        assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(bytes));
    }

    @Test
    void refusesEmptyInput() {
        assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(new byte[0]));
    }

    /** A count of 2^31-1 entries in a few bytes must be refused before any list is sized from it. */
    @Test
    void refusesAHugeDeclaredCountWithoutAllocating() {
        byte[] bytes = HexFormat.of().parseHex("0103" + A_HEX + "ffffffff07");
        assertTimeoutPreemptively(Duration.ofSeconds(1), () ->
                assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(bytes)));
    }

    @Test
    void refusesACountTheRemainingBytesCannotHold() {
        byte[] bytes = HexFormat.of().parseHex("0103" + A_HEX + "05" + "00");
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(bytes));
        assertTrue(e.getMessage().contains("cannot fit"), e.getMessage());
    }

    @Test
    void refusesAHugeDeclaredStringLength() {
        byte[] bytes = HexFormat.of().parseHex("0101" + A_HEX + "ffffffff0f");
        assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(bytes));
    }

    @Test
    void refusesAVarintLongerThanTenBytes() {
        // A tombstone whose generation varint never ends within 64 bits.
        byte[] bytes = HexFormat.of().parseHex("0103" + A_HEX + "01" + "01" + A_HEX + "ffffffffffffffffffff01" + "00");
        assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(bytes));
    }

    @Test
    void refusesInvalidUtf8InAHost() {
        byte[] bytes = HexFormat.of().parseHex("0101" + A_HEX + "02c328" + "01" + "0000000000000000" + "00");
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(bytes));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void refusesAValueTheRecordsRefuse() {
        // Bus port 0 is not an address.
        byte[] bytes = HexFormat.of().parseHex("0101" + A_HEX + "0168" + "00" + "0000000000000000" + "00");
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(bytes));
        assertTrue(e.getMessage().contains("invalid value"), e.getMessage());
    }

    @Test
    void refusesAnUnknownStatusCode() {
        EndpointState state = EndpointState.initial(A, 1, new Address("h", 1, 2), NodeStatus.UP, PlacementInputs.defaults());
        byte[] bytes = GossipCodec.encode(new GossipMessage.Ack2(B, List.of(state)));
        // version, tag, sender(20), count, kind, id(20), generation, heartbeat, host "h"(2), ports(2), address version
        int statusOffset = 2 + 20 + 1 + 1 + 20 + 1 + 1 + 2 + 2 + 1;
        assertEquals(1, bytes[statusOffset], "UP's wire code");
        bytes[statusOffset] = 4;
        assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(bytes));
    }

    @Test
    void encodeRefusesAHostLongerThanTheWireAllows() {
        String host = "h".repeat(GossipCodec.HOST_BYTES_MAX + 1);
        GossipMessage syn = new GossipMessage.Syn(A, new BusAddress(host, 1), 0, List.of());
        assertThrows(IllegalArgumentException.class, () -> GossipCodec.encode(syn));
    }

    @Test
    void encodeRefusesMoreDigestsThanTheDecoderAccepts() {
        List<Digest> digests = java.util.Collections.nCopies(GossipCodec.LIST_ITEMS_MAX + 1, Digest.absent(B));
        GossipMessage syn = new GossipMessage.Syn(A, new BusAddress("h", 1), 0, digests);
        assertThrows(IllegalArgumentException.class, () -> GossipCodec.encode(syn));
    }

    @Test
    void writerAndReaderAgreeOnVarintEdges() {
        long[] values = {0, 1, 127, 128, 16383, 16384, Integer.MAX_VALUE, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        WireWriter out = new WireWriter(0);
        for (long v : values) {
            out.writeVarLong(v).writeZigZagLong(v).writeFixedLong(v);
        }
        WireReader in = new WireReader(out.toByteArray());
        for (long v : values) {
            assertEquals(v, in.readVarLong());
            assertEquals(v, in.readZigZagLong());
            assertEquals(v, in.readFixedLong());
        }
        in.expectEnd("edges");
        assertArrayEquals(new byte[]{1}, new WireWriter(1).writeZigZagLong(-1).toByteArray());
    }
}
