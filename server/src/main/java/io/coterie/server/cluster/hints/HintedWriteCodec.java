package io.coterie.server.cluster.hints;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.bus.BusMessageTypes;
import io.coterie.server.cluster.coordinator.ReplicaCodec;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.cluster.gossip.WireReader;
import io.coterie.server.cluster.gossip.WireWriter;

/**
 * The HINTED_WRITE request: a coordinator's sloppy-quorum write to a fallback node, which keeps it as a
 * hint for {@code home} (Dynamo §4.6) — a replica WRITE naming the replica it belongs to. Payload:
 * {@code u8 version, string home (node id), replica WRITE payload (ReplicaCodec.encodeWrite: key, versions)}.
 * The reply is empty when the hint is stored; a refusal is a bus error whose text says why.
 */
public final class HintedWriteCodec {

    public static final int HINTED_WRITE_TYPE = BusMessageTypes.HINT_FIRST;
    static final int CODEC_VERSION = 1;
    private static final int NODE_ID_BYTES = 40;
    static final byte[] STORED = new byte[0];

    private HintedWriteCodec() {
    }

    public record Request(NodeId home, byte[] key, SiblingSet versions) {
    }

    public static byte[] encode(NodeId home, byte[] key, SiblingSet versions) {
        byte[] write = ReplicaCodec.encodeWrite(key, versions);
        return new WireWriter(NODE_ID_BYTES + write.length + 8).writeByte(CODEC_VERSION)
                .writeString(home.value(), NODE_ID_BYTES).writeBytes(write).toByteArray();
    }

    /** @throws MalformedMessageException on a truncated, garbled or trailing-garbage payload */
    public static Request decode(byte[] payload) {
        WireReader r = new WireReader(payload);
        int version = r.readByte();
        if (version != CODEC_VERSION) {
            throw new MalformedMessageException("unknown hinted write codec version " + version);
        }
        NodeId home;
        try {
            home = new NodeId(r.readString(NODE_ID_BYTES, "home node id"));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("bad home node id in hinted write: " + e.getMessage());
        }
        ReplicaCodec.Request write = ReplicaCodec.decode(r.readBytes(r.remainingBytes(), "replica write"), true);
        return new Request(home, write.key(), write.versions());
    }
}
