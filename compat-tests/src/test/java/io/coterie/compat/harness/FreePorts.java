package io.coterie.compat.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free ports in the range this project's tests may use (18000-18999, or
 * {@code -Dcompat.ports.first}..{@code -Dcompat.ports.last} when builds sharing a machine are given
 * ranges of their own), starting at a random offset so parallel builds on one machine rarely collide.
 */
public final class FreePorts {

    public static final int FIRST = Integer.getInteger("compat.ports.first", 18000);
    public static final int LAST = Integer.getInteger("compat.ports.last", 18999);

    private FreePorts() {
    }

    /** A port that is free now, and whose companion port+offset (e.g. a cluster bus) is free too. */
    public static int pick(int companionOffset) {
        int span = LAST - FIRST + 1;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = FIRST + (start + i) % span;
            if (isFree(port) && (companionOffset == 0 || isFree(port + companionOffset))) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + "-" + LAST);
    }

    /** Whether a listener could bind 127.0.0.1:{@code port} now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
