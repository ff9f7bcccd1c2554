package io.coterie.server.cluster.bus.netty;

import java.util.concurrent.atomic.LongAdder;

/** The bus's counters, bumped from every event loop and caller thread; {@link #snapshot()} for reporting. */
final class BusCounters {

    final LongAdder framesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder handshakesRefused = new LongAdder();
    final LongAdder sendsDropped = new LongAdder();
    final LongAdder inboundDropped = new LongAdder();
    final LongAdder reconnects = new LongAdder();

    BusStats snapshot() {
        return new BusStats(framesIn.sum(), framesOut.sum(), bytesIn.sum(), bytesOut.sum(), handshakesRefused.sum(),
                sendsDropped.sum(), inboundDropped.sum(), reconnects.sum());
    }
}
