package io.coterie.ring.membership;

import java.util.Comparator;
import java.util.Objects;

/** A node's network identity as the cluster sees it: the RESP client port (for CLUSTER SLOTS/NODES) and the bus port. */
public record Address(String host, int clientPort, int busPort) implements Comparable<Address> {

    private static final Comparator<Address> ORDER = Comparator.comparing(Address::host)
            .thenComparingInt(Address::clientPort).thenComparingInt(Address::busPort);

    public Address {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || clientPort < 1 || clientPort > 65535 || busPort < 1 || busPort > 65535) {
            throw new IllegalArgumentException("bad address " + host + " client " + clientPort + " bus " + busPort);
        }
    }

    public BusAddress bus() {
        return new BusAddress(host, busPort);
    }

    @Override
    public int compareTo(Address o) {
        return ORDER.compare(this, o);
    }
}
