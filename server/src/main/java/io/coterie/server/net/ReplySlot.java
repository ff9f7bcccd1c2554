package io.coterie.server.net;

import io.netty.buffer.ByteBuf;

/**
 * One command's place in a connection's reply order while some earlier reply is still awaited: its bytes
 * (once known) and whether it may be sent. Owned by the connection's event loop.
 */
final class ReplySlot {

    ByteBuf reply;
    boolean done;

    static ReplySlot done(ByteBuf reply) {
        ReplySlot s = new ReplySlot();
        s.reply = reply;
        s.done = true;
        return s;
    }

    void release() {
        if (reply != null) {
            reply.release();
            reply = null;
        }
    }
}
