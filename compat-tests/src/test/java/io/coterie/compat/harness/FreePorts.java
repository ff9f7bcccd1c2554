package io.coterie.compat.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free ports in the range this project's tests may use (18000-18999), starting at a random
 * offset so parallel builds on one machine rarely collide.
 */
public final class FreePorts {

    public static final int FIRST = 18000;
    public static final int LAST = 18999;

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

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
