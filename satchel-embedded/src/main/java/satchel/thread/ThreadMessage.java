package satchel.thread;

import java.util.List;

/**
 * One searched message as the RFC 5256 threading algorithms see it.
 *
 * @param number what the THREAD response shows (sequence number or UID); also the tie-breaker between equal
 *               sent dates, since UIDs and sequence numbers run in the same order (RFC 5256 §2.2)
 * @param subject the base subject (RFC 5256 §2.1) as a collation key: equal keys are the same subject
 * @param replyOrForward whether base-subject extraction removed a reply or forward marker
 * @param sent the sent date (RFC 5256 §2.2, internal date when there is none), in epoch seconds
 * @param messageId the normalised Message-ID, null if the message has none that is valid
 * @param references the normalised references, oldest first (References, else In-Reply-To's first id)
 */
public record ThreadMessage(long number, String subject, boolean replyOrForward, long sent, String messageId,
                            List<String> references) {
    public ThreadMessage {
        references = List.copyOf(references);
    }
}
