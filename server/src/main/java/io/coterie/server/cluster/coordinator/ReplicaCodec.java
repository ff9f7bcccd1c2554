package io.coterie.server.cluster.coordinator;

import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VersionDecodeException;
import io.coterie.server.cluster.bus.BusMessageTypes;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.cluster.gossip.WireReader;
import io.coterie.server.cluster.gossip.WireWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The replica requests a coordinator sends (SPEC §2 Coordination), payload {@code u8 version,
 * varint key length, key[, versions]}:
 * <ul>
 *   <li>READ: the replica answers with its stored versions of the key ({@link SiblingSet#encode()},
 *       tombstones included; an empty set if it has nothing);</li>
 *   <li>WRITE: the replica merges the versions into its own (replicated writes, read repair, hint
 *       delivery) and answers with an empty payload once the merge is as durable as its
 *       {@code appendfsync} promises.</li>
 *   <li>WRITE_BATCH: several WRITEs to one replica in one frame ({@code u8 version, varint count,
 *       count × (varint key length, key, varint versions length, versions)}); the replica merges
 *       each, waits once for durability, and answers one status byte per write, in order
 *       ({@link #MERGED}, {@link #STORE_FULL}, {@link #WRITE_FAILED}).</li>
 * </ul>
 */
public final class ReplicaCodec {

    public static final int READ_TYPE = BusMessageTypes.REPLICA_FIRST;
    public static final int WRITE_TYPE = BusMessageTypes.REPLICA_FIRST + 1;
    public static final int WRITE_BATCH_TYPE = BusMessageTypes.REPLICA_FIRST + 2;
    public static final byte MERGED = 0;
    public static final byte STORE_FULL = 1;
    public static final byte WRITE_FAILED = 2;
    /** Writes in one batch at most (the bus frame limit bounds its bytes too). */
    public static final int BATCH_WRITES_MAX = 4096;
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

    public static byte[] encodeWriteBatch(List<Request> writes) {
        List<byte[]> encoded = new ArrayList<>(writes.size());
        int size = 16;
        for (Request w : writes) {
            byte[] e = w.versions().encode();
            encoded.add(e);
            size += w.key().length + e.length + 10;
        }
        WireWriter out = new WireWriter(size).writeByte(CODEC_VERSION).writeVarInt(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            byte[] key = writes.get(i).key();
            out.writeVarInt(key.length).writeBytes(key).writeVarInt(encoded.get(i).length).writeBytes(encoded.get(i));
        }
        return out.toByteArray();
    }

    /** @throws MalformedMessageException on a truncated, corrupt or trailing-garbage payload */
    public static List<Request> decodeWriteBatch(byte[] payload) {
        WireReader r = new WireReader(payload);
        int version = r.readByte();
        if (version != CODEC_VERSION) {
            throw new MalformedMessageException("unknown replica codec version " + version);
        }
        int count = r.readVarInt(Math.min(BATCH_WRITES_MAX, r.remainingBytes()), "write count");
        List<Request> writes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = r.readBytes(r.readVarInt(Math.min(KEY_MAX, r.remainingBytes()), "key length"), "key");
            byte[] encoded = r.readBytes(r.readVarInt(r.remainingBytes(), "versions length"), "versions");
            writes.add(new Request(key, decodeVersions(encoded)));
        }
        r.expectEnd("replica write batch");
        return writes;
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
