package io.coterie.server.cluster.forward;

import io.coterie.server.cluster.bus.BusMessageTypes;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.cluster.gossip.WireReader;
import io.coterie.server.cluster.gossip.WireWriter;

/**
 * The FORWARD request payload: {@code u8 version, varint senderEpoch, varint argc, argc × (varint length, bytes)}.
 * The response payload is the command's RESP reply, byte for byte.
 */
public final class ForwardCodec {

    /** A client command forwarded to the node that must run it. */
    public static final int FORWARD_REQUEST_TYPE = BusMessageTypes.FORWARD_FIRST;
    static final int CODEC_VERSION = 1;
    /** Redis accepts up to 1024 × 1024 arguments per command (its multibulk limit); so do we. */
    static final int ARGS_MAX = 1024 * 1024;

    private ForwardCodec() {
    }

    /** A decoded request: the sender's topology epoch (diagnostic: epochs are local) and the command. */
    public record Request(long senderEpoch, byte[][] argv) {
    }

    public static byte[] encode(long senderEpoch, byte[][] argv) {
        int size = 16;
        for (byte[] a : argv) {
            size += a.length + 5;
        }
        WireWriter w = new WireWriter(size);
        w.writeByte(CODEC_VERSION).writeVarLong(senderEpoch).writeVarInt(argv.length);
        for (byte[] a : argv) {
            w.writeVarInt(a.length).writeBytes(a);
        }
        return w.toByteArray();
    }

    /** @throws MalformedMessageException on a truncated, oversized or trailing-garbage payload */
    public static Request decode(byte[] payload) {
        WireReader r = new WireReader(payload);
        int version = r.readByte();
        if (version != CODEC_VERSION) {
            throw new MalformedMessageException("unknown forward codec version " + version);
        }
        long epoch = r.readVarLong();
        int argc = r.readCount(ARGS_MAX, 1, "arguments");
        if (argc == 0) {
            throw new MalformedMessageException("a forwarded command has at least its name");
        }
        byte[][] argv = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            argv[i] = r.readBytes(r.readVarInt(r.remainingBytes(), "argument length"), "argument");
        }
        r.expectEnd("forward request");
        return new Request(epoch, argv);
    }
}
