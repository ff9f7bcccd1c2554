package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A hand-driven bus client over a plain socket, for feeding a node what a well-behaved peer never would. */
final class RawPeer implements AutoCloseable {

    static final int READ_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawPeer(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void writeFrame(BusFrame frame, int protocolVersion) throws IOException {
        out.writeInt(frame.frameBytes());
        out.writeByte(BusFrame.MAGIC);
        out.writeByte(protocolVersion);
        out.writeByte(frame.kind().code);
        out.writeInt(frame.type());
        out.writeLong(frame.correlationId());
        out.write(frame.payload());
        out.flush();
    }

    void writeFrame(BusFrame frame) throws IOException {
        writeFrame(frame, BusFrame.PROTOCOL_VERSION);
    }

    BusFrame readFrame() throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        DataInputStream f = new DataInputStream(new java.io.ByteArrayInputStream(frame));
        f.readUnsignedByte();
        f.readUnsignedByte();
        FrameKind kind = FrameKind.ofCode(f.readUnsignedByte());
        int type = f.readInt();
        long correlationId = f.readLong();
        return new BusFrame(kind, type, correlationId, f.readAllBytes());
    }

    /** Completes the handshake as a secretless peer advertising {@code advertised}. */
    void handshakeWithoutSecret(BusAddress advertised) throws IOException {
        writeFrame(HandshakeCodec.encode(new HandshakeMessage.Hello(advertised, new byte[HandshakeMessage.NONCE_BYTES], false)));
        HandshakeMessage challenge = HandshakeCodec.decode(readFrame());
        if (!(challenge instanceof HandshakeMessage.Challenge)) {
            throw new IllegalStateException("expected a challenge, got " + challenge);
        }
        writeFrame(HandshakeCodec.encode(new HandshakeMessage.Proof(new byte[0])));
        HandshakeMessage welcome = HandshakeCodec.decode(readFrame());
        if (!(welcome instanceof HandshakeMessage.Welcome)) {
            throw new IllegalStateException("expected a welcome, got " + welcome);
        }
    }

    /** Reads and discards until the node closes the connection; false if it is still open after the read timeout. */
    boolean closedByPeer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever (e.g. a REFUSE frame) precedes the close
            }
            return true;
        } catch (EOFException | java.net.SocketException reset) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
