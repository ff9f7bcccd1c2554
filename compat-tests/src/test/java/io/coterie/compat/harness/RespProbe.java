package io.coterie.compat.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Checks liveness the cheapest way a Redis-speaking server allows: an inline PING on a fresh socket. */
final class RespProbe {

    private static final int TIMEOUT_MILLIS = 1000;

    private RespProbe() {
    }

    /** True if the server answers +PONG, or -NOAUTH (it is up but wants a password). */
    static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64];
            int read = in.read(buffer);
            if (read <= 0) {
                return false;
            }
            String reply = new String(buffer, 0, read, StandardCharsets.US_ASCII);
            return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }
}
