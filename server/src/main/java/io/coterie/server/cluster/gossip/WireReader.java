package io.coterie.server.cluster.gossip;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@link WireWriter}'s encodings from untrusted bytes. Every read checks the bytes remaining first, every
 * declared length or count is checked against both its limit and the bytes actually left before anything is
 * allocated, and every loop is bounded by the input's length, so garbage fails fast with
 * {@link MalformedMessageException} and never with an out-of-memory or a hang.
 */
public final class WireReader {

    private static final int VARLONG_BYTES_MAX = 10;

    private final byte[] bytes;
    private int position;

    public WireReader(byte[] bytes) {
        this.bytes = bytes;
    }

    public int remainingBytes() {
        return bytes.length - position;
    }

    public int readByte() {
        require(1, "byte");
        return bytes[position++] & 0xFF;
    }

    public long readVarLong() {
        long value = 0;
        for (int i = 0; i < VARLONG_BYTES_MAX; i++) {
            require(1, "varint");
            int b = bytes[position++] & 0xFF;
            if (i == VARLONG_BYTES_MAX - 1 && b > 1) {
                throw new MalformedMessageException("varint overflows 64 bits at offset " + (position - 1));
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedMessageException("varint longer than " + VARLONG_BYTES_MAX + " bytes at offset " + position);
    }

    /** A varint that must lie in [0, max]: lengths, counts, ports. */
    public int readVarInt(int max, String what) {
        long value = readVarLong();
        if (value < 0 || value > max) {
            throw new MalformedMessageException(what + " " + Long.toUnsignedString(value) + " is outside [0, " + max + "]");
        }
        return (int) value;
    }

    public long readZigZagLong() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public long readFixedLong() {
        require(8, "fixed long");
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    public byte[] readBytes(int length, String what) {
        require(length, what);
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    /** A length-prefixed string of at most {@code maxBytes} bytes of well-formed UTF-8. */
    public String readString(int maxBytes, String what) {
        int length = readVarInt(maxBytes, what + " length");
        require(length, what);
        try {
            String value = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(bytes, position, length)).toString();
            position += length;
            return value;
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException(what + " is not valid UTF-8 at offset " + position, e);
        }
    }

    /**
     * A list's element count, at most {@code max} and at most what the remaining bytes could hold at
     * {@code elementBytesMin} each, so a lying count cannot make the caller pre-allocate.
     */
    public int readCount(int max, int elementBytesMin, String what) {
        int count = readVarInt(max, what + " count");
        if ((long) count * elementBytesMin > remainingBytes()) {
            throw new MalformedMessageException(what + " count " + count + " cannot fit in the " + remainingBytes()
                    + " bytes left");
        }
        return count;
    }

    /** Strict framing: a message followed by anything is as malformed as a truncated one. */
    public void expectEnd(String what) {
        if (position != bytes.length) {
            throw new MalformedMessageException(what + " has " + remainingBytes() + " trailing bytes");
        }
    }

    private void require(int length, String what) {
        if (length > bytes.length - position) {
            throw new MalformedMessageException("truncated: " + what + " needs " + length + " bytes at offset "
                    + position + ", " + (bytes.length - position) + " left");
        }
    }
}
