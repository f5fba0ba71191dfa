package satchel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import satchel.bench.ImapClient;

/** Checks a mailbox after a restart against the ledger. */
final class Verifier {
    private static final Pattern UID = Pattern.compile("\\bUID (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("\\bFLAGS \\(([^)]*)\\)");
    private static final Pattern STATUS = Pattern.compile("\\((.*)\\)");

    private Verifier() {}

    record Stored(long uid, String hash, Set<String> flags) {}

    /**
     * Checks one mailbox; false when it changed while we looked (only possible against a server that was not
     * restarted, where a write from a disconnected client may still land): the caller looks again.
     * STATUS is taken outside the selection (RFC 3501 §6.3.10 discourages STATUS on the selected mailbox).
     */
    static boolean verify(ImapClient c, Ledger ledger, String mailbox, String when) throws IOException {
        Map<String, Long> status = status(c, mailbox);
        ImapClient.Result sel = c.command("SELECT " + mailbox).requireOk();
        long validity = -1;
        for (ImapClient.Line l : sel.untagged()) {
            Matcher m = Pattern.compile("UIDVALIDITY (\\d+)").matcher(l.text());
            if (m.find()) validity = Long.parseLong(m.group(1));
        }
        assertThat(validity).as("%s: UIDVALIDITY of %s", when, mailbox).isPositive();
        ledger.checkValidity(mailbox, validity);

        List<Stored> stored = new ArrayList<>();
        // UID FETCH: on an empty mailbox "1:*" as sequence numbers is a BAD (RFC 9051 §9, seq-number).
        c.command("UID FETCH 1:* (UID FLAGS BODY.PEEK[])", l -> {
            if (!l.text().contains(" FETCH ")) return;
            Matcher u = UID.matcher(l.text());
            Matcher f = FLAGS.matcher(l.text());
            assertThat(u.find() && f.find() && l.literals().size() == 1).as("%s: FETCH response %s", when, l.text()).isTrue();
            Set<String> flags = new HashSet<>(f.group(1).isBlank() ? List.of() : List.of(f.group(1).split(" ")));
            stored.add(new Stored(Long.parseLong(u.group(1)), CrashWorkers.sha256(l.literal(0)), flags));
        }).requireOk();

        c.command("CLOSE");
        if (!status.equals(status(c, mailbox))) return false;
        for (int i = 1; i < stored.size(); i++) {
            assertThat(stored.get(i).uid()).as("%s: UIDs ascend in %s", when, mailbox).isGreaterThan(stored.get(i - 1).uid());
        }
        assertThat(status.get("MESSAGES")).as("%s: STATUS MESSAGES of %s", when, mailbox).isEqualTo(stored.size());
        long maxUid = stored.isEmpty() ? 0 : stored.getLast().uid();
        assertThat(status.get("UIDNEXT")).as("%s: STATUS UIDNEXT of %s", when, mailbox).isGreaterThan(maxUid);

        Map<Long, Stored> byUid = new HashMap<>();
        long base = ledger.baseline.getOrDefault(mailbox, 1L);
        for (Stored s : stored) {
            byUid.put(s.uid(), s);
            if (s.uid() >= base) {
                assertThat(ledger.attempted).as("%s: message UID %d in %s is whole and one we sent", when, s.uid(), mailbox)
                    .contains(s.hash());
            }
        }
        for (var e : ledger.messages.entrySet()) {
            if (!e.getKey().mailbox().equals(mailbox)) continue;
            long uid = e.getKey().uid();
            Stored s = byUid.get(uid);
            assertThat(s).as("%s: acknowledged UID %d in %s is present", when, uid, mailbox).isNotNull();
            assertThat(s.hash()).as("%s: bytes of acknowledged UID %d in %s", when, uid, mailbox).isEqualTo(e.getValue());
            assertThat(s.flags()).as("%s: acknowledged flags of UID %d in %s", when, uid, mailbox)
                .containsAll(ledger.expectedFlags(mailbox, uid));
        }
        return true;
    }

    static Map<String, Long> status(ImapClient c, String mailbox) throws IOException {
        Map<String, Long> out = new HashMap<>();
        for (ImapClient.Line l : c.command("STATUS " + mailbox + " (MESSAGES UIDNEXT UIDVALIDITY)").requireOk().untagged()) {
            Matcher m = STATUS.matcher(l.text());
            if (!l.text().startsWith("* STATUS") || !m.find()) continue;
            String[] kv = m.group(1).trim().split(" ");
            for (int i = 0; i + 1 < kv.length; i += 2) out.put(kv[i].toUpperCase(java.util.Locale.ROOT), Long.parseLong(kv[i + 1]));
        }
        return out;
    }
}
