package io.coterie.server.cluster.bus.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** SPEC section 4: without a cluster-secret the bus only accepts peers on this host (127.0.0.0/8, ::1). */
final class LoopbackAddresses {

    private LoopbackAddresses() {
    }

    static boolean isLoopback(SocketAddress address) {
        // Java presents IPv4-mapped IPv6 peers (::ffff:127.0.0.1) as Inet4Address, so they are covered too.
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
    }
}
