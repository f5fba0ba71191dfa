package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.protocol.NotifySpec.Event;
import satchel.protocol.NotifySpec.Filter;

/** NOTIFY grammar (RFC 5465 §8), read whole and one byte at a time. */
class NotifyParserTest {
    @Test void none() {
        assertThat(Parsing.parse("a NOTIFY NONE\r\n")).isEqualTo(new Command.Notify("a", Optional.empty()));
    }

    @Test void setWithStatusAndEveryFilter() {
        var c = (Command.Notify) Parsing.parse("a NOTIFY SET STATUS (selected (MessageNew (UID BODY.PEEK[HEADER]) "
                + "MessageExpunge)) (subtree (Lists Archive) (MessageNew)) (mailboxes Work NONE) (personal "
                + "(MailboxName SubscriptionChange MailboxMetadataChange ServerMetadataChange)) (inboxes (FlagChange))"
                + " (SUBSCRIBED (XFuture))\r\n");
        NotifySpec spec = c.set().orElseThrow();
        assertThat(spec.status()).isTrue();
        assertThat(spec.groups()).hasSize(6);
        assertThat(spec.groups().get(0).filter()).isEqualTo(new Filter.Selected(false));
        assertThat(spec.groups().get(0).events()).isEqualTo(Set.of(Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE));
        assertThat(spec.groups().get(0).fetch()).hasSize(2);
        assertThat(spec.groups().get(1).filter()).isEqualTo(new Filter.Subtree(
                List.of(new MailboxName.Valid("Lists"), new MailboxName.Valid("Archive"))));
        assertThat(spec.groups().get(2).events()).isEmpty();
        assertThat(spec.groups().get(3).events()).contains(Event.SERVER_METADATA_CHANGE);
        assertThat(spec.groups().get(5).unknown()).containsExactly("XFuture");
    }

    @Test void selectedDelayed() {
        var c = (Command.Notify) Parsing.parse("a NOTIFY SET (SELECTED-DELAYED (MessageExpunge))\r\n");
        assertThat(c.set().orElseThrow().groups().getFirst().filter()).isEqualTo(new Filter.Selected(true));
    }

    @Test void grammarErrorsAreBad() {
        for (String bad : List.of("a NOTIFY\r\n", "a NOTIFY SET\r\n", "a NOTIFY SET STATUS\r\n", "a NOTIFY OFF\r\n",
                "a NOTIFY SET (PERSONAL)\r\n", "a NOTIFY SET (PERSONAL (MessageNew (FLAGS)))\r\n",
                "a NOTIFY SET (SELECTED (MailboxName))\r\n", "a NOTIFY SET (SELECTED NONE) (SELECTED NONE)\r\n",
                "a NOTIFY SET (PERSONAL (MessageNew MessageNew))\r\n", "a NOTIFY SET (SUBTREE (MessageNew))\r\n",
                "a NOTIFY SET (PERSONAL ())\r\n")) {
            assertThat(Parsing.error(bad).kind()).as(bad).isEqualTo(satchel.wire.ProtocolException.Kind.BAD);
        }
    }
}
