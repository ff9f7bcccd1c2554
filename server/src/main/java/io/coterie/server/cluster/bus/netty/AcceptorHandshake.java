package io.coterie.server.cluster.bus.netty;

import io.netty.channel.ChannelHandlerContext;

/**
 * The accepting side: checks who may connect at all (loopback only without a secret), answers HELLO with a
 * CHALLENGE, verifies the dialer's PROOF and WELCOMEs it with its own. The gatekeeper, so refusals are logged here.
 */
final class AcceptorHandshake extends HandshakeHandler {

    private HandshakeMessage.Hello hello;
    private ClusterSecret.Transcript transcript;

    AcceptorHandshake(BusContext bus) {
        super(bus);
    }

    @Override
    void onActive(ChannelHandlerContext ctx) {
        if (!bus.secret.configured() && !LoopbackAddresses.isLoopback(ctx.channel().remoteAddress())) {
            refuse(ctx, "no cluster-secret is configured, so only loopback peers are accepted");
        }
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, HandshakeMessage message) {
        if (message instanceof HandshakeMessage.Hello h && hello == null) {
            if (h.secretConfigured() != bus.secret.configured()) {
                refuse(ctx, bus.secret.configured() ? "peer presented no cluster secret"
                        : "peer has a cluster secret and this node has none");
                return;
            }
            hello = h;
            byte[] nonce = bus.newNonce();
            transcript = new ClusterSecret.Transcript(h.advertised(), h.nonce(), bus.localAddress, nonce);
            ctx.writeAndFlush(HandshakeCodec.encode(
                    new HandshakeMessage.Challenge(bus.localAddress, nonce, bus.secret.configured())));
        } else if (message instanceof HandshakeMessage.Proof p && transcript != null) {
            if (!bus.secret.verifyDialer(transcript, p.proof())) {
                refuse(ctx, "wrong cluster secret");
                return;
            }
            ctx.writeAndFlush(HandshakeCodec.encode(new HandshakeMessage.Welcome(bus.secret.acceptorProof(transcript))));
            complete(ctx, hello.advertised());
        } else {
            refuse(ctx, "unexpected handshake step " + message.step());
        }
    }
}
