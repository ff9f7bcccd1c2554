package io.coterie.server.cluster.bus.netty;

import io.netty.channel.ChannelHandlerContext;

/** The dialing side: HELLO, then PROOF in answer to the CHALLENGE, then checks the acceptor's proof in WELCOME. */
final class DialerHandshake extends HandshakeHandler {

    private byte[] nonce;
    private ClusterSecret.Transcript transcript;

    DialerHandshake(BusContext bus) {
        super(bus);
    }

    @Override
    void onActive(ChannelHandlerContext ctx) {
        nonce = bus.newNonce();
        ctx.writeAndFlush(HandshakeCodec.encode(
                new HandshakeMessage.Hello(bus.localAddress, nonce, bus.secret.configured())));
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, HandshakeMessage message) {
        if (message instanceof HandshakeMessage.Challenge c && transcript == null) {
            if (c.secretConfigured() != bus.secret.configured()) {
                refuse(ctx, bus.secret.configured() ? "peer has no cluster secret"
                        : "peer has a cluster secret and this node has none");
                return;
            }
            transcript = new ClusterSecret.Transcript(bus.localAddress, nonce, c.advertised(), c.nonce());
            ctx.writeAndFlush(HandshakeCodec.encode(new HandshakeMessage.Proof(bus.secret.dialerProof(transcript))));
        } else if (message instanceof HandshakeMessage.Welcome w && transcript != null) {
            if (!bus.secret.verifyAcceptor(transcript, w.proof())) {
                refuse(ctx, "peer failed to prove the cluster secret");
                return;
            }
            complete(ctx, transcript.acceptor());
        } else {
            refuse(ctx, "unexpected handshake step " + message.step());
        }
    }
}
