package satchel.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What a message carries beyond {@link MessageMeta}, read on demand: RFC 8474 EMAILID and THREADID, RFC 8514 save
 * date (empty for messages stored before save dates were recorded, which FETCH shows as NIL) and RFC 8970 preview
 * (empty until computed: mail stored before previews were kept gets one on its first non-lazy FETCH PREVIEW).
 */
public record MessageObjects(String emailId, String threadId, Optional<Instant> saveDate, Optional<String> preview) {
    public MessageObjects withPreview(String p) {
        return new MessageObjects(emailId, threadId, saveDate, Optional.of(p));
    }
}
