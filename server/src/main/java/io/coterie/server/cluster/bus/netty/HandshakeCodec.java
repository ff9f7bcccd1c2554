package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;

import java.nio.charset.StandardCharsets;

/** {@link HandshakeMessage} ⇄ HANDSHAKE frame. Decoding is strict; anything malformed is a {@link CorruptedFrameException}. */
final class HandshakeCodec {

    static final int HOST_BYTES_MAX = 255;
    static final int PROOF_BYTES_MAX = 64;
    static final int REASON_BYTES_MAX = 200;

    private HandshakeCodec() {
    }

    static BusFrame encode(HandshakeMessage message) {
        ByteBuf buf = Unpooled.buffer(64);
        if (message instanceof HandshakeMessage.Hello m) {
            writeGreeting(buf, m.advertised(), m.nonce(), m.secretConfigured());
        } else if (message instanceof HandshakeMessage.Challenge m) {
            writeGreeting(buf, m.advertised(), m.nonce(), m.secretConfigured());
        } else if (message instanceof HandshakeMessage.Proof m) {
            writeBytes(buf, m.proof());
        } else if (message instanceof HandshakeMessage.Welcome m) {
            writeBytes(buf, m.proof());
        } else if (message instanceof HandshakeMessage.Refuse m) {
            byte[] reason = m.reason().getBytes(StandardCharsets.UTF_8);
            writeBytes(buf, reason.length <= REASON_BYTES_MAX ? reason : java.util.Arrays.copyOf(reason, REASON_BYTES_MAX));
        }
        byte[] payload = new byte[buf.readableBytes()];
        buf.readBytes(payload);
        return new BusFrame(FrameKind.HANDSHAKE, message.step(), 0, payload);
    }

    static HandshakeMessage decode(BusFrame frame) {
        ByteBuf in = Unpooled.wrappedBuffer(frame.payload());
        HandshakeMessage message = switch (frame.type()) {
            case 1 -> {
                BusAddress address = readAddress(in);
                yield new HandshakeMessage.Hello(address, readNonce(in), readFlag(in));
            }
            case 2 -> {
                BusAddress address = readAddress(in);
                yield new HandshakeMessage.Challenge(address, readNonce(in), readFlag(in));
            }
            case 3 -> new HandshakeMessage.Proof(readBytes(in, PROOF_BYTES_MAX, "proof"));
            case 4 -> new HandshakeMessage.Welcome(readBytes(in, PROOF_BYTES_MAX, "proof"));
            case 5 -> new HandshakeMessage.Refuse(new String(readBytes(in, REASON_BYTES_MAX, "reason"), StandardCharsets.UTF_8));
            default -> throw new CorruptedFrameException("unknown handshake step " + frame.type());
        };
        if (in.isReadable()) {
            throw new CorruptedFrameException("handshake step " + frame.type() + " has " + in.readableBytes() + " trailing bytes");
        }
        return message;
    }

    private static void writeGreeting(ByteBuf buf, BusAddress address, byte[] nonce, boolean secretConfigured) {
        writeBytes(buf, address.host().getBytes(StandardCharsets.UTF_8));
        buf.writeShort(address.port());
        buf.writeBytes(nonce);
        buf.writeBoolean(secretConfigured);
    }

    private static void writeBytes(ByteBuf buf, byte[] bytes) {
        buf.writeShort(bytes.length);
        buf.writeBytes(bytes);
    }

    private static BusAddress readAddress(ByteBuf in) {
        String host = new String(readBytes(in, HOST_BYTES_MAX, "host"), StandardCharsets.UTF_8);
        require(in, 2, "port");
        int port = in.readUnsignedShort();
        try {
            return new BusAddress(host, port);
        } catch (IllegalArgumentException e) {
            throw new CorruptedFrameException("handshake carries an invalid address: " + e.getMessage());
        }
    }

    private static byte[] readNonce(ByteBuf in) {
        require(in, HandshakeMessage.NONCE_BYTES, "nonce");
        byte[] nonce = new byte[HandshakeMessage.NONCE_BYTES];
        in.readBytes(nonce);
        return nonce;
    }

    private static boolean readFlag(ByteBuf in) {
        require(in, 1, "secret flag");
        return in.readBoolean();
    }

    private static byte[] readBytes(ByteBuf in, int maxBytes, String what) {
        require(in, 2, what + " length");
        int length = in.readUnsignedShort();
        if (length > maxBytes) {
            throw new CorruptedFrameException(what + " of " + length + " bytes exceeds " + maxBytes);
        }
        require(in, length, what);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    private static void require(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw new CorruptedFrameException("handshake truncated at " + what);
        }
    }
}
