package io.coterie.sim;

import io.coterie.ring.membership.BusAddress;

import java.util.Objects;

/** What travels on a simulated link: the bus's three kinds of frame, payloads as bytes. */
sealed interface Frame {

    BusAddress from();

    byte[] payload();

    /** A copy with its own payload array, so a duplicate or a handler that scribbles on its input affects nothing else. */
    Frame copy();

    record OneWay(BusAddress from, int type, byte[] payload) implements Frame {
        public OneWay {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public Frame copy() {
            return new OneWay(from, type, payload.clone());
        }
    }

    /** @param requestId unique across the whole run, so a late answer can never complete a restarted node's request */
    record Request(BusAddress from, long requestId, int type, byte[] payload) implements Frame {
        public Request {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public Frame copy() {
            return new Request(from, requestId, type, payload.clone());
        }
    }

    /** @param error null for a reply, else the message the responder failed the request with */
    record Response(BusAddress from, long requestId, byte[] payload, String error) implements Frame {
        public Response {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public Frame copy() {
            return new Response(from, requestId, payload.clone(), error);
        }
    }

    static String describe(Frame frame) {
        String body = frame.payload().length + "B#" + Long.toHexString(SimTrace.hashBytes(frame.payload()));
        if (frame instanceof OneWay oneWay) {
            return "send t" + oneWay.type() + " " + body;
        } else if (frame instanceof Request request) {
            return "req" + request.requestId() + " t" + request.type() + " " + body;
        } else if (frame instanceof Response response) {
            return "resp" + response.requestId() + (response.error() == null ? " " + body : " error " + response.error());
        }
        throw new AssertionError("Frame is sealed");
    }
}
