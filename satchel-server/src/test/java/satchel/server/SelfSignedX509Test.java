package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;

/**
 * The certificate written without BouncyCastle, read back by the JDK and by BouncyCastle's parser (a second,
 * independent reading of the DER): every field RFC 5280 asks of a TLS server certificate, with the values we mean.
 */
class SelfSignedX509Test {
    @Test
    void aServerCertificateAsRfc5280Wants() throws Exception {
        KeyPair keys = SelfSignedX509.keyPair();
        X509Certificate cert = SelfSignedX509.create(keys, List.of("localhost", "mail.example.test"));

        cert.checkValidity();
        cert.verify(keys.getPublic()); // self-signed, with the pair's own key
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(cert.getKeyUsage()[0]).isTrue(); // digitalSignature
        assertThat(cert.getKeyUsage()).containsOnlyOnce(true);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(cert.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.37", "2.5.29.17");
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(
                List.of(2, "localhost"), List.of(2, "mail.example.test"), List.of(7, "127.0.0.1"),
                List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(cert.getNotAfter().toInstant().minus(SelfSignedX509.VALIDITY))
                .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));

        var parsed = Certificate.getInstance(cert.getEncoded());
        assertThat(parsed.getSubject().toString()).isEqualTo("CN=localhost");
        assertThat(parsed.getVersionNumber()).isEqualTo(3);
    }

    @Test
    void datesFrom2050AreGeneralizedTime() throws Exception {
        // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
        Instant before = Instant.parse("2049-12-31T23:59:59Z");
        Instant after = Instant.parse("2050-01-01T00:00:00Z");
        X509Certificate cert = SelfSignedX509.create(SelfSignedX509.keyPair(), List.of("localhost"),
                List.of(InetAddress.getByName("127.0.0.1")), before, after);
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(before);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(after);
        var validity = Certificate.getInstance(cert.getEncoded()).getTBSCertificate();
        assertThat(validity.getStartDate().toASN1Primitive()).isInstanceOf(org.bouncycastle.asn1.ASN1UTCTime.class);
        assertThat(validity.getEndDate().toASN1Primitive())
                .isInstanceOf(org.bouncycastle.asn1.ASN1GeneralizedTime.class);
    }

    @Test
    void lengthsPastOneByteUseTheLongForm() {
        assertThat(SelfSignedX509.tlv(0x04, new byte[127])).startsWith(new byte[] {0x04, 127}).hasSize(129);
        assertThat(SelfSignedX509.tlv(0x04, new byte[128])).startsWith(new byte[] {0x04, (byte) 0x81, (byte) 0x80})
                .hasSize(131);
        assertThat(SelfSignedX509.tlv(0x04, new byte[300]))
                .startsWith(new byte[] {0x04, (byte) 0x82, 0x01, 0x2c}).hasSize(304);
    }
}
