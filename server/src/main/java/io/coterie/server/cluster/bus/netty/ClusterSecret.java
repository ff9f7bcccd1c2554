package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Challenge–response proofs of the cluster secret: HMAC-SHA256 under the secret over a role label, both nonces and
 * both advertised addresses. The secret never crosses the wire; fresh nonces make each proof good for one connection
 * only; the role label stops a proof by the dialer being reflected back as the acceptor's; the addresses bind the
 * proof to the identities the two sides claimed.
 */
final class ClusterSecret {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String DIALER = "coterie-bus/1/dialer";
    private static final String ACCEPTOR = "coterie-bus/1/acceptor";
    private static final byte[] NO_PROOF = new byte[0];

    private final Optional<SecretKeySpec> key;

    ClusterSecret(Optional<String> secret) {
        this.key = secret.map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    }

    boolean configured() {
        return key.isPresent();
    }

    byte[] dialerProof(Transcript t) {
        return prove(DIALER, t);
    }

    byte[] acceptorProof(Transcript t) {
        return prove(ACCEPTOR, t);
    }

    boolean verifyDialer(Transcript t, byte[] proof) {
        return MessageDigest.isEqual(dialerProof(t), proof);
    }

    boolean verifyAcceptor(Transcript t, byte[] proof) {
        return MessageDigest.isEqual(acceptorProof(t), proof);
    }

    /** What both sides said in HELLO and CHALLENGE. */
    record Transcript(BusAddress dialer, byte[] dialerNonce, BusAddress acceptor, byte[] acceptorNonce) {
    }

    private byte[] prove(String role, Transcript t) {
        if (key.isEmpty()) {
            return NO_PROOF;
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key.get());
            return mac.doFinal(transcriptBytes(role, t));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    /** Length-prefixed fields, so no two different transcripts serialize to the same bytes. */
    private static byte[] transcriptBytes(String role, Transcript t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(role);
            out.writeUTF(t.dialer().toString());
            out.write(t.dialerNonce());
            out.writeUTF(t.acceptor().toString());
            out.write(t.acceptorNonce());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
