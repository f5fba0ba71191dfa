package satchel.logging;

/** {@code logging.file} cannot be written; the message names the key, the path and the reason. */
public final class LogFileException extends Exception {
    LogFileException(String message) {
        super(message);
    }
}
