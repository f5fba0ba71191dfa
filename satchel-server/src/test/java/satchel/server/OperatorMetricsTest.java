package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.ServerConfig;
import satchel.config.Tls;
import satchel.session.Version;
import satchel.store.sqlite.SqliteMailStore;

/**
 * What an operator's Prometheus sees, scraped over HTTP from a real server on ephemeral ports: a HELP line on
 * every family, a handful of latency buckets, bytes counted while a session is still open (TLS included), the
 * build, the certificate's expiry (and its change on reload), and OpenMetrics when the Accept header asks.
 */
class OperatorMetricsTest {
    private static final String PASSWORD = "s3cretPW";

    @TempDir Path dir;
    private ImapServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    private void start() throws Exception {
        start(ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("127.0.0.1:0").withMetrics("127.0.0.1:0"));
    }

    private void start(ServerConfig config) throws Exception {
        SqliteMailStore store = SqliteMailStore.open(dir);
        store.createUser("alice", Passwords.hash(PASSWORD), Scram.storedKeys(PASSWORD));
        server = ImapServer.start(config, store);
    }

    private HttpResponse<String> scrape(String accept) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsAddress().getPort() + "/metrics"));
        if (accept != null) b.header("Accept", accept);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String metrics() throws Exception {
        return scrape(null).body();
    }

    private static double sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test void everyFamilyHasHelpText() throws Exception {
        start();
        try (var c = open(server.imapAddress())) {
            c.command("LOGIN alice wrong");
            c.command("LOGIN alice " + PASSWORD);
        }
        String text = metrics();
        Map<String, String> help = new LinkedHashMap<>();
        List<String> types = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] p = line.split(" ", 4);
                help.put(p[2], p.length > 3 ? p[3].strip() : "");
            } else if (line.startsWith("# TYPE ")) {
                types.add(line.split(" ")[2]);
            }
        }
        assertThat(types).contains("satchel_connections_total", "satchel_logins_total", "satchel_commands_seconds",
                "satchel_auth_failures_total", "satchel_sessions", "satchel_build_info", "jvm_memory_used_bytes");
        for (String family : types) {
            assertThat(help.get(family)).as("HELP of %s", family).isNotBlank();
        }
    }

    @Test void commandsHaveAHandfulOfLatencyBuckets() throws Exception {
        start();
        try (var c = open(server.imapAddress())) {
            c.command("NOOP");
            c.command("NOOP");
        }
        String text = metrics();
        Matcher m = Pattern.compile("(?m)^satchel_commands_seconds_bucket\\{command=\"NOOP\",result=\"ok\",le=\"([^\"]+)\"} (\\S+)")
                .matcher(text);
        List<String> bounds = new ArrayList<>();
        double last = 0;
        while (m.find()) {
            bounds.add(m.group(1));
            double count = Double.parseDouble(m.group(2));
            assertThat(count).as("buckets are cumulative").isGreaterThanOrEqualTo(last);
            last = count;
        }
        assertThat(bounds).containsExactly("0.001", "0.005", "0.025", "0.1", "0.5", "2.5", "10.0", "+Inf");
        assertThat(last).isEqualTo(2);
    }

    @Test void bytesAreCountedWhileTheSessionIsOpen() throws Exception {
        start();
        String body = "Subject: big\r\n\r\n" + "x".repeat(200_000) + "\r\n";
        try (var c = open(server.imapAddress())) {
            c.command("LOGIN alice " + PASSWORD);
            double in0 = sample(metrics(), "satchel_network_received_bytes_total");
            c.write("a APPEND INBOX {" + body.length() + "+}\r\n" + body + "\r\n");
            c.until("a ");
            double in1 = sample(metrics(), "satchel_network_received_bytes_total");
            assertThat(in1 - in0).isGreaterThanOrEqualTo(body.length());

            double out0 = sample(metrics(), "satchel_network_sent_bytes_total");
            c.command("SELECT INBOX");
            c.command("FETCH 1 BODY.PEEK[]");
            double out1 = sample(metrics(), "satchel_network_sent_bytes_total");
            assertThat(out1 - out0).isGreaterThanOrEqualTo(body.length());
        }
    }

    @Test void tlsHandshakeBytesAreCountedToo() throws Exception {
        start();
        double before = sample(metrics(), "satchel_network_received_bytes_total");
        try (var s = (SSLSocket) TestTls.trustAllClient().getSocketFactory()
                .createSocket("127.0.0.1", server.imapsAddress().getPort())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            assertThat(TestClient.over(s).greeting()).startsWith("* OK");
            // A ClientHello alone is a few hundred bytes; nothing IMAP has been read from the client yet.
            assertThat(sample(metrics(), "satchel_network_received_bytes_total") - before).isGreaterThan(200);
            assertThat(sample(metrics(), "satchel_network_sent_bytes_total")).isGreaterThan(500); // the certificate
        }
    }

    @Test void buildInfoNamesVersionAndJava() throws Exception {
        start();
        String text = metrics();
        assertThat(sample(text, "satchel_build_info{java=\"" + Runtime.version() + "\",version=\"" + Version.VERSION
                + "\"}")).isEqualTo(1);
    }

    @Test void certificateExpiryIsExposedAndFollowsAReload() throws Exception {
        Instant first = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        writePair(first);
        var config = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("off").withMetrics("127.0.0.1:0")
                .withTls(new Tls.Pem(dir.resolve("cert.pem"), dir.resolve("key.pem")))
                .withTlsReloadInterval(java.time.Duration.ZERO);
        start(config);
        String series = "satchel_tls_certificate_expiry_timestamp_seconds";
        assertThat(sample(metrics(), series)).isEqualTo(first.getEpochSecond());

        Instant renewed = first.plus(60, ChronoUnit.DAYS);
        writePair(renewed);
        assertThat(server.reload(config)).contains("tls certificate (new one loaded)");
        assertThat(sample(metrics(), series)).isEqualTo(renewed.getEpochSecond());
    }

    @Test void openMetricsWhenTheScraperAsksForIt() throws Exception {
        start();
        var prometheus = "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;"
                + "q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"; // what Prometheus 2 sends
        HttpResponse<String> r = scrape(prometheus);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(r.body()).endsWith("# EOF\n").contains("# TYPE satchel_build info\n")
                .contains("# TYPE satchel_connections counter\n");

        HttpResponse<String> plain = scrape("text/plain");
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(plain.body()).doesNotContain("# EOF");
        assertThat(scrape("application/openmetrics-text;q=0, text/plain").body()).doesNotContain("# EOF");
        assertThat(scrape("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")
                .headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    }

    private void writePair(Instant notAfter) throws Exception {
        KeyPair keys = TestTls.rsa();
        var cert = new JcaX509v3CertificateBuilder(new X500Name("CN=mail"), BigInteger.valueOf(notAfter.getEpochSecond()),
                Date.from(Instant.now().minus(1, ChronoUnit.DAYS)), Date.from(notAfter), new X500Name("CN=mail"),
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        TestTls.writePem(dir.resolve("key.pem"), keys.getPrivate());
        TestTls.writePem(dir.resolve("cert.pem"), cert);
    }

    /** A connection past the greeting. */
    private static TestClient open(InetSocketAddress address) throws IOException {
        TestClient c = TestClient.connect(address);
        assertThat(c.greeting()).startsWith("* OK");
        return c;
    }
}
