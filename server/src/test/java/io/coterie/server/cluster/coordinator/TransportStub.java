package io.coterie.server.cluster.coordinator;

import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.bus.BusHandler;
import io.coterie.server.cluster.bus.Transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A bus that does nothing: tests override the calls they watch. */
class TransportStub implements Transport {

    @Override
    public BusAddress localAddress() {
        return new BusAddress("127.0.0.1", 17001);
    }

    @Override
    public void send(BusAddress to, int type, byte[] payload) {
    }

    @Override
    public CompletableFuture<byte[]> request(BusAddress to, int type, byte[] payload, long timeoutMs) {
        throw new UnsupportedOperationException("this test sends no requests");
    }

    @Override
    public void register(int type, Executor executor, BusHandler handler) {
    }

    @Override
    public void close() {
    }
}
