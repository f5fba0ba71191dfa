package satchel.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The DER of one self-signed X.509 v3 server certificate (RFC 5280), written with the JDK alone: an EC key signed
 * with ECDSA-SHA256, CN=localhost, basic constraints (not a CA) and key usage digitalSignature (both critical), the
 * serverAuth extended key usage and a subject alternative name for each host name and address. Only this one
 * shape is written, so a DER writer of a few lines does; the JDK's {@link CertificateFactory} then parses the
 * result, which checks it. BouncyCastle could write it too, but its signed jars cost a cold JVM about 0.7 s of CPU
 * to verify, most of an embedded server's first start, which otherwise never needs them.
 */
final class SelfSignedX509 {
    private static final byte[] ECDSA_WITH_SHA256 = oid(1, 2, 840, 10045, 4, 3, 2); // RFC 5758 §3.2
    private static final byte[] COMMON_NAME = oid(2, 5, 4, 3);
    private static final byte[] BASIC_CONSTRAINTS = oid(2, 5, 29, 19);
    private static final byte[] KEY_USAGE = oid(2, 5, 29, 15);
    private static final byte[] EXTENDED_KEY_USAGE = oid(2, 5, 29, 37);
    private static final byte[] SUBJECT_ALT_NAME = oid(2, 5, 29, 17);
    private static final byte[] SERVER_AUTH = oid(1, 3, 6, 1, 5, 5, 7, 3, 1);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    /** 825 days: the longest validity browsers and Apple clients accept. */
    static final Duration VALIDITY = Duration.ofDays(825);

    private SelfSignedX509() {}

    /** A new EC P-256 key pair. */
    static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** For {@code hosts} and the loopback addresses 127.0.0.1 and ::1, valid from a day ago for {@link #VALIDITY}. */
    static X509Certificate create(KeyPair keys, List<String> hosts) throws GeneralSecurityException {
        Instant now = Instant.now();
        List<InetAddress> loopback;
        try {
            loopback = List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")); // literals: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for literals
        }
        return create(keys, hosts, loopback, now.minus(Duration.ofDays(1)), now.plus(VALIDITY));
    }

    /** Signs with {@code keys} (EC); {@code hosts} become dNSName, {@code addresses} iPAddress entries. */
    static X509Certificate create(KeyPair keys, List<String> hosts, List<InetAddress> addresses, Instant notBefore,
                                  Instant notAfter) throws GeneralSecurityException {
        byte[] name = seq(set(seq(COMMON_NAME, tlv(0x0c, "localhost".getBytes(StandardCharsets.UTF_8)))));
        byte[] algorithm = seq(ECDSA_WITH_SHA256); // parameters absent for ECDSA (RFC 5758 §3.2)
        var altNames = new ByteArrayOutputStream();
        for (String h : hosts) altNames.writeBytes(tlv(0x82, h.getBytes(StandardCharsets.US_ASCII))); // [2] IA5String
        for (InetAddress a : addresses) altNames.writeBytes(tlv(0x87, a.getAddress())); // [7] OCTET STRING
        byte[] extensions = seq(
                extension(BASIC_CONSTRAINTS, true, seq()), // cA defaults to false
                extension(KEY_USAGE, true, tlv(0x03, new byte[] {7, (byte) 0x80})), // bit 0: digitalSignature
                extension(EXTENDED_KEY_USAGE, false, seq(SERVER_AUTH)),
                extension(SUBJECT_ALT_NAME, false, tlv(0x30, altNames.toByteArray())));
        byte[] tbs = seq(
                tlv(0xa0, tlv(0x02, new byte[] {2})), // [0] EXPLICIT version: v3
                tlv(0x02, new BigInteger(127, new SecureRandom()).add(BigInteger.ONE).toByteArray()), // positive
                algorithm,
                name,
                seq(time(notBefore), time(notAfter)),
                name,
                keys.getPublic().getEncoded(), // already a SubjectPublicKeyInfo
                tlv(0xa3, extensions)); // [3] EXPLICIT
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] der = seq(tbs, algorithm, bitString(signer.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both in seconds and UTC. */
    private static byte[] time(Instant t) {
        boolean utc = t.atZone(ZoneOffset.UTC).getYear() < 2050;
        return tlv(utc ? 0x17 : 0x18, (utc ? UTC_TIME : GENERALIZED_TIME).format(t).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] extension(byte[] oid, boolean critical, byte[] value) {
        return critical ? seq(oid, tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, value)) : seq(oid, tlv(0x04, value));
    }

    private static byte[] bitString(byte[] bytes) {
        byte[] content = new byte[bytes.length + 1]; // leading 0: no unused bits
        System.arraycopy(bytes, 0, content, 1, bytes.length);
        return tlv(0x03, content);
    }

    private static byte[] oid(int... arcs) {
        var body = new ByteArrayOutputStream();
        body.write(40 * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int shift = 28;
            while (shift > 0 && (arc >>> shift) == 0) shift -= 7;
            for (; shift > 0; shift -= 7) body.write(0x80 | ((arc >>> shift) & 0x7f));
            body.write(arc & 0x7f);
        }
        return tlv(0x06, body.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** Tag, definite length (short form below 128, else long form), content. */
    static byte[] tlv(int tag, byte[] content) {
        var out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
