package satchel.admin;

/** A command that could not do its job; the message is printed as is and the exit code is 1. */
final class Failure extends Exception {
    Failure(String message) {
        super(message);
    }

    Failure(String message, Throwable cause) {
        super(message, cause);
    }
}
