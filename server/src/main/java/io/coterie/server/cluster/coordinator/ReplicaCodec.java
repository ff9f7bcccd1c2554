package io.coterie.server.cluster.coordinator;

import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VersionDecodeException;
import io.coterie.server.cluster.bus.BusMessageTypes;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.cluster.gossip.WireReader;
import io.coterie.server.cluster.gossip.WireWriter;

/**
 * The replica requests a coordinator sends (SPEC §2 Coordination), payload {@code u8 version,
 * varint key length, key[, versions]}:
 * <ul>
 *   <li>READ: the replica answers with its stored versions of the key ({@link SiblingSet#encode()},
 *       tombstones included; an empty set if it has nothing);</li>
 *   <li>WRITE: the replica merges the versions into its own (replicated writes, read repair, hint
 *       delivery) and answers with an empty payload once the merge is as durable as its
 *       {@code appendfsync} promises.</li>
 * </ul>
 */
public final class ReplicaCodec {

    public static final int READ_TYPE = BusMessageTypes.REPLICA_FIRST;
    public static final int WRITE_TYPE = BusMessageTypes.REPLICA_FIRST + 1;
    static final int CODEC_VERSION = 1;
    /** Keys are bounded by proto-max-bulk-len on the client side; the bus frame limit bounds the rest. */
    private static final int KEY_MAX = 512 * 1024 * 1024;

    private ReplicaCodec() {
    }

    /** A decoded request: the key, and for writes the versions to merge (empty for reads). */
    public record Request(byte[] key, SiblingSet versions) {
    }

    public static byte[] encodeRead(byte[] key) {
        return new WireWriter(key.length + 8).writeByte(CODEC_VERSION).writeVarInt(key.length).writeBytes(key)
                .toByteArray();
    }

    public static byte[] encodeWrite(byte[] key, SiblingSet versions) {
        byte[] encoded = versions.encode();
        return new WireWriter(key.length + encoded.length + 16).writeByte(CODEC_VERSION).writeVarInt(key.length)
                .writeBytes(key).writeVarInt(encoded.length).writeBytes(encoded).toByteArray();
    }

    /** @throws MalformedMessageException on a truncated, corrupt or trailing-garbage payload */
    public static Request decode(byte[] payload, boolean withVersions) {
        WireReader r = new WireReader(payload);
        int version = r.readByte();
        if (version != CODEC_VERSION) {
            throw new MalformedMessageException("unknown replica codec version " + version);
        }
        byte[] key = r.readBytes(r.readVarInt(Math.min(KEY_MAX, r.remainingBytes()), "key length"), "key");
        SiblingSet versions = SiblingSet.empty();
        if (withVersions) {
            byte[] encoded = r.readBytes(r.readVarInt(r.remainingBytes(), "versions length"), "versions");
            versions = decodeVersions(encoded);
        }
        r.expectEnd(withVersions ? "replica write" : "replica read");
        return new Request(key, versions);
    }

    /** A READ reply. */
    public static SiblingSet decodeVersions(byte[] encoded) {
        try {
            return SiblingSet.decode(encoded);
        } catch (VersionDecodeException e) {
            throw new MalformedMessageException("corrupt versions: " + e.getMessage());
        }
    }
}
