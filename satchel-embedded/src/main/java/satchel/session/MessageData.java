package satchel.session;

import java.time.Instant;
import java.util.Set;
import satchel.mime.MessageStructure;

/**
 * One message as a session sees it, for FETCH rendering and SEARCH evaluation. {@link #structure} and
 * {@link #content} load lazily; FETCH of metadata items must not call {@link #content}.
 */
public interface MessageData {
    long seq();

    long uid();

    long modSeq();

    Set<String> flags();

    boolean recent();

    long size();

    Instant internalDate();

    MessageStructure structure();

    byte[] content();
}
