package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.bus.BusResponder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;

/**
 * On an accepted connection: hands each REQUEST and ONE_WAY frame to the handler registered for its type, on that
 * handler's executor. An unknown type gets an ERROR_RESPONSE (request) or is dropped and counted (one-way).
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final BusContext bus;
    /** The peer's advertised address, set by the handshake before any frame gets here. Event loop only. */
    private BusAddress from;

    RequestDispatcher(BusContext bus) {
        this.bus = bus;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof HandshakeCompleted completed) {
            from = completed.peer();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BusFrame frame = (BusFrame) msg;
        switch (frame.kind()) {
            case REQUEST -> dispatch(frame, new ChannelResponder(ctx.channel(), frame.type(), frame.correlationId(),
                    bus.limits.frameBytesMax()));
            case ONE_WAY -> dispatch(frame, BusResponder.NONE);
            default -> ctx.fireExceptionCaught(new CorruptedFrameException(
                    "a " + frame.kind() + " frame on a connection the peer dialed"));
        }
    }

    private void dispatch(BusFrame frame, BusResponder responder) {
        HandlerRegistry.Registration registration = bus.handlers.lookup(frame.type());
        if (registration == null) {
            refuse(responder, "no handler for bus message type " + frame.type());
            return;
        }
        BusAddress sender = from;
        try {
            registration.executor().execute(() -> invoke(registration, sender, frame, responder));
        } catch (RejectedExecutionException e) {
            refuse(responder, "the handler for bus message type " + frame.type() + " is not accepting work");
        }
    }

    private static void invoke(HandlerRegistry.Registration registration, BusAddress sender, BusFrame frame,
                               BusResponder responder) {
        try {
            registration.handler().handle(sender, frame.payload(), responder);
        } catch (RuntimeException e) {
            log.warn("Bus handler for type {} failed on a frame from {}", frame.type(), sender, e);
            responder.fail("handler for type " + frame.type() + " failed: " + e);
        }
    }

    private void refuse(BusResponder responder, String reason) {
        if (responder.expectsReply()) {
            responder.fail(reason);
        } else {
            bus.counters.inboundDropped.increment();
            log.debug("Dropped a one-way bus frame: {}", reason);
        }
    }
}
