package io.coterie.ring.membership;

import java.util.Comparator;
import java.util.Objects;

/** Where a node's inter-node bus listens: the destination of every gossip message. */
public record BusAddress(String host, int port) implements Comparable<BusAddress> {

    private static final Comparator<BusAddress> ORDER =
            Comparator.comparing(BusAddress::host).thenComparingInt(BusAddress::port);

    public BusAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad bus address " + host + ":" + port);
        }
    }

    @Override
    public int compareTo(BusAddress o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
